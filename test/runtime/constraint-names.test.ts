// Constraints on several columns (DdlFact.columns / includedColumns) and the default names Postgres
// gives them; RENAME CONSTRAINT (DdlFact.oldName) followed by the file state and the catalog; a
// fact per inline constraint of a column.
import { beforeAll, describe, expect, it } from 'vitest';
import type { DdlFact, Dialect } from '../../runtime/facts/types.js';
import { analyze, createCatalog, loadPostgres, type Catalog } from '../../runtime/index.js';
import { declaredConstraint, type ConstraintDdl } from '../../runtime/catalog/constraints.js';
import { replayInput } from '../../runtime/catalog/replay-input.js';

beforeAll(async () => {
  await loadPostgres();
});

const run = async (sql: string, dialect: Dialect = 'postgres', catalog?: Catalog) => (await analyze(sql, { dialect, catalog })).statements;

/** the name declaredConstraint gives an unnamed constraint of `public.<table>` */
function defaultName(table: string, constraintType: ConstraintDdl['constraintType'], columns: string[], includedColumns: string[] = []): string | null {
  const d: ConstraintDdl = { operation: 'add_constraint', table: `public.${table}`, column: columns.length === 1 ? columns[0] : null, columns, includedColumns, objectName: null, oldName: null, constraintType };
  return declaredConstraint(d)?.name ?? null;
}

const bytes = (s: string) => new TextEncoder().encode(s).length;

describe('Postgres default constraint names', () => {
  it('join every column of the key', () => {
    expect(defaultName('orders', 'foreign_key', ['tenant_id', 'user_id'])).toBe('orders_tenant_id_user_id_fkey');
    expect(defaultName('orders', 'unique', ['tenant_id', 'number'])).toBe('orders_tenant_id_number_key');
    expect(defaultName('bookings', 'exclusion', ['room_id', 'during'])).toBe('bookings_room_id_during_excl');
    expect(defaultName('orders', 'primary_key', ['tenant_id', 'id'])).toBe('orders_pkey');
  });

  it('name a UNIQUE or EXCLUDE after its INCLUDE columns too, a repeated column numbered', () => {
    expect(defaultName('orders', 'unique', ['tenant_id', 'number'], ['status'])).toBe('orders_tenant_id_number_status_key');
    expect(defaultName('t', 'exclusion', ['a', 'a', 'a'])).toBe('t_a_a1_a2_excl');
    // a foreign key's columns are not deduplicated (ChooseForeignKeyConstraintNameAddition)
    expect(defaultName('t', 'foreign_key', ['a', 'a'])).toBe('t_a_a_fkey');
  });

  it('are cut to 63 bytes, the longer part first', () => {
    const long = defaultName('a'.repeat(40), 'foreign_key', ['b'.repeat(40)]);
    expect(long).toBe(`${'a'.repeat(29)}_${'b'.repeat(28)}_fkey`);
    expect(defaultName('p'.repeat(63), 'primary_key', ['id'])).toBe(`${'p'.repeat(58)}_pkey`);
    // many columns: the joined names stop once 64 bytes are reached, then the table keeps its name
    const cols = ['c'.repeat(20), 'd'.repeat(20), 'e'.repeat(20), 'f'.repeat(20), 'g'.repeat(20)];
    const many = defaultName('orders', 'foreign_key', cols)!;
    expect(many).toBe(`orders_${[...cols].join('_').slice(0, 51)}_fkey`);
    expect(bytes(many)).toBe(63);
  });

  it('never cut a character in two', () => {
    const name = defaultName('é'.repeat(30), 'foreign_key', ['c'.repeat(20)])!;
    // 60 bytes of table would keep 37: 18 characters (36 bytes) fit
    expect(name).toBe(`${'é'.repeat(18)}_${'c'.repeat(20)}_fkey`);
    expect(bytes(name)).toBe(62);
  });

  it('are not guessed when an element of the key is an expression', async () => {
    expect(defaultName('bookings', 'exclusion', [])).toBeNull();
    const [s] = await run('ALTER TABLE bookings ADD EXCLUDE USING gist (room_id WITH =, tstzrange(starts, ends) WITH &&)');
    expect(s.ddl[0]).toMatchObject({ operation: 'add_exclusion', column: null, columns: [] });
  });
});

describe('DROP CONSTRAINT of an unnamed constraint on several columns', () => {
  it('is known from the file', async () => {
    const st = await run(
      'CREATE TABLE shipments (id int, order_id int, line_no int, period tstzrange,' +
        ' FOREIGN KEY (order_id, line_no) REFERENCES order_items (order_id, line_no),' +
        ' UNIQUE (order_id, line_no) INCLUDE (id), EXCLUDE USING gist (order_id WITH =, period WITH &&));' +
        'ALTER TABLE shipments DROP CONSTRAINT shipments_order_id_line_no_fkey, DROP CONSTRAINT shipments_order_id_line_no_id_key,' +
        ' DROP CONSTRAINT shipments_order_id_period_excl, DROP CONSTRAINT shipments_order_id_line_no_key',
    );
    expect(st[0].ddl.slice(-3).map((d) => [d.constraintType, d.column, d.columns, d.includedColumns])).toEqual([
      ['foreign_key', null, ['order_id', 'line_no'], []],
      ['unique', null, ['order_id', 'line_no'], ['id']],
      ['exclusion', null, ['order_id', 'period'], []],
    ]);
    expect(st[1].ddl.map((d) => [d.objectName, d.constraintType])).toEqual([
      ['shipments_order_id_line_no_fkey', 'foreign_key'],
      ['shipments_order_id_line_no_id_key', 'unique'],
      ['shipments_order_id_period_excl', 'exclusion'],
      ['shipments_order_id_line_no_key', null],
    ]);
  });

  it('is known from the catalog', async () => {
    const catalog = createCatalog();
    catalog.replay(await analyze('ALTER TABLE shipments ADD FOREIGN KEY (order_id, line_no) REFERENCES order_items (order_id, line_no) NOT VALID'));
    expect(catalog.constraintType('public.shipments', 'shipments_order_id_line_no_fkey')).toBe('foreign_key');
    const [s] = await run('ALTER TABLE shipments DROP CONSTRAINT shipments_order_id_line_no_fkey', 'postgres', catalog);
    expect(s.ddl[0].constraintType).toBe('foreign_key');
  });

  it('MySQL facts list the columns too', async () => {
    const [create] = await run('CREATE TABLE s (a int, b int, FOREIGN KEY (a, b) REFERENCES u (x, y), UNIQUE KEY uk (a, (lower(b))), PRIMARY KEY (a))', 'mysql');
    expect(create.ddl.slice(-3).map((d) => [d.constraintType, d.column, d.columns])).toEqual([
      ['foreign_key', null, ['a', 'b']],
      ['unique', null, []],
      ['primary_key', 'a', ['a']],
    ]);
    const [alter] = await run('ALTER TABLE s ADD CONSTRAINT fk FOREIGN KEY fk_idx (a, b) REFERENCES u (x, y), ADD UNIQUE INDEX (b), ADD INDEX ix (a, b(10))', 'mysql');
    expect(alter.ddl.map((d) => [d.operation, d.column, d.columns])).toEqual([
      ['add_foreign_key', null, ['a', 'b']],
      ['add_unique', 'b', ['b']],
      ['create_index', null, ['a', 'b']],
    ]);
  });
});

describe('RENAME CONSTRAINT', () => {
  const schema = 'CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint REFERENCES users (id))';

  it('says the old and the new name', async () => {
    const [s] = await run('ALTER TABLE orders RENAME CONSTRAINT orders_user_id_fkey TO orders_user_fk');
    expect(s.ddl[0]).toMatchObject({ operation: 'rename_constraint', table: 'public.orders', oldName: 'orders_user_id_fkey', objectName: 'orders_user_fk' });
  });

  it('is followed in the file: the new name is the foreign key, the old one hides the catalog', async () => {
    const catalog = createCatalog();
    catalog.replay(await analyze(schema));
    const st = await run(
      'ALTER TABLE orders RENAME CONSTRAINT orders_user_id_fkey TO orders_user_fk;' +
        'ALTER TABLE orders DROP CONSTRAINT IF EXISTS orders_user_id_fkey;' +
        'ALTER TABLE orders DROP CONSTRAINT orders_user_fk;' +
        'ALTER TABLE orders DROP CONSTRAINT IF EXISTS orders_user_fk',
      'postgres',
      catalog,
    );
    expect(st.map((s) => s.ddl[0].constraintType)).toEqual(['foreign_key', null, 'foreign_key', null]);
  });

  it('is followed for constraints declared in the same file, renamed twice', async () => {
    const st = await run(
      'CREATE TABLE t (a int, b int, FOREIGN KEY (a, b) REFERENCES u (x, y));' +
        'ALTER TABLE t RENAME CONSTRAINT t_a_b_fkey TO t_u_fk;' +
        'ALTER TABLE t RENAME CONSTRAINT t_u_fk TO t_u_fk2;' +
        'ALTER TABLE t DROP CONSTRAINT t_u_fk2, DROP CONSTRAINT t_u_fk',
    );
    expect(st[3].ddl.map((d) => [d.objectName, d.constraintType])).toEqual([
      ['t_u_fk2', 'foreign_key'],
      ['t_u_fk', null],
    ]);
  });

  it('is followed by the catalog, also through its replay projection', async () => {
    const catalog = createCatalog();
    catalog.replay(await analyze(`${schema}; ALTER TABLE orders RENAME CONSTRAINT orders_user_id_fkey TO orders_user_fk`));
    expect(catalog.constraintType('public.orders', 'orders_user_fk')).toBe('foreign_key');
    expect(catalog.constraintType('public.orders', 'orders_user_id_fkey')).toBeNull();
    // a constraint the catalog never saw keeps the type the analysis knew of it
    const later = createCatalog();
    later.replay(await analyze('ALTER TABLE orders RENAME CONSTRAINT orders_user_fk TO orders_buyer_fk', { catalog }));
    expect(later.constraintType('public.orders', 'orders_buyer_fk')).toBe('foreign_key');
  });

  it('of an unknown constraint teaches nothing', async () => {
    const st = await run('ALTER TABLE orders RENAME CONSTRAINT c1 TO c2; ALTER TABLE orders DROP CONSTRAINT c2');
    expect(st.map((s) => s.ddl[0].constraintType)).toEqual([null, null]);
  });
});

describe('a column declaring several constraints inline', () => {
  const fields = (d: DdlFact) => [d.operation, d.column, d.columns, d.constraintType, d.objectName, d.referencedTable, d.onDeleteCascade];

  it('gives a fact per constraint: the strongest on the column fact, the others after it', async () => {
    const sql = 'CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint NOT NULL UNIQUE REFERENCES users (id) ON DELETE CASCADE CONSTRAINT pos CHECK (user_id > 0))';
    const [s] = await run(sql);
    const col = s.ddl.filter((d) => d.column === 'user_id');
    expect(col.map(fields)).toEqual([
      ['create_table', 'user_id', ['user_id'], 'unique', null, null, false],
      ['create_table', 'user_id', ['user_id'], 'foreign_key', null, 'public.users', true],
      ['create_table', 'user_id', ['user_id'], 'check', 'pos', null, false],
    ]);
    // the same column, at the same place: a rule that fires on the column fires once
    for (const d of col) expect(d).toMatchObject({ span: col[0].span, columnType: 'int8', notNull: true, lock: 'SHARE ROW EXCLUSIVE', createdInFile: true });
    expect(s.tables.map((t) => t.name)).toEqual(['public.orders', 'public.users']);
  });

  it('keeps the order written for the others, the first of the strongest kind on the column fact', async () => {
    const [s] = await run('ALTER TABLE orders ADD COLUMN user_id bigint CONSTRAINT c1 CHECK (user_id > 0) REFERENCES users (id) PRIMARY KEY UNIQUE');
    expect(s.ddl.map((d) => [d.operation, d.constraintType, d.objectName, d.scan])).toEqual([
      ['add_column', 'primary_key', null, true],
      ['add_column', 'check', 'c1', true],
      ['add_column', 'foreign_key', null, true],
      ['add_column', 'unique', null, true],
    ]);
    expect(s.actions.filter((a) => a.action === 'add_column')).toHaveLength(1);
  });

  it('are each known to a later DROP CONSTRAINT of the file, by name or default name', async () => {
    const st = await run(
      'ALTER TABLE orders ADD COLUMN user_id bigint UNIQUE REFERENCES users (id);' +
        'ALTER TABLE orders DROP CONSTRAINT orders_user_id_fkey, DROP CONSTRAINT orders_user_id_key',
    );
    expect(st[1].ddl.map((d) => [d.objectName, d.constraintType])).toEqual([
      ['orders_user_id_fkey', 'foreign_key'],
      ['orders_user_id_key', 'unique'],
    ]);
  });

  it('are each known to the catalog, also through its replay projection, the column once', async () => {
    const schema = await analyze('CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint UNIQUE REFERENCES users (id)); ALTER TABLE orders ADD COLUMN coupon_id bigint UNIQUE REFERENCES coupons (id)');
    for (const input of [schema, replayInput(schema)]) {
      const catalog = createCatalog();
      catalog.replay(input);
      expect(catalog.columns('public.orders')).toEqual(['id', 'user_id', 'coupon_id']);
      expect(catalog.columnType('public.orders', 'user_id')).toBe('int8');
      expect(['orders_user_id_fkey', 'orders_user_id_key', 'orders_coupon_id_fkey', 'orders_coupon_id_key'].map((n) => catalog.constraintType('public.orders', n))).toEqual([
        'foreign_key',
        'unique',
        'foreign_key',
        'unique',
      ]);
      const [s] = await run('ALTER TABLE orders DROP CONSTRAINT orders_user_id_fkey', 'postgres', catalog);
      expect(s.ddl[0].constraintType).toBe('foreign_key');
    }
  });

  it('a column with one inline constraint or none still gives one fact', async () => {
    const [s] = await run('CREATE TABLE t (a int REFERENCES u (id) ON DELETE CASCADE, b int NOT NULL, c int UNIQUE)');
    expect(s.ddl.slice(1).map(fields)).toEqual([
      ['create_table', 'a', ['a'], 'foreign_key', null, 'public.u', true],
      ['create_table', 'b', [], null, null, null, false],
      ['create_table', 'c', ['c'], 'unique', null, null, false],
    ]);
  });
});
