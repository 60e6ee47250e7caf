// Name resolution across a file (search_path, pg_catalog), constant filters, join and alias-list
// outputs, and PL/pgSQL bodies libpg-query rejects: the edges of the evasion suite's cases.
import { beforeAll, describe, expect, it } from 'vitest';
import { loadPostgres } from '../../runtime/index.js';
import { action, actions, run, stmt } from './pg-helpers.js';

beforeAll(async () => {
  await loadPostgres();
});

describe('search_path', () => {
  it('RESET search_path goes back to public', () => {
    const r = run('SET search_path = billing; DELETE FROM a; RESET search_path; DELETE FROM a');
    expect(action(r.statements[1], 'delete').target).toBe('billing.a');
    expect(action(r.statements[3], 'delete').target).toBe('public.a');
  });

  it('a quoted set_config search_path keeps its case, "$user" is skipped', () => {
    const r = run(`SELECT set_config('search_path', '"$user", "Billing", public', false); DELETE FROM a`);
    expect(action(r.statements[1], 'delete').target).toBe('Billing.a');
  });

  it('a SET inside a function body runs later: later statements keep public', () => {
    const r = run("CREATE FUNCTION f() RETURNS void LANGUAGE sql AS $$ SELECT set_config('search_path', 'evil', false) $$; DELETE FROM a");
    expect(action(r.statements[1], 'delete').target).toBe('public.a');
  });

  it('a SET inside a DO block runs now', () => {
    const r = run('DO $$ BEGIN SET search_path = evil; END $$; DELETE FROM a');
    expect(action(r.statements[1], 'delete').target).toBe('evil.a');
  });

  it('a temporary table still resolves first', () => {
    const r = run('SET search_path = billing; CREATE TEMP TABLE t (id int); DELETE FROM t');
    expect(r.statements[2].tables[0]).toMatchObject({ name: 'public.t', temporary: true });
  });
});

describe('constant filters', () => {
  it.each([
    ['WHERE false', 'present'],
    ['WHERE false OR NULL', 'present'],
    ['WHERE 1 / 0 = 1', 'present'],
    ["WHERE 'yes'", 'trivial'],
    ["WHERE now() > '2000-01-01'", 'trivial'],
    ['WHERE id = 1 OR CASE WHEN true THEN true END', 'trivial'],
    ['WHERE id = 1 AND CASE WHEN true THEN true END', 'present'],
    ['WHERE random() < 0.5', 'present'],
  ])('DELETE FROM t %s is %s', (filter, state) => {
    expect(stmt(`DELETE FROM t ${filter}`).where).toBe(state);
  });

  it('a record variable field equal to a column is a real filter', () => {
    const s = stmt('CREATE FUNCTION f() RETURNS void LANGUAGE plpgsql AS $$ DECLARE r record; BEGIN FOR r IN SELECT id FROM t LOOP DELETE FROM a WHERE r.id = id; END LOOP; END $$');
    expect(action(s, 'delete').where).toBe('present');
  });
});

describe('outputs through USING joins and alias lists, without a catalog', () => {
  it('JOIN USING lists the merged column first, from both tables', () => {
    const s = stmt('SELECT * FROM orders JOIN users USING (id)');
    expect(s.outputs.map((o) => [o.name, o.shape])).toEqual([
      ['id', 'column'],
      ['*', 'star'],
      ['*', 'star'],
    ]);
    expect(s.outputs[0].sources).toEqual([
      { table: 'public.orders', column: 'id' },
      { table: 'public.users', column: 'id' },
    ]);
  });

  it('a renamed column of an unknown table is some column of it (star)', () => {
    const s = stmt('SELECT * FROM users AS u(a)');
    expect(s.outputs.map((o) => [o.name, o.shape, o.sources])).toEqual([
      ['a', 'star', [{ table: 'public.users', column: '*' }]],
      ['*', 'star', [{ table: 'public.users', column: '*' }]],
    ]);
  });
});

describe('objects by role, and tables by name in a string', () => {
  it('REASSIGN OWNED BY hands everything over: alter_owner', () => {
    const s = stmt('REASSIGN OWNED BY a TO b');
    expect(actions(s)).toEqual(['alter_owner']);
    expect(s.ddl[0]).toMatchObject({ operation: 'alter_owner', objectName: 'b' });
  });

  it('DROP OWNED BY is one drop_table per role', () => {
    const s = stmt('DROP OWNED BY a, b');
    expect(s.ddl.map((d) => [d.operation, d.objectName, d.cascade])).toEqual([
      ['drop_table', 'a', false],
      ['drop_table', 'b', false],
    ]);
  });

  it('table_to_xml reads a schema-qualified, quoted name', () => {
    const s = stmt(`SELECT table_to_xml('Billing."Invoices"', true, false, '') AS x`);
    expect(s.tables.map((t) => t.name)).toEqual(['billing.Invoices']);
    expect(s.outputs[0].sources).toEqual([{ table: 'billing.Invoices', column: '*' }]);
  });
});

describe('a PL/pgSQL body libpg-query rejects', () => {
  const body = (b: string) => `CREATE FUNCTION f() RETURNS void LANGUAGE plpgsql AS $$ ${b} $$`;

  it('still shows its statements, its loop query and a constant EXECUTE, and stays opaque', () => {
    const s = stmt(body("DECLARE r users%ROWTYPE; BEGIN r.email := 'x'; FOR x IN SELECT id FROM t LOOP UPDATE b SET y = 1; END LOOP; EXECUTE 'DROP TABLE z'; END"));
    expect(s.actions.filter((a) => a.nested).map((a) => `${a.action} ${a.target} ${a.via}`)).toEqual([
      'select public.t function_body',
      'update public.b function_body',
      'drop_table public.z dynamic',
      'dynamic_sql null function_body',
    ]);
  });

  it('SELECT ... INTO a record field is not a new table', () => {
    const s = stmt(body('DECLARE r users%ROWTYPE; BEGIN SELECT email INTO r.email FROM users; END'));
    expect(actions(s)).not.toContain('select_into');
    expect(s.tables.map((t) => t.name)).toEqual(['public.users']);
  });
});
