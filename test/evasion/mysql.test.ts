// MySQL / MariaDB / SQLite evasions: executable comments, `#` comments, backticks, multi-table
// DELETE with aliases, LIMIT without WHERE, REPLACE, file side channels, DELIMITER bodies and
// PREPARE ... FROM.
import { describe, expect, it } from 'vitest';
import type { Dialect } from '../../runtime/facts/types.js';
import { expectAction, expectNoAction, my, only } from './helpers.js';

describe('mysql comments', () => {
  it.each([
    ['/*! DROP TABLE users */', 'mysql'],
    ['/*!50001 DROP TABLE users */', 'mysql'],
    ['/*M! DROP TABLE users */', 'mariadb'],
    ['/*!DROP TABLE users*/', 'mysql'],
  ])('executable comment %s is code', async (sql, dialect) => {
    const r = await my(sql, dialect as Dialect);
    expectAction(r, { action: 'drop_table', target: 'users' });
  });

  it('an executable comment after a harmless statement runs as a stacked statement', async () => {
    const r = await my('SELECT 1 /*! ; DROP TABLE users */');
    expectAction(r, { action: 'drop_table', target: 'users' });
  });

  it('an executable comment inside a statement adds a clause', async () => {
    const r = await my('SELECT 1 /*! , (SELECT LOAD_FILE(0x2f6574632f706173737764)) */');
    expectAction(r, { action: 'read_server_file' });
  });

  it('the same executable comment is only a comment in postgres', async () => {
    const { pg } = await import('./helpers.js');
    const r = await pg('/*! DROP TABLE users */ SELECT 1');
    expectNoAction(r, 'drop_table');
  });

  it.each(['# DROP TABLE users\nSELECT 1', 'SELECT 1 # ; DROP TABLE users', 'SELECT 1 -- ; DROP TABLE users'])(
    '%s: a comment hides the DROP',
    async (sql) => {
      const r = await my(sql);
      expectNoAction(r, 'drop_table');
    },
  );

  it('`#` ends at the newline: the next line runs', async () => {
    const r = await my('SELECT 1 # comment\n; DROP TABLE users');
    expectAction(r, { action: 'drop_table', target: 'users' });
  });

  it('`--` without a following space is not a comment in mysql', async () => {
    const r = await my('SELECT 1--1; DROP TABLE users');
    expectAction(r, { action: 'drop_table', target: 'users' });
  });

  it('mysql block comments do not nest: */ closes the first /*', async () => {
    const r = await my('/* a /* b */ DROP TABLE users; */');
    expectAction(r, { action: 'drop_table', target: 'users' });
  });
});

describe('mysql names and case', () => {
  it.each(['DROP TABLE `users`', 'DrOp/**/TaBlE/*x*/`users`', 'drop table USERS', 'DROP TABLE IF EXISTS users'])('%s drops users', async (sql) => {
    const s = only(await my(sql));
    expect(s.actions.some((a) => a.action === 'drop_table' && a.target?.toLowerCase() === 'users')).toBe(true);
  });

  it('DROP TABLE shop.users names the database', async () => {
    expectAction(only(await my('DROP TABLE `shop`.`users`')), { action: 'drop_table', target: 'shop.users' });
  });

  it('DROP SCHEMA is DROP DATABASE in mysql', async () => {
    expectAction(only(await my('DROP SCHEMA shop')), { action: 'drop_database', target: 'shop' });
  });
});

describe('mysql deletes and updates', () => {
  it('DELETE ... LIMIT 1 has no WHERE', async () => {
    const s = only(await my('DELETE FROM users LIMIT 1'));
    expect(s.where).toBe('absent');
    expectAction(s, { action: 'delete', target: 'users', where: 'absent', limit: 1 });
  });

  it('DELETE ... ORDER BY ... LIMIT has no WHERE', async () => {
    expectAction(only(await my('DELETE FROM users ORDER BY id LIMIT 1')), { action: 'delete', where: 'absent', limit: 1 });
  });

  it.each(['WHERE 1=1', 'WHERE 1', 'WHERE TRUE', "WHERE 'a' = 'a'", 'WHERE id = id', 'WHERE 1 OR id = 2'])(
    'DELETE FROM users %s is trivial',
    async (filter) => {
      // in mysql a nonzero number is true: WHERE 1 matches every row
      expect(only(await my(`DELETE FROM users ${filter}`)).where).toBe('trivial');
    },
  );

  it('DELETE u FROM users u deletes from users, not from a table named u', async () => {
    const s = only(await my('DELETE u FROM users u'));
    expectAction(s, { action: 'delete', target: 'users', where: 'absent' });
    expect(s.tables).toContainEqual(expect.objectContaining({ name: 'users', access: expect.arrayContaining(['write']) }));
  });

  it('DELETE u, o FROM users u JOIN orders o deletes from users and orders', async () => {
    const s = only(await my('DELETE u, o FROM users u JOIN orders o ON u.id = o.user_id'));
    expectAction(s, { action: 'delete', target: 'users' });
    expectAction(s, { action: 'delete', target: 'orders' });
  });

  it('DELETE FROM u USING users u JOIN orders o deletes from users', async () => {
    const s = only(await my('DELETE FROM u USING users u JOIN orders o ON u.id = o.user_id'));
    expectAction(s, { action: 'delete', target: 'users' });
  });

  it('DELETE with modifiers LOW_PRIORITY QUICK IGNORE still deletes from users', async () => {
    expectAction(only(await my('DELETE LOW_PRIORITY QUICK IGNORE FROM users')), { action: 'delete', target: 'users', where: 'absent' });
  });

  it('UPDATE ... LIMIT 10 without WHERE', async () => {
    expectAction(only(await my('UPDATE users SET is_admin = 1 LIMIT 10')), { action: 'update', target: 'users', where: 'absent', limit: 10 });
  });

  it('a multi-table UPDATE joined ON 1=1 has no WHERE', async () => {
    expectAction(only(await my('UPDATE users u JOIN orders o ON 1=1 SET u.is_admin = 1')), { action: 'update', target: 'users', where: 'absent' });
  });

  it.each(["REPLACE INTO users VALUES (1, 'a')", 'REPLACE users SET id = 1', 'INSERT INTO users VALUES (1) ON DUPLICATE KEY UPDATE a = 1'])(
    '%s overwrites rows (upsert)',
    async (sql) => {
      const s = only(await my(sql));
      expectAction(s, { action: 'upsert', target: 'users' });
      expect(s.writes).toBe(true);
    },
  );

  it('WITH ... DELETE deletes', async () => {
    expectAction(only(await my('WITH d AS (SELECT 1) DELETE FROM users')), { action: 'delete', target: 'users', where: 'absent' });
  });

  it.each(['TRUNCATE users', 'TRUNCATE TABLE users', 'truncate/**/users'])('%s truncates', async (sql) => {
    expectAction(only(await my(sql)), { action: 'truncate', target: 'users' });
  });
});

describe('mysql file side channels', () => {
  it.each([
    "SELECT * FROM users INTO OUTFILE '/tmp/x'",
    "SELECT * INTO OUTFILE '/tmp/x' FROM users",
    "select * from users where id = 1 into outfile '/tmp/x'",
    "SELECT email FROM users INTO DUMPFILE '/tmp/x'",
  ])('%s writes a server file', async (sql) => {
    const s = only(await my(sql));
    expectAction(s, { action: 'into_outfile' });
    expectAction(s, { action: 'write_server_file' });
  });

  it.each(["SELECT LOAD_FILE('/etc/passwd')", 'SELECT load_file(0x2f6574632f706173737764)', "SELECT 1 UNION SELECT LOAD_FILE('/etc/passwd')"])(
    '%s reads a server file',
    async (sql) => {
      const s = only(await my(sql));
      expectAction(s, { action: 'read_server_file' });
      expect(s.functions).toContainEqual(expect.objectContaining({ name: 'load_file', dangerous: true, category: 'file_read' }));
    },
  );

  it('LOAD DATA INFILE reads a server file into the table', async () => {
    const s = only(await my("LOAD DATA INFILE '/tmp/x' INTO TABLE users"));
    expectAction(s, { action: 'load_data', target: 'users' });
    expectAction(s, { action: 'read_server_file' });
  });

  it('LOAD DATA LOCAL INFILE loads client data (no server file read)', async () => {
    const s = only(await my("LOAD DATA LOCAL INFILE '/tmp/x' INTO TABLE users"));
    expectAction(s, { action: 'load_data', target: 'users' });
  });

  it('LOAD XML INFILE loads a server file too', async () => {
    const s = only(await my("LOAD XML INFILE '/tmp/x' INTO TABLE users"));
    expectAction(s, { action: 'load_data', target: 'users' });
    expectAction(s, { action: 'read_server_file' });
  });

  it.each(["SELECT SLEEP(10)", "SELECT BENCHMARK(1000000, MD5('a'))"])('%s is a sleep', async (sql) => {
    expect(only(await my(sql)).functions.some((f) => f.category === 'sleep' && f.dangerous)).toBe(true);
  });

  it("INSTALL PLUGIN ... SONAME loads a library", async () => {
    expectAction(only(await my("INSTALL PLUGIN x SONAME 'evil.so'")), { action: 'load_library' });
  });

  it('CREATE FUNCTION ... SONAME loads a library', async () => {
    expectAction(only(await my("CREATE FUNCTION f RETURNS STRING SONAME 'udf.so'")), { action: 'load_library' });
  });
});

describe('mysql bodies and dynamic SQL', () => {
  it('a DELIMITER // procedure shows its DELETE', async () => {
    const r = await my('DELIMITER //\nCREATE PROCEDURE p() BEGIN DELETE FROM users; END//\nDELIMITER ;');
    const s = only(r);
    expectAction(s, { action: 'create_function', nested: false });
    expectAction(s, { action: 'delete', target: 'users', nested: true, via: 'function_body', where: 'absent' });
  });

  it('an IF branch in a procedure body', async () => {
    const s = only(await my('CREATE PROCEDURE p() BEGIN IF 1 THEN DROP TABLE users; END IF; END'));
    expectAction(s, { action: 'drop_table', target: 'users', nested: true });
  });

  it('a trigger body', async () => {
    const s = only(await my('CREATE TRIGGER t BEFORE INSERT ON x FOR EACH ROW DELETE FROM users'));
    expectAction(s, { action: 'delete', target: 'users', nested: true, via: 'trigger' });
  });

  it('a scheduled event body', async () => {
    const s = only(await my('CREATE EVENT e ON SCHEDULE EVERY 1 HOUR DO DELETE FROM users'));
    expectAction(s, { action: 'delete', target: 'users', nested: true });
  });

  it('PREPARE stmt FROM @s is non-constant dynamic SQL', async () => {
    const s = only(await my('PREPARE stmt FROM @s'));
    expect(s.dynamicSql).toContainEqual(expect.objectContaining({ via: 'prepare', constant: false }));
    expectAction(s, { action: 'dynamic_sql' });
  });

  it("PREPARE stmt FROM 'DROP TABLE users' surfaces the drop", async () => {
    const s = only(await my("PREPARE stmt FROM 'DROP TABLE users'"));
    expect(s.dynamicSql).toContainEqual(expect.objectContaining({ via: 'prepare', constant: true }));
    expectAction(s, { action: 'drop_table', target: 'users', nested: true, via: 'dynamic' });
  });

  it('SET @s; PREPARE; EXECUTE in a procedure is dynamic SQL', async () => {
    const s = only(await my("CREATE PROCEDURE p() BEGIN SET @s = 'DROP TABLE x'; PREPARE st FROM @s; EXECUTE st; END"));
    expect(s.dynamicSql.length).toBeGreaterThan(0);
  });
});

describe('mysql pii provenance', () => {
  it.each(['SELECT email FROM users', 'SELECT `email` AS e FROM `users`', 'SELECT LOWER(email) AS e FROM users', 'SELECT CONCAT(email, \'\') AS e FROM users'])(
    '%s outputs pii',
    async (sql) => {
      const s = only(await my(sql));
      expect(s.outputs[0].tags).toContain('pii');
    },
  );

  it('INTO OUTFILE of pii columns exposes the pii output', async () => {
    const s = only(await my("SELECT email FROM users INTO OUTFILE '/tmp/x'"));
    expect(s.outputs.some((o) => o.tags.includes('pii'))).toBe(true);
  });
});

describe('sqlite', () => {
  it('stacked DROP after a comment', async () => {
    const r = await my('SELECT 1; -- x\nDROP TABLE users', 'sqlite');
    expectAction(r, { action: 'drop_table', target: 'users' });
  });

  it('DELETE without WHERE', async () => {
    expect(only(await my('DELETE FROM users', 'sqlite')).where).toBe('absent');
  });

  it('DELETE ... WHERE 1 is trivial (a nonzero number is true)', async () => {
    expect(only(await my('DELETE FROM users WHERE 1', 'sqlite')).where).toBe('trivial');
  });

  it('INSERT OR REPLACE overwrites rows', async () => {
    expectAction(only(await my('INSERT OR REPLACE INTO users VALUES (1)', 'sqlite')), { action: 'upsert', target: 'users' });
  });

  it("ATTACH DATABASE '/tmp/x.db' creates a server file", async () => {
    expectAction(only(await my("ATTACH DATABASE '/tmp/x.db' AS x", 'sqlite')), { action: 'write_server_file', target: '/tmp/x.db' });
  });

  it("VACUUM INTO '/tmp/backup.db' writes a copy of the whole database to a file", async () => {
    // sqlite docs: with INTO, the vacuumed database is written into a new file named by the argument
    const s = only(await my("VACUUM INTO '/tmp/backup.db'", 'sqlite'));
    expectAction(s, { action: 'write_server_file', target: '/tmp/backup.db' });
  });

  it("load_extension('/tmp/evil.so') loads a shared library, like LOAD and INSTALL PLUGIN", async () => {
    const s = only(await my("SELECT load_extension('/tmp/evil.so')", 'sqlite'));
    expectAction(s, { action: 'load_library' });
  });

  it("writefile('/tmp/x', email) writes a server file, like lo_export", async () => {
    const s = only(await my("SELECT writefile('/tmp/x', email) FROM users", 'sqlite'));
    expect(s.functions).toContainEqual(expect.objectContaining({ name: 'writefile', dangerous: true, category: 'file_write' }));
    expectAction(s, { action: 'write_server_file' });
  });
});

describe('mysql client commands', () => {
  it('\\G ends a statement like ;', async () => {
    expectAction(await my('SELECT 1\\G DROP TABLE users'), { action: 'drop_table', target: 'users' });
  });

  it('\\! runs a shell command', async () => {
    const r = await my('\\! rm -rf /');
    expect(r.statements[0].functions).toContainEqual(expect.objectContaining({ category: 'program', dangerous: true }));
  });

  it('`system` (the long form of \\!) runs a shell command', async () => {
    // mysql client: "system command, \! command: Execute the given command using your default
    // command interpreter"; long-form client commands are read at the start of a line
    const r = await my('SELECT 1;\nsystem rm -rf /');
    expect(r.statements.some((s) => s.functions.some((f) => f.category === 'program' && f.dangerous))).toBe(true);
  });

  it.each(['\\. evil.sql', 'source evil.sql'])('%s sources SQL nobody analysed: opaque dynamic SQL (fail closed)', async (sql) => {
    const r = await my(sql);
    expect(r.statements.some((s) => s.dynamicSql.some((d) => !d.constant))).toBe(true);
  });
});
