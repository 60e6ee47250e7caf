// TableFact.qualified, DdlFact.referencedTable / nested / via, constraint types known from the file
// and the catalog, and the DDL actions added with them.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Dialect } from '../../runtime/facts/types.js';
import { analyze, createCatalog, loadPostgres, type Catalog } from '../../runtime/index.js';

beforeAll(async () => {
  await loadPostgres();
});

const run = async (sql: string, dialect: Dialect = 'postgres', catalog?: Catalog) => (await analyze(sql, { dialect, catalog })).statements;
const last = async (sql: string, dialect: Dialect = 'postgres', catalog?: Catalog) => (await run(sql, dialect, catalog)).at(-1)!;

describe('TableFact.qualified', () => {
  it('is true only when every mention of the table names its schema', async () => {
    const s = await last('SELECT 1 FROM billing.orders o JOIN users u ON u.id = o.user_id JOIN public.items i ON i.id = o.item_id');
    expect(s.tables.map((t) => [t.name, t.qualified])).toEqual([
      ['billing.orders', true],
      ['public.users', false],
      ['public.items', true],
    ]);
    const mixed = await last('SELECT 1 FROM public.users a JOIN users b ON a.id = b.id');
    expect(mixed.tables.map((t) => [t.name, t.qualified])).toEqual([['public.users', false]]);
  });

  it('covers DDL targets and referenced tables; a search_path default is not written', async () => {
    const s = await last('ALTER TABLE app.orders ADD COLUMN user_id bigint REFERENCES users (id)');
    expect(s.tables.map((t) => [t.name, t.qualified])).toEqual([
      ['app.orders', true],
      ['public.users', false],
    ]);
    const path = await last('SET search_path = app; CREATE TABLE orders (id int)');
    expect(path.tables.map((t) => [t.name, t.qualified])).toEqual([['app.orders', false]]);
  });

  it('MySQL: a database name is the schema', async () => {
    const s = await last('SELECT * FROM shop.orders JOIN users ON users.id = orders.user_id', 'mysql');
    expect(s.tables.map((t) => [t.name, t.qualified])).toEqual([
      ['shop.orders', true],
      ['users', false],
    ]);
  });

  it('unparsed statements read it from the written name', async () => {
    const s = await last('DELETE FROM app.orders WHERE garbage garbage (');
    expect(s.parsed).toBe(false);
    expect(s.tables.map((t) => [t.name, t.qualified])).toEqual([['app.orders', true]]);
  });
});

describe('DdlFact.referencedTable', () => {
  it('names the referenced table of every form of foreign key, qualified', async () => {
    const s = await last(
      'CREATE TABLE orders (id int, user_id int REFERENCES users (id), acct int, FOREIGN KEY (acct) REFERENCES billing.accounts (id))',
    );
    expect(s.ddl.map((d) => [d.column, d.constraintType, d.referencedTable])).toEqual([
      [null, null, null],
      ['id', null, null],
      ['user_id', 'foreign_key', 'public.users'],
      ['acct', null, null],
      ['acct', 'foreign_key', 'billing.accounts'],
    ]);
    const add = await last('ALTER TABLE orders ADD CONSTRAINT fk FOREIGN KEY (a) REFERENCES "Users" (id) NOT VALID');
    expect(add.ddl[0].referencedTable).toBe('public.Users');
    const check = await last('ALTER TABLE orders ADD CONSTRAINT c CHECK (a > 0)');
    expect(check.ddl[0].referencedTable).toBeNull();
  });

  it('MySQL', async () => {
    const s = await last('ALTER TABLE orders ADD CONSTRAINT fk FOREIGN KEY (user_id) REFERENCES shop.users (id)', 'mysql');
    expect(s.ddl[0]).toMatchObject({ operation: 'add_foreign_key', constraintType: 'foreign_key', referencedTable: 'shop.users' });
  });
});

describe('DROP CONSTRAINT knows the constraint type when it was declared', () => {
  it('earlier in the file, by name or by Postgres default name', async () => {
    const st = await run(
      'CREATE TABLE orders (id int PRIMARY KEY, user_id int REFERENCES users (id), email text UNIQUE, qty int CHECK (qty > 0), CONSTRAINT named_fk FOREIGN KEY (x) REFERENCES t (id));' +
        'ALTER TABLE orders DROP CONSTRAINT orders_pkey, DROP CONSTRAINT orders_user_id_fkey, DROP CONSTRAINT orders_email_key, DROP CONSTRAINT orders_qty_check, DROP CONSTRAINT named_fk, DROP CONSTRAINT unknown',
    );
    expect(st[1].ddl.map((d) => [d.objectName, d.constraintType])).toEqual([
      ['orders_pkey', 'primary_key'],
      ['orders_user_id_fkey', 'foreign_key'],
      ['orders_email_key', 'unique'],
      ['orders_qty_check', 'check'],
      ['named_fk', 'foreign_key'],
      ['unknown', null],
    ]);
  });

  it('in the catalog, following dropped constraints and renamed tables', async () => {
    const catalog = createCatalog();
    catalog.replay(
      await analyze(
        'CREATE TABLE orders (id int, user_id int REFERENCES users (id));' +
          'ALTER TABLE orders ADD CONSTRAINT orders_item_fk FOREIGN KEY (item_id) REFERENCES items (id);' +
          'ALTER TABLE orders DROP CONSTRAINT orders_item_fk;' +
          'CREATE TABLE old_name (id int, CONSTRAINT old_fk FOREIGN KEY (id) REFERENCES t (id));' +
          'ALTER TABLE old_name RENAME TO new_name',
      ),
    );
    expect(catalog.constraintType('public.orders', 'orders_user_id_fkey')).toBe('foreign_key');
    expect(catalog.constraintType('public.orders', 'orders_item_fk')).toBeNull();
    expect(catalog.constraintType('public.old_name', 'old_fk')).toBeNull();
    expect(catalog.constraintType('public.new_name', 'old_fk')).toBe('foreign_key');
    const s = await last('ALTER TABLE orders DROP CONSTRAINT orders_user_id_fkey', 'postgres', catalog);
    expect(s.ddl[0].constraintType).toBe('foreign_key');
  });

  it('a dropped table forgets its constraints', async () => {
    const st = await run('CREATE TABLE t (id int PRIMARY KEY); DROP TABLE t; ALTER TABLE t DROP CONSTRAINT t_pkey');
    expect(st[2].ddl[0].constraintType).toBeNull();
  });

  it('MySQL DROP FOREIGN KEY / PRIMARY KEY say it themselves', async () => {
    const s = await last('ALTER TABLE orders DROP FOREIGN KEY fk_user, DROP PRIMARY KEY', 'mysql');
    expect(s.ddl.map((d) => [d.operation, d.constraintType])).toEqual([
      ['drop_constraint', 'foreign_key'],
      ['drop_constraint', 'primary_key'],
    ]);
  });

  it('RENAME CONSTRAINT is rename_constraint, with the type of the renamed one', async () => {
    const st = await run('CREATE TABLE t (id int, u int REFERENCES u (id)); ALTER TABLE t RENAME CONSTRAINT t_u_fkey TO t_user_fk');
    expect(st[1].ddl[0]).toMatchObject({ operation: 'rename_constraint', objectName: 't_user_fk', constraintType: 'foreign_key' });
    expect(st[1].actions.map((a) => a.action)).toEqual(['rename_constraint']);
  });
});

describe('DdlFact.nested and via', () => {
  it('function bodies run later, DO blocks now', async () => {
    const fn = await last("CREATE FUNCTION f() RETURNS void LANGUAGE plpgsql AS $$ BEGIN ALTER TABLE t ADD COLUMN c int; EXECUTE 'DROP TABLE x'; END $$");
    expect(fn.ddl.map((d) => [d.operation, d.nested, d.via])).toEqual([
      ['create_function', false, 'top'],
      ['add_column', true, 'function_body'],
      ['drop_table', true, 'function_body'],
    ]);
    const doBlock = await last('DO $$ BEGIN ALTER TABLE t ADD COLUMN c int; END $$');
    expect(doBlock.ddl.map((d) => [d.operation, d.nested, d.via])).toEqual([['add_column', true, 'do_block']]);
    const top = await last('ALTER TABLE t ADD COLUMN c int');
    expect(top.ddl.map((d) => [d.nested, d.via])).toEqual([[false, 'top']]);
  });
});

describe('new DDL actions', () => {
  it.each([
    ['DROP TYPE IF EXISTS mood', 'drop_type', 'public.mood'],
    ['DROP DOMAIN posint CASCADE', 'drop_domain', 'public.posint'],
    ['DROP RULE r ON t', 'drop_rule', 'public.t'],
    ['ALTER POLICY p ON t USING (true)', 'alter_policy', 'public.t'],
    ['ALTER INDEX i RENAME TO j', 'rename_index', 'public.i'],
    ['ALTER TABLE t RENAME CONSTRAINT c TO d', 'rename_constraint', 'public.t'],
  ])('%s', async (sql, action, target) => {
    const s = await last(sql);
    expect(s.actions.map((a) => [a.action, a.target])).toEqual([[action, target]]);
    expect(s.ddl.map((d) => d.operation)).toEqual([action]);
  });

  it.each([
    ['DROP TYPE mood garbage (', 'drop_type'],
    ['DROP DOMAIN posint garbage (', 'drop_domain'],
    ['DROP RULE r ON t garbage (', 'drop_rule'],
    ['ALTER POLICY p ON t garbage (', 'alter_policy'],
    ['ALTER INDEX i RENAME TO j garbage (', 'rename_index'],
  ])('unparsed: %s', async (sql, action) => {
    const s = await last(sql);
    expect(s.parsed).toBe(false);
    expect(s.actions.map((a) => a.action)).toEqual([action]);
  });

  it('MySQL RENAME INDEX / KEY / CONSTRAINT', async () => {
    const s = await last('ALTER TABLE t RENAME INDEX a TO b, RENAME KEY c TO d', 'mysql');
    expect(s.ddl.map((d) => d.operation)).toEqual(['rename_index', 'rename_index']);
  });

  it('DROP TYPE keeps IF EXISTS and CASCADE', async () => {
    expect((await last('DROP TYPE IF EXISTS mood')).ddl[0].ifExists).toBe(true);
    expect((await last('DROP DOMAIN posint CASCADE')).ddl[0].cascade).toBe(true);
  });
});
