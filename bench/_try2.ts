import { analyze, loadPostgres } from '../runtime/index.js';
await loadPostgres();
const cases: [string, string, string[]][] = [
  ['EXPLAIN SELECT * FROM users', 'postgres', ['actions']],
  ['CREATE TEMP TABLE scratch (id int)', 'postgres', ['tables', 'ddl', 'actions']],
  ['GRANT admin TO mallory', 'postgres', ['privileges']],
  ['ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO app_ro', 'postgres', ['privileges']],
  ['DO $$ BEGIN UPDATE users SET is_admin = false; END $$', 'postgres', ['actions', 'statementKind']],
  ['SELECT * FROM users', 'postgres', ['outputs', 'columns']],
  ['SELECT team_id, count(*) AS n FROM users GROUP BY team_id', 'postgres', ['outputs']],
  ['INSERT INTO users (id, email) VALUES (1, \'a\') ON CONFLICT (id) DO UPDATE SET email = EXCLUDED.email', 'postgres', ['actions']],
  ['SELECT a FROM x JOIN y ON true', 'postgres', ['columns']],
  ['SELEC id FROM users', 'postgres', ['statementKind', 'diagnostics', 'actions']],
  ['CREATE TABLE webhooks (id bigint PRIMARY KEY, url text NOT NULL)', 'postgres', ['ddl']],
  ['ALTER TABLE users ADD COLUMN token uuid NOT NULL DEFAULT gen_random_uuid()', 'postgres', ['ddl']],
  ['SELECT * FROM users WHERE id IN (SELECT user_id FROM orders)', 'postgres', ['actions']],
  ['PREPARE stmt FROM \'DELETE FROM users\'', 'mysql', ['dynamicSql', 'actions', 'parsed']],
  ['SELECT * FROM shop.orders o JOIN users u ON u.id = o.user_id', 'mysql', ['tables']],
  ["SELECT * FROM users INTO OUTFILE '/tmp/u.txt'", 'mysql', ['actions', 'functions']],
  ["LOAD DATA INFILE '/tmp/u.txt' INTO TABLE users", 'mysql', ['actions', 'parsed']],
  ['UPDATE users SET a = 1 LIMIT 5', 'mysql', ['actions', 'where', 'limit']],
  ["SELECT LOAD_FILE('/etc/passwd')", 'mysql', ['functions', 'actions']],
];
for (const [sql, dialect, keys] of cases) {
  const r = await analyze(sql, { dialect: dialect as 'postgres', file: 'x.sql' });
  const st = r.statements[r.statements.length - 1] as unknown as Record<string, unknown>;
  const pick = Object.fromEntries(keys.map((k) => [k, st[k]]));
  console.log(`-- ${dialect}: ${sql}\n${JSON.stringify(pick, (k, v) => (k === 'span' ? undefined : v))}`);
}
