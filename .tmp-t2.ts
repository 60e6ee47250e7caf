import { analyze } from './runtime/index.js';
const fn = (b: string) => `CREATE FUNCTION f() RETURNS void LANGUAGE plpgsql AS $$ ${b} $$`;
for (const sql of [
  fn("DECLARE r users%ROWTYPE; BEGIN r.email := 'x'; DELETE FROM a; END"),
  fn('DECLARE r users%ROWTYPE; BEGIN SELECT email INTO r.email FROM users LIMIT 1; DROP TABLE a; END'),
  fn("DECLARE r users%ROWTYPE; BEGIN r.email := 'x'; <<l>> FOR x IN SELECT id FROM t LOOP PERFORM pg_sleep(1); UPDATE b SET y = 1 WHERE id = x.id; END LOOP; IF true THEN EXECUTE 'DROP TABLE z'; ELSE delete frm q; END IF; END"),
  "DO $$ DECLARE r users%ROWTYPE; BEGIN r.email := 'x'; DELETE FROM a WHERE 1=1; END $$",
]) {
  const r = await analyze(sql);
  for (const s of r.statements) console.log(JSON.stringify(s.actions.map(a => `${a.action} ${a.target} ${a.via} ${a.where ?? ''} ${sql.slice(a.span.start, a.span.end).slice(0, 30)}`)), JSON.stringify(s.tables.map(t => t.name + ':' + t.access)), s.diagnostics.map(d => d.code + ' ' + d.message));
}
