import pkg from 'node-sql-parser';
const { Parser } = pkg;
const p = new Parser();
const db = process.argv[3] ?? 'MySQL';
const strip = (k, v) => (k === 'loc' ? undefined : v);
for (const sql of process.argv[2].split('\n')) {
  try { const r = p.astify(sql, { database: db }); console.log(sql, '=>', JSON.stringify(r, strip)); }
  catch (e) { console.log(sql, '=> ERR', e.message.slice(0, 100), JSON.stringify(e.location?.start)); }
}
