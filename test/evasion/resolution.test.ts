// Naming the object acted on: a policy written for `billing.invoices` or `pg_catalog.pg_authid`
// must see that name, however the statement spells or reaches it; and statements that destroy or
// read whole sets of objects by a name in a string must say so.
import { describe, expect, it } from 'vitest';
import { expectAction, only, pg } from './helpers.js';

describe('schema resolution', () => {
  it.each(['DELETE FROM "public"."users"', 'DELETE FROM PUBLIC.USERS', 'DELETE FROM public . users', 'DELETE FROM public/**/./**/users'])(
    '%s targets public.users',
    async (sql) => {
      expectAction(only(await pg(sql)), { action: 'delete', target: 'public.users' });
    },
  );

  it('a quoted mixed-case name keeps its case', async () => {
    expectAction(only(await pg('DROP TABLE "Users"')), { action: 'drop_table', target: 'public.Users' });
  });

  it('after SET search_path = billing, an unqualified DELETE targets billing.invoices', async () => {
    // with search_path = billing only, `invoices` can only resolve in schema billing
    const r = await pg('SET search_path = billing; DELETE FROM invoices');
    expectAction(r.statements[1], { action: 'delete', target: 'billing.invoices' });
  });

  it("after set_config('search_path', 'billing', false), an unqualified DROP targets billing.invoices", async () => {
    const r = await pg("SELECT set_config('search_path', 'billing', false); DROP TABLE invoices");
    expectAction(r.statements[1], { action: 'drop_table', target: 'billing.invoices' });
  });

  it('an unqualified system catalog resolves to pg_catalog (searched before public)', async () => {
    // Postgres docs (search_path): pg_catalog is always searched, and first unless placed later explicitly
    const s = only(await pg("UPDATE pg_authid SET rolsuper = true WHERE rolname = 'mallory'"));
    expectAction(s, { action: 'update', target: 'pg_catalog.pg_authid' });
  });

  it('reading pg_authid password hashes names pg_catalog.pg_authid', async () => {
    const s = only(await pg('SELECT rolname, rolpassword FROM pg_authid'));
    expect(s.tables.map((t) => t.name)).toEqual(['pg_catalog.pg_authid']);
  });
});

describe('whole sets of objects', () => {
  it('DROP TABLE a, users drops both', async () => {
    const s = only(await pg('DROP TABLE IF EXISTS a, users CASCADE'));
    expectAction(s, { action: 'drop_table', target: 'public.a' });
    expectAction(s, { action: 'drop_table', target: 'public.users' });
  });

  it('TRUNCATE a, users truncates both', async () => {
    const s = only(await pg('TRUNCATE a, users RESTART IDENTITY CASCADE'));
    expectAction(s, { action: 'truncate', target: 'public.users' });
  });

  it('DROP SCHEMA public CASCADE is drop_schema', async () => {
    expectAction(only(await pg('DROP SCHEMA public CASCADE')), { action: 'drop_schema', target: 'public' });
  });

  it('DROP DATABASE ... WITH (FORCE) is drop_database', async () => {
    expectAction(only(await pg('DROP DATABASE prod WITH (FORCE)')), { action: 'drop_database', target: 'prod' });
  });

  it('DROP OWNED BY drops every object the role owns: a destructive schema change', async () => {
    const s = only(await pg('DROP OWNED BY app CASCADE'));
    expect(s.isDdl).toBe(true);
    expect(
      s.actions.some((a) => a.action.startsWith('drop_')),
      JSON.stringify(s.actions.map((a) => a.action)),
    ).toBe(true);
  });

  it('ALTER TABLE ... OWNER TO hands the table over', async () => {
    expectAction(only(await pg('ALTER TABLE users OWNER TO mallory')), { action: 'alter_owner', target: 'public.users' });
  });
});

describe('tables read through a name in a string', () => {
  it("table_to_xml('users', ...) reads public.users", async () => {
    // table_to_xml(tbl regclass, ...) returns the whole table's contents as XML
    const s = only(await pg("SELECT table_to_xml('users', true, false, '')"));
    expect(s.tables).toContainEqual(expect.objectContaining({ name: 'public.users', access: ['read'] }));
  });

  it('database_to_xml dumps every table: a dangerous call', async () => {
    const s = only(await pg("SELECT database_to_xml(true, true, '')"));
    expect(s.functions).toContainEqual(expect.objectContaining({ name: 'database_to_xml', dangerous: true }));
  });

  it('query_to_xml runs its query string: the DELETE in it is seen', async () => {
    const s = only(await pg("SELECT query_to_xml('DELETE FROM users RETURNING 1', true, true, '')"));
    expectAction(s, { action: 'delete', target: 'public.users', nested: true, via: 'dynamic' });
  });
});
