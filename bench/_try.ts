import { analyze, loadPostgres } from '../runtime/index.js';
await loadPostgres();
const sql = process.argv[2];
const dialect = (process.argv[3] ?? 'postgres') as 'postgres';
const r = await analyze(sql, { dialect, file: 'example.sql' });
console.log(JSON.stringify(process.argv[4] === 'all' ? r : r.statements[r.statements.length - 1], (k, v) => (k === 'span' && process.argv[4] !== 'spans' ? undefined : v), 1));
