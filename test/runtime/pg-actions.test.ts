import { beforeAll, describe, expect, it } from 'vitest';
import { loadPostgres } from '../../runtime/index.js';
import { action, actions, run, slice, stmt } from './pg-helpers.js';

beforeAll(async () => {
  await loadPostgres();
});

describe('postgres actions: the evasive forms text matching misses', () => {
  it('a literal or comment mentioning DROP TABLE is not a drop', () => {
    const s = stmt("SELECT 'DROP TABLE users' AS x /* DROP TABLE orders */ -- DROP TABLE y");
    expect(actions(s)).toEqual(['select']);
    expect(s.tables).toEqual([]);
    expect(s.isDdl).toBe(false);
  });

  it('mixed case and comments between keywords are still a drop', () => {
    const text = 'dRoP/* hide */TaBlE -- x\n Users';
    const s = stmt(text);
    expect(s.parsed).toBe(true);
    expect(actions(s)).toContain('drop_table');
    expect(action(s, 'drop_table').target).toBe('public.users');
  });

  it('stacked statements are each analysed', () => {
    const r = run('SELECT 1; DELETE FROM users; DROP TABLE x');
    expect(r.statements.map((s) => s.statementKind)).toEqual(['select', 'delete', 'drop_table']);
    expect(r.statements.map((s) => s.index)).toEqual([0, 1, 2]);
  });

  it("an escaped E'' string does not hide the next statement", () => {
    const text = "SELECT E'O\\'Brien'; DROP TABLE x";
    const r = run(text);
    expect(r.statements).toHaveLength(2);
    expect(actions(r.statements[0])).toEqual(['select']);
    expect(actions(r.statements[1])).toEqual(['drop_table']);
    expect(slice(text, r.statements[1].span)).toBe('DROP TABLE x');
  });

  it('a data-modifying CTE is a nested delete', () => {
    const text = 'WITH gone AS (DELETE FROM users RETURNING id) SELECT count(*) FROM gone';
    const s = stmt(text);
    expect(s.statementKind).toBe('select');
    expect(s.dataModifyingCte).toBe(true);
    const d = action(s, 'delete');
    expect(d).toMatchObject({ target: 'public.users', nested: true, via: 'cte', where: 'absent' });
    expect(slice(text, d.span)).toBe('DELETE FROM users');
    expect(s.writes).toBe(true);
    expect(s.tables.find((t) => t.name === 'public.users')?.access).toContain('write');
  });

  it('a CTE named delete (or users) is not a table and shadows it', () => {
    const s = stmt('WITH "delete" AS (SELECT 1 AS a), users AS (SELECT 2 AS b) SELECT * FROM "delete", users');
    expect(actions(s)).toEqual(['select']);
    expect(s.tables).toEqual([]);
    expect(s.dataModifyingCte).toBe(false);
    expect(s.outputs.map((o) => o.name)).toEqual(['a', 'b']);
  });

  it('a CTE body may still read the real table it shadows', () => {
    const s = stmt('WITH users AS (SELECT * FROM users WHERE active) SELECT * FROM users');
    expect(s.tables.map((t) => t.name)).toEqual(['public.users']);
  });

  it('MERGE ... WHEN MATCHED THEN DELETE is a nested delete', () => {
    const text = 'MERGE INTO users u USING staged s ON u.id = s.id WHEN MATCHED THEN DELETE WHEN NOT MATCHED THEN INSERT (id) VALUES (s.id)';
    const s = stmt(text);
    expect(s.statementKind).toBe('merge');
    expect(action(s, 'merge')).toMatchObject({ nested: false, via: 'top', where: 'present' });
    const d = action(s, 'delete');
    expect(d).toMatchObject({ target: 'public.users', nested: true, via: 'merge', where: 'present' });
    expect(slice(text, d.span)).toBe('THEN DELETE');
    expect(action(s, 'insert')).toMatchObject({ nested: true, via: 'merge' });
    expect(s.where).toBe('present');
  });

  it('MERGE ON true deletes unfiltered; NOT MATCHED BY SOURCE without condition has no filter', () => {
    const s = stmt('MERGE INTO t USING s ON true WHEN MATCHED THEN UPDATE SET a = 1');
    expect(action(s, 'update').where).toBe('trivial');
    const s2 = stmt('MERGE INTO t USING s ON t.id = s.id WHEN NOT MATCHED BY SOURCE THEN DELETE');
    expect(action(s2, 'delete').where).toBe('absent');
  });

  it('COPY (DELETE ... RETURNING *) TO STDOUT runs the delete', () => {
    const text = 'COPY (DELETE FROM audit_log RETURNING *) TO STDOUT';
    const s = stmt(text);
    expect(s.statementKind).toBe('copy');
    expect(action(s, 'copy_to_stdout')).toMatchObject({ nested: false, via: 'top' });
    const d = action(s, 'delete');
    expect(d).toMatchObject({ target: 'public.audit_log', nested: true, via: 'copy', where: 'absent' });
    expect(s.where).toBe('absent');
    expect(s.returning).toBe(true);
    expect(s.outputs[0]).toMatchObject({ shape: 'star', from: 'returning' });
  });

  it('EXPLAIN ANALYZE DELETE runs; plain EXPLAIN DELETE does not', () => {
    const s = stmt('EXPLAIN ANALYZE DELETE FROM users');
    expect(s.explain).toEqual({ analyze: true });
    expect(action(s, 'explain_analyze').nested).toBe(false);
    expect(action(s, 'delete')).toMatchObject({ nested: true, via: 'explain_analyze', where: 'absent' });
    expect(s.writes).toBe(true);
    const p = stmt('EXPLAIN DELETE FROM users');
    expect(p.explain).toEqual({ analyze: false });
    expect(actions(p)).toEqual(['explain']);
    expect(p.writes).toBe(false);
    expect(p.tables).toEqual([]);
    const o = stmt('EXPLAIN (ANALYZE, BUFFERS) UPDATE t SET a = 1 WHERE id = 2');
    expect(action(o, 'update')).toMatchObject({ via: 'explain_analyze', where: 'present' });
    expect(stmt('EXPLAIN (ANALYZE false) DELETE FROM t').explain).toEqual({ analyze: false });
  });

  it('dollar-quoted strings with parentheses and nested comments do not confuse anything', () => {
    const text = 'SELECT $x$ ) ; DROP TABLE a; ( $x$ AS v /* a /* nested */ DROP TABLE b; */; DELETE FROM t WHERE id = 1';
    const r = run(text);
    expect(r.statements).toHaveLength(2);
    expect(actions(r.statements[0])).toEqual(['select']);
    expect(actions(r.statements[1])).toEqual(['delete']);
  });
});

describe('postgres actions: WHERE states', () => {
  const cases: [string, string][] = [
    ['DELETE FROM t', 'absent'],
    ['DELETE FROM t WHERE true', 'trivial'],
    ['DELETE FROM t WHERE 1=1', 'trivial'],
    ["DELETE FROM t WHERE 'a'='a'", 'trivial'],
    ['DELETE FROM t WHERE id = id', 'trivial'],
    ['DELETE FROM t WHERE NOT false', 'trivial'],
    ['DELETE FROM t WHERE 1=1 OR id = 5', 'trivial'],
    ['DELETE FROM t WHERE true AND true', 'trivial'],
    ["DELETE FROM t WHERE 't'::boolean", 'trivial'],
    ['DELETE FROM t WHERE 2 > 1', 'trivial'],
    ['DELETE FROM t WHERE 1 IN (1, 2)', 'trivial'],
    ["DELETE FROM t WHERE name LIKE '%'", 'trivial'],
    ['DELETE FROM t WHERE x IS NULL OR x IS NOT NULL', 'trivial'],
    ['DELETE FROM t WHERE EXISTS (SELECT 1)', 'trivial'],
    ['DELETE FROM t WHERE 2 - 1 = 1', 'trivial'],
    ['DELETE FROM t WHERE -1 < 0', 'trivial'],
    ["DELETE FROM t WHERE 'a' || 'b' = 'ab'", 'trivial'],
    ['DELETE FROM t WHERE COALESCE(NULL, true)', 'trivial'],
    ['DELETE FROM t WHERE (SELECT true)', 'trivial'],
    ['DELETE FROM t WHERE 1::int = 1', 'trivial'],
    ['DELETE FROM t WHERE COALESCE(flag, true)', 'present'],
    ['DELETE FROM t WHERE (SELECT true FROM u)', 'present'],
    ['DELETE FROM t WHERE 10 / 0 = 1', 'present'],
    ['DELETE FROM t WHERE 1=1 AND id = 5', 'present'],
    ['DELETE FROM t WHERE id = $1', 'present'],
    ['DELETE FROM t WHERE 1=2', 'present'],
    ['UPDATE t SET a = 1', 'absent'],
    ['UPDATE t SET a = 1 WHERE 1 = 1', 'trivial'],
    ['UPDATE t SET a = 1 WHERE id = 3', 'present'],
    ['DELETE FROM t WHERE CURRENT OF c', 'present'],
  ];
  for (const [sql, state] of cases) {
    it(`${sql} → ${state}`, () => {
      const s = stmt(sql);
      expect(s.where).toBe(state);
      expect(s.actions[0].where).toBe(state);
    });
  }

  it('SELECT has a where state when it reads a table (none without FROM)', () => {
    expect(stmt('SELECT * FROM t WHERE true').where).toBe('trivial');
    expect(stmt('SELECT * FROM t').where).toBe('absent');
    expect(stmt('SELECT * FROM t WHERE id = $1').where).toBe('present');
    expect(stmt('SELECT now()').where).toBeNull();
    // the weakest branch of a set operation
    expect(stmt('SELECT a FROM t WHERE id = 1 UNION ALL SELECT a FROM u').where).toBe('absent');
  });
});

describe('postgres actions: every statement kind', () => {
  const cases: [string, string, string | null][] = [
    ['SELECT * FROM users', 'select', 'public.users'],
    ['INSERT INTO s.t (a) VALUES (1)', 'insert', 's.t'],
    ['UPDATE "Users" SET a = 1 WHERE id = 1', 'update', 'public.Users'],
    ['DELETE FROM t WHERE id = 1', 'delete', 'public.t'],
    ['COPY t TO PROGRAM \'gzip > /tmp/x\'', 'copy_to_program', 'public.t'],
    ["COPY t FROM PROGRAM 'curl http://x'", 'copy_from_program', 'public.t'],
    ["COPY t TO '/tmp/out.csv'", 'copy_to_file', 'public.t'],
    ["COPY t FROM '/tmp/in.csv'", 'copy_from_file', 'public.t'],
    ['COPY t FROM STDIN', 'copy_from', 'public.t'],
    ['COPY t TO STDOUT', 'copy_to_stdout', 'public.t'],
    ["COPY (SELECT 1) TO PROGRAM 'sh'", 'copy_to_program', 'sh'],
    ['CALL do_things(1)', 'call', 'public.do_things'],
    ['CALL ops.do_things(now())', 'call', 'ops.do_things'],
    ['BEGIN', 'begin', null],
    ['START TRANSACTION', 'begin', null],
    ['COMMIT', 'commit', null],
    ['ROLLBACK', 'rollback', null],
    ['SAVEPOINT s1', 'savepoint', 's1'],
    ['ROLLBACK TO SAVEPOINT s1', 'savepoint', 's1'],
    ["PREPARE TRANSACTION 'g1'", 'prepare_transaction', 'g1'],
    ["SET lock_timeout = '2s'", 'set', 'lock_timeout'],
    ['SET LOCAL statement_timeout TO 1000', 'set', 'statement_timeout'],
    ['RESET ALL', 'set', 'all'],
    ['SET TRANSACTION ISOLATION LEVEL SERIALIZABLE', 'set_transaction', null],
    ['SHOW search_path', 'show', 'search_path'],
    ['PREPARE p(int) AS SELECT 1', 'prepare', 'p'],
    ['EXECUTE p(1)', 'execute', 'p'],
    ['DEALLOCATE p', 'deallocate', 'p'],
    ['LISTEN ch', 'listen', 'ch'],
    ["NOTIFY ch, 'x'", 'notify', 'ch'],
    ['DISCARD ALL', 'discard', null],
    ['CHECKPOINT', 'checkpoint', null],
    ['LOCK TABLE a IN ACCESS EXCLUSIVE MODE', 'lock_table', 'public.a'],
    ['TRUNCATE a', 'truncate', 'public.a'],
    ['VACUUM FULL a', 'vacuum', 'public.a'],
    ["LOAD 'plugin.so'", 'load_library', 'plugin.so'],
    ['SELECT * INTO archive FROM t', 'select_into', 'public.archive'],
    ['SET ROLE admin', 'set_role', null],
  ];
  for (const [sql, act, target] of cases) {
    it(`${sql} → ${act}`, () => {
      const s = stmt(sql);
      expect(s.parsed).toBe(true);
      const a = action(s, act);
      expect(a.nested).toBe(false);
      expect(a.via).toBe('top');
      if (target !== null || act !== 'set_role') expect(a.target).toBe(target);
    });
  }

  it('statement kinds are snake_case names', () => {
    const kinds = [
      'SELECT 1',
      'INSERT INTO t VALUES (1)',
      'CREATE TABLE t (a int)',
      'ALTER TABLE t ADD COLUMN b int',
      'DO $$ BEGIN NULL; END $$',
      'CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$',
      'CREATE PROCEDURE p() LANGUAGE sql AS $$ SELECT 1 $$',
      'COPY t TO STDOUT',
      'EXPLAIN SELECT 1',
      'CREATE INDEX i ON t (a)',
      'DROP TABLE t',
      'BEGIN',
      'SET work_mem = 1',
    ].map((q) => stmt(q).statementKind);
    expect(kinds).toEqual([
      'select',
      'insert',
      'create_table',
      'alter_table',
      'do',
      'create_function',
      'create_procedure',
      'copy',
      'explain',
      'create_index',
      'drop_table',
      'begin',
      'set',
    ]);
  });

  it('INSERT ... ON CONFLICT DO UPDATE is an insert and an upsert', () => {
    const s = stmt('INSERT INTO t (id, a) VALUES (1, 2) ON CONFLICT (id) DO UPDATE SET a = excluded.a');
    expect(actions(s)).toEqual(['insert', 'upsert']);
    expect(stmt('INSERT INTO t (id) VALUES (1) ON CONFLICT DO NOTHING').actions.map((a) => a.action)).toEqual(['insert']);
  });

  it('PREPARE ... AS DELETE carries the delete as nested via prepare', () => {
    const s = stmt('PREPARE wipe AS DELETE FROM users');
    expect(action(s, 'delete')).toMatchObject({ nested: true, via: 'prepare', where: 'absent' });
  });

  it('SELECT INTO a temporary table marks it temporary and created', () => {
    const r = run('SELECT * INTO TEMP scratch FROM t; SELECT * FROM scratch');
    const t = r.statements[0].tables.find((x) => x.name === 'public.scratch');
    expect(t).toMatchObject({ temporary: true, createdInFile: true });
    expect(t?.access).toEqual(expect.arrayContaining(['ddl', 'write']));
    expect(r.statements[1].tables[0]).toMatchObject({ name: 'public.scratch', temporary: true, createdInFile: true });
  });

  it('tables are in schema-qualified normal form; quoted names keep their case', () => {
    const s = stmt('SELECT * FROM Sales.Orders o JOIN "Billing"."Invoices" i ON i.oid = o.id JOIN items ON true');
    expect(s.tables.map((t) => [t.name, t.schema, t.table])).toEqual([
      ['sales.orders', 'sales', 'orders'],
      ['Billing.Invoices', 'Billing', 'Invoices'],
      ['public.items', 'public', 'items'],
    ]);
  });

  it('LIMIT as a number, all, or a parameter', () => {
    expect(stmt('SELECT * FROM t LIMIT 5').limit).toBe(5);
    expect(stmt('SELECT * FROM t LIMIT ALL').limit).toBe('all');
    expect(stmt('SELECT * FROM t LIMIT $1').limit).toBe('param');
    expect(stmt('SELECT * FROM t FETCH FIRST 3 ROWS ONLY').limit).toBe(3);
    expect(stmt('SELECT * FROM t').limit).toBeNull();
    expect(stmt('(SELECT a FROM t UNION SELECT a FROM u) LIMIT 7').limit).toBe(7);
  });

  it('RETURNING sets returning and outputs from returning', () => {
    const s = stmt('UPDATE t SET a = 1 WHERE id = 2 RETURNING id, a AS new_a');
    expect(s.returning).toBe(true);
    expect(s.outputs.map((o) => [o.name, o.from])).toEqual([
      ['id', 'returning'],
      ['new_a', 'returning'],
    ]);
    expect(stmt('UPDATE t SET a = 1 WHERE id = 2').returning).toBe(false);
  });

  it('transaction context follows BEGIN / COMMIT and SET lock_timeout', () => {
    const r = run("SET lock_timeout = '1s'; BEGIN; ALTER TABLE t ADD COLUMN c int; COMMIT; SELECT 1");
    expect(r.statements[2].transaction).toEqual({
      inExplicitTransaction: true,
      depth: 1,
      assumed: false,
      assumedAlways: false,
      lockTimeoutSet: true,
      statementTimeoutSet: false,
      unclosed: false,
      lockedTables: [],
      alteredTables: [],
    });
    expect(r.statements[4].transaction.inExplicitTransaction).toBe(false);
  });

  it('set_config of a setting counts as setting it', () => {
    const r = run("SELECT set_config('statement_timeout', '5s', false); SELECT 1");
    expect(action(r.statements[0], 'set_config').target).toBe('statement_timeout');
    expect(r.statements[1].transaction.statementTimeoutSet).toBe(true);
  });
});
