// Per-column and per-table-constraint CREATE TABLE facts for the node-sql-parser dialects other than
// MySQL and MariaDB (SQLite, SQL Server, Snowflake, ...), read from tokens as for MySQL, so rules
// on primary keys and column types see new tables in every dialect.
import { describe, expect, it } from 'vitest';
import type { DdlFact, Dialect } from '../../runtime/facts/types.js';
import { analyze, createCatalog } from '../../runtime/index.js';

async function ddlOf(sql: string, dialect: Dialect): Promise<DdlFact[]> {
  const r = await analyze(sql, { dialect });
  return r.statements[r.statements.length - 1].ddl;
}

/** [column, columnType, constraintType, objectName, notNull] of each fact */
async function columns(sql: string, dialect: Dialect): Promise<[string | null, string | null, string | null, string | null, boolean][]> {
  return (await ddlOf(sql, dialect)).map((d) => [d.column, d.columnType, d.constraintType, d.objectName, d.notNull]);
}

describe('CREATE TABLE columns in the other dialects', () => {
  it('SQLite: columns, inline and table constraints, inline REFERENCES as a foreign key', async () => {
    const sql =
      'CREATE TABLE IF NOT EXISTS main.posts (id INTEGER PRIMARY KEY AUTOINCREMENT, author_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE, title TEXT COLLATE NOCASE, body, UNIQUE (title), CONSTRAINT fk_editor FOREIGN KEY (editor_id) REFERENCES users (id)) WITHOUT ROWID';
    const facts = await ddlOf(sql, 'sqlite');
    expect(facts.map((d) => [d.column, d.columnType, d.constraintType, d.objectName, d.notNull])).toEqual([
      [null, null, null, null, false],
      ['id', 'integer', 'primary_key', null, true],
      ['author_id', 'integer', 'foreign_key', null, true],
      ['title', 'text', null, null, false],
      // SQLite columns need no type
      ['body', null, null, null, false],
      ['title', null, 'unique', null, false],
      ['editor_id', null, 'foreign_key', 'fk_editor', false],
    ]);
    for (const d of facts) expect(d).toMatchObject({ operation: 'create_table', table: 'main.posts', createdInFile: true, ifNotExists: true, lock: 'NONE' });
    expect(facts[1].generated).toBe('serial');
    expect(facts[2]).toMatchObject({ referencedTable: 'users', onDeleteCascade: true, columns: ['author_id'] });
    expect(facts[3].collation).toBe('nocase');
    expect(facts[6]).toMatchObject({ referencedTable: 'users', onDeleteCascade: false, columns: ['editor_id'] });
  });

  it('a table without a primary key has no primary_key fact; a composite key is one', async () => {
    expect((await ddlOf('CREATE TABLE log (at TEXT, msg TEXT)', 'sqlite')).some((d) => d.constraintType === 'primary_key')).toBe(false);
    const composite = await ddlOf('CREATE TABLE tags (post_id INTEGER, tag TEXT, PRIMARY KEY (post_id, tag))', 'sqlite');
    expect(composite.at(-1)).toMatchObject({ constraintType: 'primary_key', columns: ['post_id', 'tag'], column: null });
  });

  it('SQL Server, Snowflake, Redshift, DB2 and Trino', async () => {
    expect(await columns('CREATE TABLE dbo.t ([id] INT IDENTITY(1,1) NOT NULL, name NVARCHAR(50), CONSTRAINT pk_t PRIMARY KEY CLUSTERED (id))', 'transactsql')).toEqual([
      [null, null, null, null, false],
      ['id', 'int', null, null, true],
      // national types imply utf8mb3 in MySQL only
      ['name', 'nvarchar(50)', null, null, false],
      ['id', null, 'primary_key', 'pk_t', true],
    ]);
    expect((await ddlOf('CREATE TABLE dbo.t ([id] INT IDENTITY(1,1) NOT NULL)', 'transactsql'))[1]).toMatchObject({ generated: 'identity', charset: null });
    expect(await columns('CREATE TABLE t (id NUMBER AUTOINCREMENT PRIMARY KEY, v VARCHAR DEFAULT \'x\')', 'snowflake')).toEqual([
      [null, null, null, null, false],
      ['id', 'number', 'primary_key', null, true],
      ['v', 'varchar', null, null, false],
    ]);
    expect(await columns('CREATE TABLE t (x INT DISTKEY SORTKEY, y VARCHAR(10) ENCODE zstd NOT NULL)', 'redshift')).toEqual([
      [null, null, null, null, false],
      ['x', 'int', null, null, false],
      ['y', 'varchar(10)', null, null, true],
    ]);
    expect(await columns('CREATE TABLE t (id INTEGER NOT NULL GENERATED ALWAYS AS IDENTITY, PRIMARY KEY (id))', 'db2')).toEqual([
      [null, null, null, null, false],
      ['id', 'integer', null, null, true],
      ['id', null, 'primary_key', null, true],
    ]);
    expect(await columns('CREATE TABLE t (id bigint, tags array(varchar), r row(a int, b varchar))', 'trino')).toEqual([
      [null, null, null, null, false],
      ['id', 'bigint', null, null, false],
      ['tags', 'array(varchar)', null, null, false],
      ['r', 'row(a int,b varchar)', null, null, false],
    ]);
  });

  it('angle-bracket nested types (BigQuery, Hive, Flink SQL) keep the table fact alone; plain lists do not', async () => {
    expect(await columns('CREATE TABLE ds.t (x INT64 NOT NULL, y STRUCT<a INT64, b STRING>)', 'bigquery')).toEqual([[null, null, null, null, false]]);
    expect(await columns('CREATE TABLE t (m MAP<STRING, INT>, id INT)', 'hive')).toEqual([[null, null, null, null, false]]);
    expect(await columns('CREATE TABLE ds.t (x INT64 NOT NULL, y STRING)', 'bigquery')).toEqual([
      [null, null, null, null, false],
      ['x', 'int64', null, null, true],
      ['y', 'string', null, null, false],
    ]);
  });

  it('CREATE TABLE ... AS SELECT gives only the table fact', async () => {
    expect((await ddlOf('CREATE TABLE t2 AS SELECT a FROM t', 'sqlite')).map((d) => [d.operation, d.column])).toEqual([['create_table_as', null]]);
  });

  it('a catalog replaying a SQLite migration knows the columns, so `*` expands', async () => {
    const catalog = createCatalog();
    catalog.replay(await analyze('CREATE TABLE t (id INTEGER PRIMARY KEY, email TEXT)', { dialect: 'sqlite' }));
    const r = await analyze('SELECT * FROM t', { dialect: 'sqlite', catalog });
    expect(r.statements[0].outputs.map((o) => [o.name, o.shape])).toEqual([
      ['id', 'column'],
      ['email', 'column'],
    ]);
  });
});
