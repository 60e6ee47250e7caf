// DdlFact.charset and DdlFact.collation: MySQL/MariaDB from tokens (columns, table options,
// CONVERT TO, databases), Postgres from the parse tree (column COLLATE, CREATE DATABASE), and the
// per-column facts of a MySQL CREATE TABLE that carry them.
import { beforeAll, describe, expect, it } from 'vitest';
import type { DdlFact, Dialect } from '../../runtime/facts/types.js';
import { analyze, createCatalog, loadPostgres } from '../../runtime/index.js';

beforeAll(loadPostgres);

async function ddlOf(sql: string, dialect: Dialect = 'mysql'): Promise<DdlFact[]> {
  const r = await analyze(sql, { dialect });
  return r.statements[r.statements.length - 1].ddl;
}

/** [operation, column, charset, collation] of each fact */
async function charsets(sql: string, dialect: Dialect = 'mysql'): Promise<[string, string | null, string | null, string | null][]> {
  return (await ddlOf(sql, dialect)).map((d) => [d.operation, d.column, d.charset, d.collation]);
}

describe('MySQL and MariaDB character sets', () => {
  it('CREATE TABLE: the table default on the table fact, each column its own', async () => {
    expect(
      await charsets(
        "CREATE TABLE m (id int, a varchar(5) CHARACTER SET latin1 COLLATE latin1_swedish_ci NOT NULL, b text CHARSET 'utf8', c text COLLATE utf8mb4_bin, `d` enum('x','y') CHARACTER SET `ascii`, e text) ENGINE=InnoDB DEFAULT CHARACTER SET = utf8mb4 DEFAULT COLLATE = utf8mb4_0900_ai_ci",
      ),
    ).toEqual([
      ['create_table', null, 'utf8mb4', 'utf8mb4_0900_ai_ci'],
      ['create_table', 'id', null, null],
      ['create_table', 'a', 'latin1', 'latin1_swedish_ci'],
      ['create_table', 'b', 'utf8', null],
      // a collation alone implies its character set
      ['create_table', 'c', 'utf8mb4', 'utf8mb4_bin'],
      ['create_table', 'd', 'ascii', null],
      ['create_table', 'e', null, null],
    ]);
  });

  it('the type stops before the character set, so the column type is unchanged', async () => {
    const [, col] = await ddlOf('CREATE TABLE m (a varchar(20) CHARACTER SET latin1 NOT NULL DEFAULT \'x\')');
    expect([col.columnType, col.notNull, col.hasDefault, col.charset]).toEqual(['varchar(20)', true, true, 'latin1']);
    const [, nchar] = await ddlOf('CREATE TABLE m (a char(3) CHAR SET latin1)');
    expect([nchar.columnType, nchar.charset]).toEqual(['char(3)', 'latin1']);
  });

  it('ASCII, UNICODE, binary and national types', async () => {
    expect(await charsets('CREATE TABLE m (a char(3) ASCII, b char(3) UNICODE, c varchar(9) CHARACTER SET binary, d nvarchar(9), e national char(2), f nchar(4) COLLATE utf8mb3_bin)')).toEqual([
      ['create_table', null, null, null],
      ['create_table', 'a', 'latin1', null],
      ['create_table', 'b', 'ucs2', null],
      ['create_table', 'c', 'binary', null],
      ['create_table', 'd', 'utf8mb3', null],
      ['create_table', 'e', 'utf8mb3', null],
      ['create_table', 'f', 'utf8mb3', 'utf8mb3_bin'],
    ]);
  });

  it('COLLATE inside an expression is not the column collation', async () => {
    expect(await charsets('CREATE TABLE m (a varchar(5), b varchar(5) AS (a COLLATE latin1_bin) STORED, CHECK (a COLLATE latin1_bin <> \'\'))')).toEqual([
      ['create_table', null, null, null],
      ['create_table', 'a', null, null],
      ['create_table', 'b', null, null],
      ['create_table', null, null, null],
    ]);
  });

  it('ALTER TABLE: ADD, MODIFY, CHANGE carry the column charset; table options give an alter_table fact', async () => {
    expect(
      await charsets('ALTER TABLE m ADD COLUMN a varchar(5) CHARSET latin1, MODIFY b text COLLATE latin1_bin, CHANGE c c2 text CHARACTER SET utf8mb4, ADD INDEX i (a)'),
    ).toEqual([
      ['add_column', 'a', 'latin1', null],
      ['alter_column_type', 'b', 'latin1', 'latin1_bin'],
      ['rename_column', 'c', null, null],
      ['alter_column_type', 'c2', 'utf8mb4', null],
      ['create_index', 'a', null, null],
    ]);
    expect(await charsets('ALTER TABLE m ENGINE=InnoDB DEFAULT CHARSET=latin1')).toEqual([['alter_table', null, 'latin1', null]]);
    expect(await charsets('ALTER TABLE m COLLATE = latin1_bin', 'mariadb')).toEqual([['alter_table', null, 'latin1', 'latin1_bin']]);
    expect(await charsets('ALTER TABLE m ENGINE=InnoDB, ROW_FORMAT=DYNAMIC')).toEqual([]);
  });

  it('CONVERT TO CHARACTER SET copies the table while writes wait; a default change does not copy', async () => {
    const [convert] = await ddlOf('ALTER TABLE m CONVERT TO CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci');
    expect(convert).toMatchObject({ operation: 'alter_table', table: 'm', charset: 'utf8mb4', collation: 'utf8mb4_unicode_ci', lock: 'SHARE', rewrite: true, scan: true });
    const [def] = await ddlOf('ALTER TABLE m DEFAULT CHARSET = utf8mb4');
    expect(def).toMatchObject({ lock: 'SHARE', rewrite: false, scan: false });
    const [inplace] = await ddlOf('ALTER TABLE m CHARACTER SET utf8mb4, ALGORITHM=INPLACE, LOCK=NONE');
    expect(inplace).toMatchObject({ lock: 'NONE', rewrite: false });
  });

  it('CREATE DATABASE / SCHEMA', async () => {
    expect(await ddlOf('CREATE DATABASE IF NOT EXISTS shop DEFAULT CHARACTER SET utf8 COLLATE utf8_general_ci')).toMatchObject([
      { operation: 'create_database', table: 'shop', charset: 'utf8', collation: 'utf8_general_ci', ifNotExists: true, createdInFile: true },
    ]);
    expect(await charsets('CREATE SCHEMA s COLLATE latin1_bin', 'mariadb')).toEqual([['create_database', null, 'latin1', 'latin1_bin']]);
    expect(await charsets('CREATE DATABASE plain')).toEqual([['create_database', null, null, null]]);
    expect(await charsets('CREATE DATABASE d CHARACTER SET DEFAULT')).toEqual([['create_database', null, null, null]]);
  });

  it('ALTER DATABASE / SCHEMA (no grammar for it): the new defaults, the name may be left out', async () => {
    const r = await analyze('ALTER DATABASE shop DEFAULT CHARACTER SET latin1 COLLATE latin1_bin', { dialect: 'mysql' });
    const [s] = r.statements;
    expect(s.parsed).toBe(false);
    expect(s.statementKind).toBe('alter_database');
    expect(s.actions.map((a) => [a.action, a.target])).toEqual([['alter_database', 'shop']]);
    expect(s.ddl).toMatchObject([{ operation: 'alter_database', table: 'shop', charset: 'latin1', collation: 'latin1_bin', lock: 'NONE', rewrite: false, createdInFile: false }]);
    expect(await charsets('ALTER SCHEMA shop CHARSET = utf8')).toEqual([['alter_database', null, 'utf8', null]]);
    expect(await charsets('ALTER DATABASE COLLATE = utf8mb4_bin', 'mariadb')).toEqual([['alter_database', null, 'utf8mb4', 'utf8mb4_bin']]);
    const unnamed = await analyze('ALTER SCHEMA DEFAULT CHARACTER SET latin1', { dialect: 'mysql' });
    expect(unnamed.statements[0].actions.map((a) => [a.action, a.target])).toEqual([['alter_database', null]]);
    expect(unnamed.statements[0].ddl.map((d) => [d.table, d.charset])).toEqual([[null, 'latin1']]);
    expect(await charsets("ALTER DATABASE shop READ ONLY = 1 COMMENT 'x'")).toEqual([['alter_database', null, null, null]]);
    // a database created in the file
    const both = await analyze('CREATE DATABASE shop; ALTER DATABASE shop CHARACTER SET utf8mb4', { dialect: 'mysql' });
    expect(both.statements[1].ddl[0].createdInFile).toBe(true);
  });

  it('options in executable comments and between comments count (mysqldump writes them so)', async () => {
    expect(await charsets('CREATE TABLE t (a text /*!40100 CHARACTER SET latin1 */) /*!40100 DEFAULT CHARSET=utf8 */')).toEqual([
      ['create_table', null, 'utf8', null],
      ['create_table', 'a', 'latin1', null],
    ]);
    expect(await charsets('CREATE TABLE t (a text) DEFAULT /* x */ CHARSET /* y */ = latin1')).toEqual([
      ['create_table', null, 'latin1', null],
      ['create_table', 'a', null, null],
    ]);
  });

  it('other dialects keep what is written: no charset implied by a collation', async () => {
    expect(await charsets('ALTER TABLE t ADD c nvarchar(10) COLLATE Latin1_General_CI_AS', 'transactsql')).toEqual([['add_column', 'c', null, 'latin1_general_ci_as']]);
  });
});

describe('MySQL CREATE TABLE: one fact per column and table constraint', () => {
  it('columns, inline and table constraints; indexes give none', async () => {
    const facts = await ddlOf(
      'CREATE TABLE IF NOT EXISTS shop.orders (id bigint NOT NULL AUTO_INCREMENT, user_id bigint, code varchar(9) UNIQUE, total int CHECK (total > 0), `period` int, spatial int, PRIMARY KEY (id), KEY i_user (user_id), UNIQUE KEY uq_code (code, total), CONSTRAINT fk_user FOREIGN KEY (user_id) REFERENCES shop.users (id) ON DELETE CASCADE, FULLTEXT KEY ft (code))',
    );
    expect(facts.map((d) => [d.column, d.columnType, d.constraintType, d.objectName, d.notNull])).toEqual([
      [null, null, null, null, false],
      ['id', 'bigint', null, null, true],
      ['user_id', 'bigint', null, null, false],
      ['code', 'varchar(9)', 'unique', null, false],
      ['total', 'int', 'check', null, false],
      ['period', 'int', null, null, false],
      ['spatial', 'int', null, null, false],
      ['id', null, 'primary_key', null, true],
      [null, null, 'unique', 'uq_code', false],
      ['user_id', null, 'foreign_key', 'fk_user', false],
    ]);
    for (const d of facts) expect(d).toMatchObject({ operation: 'create_table', table: 'shop.orders', createdInFile: true, ifNotExists: true, lock: 'NONE' });
    expect(facts[9]).toMatchObject({ referencedTable: 'shop.users', onDeleteCascade: true });
    expect(facts[1].generated).toBe('serial');
  });

  it('a column KEY alone is its primary key', async () => {
    expect((await ddlOf('CREATE TABLE t (id int KEY, n int UNIQUE KEY)')).map((d) => [d.column, d.constraintType])).toEqual([
      [null, null],
      ['id', 'primary_key'],
      ['n', 'unique'],
    ]);
  });

  it('LIKE and CREATE TABLE ... SELECT give only the table fact', async () => {
    expect((await ddlOf('CREATE TABLE t2 LIKE t')).length).toBe(1);
    expect((await ddlOf('CREATE TABLE t2 (LIKE t)')).length).toBe(1);
    const ctas = await ddlOf('CREATE TABLE t3 (a int) DEFAULT CHARSET=latin1 SELECT a FROM t');
    expect(ctas.map((d) => [d.operation, d.charset])).toEqual([['create_table_as', 'latin1']]);
  });

  it('a catalog replaying the migration knows the columns, so `*` expands', async () => {
    const catalog = createCatalog();
    catalog.replay(await analyze('CREATE TABLE t (id int, email varchar(100), PRIMARY KEY (id))', { dialect: 'mysql' }));
    const r = await analyze('SELECT * FROM t', { dialect: 'mysql', catalog });
    expect(r.statements[0].outputs.map((o) => [o.name, o.shape])).toEqual([
      ['id', 'column'],
      ['email', 'column'],
    ]);
  });
});

describe('Postgres collations and encodings', () => {
  it('COLLATE on columns: CREATE TABLE, ADD COLUMN, ALTER COLUMN TYPE', async () => {
    expect(await charsets('CREATE TABLE t (a text COLLATE "C", b text COLLATE pg_catalog."en_US", c text)', 'postgres')).toEqual([
      ['create_table', null, null, null],
      ['create_table', 'a', null, 'c'],
      ['create_table', 'b', null, 'en_us'],
      ['create_table', 'c', null, null],
    ]);
    expect(await charsets('ALTER TABLE t ADD COLUMN d text COLLATE "POSIX", ALTER COLUMN a TYPE varchar(9) COLLATE "de-DE-x-icu"', 'postgres')).toEqual([
      ['add_column', 'd', null, 'posix'],
      ['alter_column_type', 'a', null, 'de-de-x-icu'],
    ]);
  });

  it('CREATE DATABASE: ENCODING as Postgres reads it, LC_COLLATE or LOCALE', async () => {
    const db = async (sql: string) => (await ddlOf(sql, 'postgres')).map((d) => [d.operation, d.table, d.charset, d.collation]);
    expect(await db("CREATE DATABASE a ENCODING 'LATIN1' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0")).toEqual([['create_database', 'a', 'latin1', 'c']]);
    expect(await db("CREATE DATABASE a ENCODING 'UTF-8' LOCALE 'en_US.UTF-8'")).toEqual([['create_database', 'a', 'utf8', 'en_us.utf-8']]);
    expect(await db("CREATE DATABASE a ENCODING 'Unicode'")).toEqual([['create_database', 'a', 'utf8', null]]);
    expect(await db('CREATE DATABASE a WITH ENCODING = 6')).toEqual([['create_database', 'a', 'utf8', null]]);
    expect(await db("CREATE DATABASE a ENCODING 'SQL_ASCII'")).toEqual([['create_database', 'a', 'sqlascii', null]]);
    expect(await db('CREATE DATABASE a ENCODING DEFAULT')).toEqual([['create_database', 'a', null, null]]);
    expect(await db('CREATE DATABASE a')).toEqual([['create_database', 'a', null, null]]);
    expect(await db('DROP DATABASE a')).toEqual([['drop_database', 'a', null, null]]);
  });

  it('CREATE DOMAIN ... COLLATE', async () => {
    expect(await charsets('CREATE DOMAIN code AS text COLLATE pg_catalog."en_US" NOT NULL', 'postgres')).toEqual([['create_domain', null, null, 'en_us']]);
    expect(await charsets('CREATE DOMAIN code AS text', 'postgres')).toEqual([['create_domain', null, null, null]]);
  });
});
