import { beforeAll, describe, expect, it } from 'vitest';
import { ddl, ddlOf, ddlWithColumnTypes, loadParser, noSpan, one, runDdl, textOf } from './ddl-helpers.js';

beforeAll(loadParser);

describe('CREATE TABLE', () => {
  const sql =
    'CREATE TABLE IF NOT EXISTS app.orders (' +
    'id bigserial PRIMARY KEY, ' +
    'qty int NOT NULL DEFAULT 1, ' +
    'customer_id bigint CONSTRAINT orders_customer_fk REFERENCES customers (id) ON DELETE CASCADE, ' +
    'created_at timestamptz DEFAULT now(), ' +
    'seq int GENERATED ALWAYS AS IDENTITY, ' +
    'double_qty int GENERATED ALWAYS AS (qty * 2) STORED, ' +
    'code char(3) UNIQUE, ' +
    'token uuid DEFAULT gen_random_uuid(), ' +
    'CONSTRAINT qty_positive CHECK (qty > 0), ' +
    'FOREIGN KEY (qty) REFERENCES other (n))';
  const s = one(sql);
  const created = { table: 'app.orders', createdInFile: true, ifNotExists: true };

  it('records the action and the created table', () => {
    expect(s.handled).toBe(true);
    expect(s.out.actions.map((a) => [a.action, a.target, a.nested, a.via])).toEqual([['create_table', 'app.orders', false, 'top']]);
    expect(textOf(sql, s.out.actions[0].span)).toBe('app.orders');
    const t = s.out.tables.find((x) => x.name === 'app.orders');
    expect(t && noSpan(t)).toEqual({
      kind: 'table',
      name: 'app.orders',
      schema: 'app',
      table: 'orders',
      access: ['ddl'],
      createdInFile: true,
      temporary: false,
      qualified: true,
    });
  });

  it('lists referenced tables as ddl (their foreign keys add triggers there)', () => {
    expect(s.out.tables.map((t) => [t.name, t.access])).toEqual([
      ['app.orders', ['ddl']],
      ['public.customers', ['ddl']],
      ['public.other', ['ddl']],
    ]);
    expect(textOf(sql, s.out.tables[1].span)).toBe('customers');
  });

  it('has one fact for the table, one per column and one per table constraint', () => {
    expect(s.out.ddl.map(noSpan)).toEqual([
      ddl({ operation: 'create_table', ...created }),
      ddl({ operation: 'create_table', ...created, column: 'id', columnType: 'bigserial', hasDefault: true, defaultVolatility: 'volatile', notNull: true, generated: 'serial', constraintType: 'primary_key', columns: ['id'] }),
      ddl({ operation: 'create_table', ...created, column: 'qty', columnType: 'int4', hasDefault: true, defaultVolatility: 'immutable', notNull: true }),
      ddl({ operation: 'create_table', ...created, column: 'customer_id', columns: ['customer_id'], columnType: 'int8', constraintType: 'foreign_key', objectName: 'orders_customer_fk', onDeleteCascade: true, lock: 'SHARE ROW EXCLUSIVE', referencedTable: 'public.customers' }),
      ddl({ operation: 'create_table', ...created, column: 'created_at', columnType: 'timestamptz', hasDefault: true, defaultVolatility: 'stable' }),
      ddl({ operation: 'create_table', ...created, column: 'seq', columnType: 'int4', hasDefault: true, defaultVolatility: 'volatile', notNull: true, generated: 'identity' }),
      ddl({ operation: 'create_table', ...created, column: 'double_qty', columnType: 'int4', hasDefault: true, defaultVolatility: 'immutable', generated: 'stored' }),
      ddl({ operation: 'create_table', ...created, column: 'code', columns: ['code'], columnType: 'bpchar(3)', constraintType: 'unique' }),
      ddl({ operation: 'create_table', ...created, column: 'token', columnType: 'uuid', hasDefault: true, defaultVolatility: 'volatile' }),
      ddl({ operation: 'create_table', ...created, constraintType: 'check', objectName: 'qty_positive', column: null }),
      ddl({ operation: 'create_table', ...created, constraintType: 'foreign_key', column: 'qty', columns: ['qty'], lock: 'SHARE ROW EXCLUSIVE', referencedTable: 'public.other' }),
    ]);
  });

  it('points column facts at the column and constraint facts at the constraint', () => {
    expect(textOf(sql, s.out.ddl[0].span)).toBe('app.orders');
    expect(textOf(sql, s.out.ddl[1].span)).toBe('id');
    expect(textOf(sql, s.out.ddl[4].span)).toBe('created_at');
    expect(textOf(sql, s.out.ddl[9].span)).toBe('CONSTRAINT');
  });

  it('walks defaults, generated expressions and checks', () => {
    expect(s.walked.length).toBe(5); // 1, now(), qty * 2, gen_random_uuid(), qty > 0
  });

  it('marks the table created for later statements', () => {
    const [, alter] = runDdl('CREATE TABLE t (a int); ALTER TABLE t ADD COLUMN b int NOT NULL');
    expect(alter.out.ddl[0].createdInFile).toBe(true);
    expect(alter.out.tables[0].createdInFile).toBe(true);
  });

  it('knows temporary tables', () => {
    const t = one('CREATE TEMP TABLE tmp (a int)').out.tables[0];
    expect(t.temporary).toBe(true);
    expect(one('CREATE UNLOGGED TABLE u (a int)').out.tables[0].temporary).toBe(false);
  });

  it('PARTITION OF attaches to the parent under ACCESS EXCLUSIVE', () => {
    const p = one('CREATE TABLE m_2024 PARTITION OF m FOR VALUES FROM (1) TO (10)', ['public.m']);
    expect(p.out.actions.map((a) => [a.action, a.target])).toEqual([
      ['create_table', 'public.m_2024'],
      ['attach_partition', 'public.m'],
    ]);
    expect(p.out.ddl.map(noSpan)).toEqual([
      ddl({ operation: 'create_table', table: 'public.m_2024', createdInFile: true }),
      ddl({ operation: 'attach_partition', table: 'public.m', createdInFile: true, lock: 'ACCESS EXCLUSIVE', objectName: 'public.m_2024' }),
    ]);
  });

  it('LIKE reads the source table', () => {
    const l = one('CREATE TABLE c (LIKE src INCLUDING ALL)');
    expect(l.out.tables.map((t) => [t.name, t.access])).toEqual([
      ['public.c', ['ddl']],
      ['public.src', ['read']],
    ]);
  });
});

describe('CREATE TABLE AS / MATERIALIZED VIEW', () => {
  it('CREATE TABLE AS creates and fills the table, runs the query and walks it', () => {
    const s = one('CREATE TABLE IF NOT EXISTS copy AS SELECT * FROM src JOIN other USING (id)');
    expect(s.out.actions.map((a) => [a.action, a.target, a.nested, a.via])).toEqual([
      ['create_table_as', 'public.copy', false, 'top'],
      ['select', 'public.src', true, 'create_table_as'],
    ]);
    expect(s.out.tables.map((t) => [t.name, t.access])).toEqual([['public.copy', ['ddl', 'write']]]);
    expect(s.out.ddl.map(noSpan)).toEqual([ddl({ operation: 'create_table_as', table: 'public.copy', createdInFile: true, ifNotExists: true })]);
    expect(s.walked).toHaveLength(1);
    expect(Object.keys(s.walked[0] as object)).toEqual(['SelectStmt']);
  });

  it('CREATE TEMP TABLE AS is temporary', () => {
    expect(one('CREATE TEMP TABLE x AS SELECT 1').out.tables[0].temporary).toBe(true);
  });

  it('a CTE is not the table a CREATE TABLE AS reads first', () => {
    expect(one('CREATE TABLE c AS WITH src AS (SELECT 1) SELECT * FROM src').out.actions[1].target).toBeNull();
    expect(one('CREATE TABLE c AS SELECT 1 UNION SELECT a FROM t').out.actions[1].target).toBeNull();
  });

  it('CREATE MATERIALIZED VIEW', () => {
    const s = one('CREATE MATERIALIZED VIEW mv AS SELECT 1 WITH NO DATA');
    expect(s.out.actions.map((a) => a.action)).toEqual(['create_materialized_view']);
    expect(s.out.tables[0].access).toEqual(['ddl']);
    expect(noSpan(s.out.ddl[0])).toEqual(ddl({ operation: 'create_materialized_view', table: 'public.mv', createdInFile: true }));
    expect(runDdl('CREATE MATERIALIZED VIEW mv AS SELECT 1; REFRESH MATERIALIZED VIEW mv')[1].out.ddl[0].createdInFile).toBe(true);
  });
});

describe('ALTER TABLE: one fact per subcommand', () => {
  const T = { table: 'public.t' };
  const AE = 'ACCESS EXCLUSIVE' as const;
  const cases: [string, ReturnType<typeof ddl>][] = [
    // ADD COLUMN (Postgres 11+: a non-volatile default needs no rewrite)
    ['ALTER TABLE t ADD COLUMN c int', ddl({ operation: 'add_column', ...T, lock: AE, column: 'c', columnType: 'int4' })],
    ['ALTER TABLE t ADD COLUMN IF NOT EXISTS c text DEFAULT \'x\'', ddl({ operation: 'add_column', ...T, lock: AE, column: 'c', columnType: 'text', ifNotExists: true, hasDefault: true, defaultVolatility: 'immutable' })],
    ['ALTER TABLE t ADD COLUMN c timestamptz DEFAULT now()', ddl({ operation: 'add_column', ...T, lock: AE, column: 'c', columnType: 'timestamptz', hasDefault: true, defaultVolatility: 'stable' })],
    ['ALTER TABLE t ADD COLUMN c uuid DEFAULT gen_random_uuid()', ddl({ operation: 'add_column', ...T, lock: AE, column: 'c', columnType: 'uuid', hasDefault: true, defaultVolatility: 'volatile', rewrite: true, scan: true })],
    ['ALTER TABLE t ADD COLUMN c int NOT NULL', ddl({ operation: 'add_column', ...T, lock: AE, column: 'c', columnType: 'int4', notNull: true, scan: true })],
    ['ALTER TABLE t ADD COLUMN c int NOT NULL DEFAULT 0', ddl({ operation: 'add_column', ...T, lock: AE, column: 'c', columnType: 'int4', notNull: true, hasDefault: true, defaultVolatility: 'immutable' })],
    ['ALTER TABLE t ADD COLUMN id serial', ddl({ operation: 'add_column', ...T, lock: AE, column: 'id', columnType: 'serial', notNull: true, hasDefault: true, defaultVolatility: 'volatile', generated: 'serial', rewrite: true, scan: true })],
    ['ALTER TABLE t ADD COLUMN id bigserial PRIMARY KEY', ddl({ operation: 'add_column', ...T, lock: AE, column: 'id', columnType: 'bigserial', notNull: true, hasDefault: true, defaultVolatility: 'volatile', generated: 'serial', constraintType: 'primary_key', columns: ['id'], rewrite: true, scan: true })],
    ['ALTER TABLE t ADD COLUMN id bigint GENERATED BY DEFAULT AS IDENTITY', ddl({ operation: 'add_column', ...T, lock: AE, column: 'id', columnType: 'int8', notNull: true, hasDefault: true, defaultVolatility: 'volatile', generated: 'identity', rewrite: true, scan: true })],
    ['ALTER TABLE t ADD COLUMN d int GENERATED ALWAYS AS (a + 1) STORED', ddl({ operation: 'add_column', ...T, lock: AE, column: 'd', columnType: 'int4', hasDefault: true, defaultVolatility: 'immutable', generated: 'stored', rewrite: true, scan: true })],
    ['ALTER TABLE t ADD COLUMN c int CHECK (c > 0)', ddl({ operation: 'add_column', ...T, lock: AE, column: 'c', columns: ['c'], columnType: 'int4', constraintType: 'check', scan: true })],
    ['ALTER TABLE t ADD COLUMN c int UNIQUE', ddl({ operation: 'add_column', ...T, lock: AE, column: 'c', columns: ['c'], columnType: 'int4', constraintType: 'unique', scan: true })],
    ['ALTER TABLE t ADD COLUMN u_id int REFERENCES u (id) ON DELETE CASCADE', ddl({ operation: 'add_column', ...T, lock: AE, column: 'u_id', columns: ['u_id'], columnType: 'int4', constraintType: 'foreign_key', onDeleteCascade: true, scan: true, referencedTable: 'public.u' })],
    ['ALTER TABLE t ADD COLUMN j json', ddl({ operation: 'add_column', ...T, lock: AE, column: 'j', columnType: 'json' })],
    // DROP COLUMN
    ['ALTER TABLE t DROP COLUMN c', ddl({ operation: 'drop_column', ...T, lock: AE, column: 'c' })],
    ['ALTER TABLE IF EXISTS t DROP COLUMN IF EXISTS c CASCADE', ddl({ operation: 'drop_column', ...T, lock: AE, column: 'c', ifExists: true, cascade: true })],
    // ALTER COLUMN TYPE: the old type is unknown, so a rewrite is assumed
    ['ALTER TABLE t ALTER COLUMN c TYPE bigint', ddl({ operation: 'alter_column_type', ...T, lock: AE, column: 'c', columnType: 'int8', rewrite: true, scan: true })],
    ['ALTER TABLE t ALTER COLUMN c SET DATA TYPE varchar(20)', ddl({ operation: 'alter_column_type', ...T, lock: AE, column: 'c', columnType: 'varchar(20)', rewrite: true, scan: true })],
    ['ALTER TABLE t ALTER c TYPE int USING c::int', ddl({ operation: 'alter_column_type', ...T, lock: AE, column: 'c', columnType: 'int4', rewrite: true, scan: true })],
    // NOT NULL
    ['ALTER TABLE t ALTER COLUMN c SET NOT NULL', ddl({ operation: 'set_not_null', ...T, lock: AE, column: 'c', notNull: true, constraintType: 'not_null', scan: true })],
    ['ALTER TABLE t ALTER COLUMN c DROP NOT NULL', ddl({ operation: 'drop_not_null', ...T, lock: AE, column: 'c' })],
    // DEFAULT
    ['ALTER TABLE t ALTER COLUMN c SET DEFAULT 0', ddl({ operation: 'set_default', ...T, lock: AE, column: 'c', hasDefault: true, defaultVolatility: 'immutable' })],
    ['ALTER TABLE t ALTER COLUMN c SET DEFAULT random()', ddl({ operation: 'set_default', ...T, lock: AE, column: 'c', hasDefault: true, defaultVolatility: 'volatile' })],
    ['ALTER TABLE t ALTER COLUMN c DROP DEFAULT', ddl({ operation: 'drop_default', ...T, lock: AE, column: 'c' })],
    // constraints
    ['ALTER TABLE t ADD CONSTRAINT fk FOREIGN KEY (u_id) REFERENCES u (id)', ddl({ operation: 'add_foreign_key', ...T, lock: 'SHARE ROW EXCLUSIVE', column: 'u_id', columns: ['u_id'], objectName: 'fk', constraintType: 'foreign_key', scan: true, referencedTable: 'public.u' })],
    ['ALTER TABLE t ADD CONSTRAINT fk FOREIGN KEY (u_id) REFERENCES u (id) ON DELETE CASCADE NOT VALID', ddl({ operation: 'add_foreign_key', ...T, lock: 'SHARE ROW EXCLUSIVE', column: 'u_id', columns: ['u_id'], objectName: 'fk', constraintType: 'foreign_key', notValid: true, onDeleteCascade: true, referencedTable: 'public.u' })],
    ['ALTER TABLE t ADD CONSTRAINT fk FOREIGN KEY (a, b) REFERENCES u (a, b) ON DELETE SET NULL', ddl({ operation: 'add_foreign_key', ...T, lock: 'SHARE ROW EXCLUSIVE', columns: ['a', 'b'], objectName: 'fk', constraintType: 'foreign_key', scan: true, referencedTable: 'public.u' })],
    ['ALTER TABLE t ADD CONSTRAINT pos CHECK (a > 0)', ddl({ operation: 'add_check', ...T, lock: AE, column: null, objectName: 'pos', constraintType: 'check', scan: true })],
    ['ALTER TABLE t ADD CONSTRAINT pos CHECK (a > 0) NOT VALID', ddl({ operation: 'add_check', ...T, lock: AE, objectName: 'pos', constraintType: 'check', notValid: true })],
    ['ALTER TABLE t ADD CONSTRAINT uq UNIQUE (a)', ddl({ operation: 'add_unique', ...T, lock: AE, column: 'a', columns: ['a'], objectName: 'uq', constraintType: 'unique', scan: true })],
    ['ALTER TABLE t ADD CONSTRAINT uq UNIQUE USING INDEX uq_idx', ddl({ operation: 'add_unique', ...T, lock: AE, objectName: 'uq', constraintType: 'unique' })],
    ['ALTER TABLE t ADD PRIMARY KEY USING INDEX pk_idx', ddl({ operation: 'add_primary_key', ...T, lock: AE, objectName: 'pk_idx', constraintType: 'primary_key', notNull: true })],
    ['ALTER TABLE t ADD PRIMARY KEY (id)', ddl({ operation: 'add_primary_key', ...T, lock: AE, column: 'id', columns: ['id'], constraintType: 'primary_key', notNull: true, scan: true })],
    ['ALTER TABLE t ADD CONSTRAINT ex EXCLUDE USING gist (r WITH &&)', ddl({ operation: 'add_exclusion', ...T, lock: AE, column: 'r', columns: ['r'], objectName: 'ex', constraintType: 'exclusion', scan: true })],
    ['ALTER TABLE t ADD EXCLUDE USING gist (room WITH =, tstzrange(a, b) WITH &&)', ddl({ operation: 'add_exclusion', ...T, lock: AE, constraintType: 'exclusion', scan: true })],
    ['ALTER TABLE t ADD UNIQUE (a, b) INCLUDE (c)', ddl({ operation: 'add_unique', ...T, lock: AE, columns: ['a', 'b'], includedColumns: ['c'], constraintType: 'unique', scan: true })],
    ['ALTER TABLE t VALIDATE CONSTRAINT fk', ddl({ operation: 'validate_constraint', ...T, lock: 'SHARE UPDATE EXCLUSIVE', objectName: 'fk', scan: true })],
    ['ALTER TABLE t DROP CONSTRAINT IF EXISTS fk CASCADE', ddl({ operation: 'drop_constraint', ...T, lock: AE, objectName: 'fk', ifExists: true, cascade: true })],
    // row-level security and ownership
    ['ALTER TABLE t ENABLE ROW LEVEL SECURITY', ddl({ operation: 'enable_rls', ...T, lock: AE })],
    ['ALTER TABLE t FORCE ROW LEVEL SECURITY', ddl({ operation: 'enable_rls', ...T, lock: AE })],
    ['ALTER TABLE t DISABLE ROW LEVEL SECURITY', ddl({ operation: 'disable_rls', ...T, lock: AE })],
    ['ALTER TABLE t NO FORCE ROW LEVEL SECURITY', ddl({ operation: 'disable_rls', ...T, lock: AE })],
    ['ALTER TABLE t OWNER TO Admin', ddl({ operation: 'alter_owner', ...T, lock: AE, objectName: 'admin' })],
    // partitions
    ['ALTER TABLE t ATTACH PARTITION p1 FOR VALUES IN (1)', ddl({ operation: 'attach_partition', ...T, lock: 'SHARE UPDATE EXCLUSIVE', objectName: 'public.p1', scan: true })],
    ['ALTER TABLE t DETACH PARTITION p1', ddl({ operation: 'detach_partition', ...T, lock: AE, objectName: 'public.p1' })],
    ['ALTER TABLE t DETACH PARTITION p1 CONCURRENTLY', ddl({ operation: 'detach_partition', ...T, lock: 'SHARE UPDATE EXCLUSIVE', objectName: 'public.p1', concurrently: true })],
    ['ALTER TABLE t DETACH PARTITION p1 FINALIZE', ddl({ operation: 'detach_partition', ...T, lock: 'SHARE UPDATE EXCLUSIVE', objectName: 'public.p1', concurrently: true })],
    // storage
    ['ALTER TABLE t SET TABLESPACE fast', ddl({ operation: 'alter_table', ...T, lock: AE, objectName: 'fast', rewrite: true, scan: true })],
    ['ALTER TABLE t SET LOGGED', ddl({ operation: 'alter_table', ...T, lock: AE, rewrite: true, scan: true })],
    ['ALTER TABLE t SET UNLOGGED', ddl({ operation: 'alter_table', ...T, lock: AE, rewrite: true, scan: true })],
    ['ALTER TABLE t SET ACCESS METHOD heap', ddl({ operation: 'alter_table', ...T, lock: AE, objectName: 'heap', rewrite: true, scan: true })],
    ['ALTER TABLE t CLUSTER ON t_idx', ddl({ operation: 'alter_table', ...T, lock: 'SHARE UPDATE EXCLUSIVE', objectName: 't_idx' })],
    ['ALTER TABLE t ALTER COLUMN c SET STATISTICS 500', ddl({ operation: 'alter_table', ...T, lock: 'SHARE UPDATE EXCLUSIVE', column: 'c' })],
    ['ALTER TABLE t ALTER COLUMN c SET STORAGE EXTERNAL', ddl({ operation: 'alter_table', ...T, lock: AE, column: 'c' })],
    ['ALTER TABLE t ALTER COLUMN c ADD GENERATED ALWAYS AS IDENTITY', ddl({ operation: 'alter_table', ...T, lock: AE, column: 'c', generated: 'identity' })],
    ['ALTER TABLE t ALTER COLUMN c DROP IDENTITY', ddl({ operation: 'alter_table', ...T, lock: AE, column: 'c' })],
    ['ALTER TABLE t ALTER COLUMN c SET EXPRESSION AS (a * 3)', ddl({ operation: 'alter_table', ...T, lock: AE, column: 'c', generated: 'stored', rewrite: true, scan: true })],
    ['ALTER TABLE t ALTER COLUMN c DROP EXPRESSION', ddl({ operation: 'alter_table', ...T, lock: AE, column: 'c' })],
    ['ALTER TABLE t INHERIT parent', ddl({ operation: 'alter_table', ...T, lock: AE, objectName: 'public.parent' })],
    ['ALTER TABLE t DISABLE TRIGGER audit', ddl({ operation: 'alter_table', ...T, lock: 'SHARE ROW EXCLUSIVE', objectName: 'audit' })],
    ['ALTER TABLE t ALTER CONSTRAINT fk DEFERRABLE', ddl({ operation: 'alter_table', ...T, lock: 'SHARE ROW EXCLUSIVE', objectName: 'fk' })],
    ['ALTER TABLE t SET (fillfactor = 50)', ddl({ operation: 'alter_table', ...T, lock: 'SHARE UPDATE EXCLUSIVE' })],
  ];

  it.each(cases)('%s', (sql, expected) => {
    const s = one(sql);
    expect(s.handled).toBe(true);
    expect(s.out.ddl.map(noSpan)).toEqual([expected]);
    // the statement's action, then the subcommand's own when it has one
    const actions = s.out.actions.map((a) => a.action);
    expect(actions[0]).toBe('alter_table');
    if (expected.operation !== 'alter_table') expect(actions).toEqual(['alter_table', expected.operation]);
    else expect(actions).toEqual(['alter_table']);
    for (const a of s.out.actions) expect(a.target).toBe('public.t');
  });

  it('reports createdInFile for a table created earlier in the file', () => {
    expect(ddlOf('ALTER TABLE t ADD COLUMN c int NOT NULL', ['public.t']).createdInFile).toBe(true);
    expect(ddlOf('ALTER TABLE t ADD COLUMN c int NOT NULL').createdInFile).toBe(false);
  });

  it('gives several subcommands one fact each, in order', () => {
    const s = one('ALTER TABLE ONLY t ADD COLUMN a int, DROP COLUMN b, ALTER COLUMN c SET NOT NULL');
    expect(s.out.ddl.map((d) => [d.operation, d.column])).toEqual([
      ['add_column', 'a'],
      ['drop_column', 'b'],
      ['set_not_null', 'c'],
    ]);
    expect(s.out.actions.map((a) => a.action)).toEqual(['alter_table', 'add_column', 'drop_column', 'set_not_null']);
  });

  it('marks data destroyed by DROP COLUMN as a write', () => {
    expect(one('ALTER TABLE t DROP COLUMN c').out.tables.map((t) => [t.name, t.access])).toEqual([['public.t', ['ddl', 'write']]]);
    expect(one('ALTER TABLE t ADD COLUMN c int').out.tables.map((t) => [t.name, t.access])).toEqual([['public.t', ['ddl']]]);
  });

  it('lists the referenced table of a new foreign key and the attached partition', () => {
    expect(one('ALTER TABLE t ADD CONSTRAINT fk FOREIGN KEY (a) REFERENCES s.u (id)').out.tables.map((t) => [t.name, t.access])).toEqual([
      ['public.t', ['ddl']],
      ['s.u', ['ddl']],
    ]);
    expect(one('ALTER TABLE t ATTACH PARTITION p FOR VALUES IN (1)').out.tables.map((t) => t.name)).toEqual(['public.t', 'public.p']);
  });

  it('points subcommand facts at the column or constraint', () => {
    const sql = 'ALTER TABLE t ADD COLUMN email text, ADD CONSTRAINT pos CHECK (a > 0), ALTER COLUMN c TYPE bigint, DROP COLUMN z';
    const s = one(sql);
    expect(s.out.ddl.map((d) => textOf(sql, d.span))).toEqual(['email', 'CONSTRAINT', 'c', sql]);
  });

  it('walks defaults, USING and CHECK expressions', () => {
    expect(one('ALTER TABLE t ADD COLUMN c int DEFAULT f()').walked).toHaveLength(1);
    expect(one('ALTER TABLE t ALTER c TYPE int USING g(c)').walked).toHaveLength(1);
    expect(one('ALTER TABLE t ADD CHECK (h(a))').walked).toHaveLength(1);
    expect(one('ALTER TABLE t ALTER c SET DEFAULT now()').walked).toHaveLength(1);
  });

  it('ALTER TYPE on a composite type is alter_type', () => {
    const s = one('ALTER TYPE comp ADD ATTRIBUTE b int');
    expect(s.out.actions.map((a) => a.action)).toEqual(['alter_type', 'add_column']);
  });
});

describe('ALTER on relations that are not tables', () => {
  it('ALTER INDEX ... SET TABLESPACE changes no table', () => {
    const s = one('ALTER INDEX i SET TABLESPACE fast');
    expect(s.out.tables).toEqual([]);
    expect(s.out.ddl.map(noSpan)).toEqual([ddl({ operation: 'alter_table', table: 'public.i', lock: 'ACCESS EXCLUSIVE', objectName: 'fast', rewrite: true, scan: true })]);
  });

  it('ALTER INDEX ... ATTACH PARTITION scans nothing and lists no table', () => {
    const s = one('ALTER INDEX parent_idx ATTACH PARTITION child_idx');
    expect(s.out.tables).toEqual([]);
    expect(s.out.ddl.map(noSpan)).toEqual([ddl({ operation: 'attach_partition', table: 'public.parent_idx', lock: 'SHARE UPDATE EXCLUSIVE', objectName: 'public.child_idx' })]);
  });

  it('ALTER MATERIALIZED VIEW keeps its table fact', () => {
    expect(one('ALTER MATERIALIZED VIEW mv OWNER TO bob').out.tables.map((t) => t.name)).toEqual(['public.mv']);
  });
});

describe('ALTER COLUMN TYPE with the old type known', () => {
  // the walker may add columnType() to the helpers (catalog or earlier DDL of the file)
  it.each([
    ['varchar(10)', 'ALTER TABLE t ALTER COLUMN c TYPE varchar(20)', false],
    ['varchar(10)', 'ALTER TABLE t ALTER COLUMN c TYPE text', false],
    ['varchar(20)', 'ALTER TABLE t ALTER COLUMN c TYPE varchar(10)', true],
    ['int4', 'ALTER TABLE t ALTER COLUMN c TYPE bigint', true],
    ['varchar(10)', 'ALTER TABLE t ALTER COLUMN c TYPE text USING trim(c)', true],
    [undefined, 'ALTER TABLE t ALTER COLUMN c TYPE text', true],
  ] as const)('from %s: %s rewrites: %s', (old, sql, rewrites) => {
    const d = ddlWithColumnTypes(sql, old === undefined ? {} : { 'public.t.c': old });
    expect(d.rewrite).toBe(rewrites);
    expect(d.scan).toBe(rewrites);
  });
});
