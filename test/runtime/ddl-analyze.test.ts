// DDL and privilege facts through the public pipeline: the walker, file state and spans.
import { describe, expect, it } from 'vitest';
import { analyze } from '../../runtime/index.js';

async function statements(sql: string) {
  const r = await analyze(sql);
  return r.statements;
}

describe('DDL facts through analyze()', () => {
  it('a migration: created tables are known to later statements, locks and rewrites are exact', async () => {
    const sql = [
      'CREATE TABLE accounts (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, email text NOT NULL);',
      'CREATE INDEX accounts_email ON accounts (email);',
      'ALTER TABLE accounts ADD COLUMN created_at timestamptz NOT NULL DEFAULT now();',
      'ALTER TABLE orders ADD COLUMN token uuid DEFAULT gen_random_uuid();',
      'CREATE INDEX orders_token ON orders (token);',
    ].join('\n');
    const [create, idx, addNew, addOld, idxOld] = await statements(sql);
    expect(create.parsed).toBe(true);
    expect(create.isDdl).toBe(true);
    expect(create.ddl.map((d) => [d.operation, d.column, d.columnType, d.generated, d.constraintType])).toEqual([
      ['create_table', null, null, null, null],
      ['create_table', 'id', 'int8', 'identity', 'primary_key'],
      ['create_table', 'email', 'text', null, null],
    ]);
    expect(idx.ddl.map((d) => [d.operation, d.table, d.createdInFile, d.lock, d.concurrently])).toEqual([
      ['create_index', 'public.accounts', true, 'SHARE', false],
    ]);
    expect(addNew.ddl.map((d) => [d.operation, d.createdInFile, d.rewrite, d.scan, d.defaultVolatility])).toEqual([
      ['add_column', true, false, false, 'stable'],
    ]);
    expect(addOld.ddl.map((d) => [d.operation, d.createdInFile, d.lock, d.rewrite, d.defaultVolatility])).toEqual([
      ['add_column', false, 'ACCESS EXCLUSIVE', true, 'volatile'],
    ]);
    expect(idxOld.ddl[0].createdInFile).toBe(false);
    // spans point into the whole text
    expect(sql.slice(addOld.ddl[0].span.start, addOld.ddl[0].span.end)).toBe('token');
    expect(addOld.ddl[0].span.line).toBe(4);
  });

  it('destructive statements: actions, writes and table facts', async () => {
    const [drop, trunc] = await statements('DROP TABLE IF EXISTS old CASCADE; TRUNCATE a, b CASCADE;');
    expect(drop.actions.map((a) => [a.action, a.target])).toEqual([['drop_table', 'public.old']]);
    expect(drop.writes).toBe(true);
    expect(drop.ddl[0]).toMatchObject({ operation: 'drop_table', ifExists: true, cascade: true, lock: 'ACCESS EXCLUSIVE' });
    expect(trunc.actions.map((a) => [a.action, a.target])).toEqual([
      ['truncate', 'public.a'],
      ['truncate', 'public.b'],
    ]);
    expect(trunc.writes).toBe(true);
    expect(trunc.tables.map((t) => [t.name, t.access])).toEqual([
      ['public.a', ['ddl', 'write']],
      ['public.b', ['ddl', 'write']],
    ]);
    expect(trunc.ddl.every((d) => d.cascade)).toBe(true);
  });

  it('CREATE INDEX CONCURRENTLY inside a transaction', async () => {
    const [, idx] = await statements('BEGIN; CREATE INDEX CONCURRENTLY i ON t (a); COMMIT;');
    expect(idx.transaction.inExplicitTransaction).toBe(true);
    expect(idx.ddl[0]).toMatchObject({ operation: 'create_index', concurrently: true, lock: 'SHARE UPDATE EXCLUSIVE' });
  });

  it('privileges and roles', async () => {
    const [grant, role, setRole, set] = await statements(
      'GRANT ALL ON ALL TABLES IN SCHEMA public TO PUBLIC; CREATE ROLE etl SUPERUSER LOGIN; SET ROLE etl; SET work_mem = 1;',
    );
    expect(grant.privileges.map((p) => [p.operation, p.privileges, p.objectType, p.objects, p.grantees])).toEqual([
      ['grant', ['all'], 'all_tables_in_schema', ['public'], ['public']],
    ]);
    expect(grant.statementKind).toBe('grant');
    expect(role.roles.map((r) => [r.operation, r.role, r.attributes])).toEqual([['create_role', 'etl', ['superuser', 'login']]]);
    expect(setRole.roles.map((r) => [r.operation, r.role])).toEqual([['set_role', 'etl']]);
    expect(setRole.actions.map((a) => a.action)).toEqual(['set_role']);
    expect(set.roles).toEqual([]);
    expect(set.actions.map((a) => [a.action, a.target])).toEqual([['set', 'work_mem']]);
  });

  it('row-level security and ownership', async () => {
    const [rls] = await statements('ALTER TABLE t DISABLE ROW LEVEL SECURITY, NO FORCE ROW LEVEL SECURITY, OWNER TO bob;');
    expect(rls.actions.map((a) => a.action)).toEqual(['alter_table', 'disable_rls', 'disable_rls', 'alter_owner']);
  });

  it('views and CTAS record what their query reads', async () => {
    const [v] = await statements('CREATE VIEW active AS SELECT id FROM users WHERE active;');
    expect(v.actions[0]).toMatchObject({ action: 'create_view', target: 'public.active' });
    expect(v.tables.map((t) => [t.name, t.access])).toEqual(
      expect.arrayContaining([
        ['public.active', ['ddl']],
        ['public.users', ['read']],
      ]),
    );
  });

  it('enum and type changes carry their position', async () => {
    const [add, rename] = await statements("ALTER TYPE mood ADD VALUE 'meh' AFTER 'ok'; ALTER TYPE mood RENAME VALUE 'sad' TO 'blue';");
    expect(add.ddl.map((d) => [d.operation, d.table, d.objectName, d.column])).toEqual([['alter_enum', 'public.mood', 'meh after ok', null]]);
    expect(rename.ddl.map((d) => [d.operation, d.objectName, d.column])).toEqual([['alter_enum', 'blue', 'sad']]);
  });

  it('quoted identifiers keep their case, unquoted ones are lowercased', async () => {
    const [s] = await statements('ALTER TABLE "Sales"."Orders" ADD COLUMN "Total" numeric(12,2);');
    expect(s.ddl[0]).toMatchObject({ table: 'Sales.Orders', column: 'Total', columnType: 'numeric(12,2)' });
    const [u] = await statements('ALTER TABLE Sales.Orders ADD COLUMN Total int;');
    expect(u.ddl[0]).toMatchObject({ table: 'sales.orders', column: 'total', columnType: 'int4' });
  });

  it('non-ASCII text before a statement keeps spans in UTF-16 offsets', async () => {
    const sql = "COMMENT ON TABLE t IS 'día ☃'; ALTER TABLE t ADD COLUMN né int;";
    const [, alter] = await statements(sql);
    const d = alter.ddl[0];
    expect(sql.slice(d.span.start, d.span.end)).toBe('né');
  });
});
