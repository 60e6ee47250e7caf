import { describe, expect, it } from 'vitest';
import type { Dialect, StatementFacts } from '../../runtime/facts/types.js';
import { analyzeOtherDialect } from '../../runtime/sql/mysql/extract.js';

const all = (text: string, dialect: Dialect = 'mysql'): StatementFacts[] => analyzeOtherDialect(text, dialect).statements;
const one = (text: string, dialect: Dialect = 'mysql'): StatementFacts => all(text, dialect)[0];
const actions = (f: StatementFacts): [string, string | null, boolean, string][] => f.actions.map((a) => [a.action, a.target, a.nested, a.via]);
const tables = (f: StatementFacts): [string, string[]][] => f.tables.map((t) => [t.name, t.access]);

describe('mysql facts', () => {
  it('UPDATE without WHERE, with a trivial WHERE, with LIMIT', () => {
    const none = one('UPDATE users SET active = 0');
    expect(none.parsed).toBe(true);
    expect(none.where).toBe('absent');
    expect(none.actions).toMatchObject([{ action: 'update', target: 'users', where: 'absent', limit: null }]);
    const trivial = one('UPDATE `Db`.Users u SET a = 1 WHERE 1 = 1 LIMIT 10');
    expect(trivial.where).toBe('trivial');
    expect(trivial.limit).toBe(10);
    expect(trivial.actions).toMatchObject([{ action: 'update', target: 'Db.users', where: 'trivial', limit: 10 }]);
    expect(tables(trivial)).toEqual([['Db.users', ['write']]]);
    expect(trivial.columns.map((c) => [c.table, c.column, c.access])).toEqual([['Db.users', 'a', 'write']]);
    expect(one('UPDATE t SET a = 1 WHERE id = 3').where).toBe('present');
  });

  it('DELETE without WHERE, with `true`, with LIMIT', () => {
    expect(one('DELETE FROM t2').actions).toMatchObject([{ action: 'delete', target: 't2', where: 'absent' }]);
    const t = one('DELETE FROM t WHERE true LIMIT 3');
    expect(t.where).toBe('trivial');
    expect(t.actions).toMatchObject([{ action: 'delete', target: 't', where: 'trivial', limit: 3 }]);
    expect(t.writes).toBe(true);
  });

  it('INSERT ... SELECT, REPLACE, ON DUPLICATE KEY UPDATE', () => {
    const ins = one('INSERT INTO t (a, b) SELECT x, y FROM s');
    expect(actions(ins)).toEqual([
      ['insert', 't', false, 'top'],
      ['select', null, true, 'subquery'],
    ]);
    expect(tables(ins)).toEqual([
      ['t', ['write']],
      ['s', ['read']],
    ]);
    expect(ins.columns.map((c) => [c.table, c.column, c.access])).toEqual([
      ['t', 'a', 'write'],
      ['t', 'b', 'write'],
      ['s', 'x', 'read'],
      ['s', 'y', 'read'],
    ]);
    const rep = one('REPLACE INTO t VALUES (1)');
    expect(rep.statementKind).toBe('replace');
    expect(actions(rep)).toEqual([
      ['insert', 't', false, 'top'],
      ['upsert', 't', false, 'top'],
    ]);
    expect(actions(one('INSERT INTO t (a) VALUES (1) ON DUPLICATE KEY UPDATE a = a + 1'))).toEqual([
      ['insert', 't', false, 'top'],
      ['upsert', 't', false, 'top'],
    ]);
  });

  it('SELECT ... INTO OUTFILE / DUMPFILE write server files', () => {
    const f = one("SELECT * FROM t INTO OUTFILE '/tmp/x'");
    expect(f.parsed).toBe(true);
    expect(actions(f)).toEqual([
      ['select', null, false, 'top'],
      ['into_outfile', '/tmp/x', false, 'top'],
      ['write_server_file', '/tmp/x', false, 'top'],
    ]);
    expect(f.writes).toBe(true);
    expect(actions(one("SELECT a INTO DUMPFILE '/tmp/y' FROM t")).map((a) => a[0])).toEqual(['select', 'into_outfile', 'write_server_file']);
  });

  it('LOAD DATA [LOCAL] INFILE and LOAD_FILE()', () => {
    expect(actions(one("LOAD DATA LOCAL INFILE '/x' INTO TABLE t"))).toEqual([['load_data', 't', false, 'top']]);
    expect(actions(one("LOAD DATA INFILE '/etc/x' INTO TABLE db.t"))).toEqual([
      ['load_data', 'db.t', false, 'top'],
      ['read_server_file', null, false, 'top'],
    ]);
    const lf = one("SELECT LOAD_FILE('/etc/passwd')");
    expect(actions(lf)).toEqual([
      ['select', null, false, 'top'],
      ['read_server_file', null, false, 'top'],
    ]);
    expect(lf.functions).toMatchObject([{ name: 'load_file', dangerous: true, category: 'file_read' }]);
  });

  it('GRANT with ALL PRIVILEGES, *.*, WITH GRANT OPTION (grammar gap: unparsed but complete)', () => {
    const g = one("GRANT ALL PRIVILEGES ON *.* TO 'bob'@'%' WITH GRANT OPTION");
    expect(g.parsed).toBe(false);
    expect(actions(g)).toEqual([['grant', '*.*', false, 'top']]);
    expect(g.diagnostics.map((d) => [d.code, d.message])).toEqual([
      ['sql/unsupported-syntax', 'the mysql grammar cannot read this statement at `PRIVILEGES`: invalid SQL, or syntax node-sql-parser does not support'],
    ]);
    expect(g.privileges).toMatchObject([
      { operation: 'grant', privileges: ['all'], objectType: 'global', objects: ['*.*'], grantees: ['bob@%'], withGrantOption: true },
    ]);
    const s = one('GRANT SELECT, INSERT ON db.t TO bob, `Ann`@localhost');
    expect(s.privileges).toMatchObject([
      { operation: 'grant', privileges: ['select', 'insert'], objectType: 'table', objects: ['db.t'], grantees: ['bob', 'ann@localhost'], withGrantOption: false },
    ]);
    expect(actions(one('REVOKE ALL ON `Db`.* FROM bob'))).toEqual([['revoke', 'Db.*', false, 'top']]);
    expect(one('REVOKE ALL ON db.* FROM bob').privileges).toMatchObject([{ operation: 'revoke', privileges: ['all'], objectType: 'database', objects: ['db.*'], grantees: ['bob'] }]);
    expect(one('GRANT admin_role TO bob').privileges).toMatchObject([{ operation: 'grant_role', privileges: ['admin_role'], grantees: ['bob'] }]);
  });

  it('CREATE USER', () => {
    const f = one("CREATE USER 'bob'@'localhost' IDENTIFIED BY 'x'");
    expect(actions(f)).toEqual([['create_role', 'bob@localhost', false, 'top']]);
    expect(f.roles).toMatchObject([{ operation: 'create_role', role: 'bob@localhost', attributes: ['password'] }]);
  });

  it('DROP TABLE / DATABASE / SCHEMA, TRUNCATE', () => {
    const d = one('DROP TABLE IF EXISTS a, db.b');
    expect(actions(d)).toEqual([
      ['drop_table', 'a', false, 'top'],
      ['drop_table', 'db.b', false, 'top'],
    ]);
    expect(d.ddl).toMatchObject([
      { operation: 'drop_table', table: 'a', lock: 'ACCESS EXCLUSIVE', ifExists: true },
      { operation: 'drop_table', table: 'db.b', lock: 'ACCESS EXCLUSIVE', ifExists: true },
    ]);
    expect(actions(one('DROP DATABASE shop'))).toEqual([['drop_database', 'shop', false, 'top']]);
    expect(actions(one('DROP SCHEMA shop'))).toEqual([['drop_database', 'shop', false, 'top']]);
    const t = one('TRUNCATE TABLE t');
    expect(actions(t)).toEqual([['truncate', 't', false, 'top']]);
    expect(t.ddl).toMatchObject([{ operation: 'truncate', table: 't', lock: 'ACCESS EXCLUSIVE' }]);
  });

  it('ALTER TABLE operations with algorithm and lock', () => {
    const add = one('ALTER TABLE t ADD COLUMN c INT NOT NULL DEFAULT 0, ALGORITHM=INPLACE, LOCK=NONE');
    expect(actions(add)).toEqual([
      ['alter_table', 't', false, 'top'],
      ['add_column', 't', false, 'top'],
    ]);
    expect(add.ddl).toMatchObject([
      { operation: 'add_column', table: 't', lock: 'NONE', column: 'c', columnType: 'int', notNull: true, hasDefault: true, defaultVolatility: 'immutable', rewrite: false },
    ]);
    const multi = one('ALTER TABLE t MODIFY c BIGINT, DROP COLUMN d, CHANGE e f VARCHAR(10), RENAME COLUMN g TO h, ADD INDEX ix (a)');
    expect(actions(multi).map((a) => a[0])).toEqual(['alter_table', 'alter_column_type', 'drop_column', 'rename_column', 'alter_column_type', 'rename_column', 'create_index']);
    expect(multi.ddl.map((d) => [d.operation, d.column, d.columnType, d.lock, d.rewrite])).toEqual([
      ['alter_column_type', 'c', 'bigint', 'SHARE', true],
      ['drop_column', 'd', null, 'METADATA', true],
      ['rename_column', 'e', null, 'METADATA', false],
      ['alter_column_type', 'f', 'varchar(10)', 'SHARE', true],
      ['rename_column', 'g', null, 'METADATA', false],
      ['create_index', 'a', null, 'METADATA', false],
    ]);
    expect(one('ALTER TABLE t ADD COLUMN x INT, ALGORITHM=INSTANT').ddl[0]).toMatchObject({ lock: 'METADATA', rewrite: false });
    expect(one('ALTER TABLE t MODIFY c TEXT, ALGORITHM=COPY, LOCK=EXCLUSIVE').ddl[0]).toMatchObject({ lock: 'ACCESS EXCLUSIVE', rewrite: true });
    const fk = one('ALTER TABLE t ADD CONSTRAINT fk FOREIGN KEY (a) REFERENCES p (id) ON DELETE CASCADE');
    expect(fk.ddl).toMatchObject([{ operation: 'add_foreign_key', objectName: 'fk', constraintType: 'foreign_key', onDeleteCascade: true, scan: true, column: 'a', columns: ['a'] }]);
    expect(tables(fk)).toEqual([
      ['t', ['ddl']],
      ['p', ['read']],
    ]);
  });

  it('RENAME TABLE', () => {
    const r = one('RENAME TABLE a TO b, c TO d');
    expect(actions(r)).toEqual([
      ['rename_table', 'a', false, 'top'],
      ['rename_table', 'c', false, 'top'],
    ]);
    expect(r.ddl.map((d) => [d.table, d.objectName])).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ]);
  });

  it('SET, transaction control, PREPARE / EXECUTE', () => {
    expect(actions(one("SET @@global.sql_mode = ''"))).toEqual([['set_config', 'sql_mode', false, 'top']]);
    expect(actions(one('SET SESSION wait_timeout = 5'))).toEqual([['set', 'wait_timeout', false, 'top']]);
    const tx = all('START TRANSACTION; DELETE FROM t WHERE id = 1; COMMIT; BEGIN; ROLLBACK');
    expect(tx.map((f) => [f.statementKind, f.parsed, f.transaction.inExplicitTransaction])).toEqual([
      ['begin', true, false],
      ['delete', true, true],
      ['commit', true, true],
      ['begin', true, false],
      ['rollback', true, true],
    ]);
    const prep = one("PREPARE s FROM 'DELETE FROM t'");
    expect(actions(prep)).toEqual([
      ['prepare', 's', false, 'top'],
      ['dynamic_sql', 's', false, 'top'],
      ['delete', 't', true, 'dynamic'],
    ]);
    expect(prep.dynamicSql).toMatchObject([{ via: 'prepare', constant: true }]);
    expect(one('PREPARE s FROM @q').dynamicSql).toMatchObject([{ via: 'prepare', constant: false }]);
    expect(actions(one('EXECUTE s'))).toEqual([['execute', 's', false, 'top']]);
  });

  it('SLEEP, BENCHMARK and sys_exec UDFs are dangerous calls', () => {
    const f = one("SELECT SLEEP(5), BENCHMARK(1000, MD5('a')), sys_exec('id')");
    expect(f.functions.map((x) => [x.name, x.category, x.dangerous])).toEqual([
      ['sleep', 'sleep', true],
      ['benchmark', 'sleep', true],
      ['md5', 'none', false],
      ['sys_exec', 'program', true],
    ]);
    const text = "SELECT SLEEP(5), BENCHMARK(1000, MD5('a')), sys_exec('id')";
    expect(f.functions.map((x) => text.slice(x.span.start, x.span.end))).toEqual(['SLEEP', 'BENCHMARK', 'MD5', 'sys_exec']);
    const udf = one("CREATE FUNCTION sys_exec RETURNS int SONAME 'lib_mysqludf_sys.so'");
    expect(actions(udf)).toEqual([
      ['create_function', 'sys_exec', false, 'top'],
      ['load_library', 'sys_exec', false, 'top'],
    ]);
  });

  it('outputs with provenance through aliases, functions, derived tables and CTEs', () => {
    const f = one('SELECT u.id AS uid, COUNT(o.id) AS n, CONCAT(u.first_name, u.last_name) AS full_name, 1 AS one, o.* FROM users u JOIN orders o ON o.uid = u.id');
    expect(f.outputs.map((o) => [o.position, o.name, o.shape, o.sources])).toEqual([
      [0, 'uid', 'column', [{ table: 'users', column: 'id' }]],
      [1, 'n', 'aggregate', [{ table: 'orders', column: 'id' }]],
      [2, 'full_name', 'expression', [{ table: 'users', column: 'first_name' }, { table: 'users', column: 'last_name' }]],
      [3, 'one', 'literal', []],
      [4, '*', 'star', [{ table: 'orders', column: '*' }]],
    ]);
    expect(f.outputs[2].tags).toContain('pii');
    const cte = one('WITH r AS (SELECT id, email FROM users) SELECT x.email AS e FROM (SELECT email FROM r) x');
    expect(cte.outputs.map((o) => [o.name, o.shape, o.sources])).toEqual([['e', 'column', [{ table: 'users', column: 'email' }]]]);
    expect(tables(cte)).toEqual([['users', ['read']]]);
  });

  it('expands * from the catalog', () => {
    const catalog = {
      columns: (t: string) => (t === 'users' ? ['id', 'email'] : undefined),
      tagsOf: (t: string, c: string) => (t === 'users' && c === 'email' ? ['contact'] : []),
    };
    const r = analyzeOtherDialect('SELECT * FROM users', 'mysql', { catalog });
    const f = r.statements[0];
    expect(f.outputs.map((o) => [o.name, o.shape, o.tags])).toEqual([
      ['id', 'column', []],
      ['email', 'column', ['contact', 'pii', 'email']],
    ]);
    expect(f.columns.map((c) => [c.column, c.fromStar])).toEqual([
      ['id', true],
      ['email', true],
    ]);
  });

  it('a statement the grammar rejects falls back to keywords with a positioned syntax error', () => {
    const text = 'SELECT 1;\nDELETE FROM t WHERE id = = 2';
    const f = all(text)[1];
    expect(f.parsed).toBe(false);
    expect(f.actions).toMatchObject([{ action: 'delete', target: 't' }]);
    expect(f.diagnostics).toHaveLength(1);
    const d = f.diagnostics[0];
    expect(d.code).toBe('sql/unsupported-syntax');
    expect(text.slice(d.span.start, d.span.end)).toBe('=');
    expect(d.span.start).toBe(text.lastIndexOf('= 2'));
    expect(d.span.line).toBe(2);
  });

  it('executable comments are code and DELIMITER bodies are one statement', () => {
    const ex = one('/*!40101 DROP TABLE x */');
    expect(actions(ex)).toEqual([['drop_table', 'x', false, 'top']]);
    const text = 'DELIMITER //\nCREATE PROCEDURE p() BEGIN DELETE FROM t; END//\nDELIMITER ;\nCALL p();';
    const st = all(text);
    expect(st.map((f) => f.statementKind)).toEqual(['create_procedure', 'call']);
    expect(actions(st[0])).toEqual([
      ['create_function', 'p', false, 'top'],
      ['delete', 't', true, 'function_body'],
    ]);
    expect(actions(st[1])).toEqual([['call', 'p', false, 'top']]);
  });

  it('MariaDB and SQLite go through their own grammars', () => {
    const m = one('DELETE FROM t WHERE 1', 'mariadb');
    expect(m.parsed).toBe(true);
    expect(m.where).toBe('trivial');
    const s = one('UPDATE [Main].users SET a = 1', 'sqlite');
    expect(s.actions).toMatchObject([{ action: 'update', target: 'Main.users', where: 'absent' }]);
    const sq = one("INSERT OR REPLACE INTO t VALUES (1)", 'sqlite');
    expect(actions(sq)).toEqual([
      ['insert', 't', false, 'top'],
      ['upsert', 't', false, 'top'],
    ]);
    expect(one('DROP TABLE t', 'sqlite').ddl).toMatchObject([{ operation: 'drop_table', table: 't' }]);
  });
});

describe('mysql dump files', () => {
  it('reads a trigger split across versioned executable comments', () => {
    const text =
      'DELIMITER ;;\n/*!50003 CREATE*/ /*!50017 DEFINER=`root`@`localhost`*/ /*!50003 TRIGGER trg BEFORE INSERT ON users FOR EACH ROW BEGIN DELETE FROM audit; END */;;\nDELIMITER ;\nUNLOCK TABLES;';
    const [trg, unlock] = all(text);
    expect(trg.statementKind).toBe('create_trigger');
    expect(actions(trg)).toEqual([
      ['create_trigger', 'trg', false, 'top'],
      ['delete', 'audit', true, 'trigger'],
    ]);
    expect(tables(trg)).toEqual([
      ['users', ['ddl']],
      ['audit', ['write']],
    ]);
    expect(unlock.statementKind).toBe('unlock_tables');
  });
});
