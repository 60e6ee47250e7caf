// The pack judges what statements do, not how they are spelled: the ways text-matching guardrails
// fail (hoop.dev's own list) and the context that must keep rules quiet. Each case runs the real
// pipeline; `fires` lists rules that must fire on some statement, `quiet` rules that must not.
import { beforeAll, describe, expect, it } from 'vitest';
import { loadPostgres } from '../../runtime/index.js';
import { firedPerStatement, loadPack, type ExampleContext } from './pack-helpers.js';

const set = loadPack().value;

interface Case {
  name: string;
  sql: string;
  fires?: string[];
  quiet?: string[];
  ctx?: ExampleContext;
}

const EVASIONS: Case[] = [
  { name: 'a literal that mentions DROP TABLE', sql: "SELECT 'DROP TABLE users' AS note;", quiet: ['ban-drop-table'] },
  { name: 'a comment that mentions DELETE', sql: '-- DELETE FROM users;\nSELECT 1;', quiet: ['require-where'] },
  { name: 'mixed case and comments between keywords', sql: 'DrOp /* really */ TaBlE users;', fires: ['ban-drop-table'] },
  { name: 'a statement stacked after a harmless one', sql: 'SELECT 1; DROP TABLE users;', fires: ['ban-drop-table'] },
  { name: "an escaped string hiding a ';'", sql: "SELECT E'O\\'Brien; '; DELETE FROM users;", fires: ['require-where'] },
  { name: 'a data-modifying CTE', sql: 'WITH x AS (UPDATE accounts SET balance = 0 RETURNING id) SELECT id FROM x;', fires: ['require-where'] },
  { name: 'MERGE ... WHEN MATCHED THEN DELETE with a join condition', sql: 'MERGE INTO t USING s ON t.id = s.id WHEN MATCHED THEN DELETE;', quiet: ['require-where'] },
  { name: 'COPY (DELETE ... RETURNING *) TO STDOUT', sql: 'COPY (DELETE FROM events RETURNING *) TO STDOUT;', fires: ['require-where'] },
  { name: 'EXPLAIN ANALYZE DELETE (it runs)', sql: 'EXPLAIN ANALYZE DELETE FROM users WHERE id = 1;', fires: ['ban-explain-analyze-write'] },
  { name: 'a CTE named delete', sql: 'WITH "delete" AS (SELECT 1 AS id) SELECT id FROM "delete";', quiet: ['require-where', 'ban-explain-analyze-write'] },
  { name: 'dollar-quoted strings with parentheses', sql: "SELECT $x$ ) DROP TABLE users ( $x$;", quiet: ['ban-drop-table'] },
  { name: 'a DELETE inside a DO block', sql: 'DO $$ BEGIN DELETE FROM users; END $$;', fires: ['require-where'] },
  { name: 'a DROP inside constant dynamic SQL', sql: "DO $$ BEGIN EXECUTE 'DROP TABLE users'; END $$;", fires: ['ban-drop-table'], quiet: ['ban-dynamic-sql'] },
];

const CONTEXT: Case[] = [
  {
    name: 'an index on a table created in the same file needs no CONCURRENTLY',
    sql: 'CREATE TABLE t (id bigint PRIMARY KEY, v int);\nCREATE INDEX t_v_idx ON t (v);',
    quiet: ['require-concurrent-index-creation', 'require-lock-timeout'],
  },
  {
    name: 'a down part may drop what its up part created',
    sql: 'CREATE TABLE t (id bigint PRIMARY KEY);\nALTER TABLE t ADD COLUMN note text;\nALTER TABLE t DROP COLUMN note;\nDROP TABLE t;',
    quiet: ['ban-drop-table', 'ban-drop-column'],
  },
  { name: 'a timeout set earlier in the file', sql: "SET lock_timeout = '1s';\nALTER TABLE users ADD COLUMN x text;", quiet: ['require-lock-timeout'] },
  { name: 'a temporary table may be emptied', sql: 'CREATE TEMP TABLE s (id bigint);\nDELETE FROM s;\nTRUNCATE s;', quiet: ['require-where', 'ban-truncate'] },
  { name: 'a backfill is only judged in migrations', sql: "UPDATE users SET plan = 'free' WHERE id = 1;", ctx: { source: 'proxy' }, quiet: ['ban-backfill-in-migration'] },
  { name: 'agent rules stay quiet for people', sql: 'BEGIN;\nSELECT 1;\nCOMMIT;', quiet: ['agent-transaction-control', 'agent-multiple-statements'] },
  { name: 'agent rules fire for an agent principal', sql: 'BEGIN;\nSELECT 1;', ctx: { source: 'proxy', principal: 'agent' }, fires: ['agent-transaction-control', 'agent-multiple-statements'] },
  { name: 'lock rules skip DDL in a function body', sql: 'CREATE FUNCTION f() RETURNS void LANGUAGE sql AS $$ ALTER TABLE users ALTER COLUMN email SET NOT NULL $$;', quiet: ['adding-not-nullable-field', 'require-lock-timeout'] },
  { name: 'postgres lock rules do not apply to mysql', sql: 'CREATE INDEX idx ON users (email);', ctx: { dialect: 'mysql' }, quiet: ['require-concurrent-index-creation'] },
  {
    name: 'one statement reports every rule it breaks',
    sql: 'ALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE;',
    fires: ['adding-foreign-key-constraint', 'ban-on-delete-cascade', 'require-lock-timeout'],
  },
  {
    name: 'a column declaring UNIQUE and REFERENCES inline is judged for both constraints',
    sql: 'ALTER TABLE orders ADD COLUMN user_id bigint UNIQUE REFERENCES users (id) ON DELETE CASCADE;',
    fires: ['adding-foreign-key-constraint', 'disallowed-unique-constraint', 'ban-on-delete-cascade'],
  },
  {
    name: 'inline constraints of a column of a new table lock nobody out, and dropping them is no loss',
    sql: 'CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint UNIQUE REFERENCES users (id));\nALTER TABLE orders DROP CONSTRAINT orders_user_id_fkey;',
    quiet: ['adding-foreign-key-constraint', 'disallowed-unique-constraint', 'ban-drop-foreign-key'],
  },
];

beforeAll(async () => {
  await loadPostgres();
});

for (const [title, cases] of [['text-matching blind spots', EVASIONS], ['context', CONTEXT]] as const) {
  describe(title, () => {
    for (const c of cases) {
      it(c.name, async () => {
        const fired = new Set((await firedPerStatement(set, c.sql, c.ctx)).flat());
        for (const id of c.fires ?? []) expect(fired.has(id), `${id} should fire on ${c.sql}`).toBe(true);
        for (const id of c.quiet ?? []) expect(fired.has(id), `${id} should stay quiet on ${c.sql}`).toBe(false);
      });
    }
  });
}
