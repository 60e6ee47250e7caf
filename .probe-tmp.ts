import { analyze, loadPostgres } from './runtime/index.js';
const cases: [string, any][] = JSON.parse(process.argv[2]);
await loadPostgres();
for (const [sql, dialect] of cases) {
  const r = await analyze(sql, { dialect });
  console.log('==', JSON.stringify(sql).slice(0, 120), dialect);
  for (const s of r.statements) console.log(' ', s.parsed ? 'P' : 'U', s.statementKind, JSON.stringify(s.text).slice(0, 80), s.actions.map(a => `${a.action}:${a.target}:${a.nested ? a.via : 'top'}`).join(' '), 'T', s.tables.map(t => t.name + '/' + t.access).join(','), 'F', s.functions.map(f => f.name + '/' + f.category).join(','), 'D', s.dynamicSql.length, 'P', JSON.stringify(s.privileges));
}
if (process.argv[3]) { const r = await analyze(cases[0][0], { dialect: cases[0][1] }); console.log(JSON.stringify(r.diagnostics.map(d => [d.code, d.message, d.help]))); }
