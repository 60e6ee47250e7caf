import { beforeAll, describe, expect, it } from 'vitest';
import { loadPostgres } from '../../runtime/index.js';
import { action, actions, run, slice, stmt } from './pg-helpers.js';

beforeAll(async () => {
  await loadPostgres();
});

describe('postgres bodies: DO blocks', () => {
  it('walks PL/pgSQL statements inside IF, LOOP, FOR and EXCEPTION blocks', () => {
    const text = `DO $$
DECLARE r record; n int := 0;
BEGIN
  IF (SELECT count(*) FROM queue) > 0 THEN
    DELETE FROM users WHERE id = n;
  END IF;
  FOR r IN SELECT id FROM accounts LOOP
    UPDATE accounts SET balance = 0 WHERE id = r.id;
  END LOOP;
  WHILE n < 3 LOOP n := n + 1; END LOOP;
  BEGIN
    INSERT INTO log (msg) VALUES ('x');
  EXCEPTION WHEN others THEN
    TRUNCATE audit;
  END;
END $$`;
    const s = stmt(text);
    expect(s.statementKind).toBe('do');
    const nested = s.actions.filter((a) => a.nested);
    expect(nested.map((a) => a.action).sort()).toEqual(['delete', 'insert', 'select', 'truncate', 'update']);
    expect(nested.every((a) => a.via === 'do_block')).toBe(true);
    expect(slice(text, action(s, 'delete').span)).toBe('DELETE FROM users');
    expect(action(s, 'delete').where).toBe('present');
    expect(slice(text, action(s, 'truncate').span)).toBe('audit');
    expect(s.tables.map((t) => t.name).sort()).toEqual(['public.accounts', 'public.audit', 'public.log', 'public.queue', 'public.users']);
    // PL/pgSQL variables are not columns
    expect(s.columns.some((c) => c.column === 'n' || c.column === 'r')).toBe(false);
    expect(s.writes).toBe(true);
  });

  it('EXECUTE of a constant string is analysed as nested dynamic SQL', () => {
    const text = "DO $$ BEGIN EXECUTE 'DROP TABLE customers'; END $$";
    const s = stmt(text);
    const d = action(s, 'drop_table');
    expect(d).toMatchObject({ target: 'public.customers', nested: true, via: 'dynamic' });
    expect(slice(text, d.span)).toContain('customers');
    expect(s.dynamicSql).toHaveLength(1);
    expect(s.dynamicSql[0]).toMatchObject({ via: 'execute', constant: true });
    expect(slice(text, s.dynamicSql[0].span)).toBe("'DROP TABLE customers'");
    expect(actions(s)).not.toContain('dynamic_sql');
  });

  it('EXECUTE of a constant that does not parse fails closed', () => {
    const s = stmt("DO $$ BEGIN EXECUTE 'DROP TABEL x'; END $$");
    expect(s.dynamicSql[0]).toMatchObject({ via: 'execute', constant: false });
    expect(actions(s)).toContain('dynamic_sql');
    expect(s.diagnostics.map((d) => d.code)).toContain('sql/nested-syntax-error');
  });

  it('EXECUTE of a computed string is dynamic SQL we cannot see', () => {
    const s = stmt("DO $$ DECLARE t text := 'users'; BEGIN EXECUTE 'DELETE FROM ' || t; END $$");
    expect(s.dynamicSql).toEqual([expect.objectContaining({ via: 'execute', constant: false })]);
    expect(action(s, 'dynamic_sql').nested).toBe(true);
  });

  it('EXECUTE format(...) is dynamic SQL via format', () => {
    const s = stmt("DO $$ BEGIN EXECUTE format('DELETE FROM %I', 'users'); END $$");
    expect(s.dynamicSql[0]).toMatchObject({ via: 'format', constant: false });
    expect(s.functions.find((f) => f.name === 'format')).toMatchObject({ category: 'dynamic_sql', dangerous: true });
  });

  it('PERFORM calls are seen, with spans in the original text', () => {
    const text = "DO $$ BEGIN PERFORM pg_sleep(10); PERFORM pg_read_file('/etc/passwd'); END $$";
    const s = stmt(text);
    expect(s.functions.map((f) => [f.name, f.category])).toEqual([
      ['pg_sleep', 'sleep'],
      ['pg_read_file', 'file_read'],
    ]);
    for (const f of s.functions) expect(slice(text, f.span)).toBe(f.name);
    expect(action(s, 'read_server_file')).toMatchObject({ target: '/etc/passwd', nested: true, via: 'do_block' });
  });

  it('cursor declarations, CALL and RAISE arguments are walked too', () => {
    const text = "DO $$ DECLARE c CURSOR FOR SELECT ssn FROM people; BEGIN CALL purge(); RAISE NOTICE '%', (SELECT count(*) FROM audit); END $$";
    const s = stmt(text);
    expect(s.tables.map((t) => t.name).sort()).toEqual(['public.audit', 'public.people']);
    expect(action(s, 'call')).toMatchObject({ target: 'public.purge', nested: true, via: 'do_block' });
    expect(slice(text, s.columns[0].span)).toBe('ssn');
  });

  it('a DO block in an untrusted language is opaque dynamic code', () => {
    const s = stmt("DO LANGUAGE plpython3u $$ import os; os.system('rm -rf /') $$");
    expect(s.dynamicSql[0]).toMatchObject({ via: 'other', constant: false });
  });

  it('a body that does not parse fails closed', () => {
    const s = stmt('DO $$ BEGIN THIS IS NOT PLPGSQL; END $$');
    expect(s.parsed).toBe(true);
    expect(s.diagnostics.map((d) => d.code)).toContain('sql/plpgsql-syntax-error');
    expect(actions(s)).toContain('dynamic_sql');
  });

  it('SELECT ... INTO var keeps exact spans (PL/pgSQL blanks the INTO out)', () => {
    const text = 'DO $$ DECLARE v text; BEGIN SELECT email INTO STRICT v FROM users WHERE id = 1; END $$';
    const s = stmt(text);
    expect(s.columns.map((c) => slice(text, c.span))).toEqual(['email', 'id']);
    expect(slice(text, s.tables[0].span)).toBe('users');
    expect(actions(s)).not.toContain('select_into');
  });

  it('a body in a quoted string with doubled quotes still yields its statements', () => {
    const text = "CREATE FUNCTION q() RETURNS void LANGUAGE plpgsql AS 'BEGIN DELETE FROM x WHERE a = ''b''; END'";
    const s = stmt(text);
    const d = action(s, 'delete');
    expect(d).toMatchObject({ target: 'public.x', where: 'present', via: 'function_body' });
    expect(slice(text, d.span)).toBe("'BEGIN DELETE FROM x WHERE a = ''b''; END'");
  });

  it('nested spans stay exact with non-ASCII text before the body', () => {
    const text = "SELECT 'ünïcødé 🎉'; DO $$ BEGIN -- ✓ ok\n DELETE FROM élèves WHERE id = 1; END $$";
    const s = stmt(text, 1);
    expect(slice(text, action(s, 'delete').span)).toBe('DELETE FROM élèves');
    expect(slice(text, s.tables[0].span)).toBe('élèves');
  });
});

describe('postgres bodies: CREATE FUNCTION / PROCEDURE', () => {
  it('a PL/pgSQL function body: its DELETE is a nested delete via function_body', () => {
    const text = `CREATE OR REPLACE FUNCTION purge(days int) RETURNS void AS $fn$
BEGIN
  DELETE FROM events WHERE created_at < now() - make_interval(days => days);
END;
$fn$ LANGUAGE plpgsql`;
    const s = stmt(text);
    expect(s.statementKind).toBe('create_function');
    expect(action(s, 'create_function')).toMatchObject({ target: 'public.purge', nested: false });
    const d = action(s, 'delete');
    expect(d).toMatchObject({ target: 'public.events', nested: true, via: 'function_body', where: 'present' });
    expect(slice(text, d.span)).toBe('DELETE FROM events');
    expect(s.columns.map((c) => c.column)).toEqual(['created_at']);
    expect(s.isDdl).toBe(true);
  });

  it('a LANGUAGE sql body given as a string', () => {
    const text = "CREATE FUNCTION wipe() RETURNS void LANGUAGE sql AS 'DELETE FROM sessions; UPDATE users SET token = NULL'";
    const s = stmt(text);
    expect(s.actions.filter((a) => a.nested).map((a) => [a.action, a.target, a.where])).toEqual([
      ['delete', 'public.sessions', 'absent'],
      ['update', 'public.users', 'absent'],
    ]);
    expect(slice(text, action(s, 'update').span)).toBe('UPDATE users');
  });

  it('a BEGIN ATOMIC body', () => {
    const s = stmt('CREATE PROCEDURE p() LANGUAGE sql BEGIN ATOMIC DELETE FROM t WHERE true; INSERT INTO u VALUES (1); END');
    expect(s.statementKind).toBe('create_procedure');
    expect(action(s, 'delete')).toMatchObject({ via: 'function_body', where: 'trivial' });
    expect(action(s, 'insert').target).toBe('public.u');
  });

  it('a function created earlier in the file counts as created in file', () => {
    const r = run('CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$; CREATE OR REPLACE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 2 $$');
    expect(r.statements.map((s) => s.ddl[0].createdInFile)).toEqual([false, true]);
    expect(r.statements[0].ddl[0]).toMatchObject({ operation: 'create_function', table: 'public.f', lock: 'NONE' });
  });

  it('CALL is the statement action; the procedure is also a function call', () => {
    const s = stmt("CALL maintenance.purge(pg_sleep(1))");
    expect(s.actions[0]).toMatchObject({ action: 'call', target: 'maintenance.purge', nested: false });
    expect(s.functions.map((f) => f.name)).toEqual(['maintenance.purge', 'pg_sleep']);
  });

  it('a C function loads a library', () => {
    const s = stmt("CREATE FUNCTION evil() RETURNS int AS '/tmp/evil.so', 'run' LANGUAGE c");
    expect(action(s, 'load_library').target).toBe('/tmp/evil.so');
  });

  it('parameters of SQL functions are not columns', () => {
    const s = stmt('CREATE FUNCTION get(uid int) RETURNS text LANGUAGE sql AS $$ SELECT email FROM users WHERE id = uid $$');
    expect(s.columns.map((c) => c.column)).toEqual(['email', 'id']);
  });
});

describe('postgres functions', () => {
  const cases: [string, string, boolean][] = [
    ["SELECT pg_read_file('/etc/passwd')", 'file_read', true],
    ["SELECT pg_read_binary_file('x')", 'file_read', true],
    ["SELECT pg_ls_dir('.')", 'file_read', true],
    ["SELECT pg_stat_file('x')", 'file_read', true],
    ["SELECT lo_import('/etc/passwd')", 'large_object', true],
    ['SELECT lo_unlink(1)', 'large_object', true],
    ["SELECT pg_file_write('x', 'y', false)", 'file_write', true],
    ["SELECT dblink_connect('host=evil')", 'network', true],
    ['SELECT pg_sleep(5)', 'sleep', true],
    ['SELECT pg_terminate_backend(123)', 'admin', true],
    ['SELECT pg_cancel_backend(123)', 'admin', true],
    ['SELECT pg_reload_conf()', 'admin', true],
    ['SELECT pg_rotate_logfile()', 'admin', true],
    ["SELECT set_config('role', 'admin', false)", 'config', true],
    ["SELECT query_to_xml('select 1', true, true, '')", 'dynamic_sql', true],
    ['SELECT lower(x) FROM t', 'none', false],
    ['SELECT PG_CATALOG.PG_SLEEP(1)', 'sleep', true],
  ];
  for (const [sql, category, dangerous] of cases) {
    it(`${sql} → ${category}`, () => {
      const f = stmt(sql).functions[0];
      expect(f.category).toBe(category);
      expect(f.dangerous).toBe(dangerous);
      expect(f.name).toBe(f.name.toLowerCase());
    });
  }

  it('names keep their schema; volatility comes from the catalog of builtins', () => {
    const s = stmt('SELECT pg_catalog.now(), random(), lower(a), my_fn(1) FROM t');
    expect(s.functions.map((f) => [f.name, f.volatility])).toEqual([
      ['pg_catalog.now', 'stable'],
      ['random', 'volatile'],
      ['lower', 'immutable'],
      ['my_fn', 'unknown'],
    ]);
  });

  it('a user function that shares a dangerous name in another schema is not that builtin', () => {
    expect(stmt('SELECT app.pg_sleep(1)').functions[0]).toMatchObject({ name: 'app.pg_sleep', dangerous: false });
  });

  it('file functions read and write server files', () => {
    expect(action(stmt("SELECT pg_read_file('/etc/passwd')"), 'read_server_file').target).toBe('/etc/passwd');
    expect(action(stmt("SELECT lo_export(1, '/tmp/x')"), 'write_server_file').target).toBe('/tmp/x');
    expect(action(stmt("SELECT pg_file_write('/tmp/y', 'data', false)"), 'write_server_file').target).toBe('/tmp/y');
  });

  it('set_config of role is a set_config action on role', () => {
    expect(action(stmt("SELECT set_config('ROLE', 'admin', false)"), 'set_config').target).toBe('role');
    expect(action(stmt('SELECT set_config(name, v, false) FROM s'), 'set_config').target).toBeNull();
  });

  it('dblink_exec with a constant runs that SQL; with anything else it is dynamic', () => {
    const s = stmt("SELECT dblink_exec('dbname=prod', 'DROP TABLE users')");
    expect(action(s, 'drop_table')).toMatchObject({ nested: true, via: 'dynamic', target: 'public.users' });
    expect(s.dynamicSql[0]).toMatchObject({ via: 'dblink', constant: true });
    const d = stmt("SELECT dblink_exec('dbname=prod', 'DELETE FROM ' || $1)");
    expect(d.dynamicSql[0]).toMatchObject({ via: 'dblink', constant: false });
    expect(action(d, 'dynamic_sql').target).toBeNull();
  });

  it('query_to_xml runs its query and returns its data', () => {
    const text = "SELECT query_to_xml('SELECT ssn FROM people', true, false, '')";
    const s = stmt(text);
    expect(action(s, 'select')).toBeDefined();
    expect(s.tables[0].name).toBe('public.people');
    expect(slice(text, s.tables[0].span)).toBe('people');
    expect(s.outputs[0].sources).toEqual([{ table: 'public.people', column: 'ssn' }]);
    expect(s.outputs[0].tags).toContain('ssn');
  });

  it('function calls in WHERE, DEFAULT and CHECK are recorded', () => {
    expect(stmt('DELETE FROM t WHERE pg_sleep(1) IS NULL').functions.map((f) => f.name)).toEqual(['pg_sleep']);
    expect(stmt('CREATE TABLE t (a int DEFAULT pg_backend_pid(), CHECK (a > abs(-1)))').functions.map((f) => f.name).sort()).toEqual([
      'abs',
      'pg_backend_pid',
    ]);
  });
});
