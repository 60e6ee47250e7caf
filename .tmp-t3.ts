import { analyze } from './runtime/index.js';
for (const sql of [
  "SET search_path = billing; CREATE TEMP TABLE t (id int); DELETE FROM t; CREATE TABLE inv (id int); DROP TABLE inv",
  "CREATE FUNCTION f() RETURNS void LANGUAGE sql AS $$ SELECT set_config('search_path', 'evil', false) $$; DELETE FROM x",
  "DO $$ BEGIN SET search_path = evil; END $$; DELETE FROM x",
  "DROP OWNED BY app, bob CASCADE; REASSIGN OWNED BY a TO b",
  "EXPLAIN (ANALYZE 0) DELETE FROM users; EXPLAIN (ANALYZE 1) DELETE FROM users; EXPLAIN (ANALYZE 'off') DELETE FROM users; EXPLAIN (ANALYZE 0.5) DELETE FROM users",
  "DELETE FROM users WHERE random() < 2; DELETE FROM users WHERE now() > '2000-01-01'; DELETE FROM users WHERE 'yes'; DELETE FROM users WHERE false OR NULL; DELETE FROM users WHERE id = 1 OR CASE WHEN true THEN true END",
]) {
  const r = await analyze(sql);
  for (const s of r.statements) console.log(s.text.slice(0, 45).padEnd(45), JSON.stringify(s.actions.map(a => `${a.action} ${a.target} ${a.via}${a.where ? ' ' + a.where : ''}`)), JSON.stringify(s.tables.map(t => t.name + (t.temporary ? '(tmp)' : '') + (t.createdInFile ? '(c)' : ''))), s.isDdl, JSON.stringify(s.explain), JSON.stringify(s.ddl.map(d => [d.operation, d.objectName, d.cascade, d.createdInFile])));
}
