// The known ways text matching fails (hoop.dev's own guardrail test cases, see
// /work/shared/reference/anchors.md), each checked against the facts a policy reads.
import { describe, expect, it } from 'vitest';
import { expectAction, expectNoAction, only, pg } from './helpers.js';

describe('anchors: literals and comments that mention a dangerous command', () => {
  it('a string literal mentioning DROP TABLE is not a drop', async () => {
    const r = await pg("SELECT 'DROP TABLE users' AS msg");
    expect(only(r).statementKind).toBe('select');
    expectNoAction(r, 'drop_table');
  });

  it('line and block comments mentioning DROP TABLE are not a drop', async () => {
    const r = await pg('SELECT 1 /* DROP TABLE users */; -- DROP TABLE users\n');
    expectNoAction(r, 'drop_table');
    expect(r.statements).toHaveLength(1);
  });

  it('a dollar-quoted literal mentioning DROP TABLE; is not a drop', async () => {
    const r = await pg('SELECT $tag$ $$ ; DROP TABLE users; $$ $tag$');
    expect(only(r).statementKind).toBe('select');
    expectNoAction(r, 'drop_table');
  });

  it('a quoted identifier named "DELETE" is a table, not an action', async () => {
    const r = await pg('SELECT * FROM "DELETE"');
    expectNoAction(r, 'delete');
    expect(only(r).tables.map((t) => t.name)).toEqual(['public.DELETE']);
  });

  it('DELETE FROM "DELETE" deletes from the table named DELETE', async () => {
    const r = await pg('DELETE FROM "DELETE"');
    expectAction(r, { action: 'delete', target: 'public.DELETE', where: 'absent', nested: false });
  });
});

describe('anchors: mixed case and comments between keywords', () => {
  it('dRoP/**/TaBlE/* x */users is a drop of public.users', async () => {
    const r = await pg('dRoP/**/TaBlE/* x */users');
    expectAction(only(r), { action: 'drop_table', target: 'public.users', nested: false });
  });

  it('nested block comments /* /* */ */ hide the whole inner text (postgres nests them)', async () => {
    const r = await pg('/* a /* b */ DROP TABLE hidden; */ SELECT 1');
    expectNoAction(r, 'drop_table');
    expect(only(r).statementKind).toBe('select');
  });

  it('the text after a nested comment closes is code', async () => {
    const r = await pg('SELECT 1 /* /* */ DROP TABLE hidden */; DROP TABLE shown');
    expect(r.statements.map((s) => s.statementKind)).toEqual(['select', 'drop_table']);
    expectAction(r, { action: 'drop_table', target: 'public.shown' });
    expect(r.statements.some((s) => s.actions.some((a) => a.target === 'public.hidden'))).toBe(false);
  });

  it('a line comment ends at the newline: what follows is a statement', async () => {
    const r = await pg('SELECT 1 -- ; DROP TABLE x\n;DROP TABLE v');
    expectAction(r, { action: 'drop_table', target: 'public.v' });
    expect(r.statements.some((s) => s.actions.some((a) => a.target === 'public.x'))).toBe(false);
  });

  it('form feed and vertical tab separate keywords', async () => {
    expectAction(await pg('DROP\fTABLE users'), { action: 'drop_table', target: 'public.users' });
    expectAction(await pg('DELETE\tFROM\r\nusers'), { action: 'delete', target: 'public.users', where: 'absent' });
  });
});

describe('anchors: stacked statements after ;', () => {
  it.each([
    ['SELECT 1; DELETE FROM users', 'public.users'],
    ['SELECT 1;DELETE FROM users;', 'public.users'],
    ["SELECT 'a;b'; DELETE FROM users", 'public.users'],
    ['SELECT "a;b"; DELETE FROM users', 'public.users'],
    ['SELECT $$;$$; DELETE FROM users', 'public.users'],
    ["SELECT 'it''s'; DELETE FROM users", 'public.users'],
    ["SELECT E'\\\\'; DELETE FROM users", 'public.users'],
    ["SELECT e'\\''; DELETE FROM users", 'public.users'],
    ["SELECT U&'\\0027'; DELETE FROM users", 'public.users'],
    ["SELECT 'a'\n'b'; DELETE FROM users", 'public.users'],
  ])('%s: the stacked DELETE is seen', async (sql, target) => {
    const r = await pg(sql);
    expect(r.statements).toHaveLength(2);
    expectAction(r.statements[1], { action: 'delete', target, where: 'absent', nested: false });
  });

  it("E'O\\'Brien' does not hide the ; that ends it", async () => {
    const r = await pg("SELECT E'O\\'Brien'; DROP TABLE x");
    expect(r.statements).toHaveLength(2);
    expectAction(r.statements[1], { action: 'drop_table', target: 'public.x' });
  });

  it("an E-string's escaped quote keeps ; DROP TABLE inside the literal", async () => {
    const r = await pg("SELECT E'O\\'Brien; DROP TABLE x'");
    expect(only(r).statementKind).toBe('select');
    expectNoAction(r, 'drop_table');
  });

  it("a plain string ends at '\\' (standard_conforming_strings): the DROP after it runs", async () => {
    const r = await pg("SELECT 'O\\'; DROP TABLE x; --'");
    expectAction(r, { action: 'drop_table', target: 'public.x' });
  });
});

describe('anchors: writes hidden inside reads', () => {
  it('a data-modifying CTE deletes', async () => {
    const s = only(await pg('WITH gone AS (DELETE FROM users RETURNING *) SELECT count(*) FROM gone'));
    expect(s.statementKind).toBe('select');
    expect(s.dataModifyingCte).toBe(true);
    expect(s.writes).toBe(true);
    expectAction(s, { action: 'delete', target: 'public.users', nested: true, via: 'cte', where: 'absent' });
  });

  it('a CTE nested in a CTE deletes', async () => {
    const s = only(await pg('WITH a AS (WITH b AS (DELETE FROM users RETURNING *) SELECT * FROM b) SELECT * FROM a'));
    expectAction(s, { action: 'delete', target: 'public.users', nested: true, where: 'absent' });
    expect(s.writes).toBe(true);
  });

  it('a MATERIALIZED data-modifying CTE updates', async () => {
    const s = only(await pg('WITH d AS MATERIALIZED (UPDATE users SET is_admin = true RETURNING 1) SELECT 1'));
    expectAction(s, { action: 'update', target: 'public.users', nested: true, via: 'cte', where: 'absent' });
  });

  it('a data-modifying CTE feeding an INSERT deletes', async () => {
    const s = only(await pg('WITH d AS (DELETE FROM users RETURNING *) INSERT INTO archive SELECT * FROM d'));
    expectAction(s, { action: 'delete', target: 'public.users', nested: true, via: 'cte' });
    expectAction(s, { action: 'insert', target: 'public.archive', nested: false });
  });

  it('a CTE named delete is only a name', async () => {
    const r = await pg('WITH delete AS (SELECT 1) SELECT * FROM delete');
    expectNoAction(r, 'delete');
    expect(only(r).writes).toBe(false);
    const q = await pg('WITH "delete" AS (SELECT 1) SELECT * FROM "delete"');
    expectNoAction(q, 'delete');
  });

  it('a CTE named delete that does delete is seen', async () => {
    const s = only(await pg('WITH delete AS (DELETE FROM users RETURNING *) SELECT * FROM delete'));
    expectAction(s, { action: 'delete', target: 'public.users', nested: true, via: 'cte' });
  });

  it('MERGE ... WHEN MATCHED THEN DELETE deletes', async () => {
    const s = only(await pg('MERGE INTO accounts a USING staged s ON a.id = s.id WHEN MATCHED THEN DELETE'));
    expectAction(s, { action: 'merge', target: 'public.accounts', nested: false });
    expectAction(s, { action: 'delete', target: 'public.accounts', nested: true, via: 'merge' });
  });

  it('MERGE ... ON true WHEN MATCHED THEN DELETE deletes every row: the filter is trivial', async () => {
    const s = only(await pg('MERGE INTO t USING s ON true WHEN MATCHED THEN DELETE'));
    expectAction(s, { action: 'delete', target: 'public.t', nested: true, via: 'merge', where: 'trivial' });
  });

  it('MERGE ... WHEN NOT MATCHED BY SOURCE THEN DELETE deletes (PG 17)', async () => {
    const s = only(await pg('MERGE INTO t USING s ON t.id = s.id WHEN NOT MATCHED BY SOURCE THEN DELETE'));
    expectAction(s, { action: 'delete', target: 'public.t', nested: true, via: 'merge' });
  });

  it('a MERGE in a CTE deletes', async () => {
    const s = only(await pg('WITH m AS (MERGE INTO t USING s ON t.id = s.id WHEN MATCHED THEN DELETE RETURNING *) SELECT * FROM m'));
    expectAction(s, { action: 'delete', target: 'public.t', nested: true });
    expect(s.writes).toBe(true);
  });

  it('COPY (DELETE ... RETURNING *) TO STDOUT deletes', async () => {
    const s = only(await pg('COPY (DELETE FROM users RETURNING *) TO STDOUT'));
    expectAction(s, { action: 'copy_to_stdout', nested: false });
    expectAction(s, { action: 'delete', target: 'public.users', nested: true, via: 'copy', where: 'absent' });
    expect(s.writes).toBe(true);
  });

  it('COPY (UPDATE ... RETURNING *) TO STDOUT updates', async () => {
    const s = only(await pg('COPY (UPDATE users SET is_admin = true RETURNING *) TO STDOUT'));
    expectAction(s, { action: 'update', target: 'public.users', nested: true, via: 'copy', where: 'absent' });
  });

  it('COPY (MERGE ... DELETE RETURNING *) TO STDOUT deletes', async () => {
    const s = only(await pg('COPY (MERGE INTO t USING s ON true WHEN MATCHED THEN DELETE RETURNING *) TO STDOUT'));
    expectAction(s, { action: 'delete', target: 'public.t', nested: true });
  });
});

describe('anchors: EXPLAIN ANALYZE runs the statement, EXPLAIN does not', () => {
  it.each([
    'EXPLAIN ANALYZE DELETE FROM users',
    'explain analyse delete from users',
    'EXPLAIN ANALYZE VERBOSE DELETE FROM users',
    'EXPLAIN (ANALYZE) DELETE FROM users',
    'EXPLAIN (ANALYZE true, BUFFERS) DELETE FROM users',
    'EXPLAIN (FORMAT JSON, ANALYZE) DELETE FROM users',
    "EXPLAIN (ANALYZE 'on') DELETE FROM users",
    "EXPLAIN (ANALYZE 'TRUE') DELETE FROM users",
    'EXPLAIN (ANALYZE 1) DELETE FROM users',
    'EXPLAIN/**/ANALYZE/**/DELETE/**/FROM/**/users',
  ])('%s deletes', async (sql) => {
    const s = only(await pg(sql));
    expect(s.explain).toEqual({ analyze: true });
    expect(s.writes).toBe(true);
    expectAction(s, { action: 'explain_analyze', nested: false });
    expectAction(s, { action: 'delete', target: 'public.users', nested: true, via: 'explain_analyze', where: 'absent' });
  });

  it.each([
    'EXPLAIN DELETE FROM users',
    'EXPLAIN VERBOSE DELETE FROM users',
    'EXPLAIN (ANALYZE false) DELETE FROM users',
    'EXPLAIN (ANALYZE off) DELETE FROM users',
    'EXPLAIN (ANALYZE 0) DELETE FROM users',
  ])('%s does not run the delete', async (sql) => {
    const s = only(await pg(sql));
    expect(s.explain).toEqual({ analyze: false });
    expect(s.writes).toBe(false);
    expectNoAction(s, 'delete');
  });

  it('EXPLAIN ANALYZE of a data-modifying CTE deletes', async () => {
    const s = only(await pg('EXPLAIN ANALYZE WITH d AS (DELETE FROM users RETURNING 1) SELECT * FROM d'));
    expectAction(s, { action: 'delete', target: 'public.users', nested: true });
    expect(s.writes).toBe(true);
  });

  it('EXPLAIN ANALYZE CREATE TABLE AS creates the table', async () => {
    const s = only(await pg('EXPLAIN ANALYZE CREATE TABLE x AS SELECT * FROM users'));
    expectAction(s, { action: 'create_table_as', target: 'public.x', nested: true, via: 'explain_analyze' });
  });

  it('EXPLAIN ANALYZE MERGE ... DELETE deletes', async () => {
    const s = only(await pg('EXPLAIN ANALYZE MERGE INTO t USING s ON true WHEN MATCHED THEN DELETE'));
    expectAction(s, { action: 'delete', target: 'public.t', nested: true });
  });
});

describe('anchors: dollar quotes holding parentheses and ;', () => {
  it('a DO block with a string full of ;() still shows its DELETE', async () => {
    const s = only(await pg("DO $x$ BEGIN PERFORM '($;)'; DELETE FROM users; END $x$"));
    expectAction(s, { action: 'delete', target: 'public.users', nested: true, via: 'do_block', where: 'absent' });
  });

  it('a body tag with $$ inside keeps the body whole', async () => {
    const s = only(await pg("DO $body$ BEGIN PERFORM $$ ); $$; DELETE FROM users; END $body$"));
    expectAction(s, { action: 'delete', target: 'public.users', nested: true, via: 'do_block' });
  });

  it('a unicode-escaped identifier U&"d\\0072op" is the table drop', async () => {
    const s = only(await pg('DROP TABLE U&"d\\0072op"'));
    expectAction(s, { action: 'drop_table', target: 'public.drop' });
  });
});

describe('anchors: a CTE that shadows the target table', () => {
  it.each([
    ['WITH users AS (SELECT 1) DELETE FROM users', 'delete'],
    ['WITH users AS (SELECT 1) UPDATE users SET is_admin = true', 'update'],
    ['WITH users AS (SELECT 1) INSERT INTO users SELECT 1', 'insert'],
  ])('%s still writes the table (a DML target is never a CTE)', async (sql, action) => {
    expectAction(only(await pg(sql)), { action: action as 'delete', target: 'public.users', nested: false });
  });

  it('a CTE named like a table shadows it for reads', async () => {
    const s = only(await pg('WITH users AS (SELECT 1 AS email) SELECT email FROM users'));
    expect(s.tables).toEqual([]);
  });
});
