import { beforeAll, describe, expect, it } from 'vitest';
import type { PrivilegeFact, RoleFact } from '../../runtime/facts/types.js';
import { ddl, loadParser, noSpan, one } from './ddl-helpers.js';

beforeAll(loadParser);

/** `revoke` defaults to what the operation says (REVOKE, REVOKE role); default privileges give it explicitly */
function priv(p: Omit<PrivilegeFact, 'kind' | 'span' | 'withGrantOption' | 'revoke'> & { withGrantOption?: boolean; revoke?: boolean }): Omit<PrivilegeFact, 'span'> {
  return { kind: 'privilege', withGrantOption: false, revoke: p.operation === 'revoke' || p.operation === 'revoke_role', ...p };
}

describe('GRANT / REVOKE on objects', () => {
  it.each([
    [
      'GRANT SELECT, INSERT (a, b) ON TABLE t, s.u TO bob, PUBLIC WITH GRANT OPTION',
      priv({ operation: 'grant', privileges: ['select', 'insert'], objectType: 'table', objects: ['public.t', 's.u'], grantees: ['bob', 'public'], withGrantOption: true }),
    ],
    ['GRANT ALL PRIVILEGES ON t TO app', priv({ operation: 'grant', privileges: ['all'], objectType: 'table', objects: ['public.t'], grantees: ['app'] })],
    ['GRANT ALL ON ALL TABLES IN SCHEMA public TO reporting', priv({ operation: 'grant', privileges: ['all'], objectType: 'all_tables_in_schema', objects: ['public'], grantees: ['reporting'] })],
    ['GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA app TO r', priv({ operation: 'grant', privileges: ['usage', 'select'], objectType: 'all_sequences_in_schema', objects: ['app'], grantees: ['r'] })],
    ['GRANT USAGE ON SCHEMA app TO r', priv({ operation: 'grant', privileges: ['usage'], objectType: 'schema', objects: ['app'], grantees: ['r'] })],
    ['GRANT CONNECT, TEMPORARY ON DATABASE shop TO r', priv({ operation: 'grant', privileges: ['connect', 'temporary'], objectType: 'database', objects: ['shop'], grantees: ['r'] })],
    ['GRANT EXECUTE ON FUNCTION s.f(int) TO r', priv({ operation: 'grant', privileges: ['execute'], objectType: 'function', objects: ['s.f'], grantees: ['r'] })],
    ['GRANT SELECT ON SEQUENCE seq TO r', priv({ operation: 'grant', privileges: ['select'], objectType: 'sequence', objects: ['public.seq'], grantees: ['r'] })],
    ['GRANT UPDATE ON t TO CURRENT_USER', priv({ operation: 'grant', privileges: ['update'], objectType: 'table', objects: ['public.t'], grantees: ['current_user'] })],
    ['REVOKE ALL ON t FROM PUBLIC', priv({ operation: 'revoke', privileges: ['all'], objectType: 'table', objects: ['public.t'], grantees: ['public'] })],
    ['REVOKE GRANT OPTION FOR SELECT ON t FROM "Bob" CASCADE', priv({ operation: 'revoke', privileges: ['select'], objectType: 'table', objects: ['public.t'], grantees: ['bob'], withGrantOption: true })],
  ])('%s', (sql, expected) => {
    const s = one(sql);
    expect(s.handled).toBe(true);
    expect(s.out.privileges.map(noSpan)).toEqual([expected]);
    expect(s.out.actions.map((a) => [a.action, a.target])).toEqual(expected.objects.map((o) => [expected.operation, o]));
  });

  it('granted tables are table facts (their ACL changes)', () => {
    expect(one('GRANT SELECT ON t, s.u TO r').out.tables.map((t) => [t.name, t.access])).toEqual([
      ['public.t', ['ddl']],
      ['s.u', ['ddl']],
    ]);
    expect(one('GRANT USAGE ON SCHEMA s TO r').out.tables).toEqual([]);
  });
});

describe('role membership', () => {
  it.each([
    ['GRANT admin, dev TO bob WITH ADMIN OPTION', priv({ operation: 'grant_role', privileges: ['admin', 'dev'], objectType: 'role', objects: ['admin', 'dev'], grantees: ['bob'], withGrantOption: true })],
    ['GRANT pg_read_server_files TO etl', priv({ operation: 'grant_role', privileges: ['pg_read_server_files'], objectType: 'role', objects: ['pg_read_server_files'], grantees: ['etl'] })],
    ['REVOKE admin FROM bob', priv({ operation: 'revoke_role', privileges: ['admin'], objectType: 'role', objects: ['admin'], grantees: ['bob'] })],
  ])('%s', (sql, expected) => {
    const s = one(sql);
    expect(s.out.privileges.map(noSpan)).toEqual([expected]);
    expect(s.out.actions.map((a) => [a.action, a.target])).toEqual(expected.objects.map((o) => [expected.operation, o]));
  });

  it('ALTER GROUP ADD / DROP USER grants and revokes membership', () => {
    expect(one('ALTER GROUP g ADD USER u').out.privileges.map(noSpan)).toEqual([
      priv({ operation: 'grant_role', privileges: ['g'], objectType: 'role', objects: ['g'], grantees: ['u'] }),
    ]);
    expect(one('ALTER GROUP g DROP USER u').out.privileges.map((p) => p.operation)).toEqual(['revoke_role']);
  });
});

describe('roles', () => {
  function role(r: Omit<RoleFact, 'kind' | 'span'>): Omit<RoleFact, 'span'> {
    return { kind: 'role', ...r };
  }

  it.each([
    [
      "CREATE ROLE r WITH SUPERUSER LOGIN PASSWORD 'x' BYPASSRLS CREATEROLE CREATEDB REPLICATION INHERIT",
      role({ operation: 'create_role', role: 'r', attributes: ['superuser', 'login', 'password', 'bypassrls', 'createrole', 'createdb', 'replication', 'inherit'] }),
    ],
    ['CREATE ROLE r NOLOGIN NOINHERIT', role({ operation: 'create_role', role: 'r', attributes: [] })],
    ['CREATE USER u', role({ operation: 'create_role', role: 'u', attributes: ['login'] })],
    ['CREATE USER u NOLOGIN', role({ operation: 'create_role', role: 'u', attributes: [] })],
    ['CREATE ROLE r PASSWORD NULL', role({ operation: 'create_role', role: 'r', attributes: [] })],
    ['ALTER ROLE r NOSUPERUSER', role({ operation: 'alter_role', role: 'r', attributes: ['nosuperuser'] })],
    ['ALTER ROLE r WITH SUPERUSER', role({ operation: 'alter_role', role: 'r', attributes: ['superuser'] })],
    ["ALTER USER u WITH PASSWORD 'y'", role({ operation: 'alter_role', role: 'u', attributes: ['password'] })],
    ['ALTER ROLE r SET search_path = app', role({ operation: 'alter_role', role: 'r', attributes: [] })],
    ['SET ROLE admin', role({ operation: 'set_role', role: 'admin', attributes: [] })],
    ['SET LOCAL ROLE admin', role({ operation: 'set_role', role: 'admin', attributes: [] })],
    ['SET ROLE NONE', role({ operation: 'set_role', role: 'none', attributes: [] })],
    ['RESET ROLE', role({ operation: 'set_role', role: 'none', attributes: [] })],
    ['SET SESSION AUTHORIZATION bob', role({ operation: 'set_session_authorization', role: 'bob', attributes: [] })],
    ['SET SESSION AUTHORIZATION DEFAULT', role({ operation: 'set_session_authorization', role: 'default', attributes: [] })],
    ['RESET SESSION AUTHORIZATION', role({ operation: 'set_session_authorization', role: 'default', attributes: [] })],
  ])('%s', (sql, expected) => {
    const s = one(sql);
    expect(s.handled).toBe(true);
    expect(s.out.roles.map(noSpan)).toEqual([expected]);
    expect(s.out.actions.map((a) => [a.action, a.target])).toEqual([[expected.operation, expected.role]]);
  });

  it('CREATE ROLE ... IN ROLE grants membership', () => {
    expect(one('CREATE ROLE r IN ROLE admin').out.privileges.map(noSpan)).toEqual([
      priv({ operation: 'grant_role', privileges: ['admin'], objectType: 'role', objects: ['admin'], grantees: ['r'] }),
    ]);
  });

  it('leaves other SET statements to the walker', () => {
    for (const sql of ['SET work_mem = 1', 'SET lock_timeout = 1000', 'RESET ALL', 'SET search_path = app'])
      expect(one(sql).handled).toBe(false);
    expect(one('SET work_mem = 1').out.actions).toEqual([]);
  });
});

describe('default privileges, ALTER SYSTEM, policies, ownership', () => {
  it('ALTER DEFAULT PRIVILEGES', () => {
    const s = one('ALTER DEFAULT PRIVILEGES FOR ROLE a IN SCHEMA s GRANT SELECT ON TABLES TO r WITH GRANT OPTION');
    expect(s.out.privileges.map(noSpan)).toEqual([
      priv({ operation: 'alter_default_privileges', privileges: ['select'], objectType: 'table', objects: ['s'], grantees: ['r'], withGrantOption: true }),
    ]);
    expect(s.out.actions.map((a) => [a.action, a.target])).toEqual([['alter_default_privileges', 's']]);
    expect(one('ALTER DEFAULT PRIVILEGES REVOKE ALL ON FUNCTIONS FROM PUBLIC').out.privileges.map(noSpan)).toEqual([
      priv({ operation: 'alter_default_privileges', privileges: ['all'], objectType: 'function', objects: [], grantees: ['public'], revoke: true }),
    ]);
  });

  it('ALTER DEFAULT PRIVILEGES: GRANT and REVOKE differ by `revoke`', () => {
    const revoke = (sql: string): boolean[] => one(sql).out.privileges.map((p) => p.revoke);
    expect(revoke('ALTER DEFAULT PRIVILEGES GRANT ALL ON TABLES TO PUBLIC')).toEqual([false]);
    expect(revoke('ALTER DEFAULT PRIVILEGES IN SCHEMA app GRANT EXECUTE ON FUNCTIONS TO PUBLIC')).toEqual([false]);
    expect(revoke('ALTER DEFAULT PRIVILEGES IN SCHEMA app REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC')).toEqual([true]);
    // only the grant option is revoked: still a revoke
    const opt = one('ALTER DEFAULT PRIVILEGES REVOKE GRANT OPTION FOR ALL ON TABLES FROM r').out.privileges[0];
    expect([opt.revoke, opt.withGrantOption]).toEqual([true, true]);
  });

  it('ALTER SYSTEM', () => {
    const s = one("ALTER SYSTEM SET shared_preload_libraries = 'x'");
    expect(s.out.actions.map((a) => [a.action, a.target])).toEqual([['alter_system', 'shared_preload_libraries']]);
    expect(one('ALTER SYSTEM RESET ALL').out.actions.map((a) => [a.action, a.target])).toEqual([['alter_system', null]]);
  });

  it('CREATE / ALTER POLICY lock the table and walk their expressions', () => {
    const cases = [
      ['CREATE POLICY p ON t FOR SELECT TO r USING (owner = current_user) WITH CHECK (true)', 'create_policy'],
      ['ALTER POLICY p ON t USING (true)', 'alter_policy'],
    ] as const;
    for (const [sql, op] of cases) {
      const s = one(sql);
      expect(s.out.actions.map((a) => [a.action, a.target])).toEqual([[op, 'public.t']]);
      expect(s.out.ddl.map(noSpan)).toEqual([ddl({ operation: op, table: 'public.t', lock: 'ACCESS EXCLUSIVE', objectName: 'p' })]);
      expect(s.out.tables.map((t) => [t.name, t.access])).toEqual([['public.t', ['ddl']]]);
      expect(s.walked.length).toBeGreaterThan(0);
    }
  });

  it.each([
    ['ALTER SCHEMA app OWNER TO bob', ddl({ operation: 'alter_owner', table: 'app', objectName: 'bob' })],
    ['ALTER FUNCTION s.f() OWNER TO CURRENT_USER', ddl({ operation: 'alter_owner', table: 's.f', objectName: 'current_user' })],
    ['ALTER DATABASE shop OWNER TO x', ddl({ operation: 'alter_owner', table: 'shop', objectName: 'x' })],
  ])('%s', (sql, expected) => {
    const s = one(sql);
    expect(s.out.ddl.map(noSpan)).toEqual([expected]);
    expect(s.out.actions.map((a) => [a.action, a.target])).toEqual([['alter_owner', expected.table]]);
  });

  it('ALTER TABLE ... OWNER TO is alter_owner on the table', () => {
    const s = one('ALTER TABLE t OWNER TO bob');
    expect(s.out.actions.map((a) => a.action)).toEqual(['alter_table', 'alter_owner']);
    expect(s.out.ddl.map(noSpan)).toEqual([ddl({ operation: 'alter_owner', table: 'public.t', lock: 'ACCESS EXCLUSIVE', objectName: 'bob' })]);
  });

  it('GRANT inside CREATE SCHEMA is a privilege fact', () => {
    const s = one('CREATE SCHEMA app CREATE TABLE t (a int) GRANT SELECT ON t TO r');
    expect(s.out.privileges.map((p) => [p.operation, p.objects])).toEqual([['grant', ['app.t']]]);
  });
});
