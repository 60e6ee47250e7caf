import { analyze, createCatalog } from './runtime/index.js';
const cat = createCatalog();
cat.replay(await analyze('CREATE TABLE users (id int, email text, ssn text, nick text); CREATE TABLE orders (id int, note text);'));
for (const [sql, c] of [
  ['SELECT * FROM orders JOIN users USING (id)', false],
  ['SELECT * FROM orders o JOIN users u USING (id) JOIN orders x USING (id)', true],
  ['SELECT * FROM orders LEFT JOIN users u(a) ON true', true],
  ['SELECT a, lower(a) AS l FROM users AS u(a)', false],
  ['SELECT u.a FROM users AS u(a) WHERE a = 1', true],
  ['SET search_path = "$user", billing; SELECT * FROM x; SELECT * FROM pg_shadow; RESET search_path; SELECT * FROM x', false],
  ["SELECT set_config('search_path', 'Foo, bar', false); SELECT * FROM x", false],
  ["SELECT table_to_xml('Public.\"Users\"', true, false, '') AS x", false],
] as [string, boolean][]) {
  const r = await analyze(sql, { catalog: c ? cat : undefined });
  for (const s of r.statements) console.log(sql.slice(0, 40), '|', JSON.stringify(s.outputs.map(o => [o.name, o.shape, o.sources.map(x => x.table + '.' + x.column).join(',')])), JSON.stringify(s.tables.map(t => t.name)), JSON.stringify(s.columns.map(t => t.table + '.' + t.column)));
}
