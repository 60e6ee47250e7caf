import { beforeAll, describe, expect, it } from 'vitest';
import { ddl, ddlOf, loadParser, noSpan, one, runDdl, textOf } from './ddl-helpers.js';

beforeAll(loadParser);

const AE = 'ACCESS EXCLUSIVE' as const;
const SUE = 'SHARE UPDATE EXCLUSIVE' as const;

describe('DROP', () => {
  it.each([
    ['DROP TABLE t', ddl({ operation: 'drop_table', table: 'public.t', lock: AE })],
    ['DROP TABLE IF EXISTS s.t CASCADE', ddl({ operation: 'drop_table', table: 's.t', lock: AE, ifExists: true, cascade: true })],
    ['DROP FOREIGN TABLE ft', ddl({ operation: 'drop_table', table: 'public.ft', lock: AE })],
    ['DROP INDEX i', ddl({ operation: 'drop_index', table: 'public.i', lock: AE, objectName: 'i' })],
    ['DROP INDEX CONCURRENTLY IF EXISTS s.i', ddl({ operation: 'drop_index', table: 's.i', lock: SUE, objectName: 'i', concurrently: true, ifExists: true })],
    ['DROP VIEW v', ddl({ operation: 'drop_view', table: 'public.v', lock: AE })],
    ['DROP MATERIALIZED VIEW mv', ddl({ operation: 'drop_view', table: 'public.mv', lock: AE })],
    ['DROP SCHEMA app CASCADE', ddl({ operation: 'drop_schema', table: 'app', cascade: true, lock: AE })],
    ['DROP SCHEMA IF EXISTS app', ddl({ operation: 'drop_schema', table: 'app', ifExists: true })],
    ['DROP DATABASE IF EXISTS prod', ddl({ operation: 'drop_database', table: 'prod', ifExists: true })],
    ['DROP FUNCTION f(int)', ddl({ operation: 'drop_function', table: 'public.f' })],
    ['DROP PROCEDURE s.p()', ddl({ operation: 'drop_function', table: 's.p' })],
    ['DROP TRIGGER tr ON s.t', ddl({ operation: 'drop_trigger', table: 's.t', lock: AE, objectName: 'tr' })],
    ['DROP TYPE mood', ddl({ operation: 'drop_type', table: 'public.mood' })],
    ['DROP DOMAIN posint', ddl({ operation: 'drop_domain', table: 'public.posint' })],
    ['DROP SEQUENCE seq', ddl({ operation: 'drop_sequence', table: 'public.seq', lock: AE })],
    ['DROP EXTENSION IF EXISTS pgcrypto', ddl({ operation: 'drop_extension', table: 'pgcrypto', ifExists: true })],
    ['DROP POLICY p ON t', ddl({ operation: 'drop_policy', table: 'public.t', lock: AE, objectName: 'p' })],
    ['DROP RULE r ON t', ddl({ operation: 'drop_rule', table: 'public.t', lock: AE, objectName: 'r' })],
    ['DROP CAST (int AS text)', ddl({ operation: 'other', table: null, objectName: 'cast' })],
  ])('%s', (sql, expected) => {
    const s = one(sql);
    expect(s.handled).toBe(true);
    expect(s.out.ddl.map(noSpan)).toEqual([expected]);
    expect(s.out.actions.map((a) => [a.action, a.target])).toEqual([[expected.operation, expected.table]]);
  });

  it('one action, table and fact per dropped table; data destroyed is a write', () => {
    const s = one('DROP TABLE a, s.b');
    expect(s.out.actions.map((a) => a.target)).toEqual(['public.a', 's.b']);
    expect(s.out.tables.map((t) => [t.name, t.access])).toEqual([
      ['public.a', ['ddl', 'write']],
      ['s.b', ['ddl', 'write']],
    ]);
    expect(s.out.ddl).toHaveLength(2);
    expect(one('DROP VIEW v').out.tables[0].access).toEqual(['ddl']);
  });

  it('knows objects created earlier in the file', () => {
    expect(runDdl('CREATE TABLE t (a int); DROP TABLE t')[1].out.ddl[0].createdInFile).toBe(true);
    expect(runDdl('CREATE INDEX i ON t (a); DROP INDEX i')[1].out.ddl[0].createdInFile).toBe(true);
    expect(ddlOf('DROP TABLE t').createdInFile).toBe(false);
  });

  it('DROP ROLE is a role fact', () => {
    const s = one('DROP ROLE IF EXISTS a, b');
    expect(s.out.roles.map((r) => [r.operation, r.role])).toEqual([
      ['drop_role', 'a'],
      ['drop_role', 'b'],
    ]);
    expect(s.out.actions.map((a) => a.action)).toEqual(['drop_role', 'drop_role']);
  });
});

describe('indexes', () => {
  it.each([
    ['CREATE INDEX i ON t (a)', ddl({ operation: 'create_index', table: 'public.t', lock: 'SHARE', scan: true, column: 'a', columns: ['a'], objectName: 'i' })],
    ['CREATE INDEX ON t (a, b)', ddl({ operation: 'create_index', table: 'public.t', lock: 'SHARE', scan: true, columns: ['a', 'b'] })],
    ['CREATE INDEX ON t (a, lower(b)) INCLUDE (c, d)', ddl({ operation: 'create_index', table: 'public.t', lock: 'SHARE', scan: true, includedColumns: ['c', 'd'] })],
    ['CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS i ON s.t (lower(email)) WHERE deleted_at IS NULL', ddl({ operation: 'create_index', table: 's.t', lock: SUE, scan: true, concurrently: true, ifNotExists: true, objectName: 'i', constraintType: 'unique' })],
    ['REINDEX TABLE t', ddl({ operation: 'reindex', table: 'public.t', lock: 'SHARE', scan: true })],
    ['REINDEX TABLE CONCURRENTLY t', ddl({ operation: 'reindex', table: 'public.t', lock: SUE, scan: true, concurrently: true })],
    ['REINDEX INDEX i', ddl({ operation: 'reindex', table: 'public.i', lock: AE, scan: true, objectName: 'i' })],
    ['REINDEX (CONCURRENTLY) INDEX i', ddl({ operation: 'reindex', table: 'public.i', lock: SUE, scan: true, concurrently: true, objectName: 'i' })],
    ['REINDEX SCHEMA app', ddl({ operation: 'reindex', table: 'app', lock: 'SHARE', scan: true })],
  ])('%s', (sql, expected) => {
    expect(noSpan(ddlOf(sql))).toEqual(expected);
  });

  it('an index on a table created earlier in the file is createdInFile', () => {
    const [, idx] = runDdl('CREATE TABLE t (a int); CREATE INDEX i ON t (a)');
    expect(idx.out.ddl[0].createdInFile).toBe(true);
    expect(idx.out.tables[0].createdInFile).toBe(true);
    expect(ddlOf('CREATE INDEX i ON t (a)').createdInFile).toBe(false);
  });

  it('names the index (in its table schema) as the action target and walks expressions', () => {
    const sql = 'CREATE INDEX i ON s.t (lower(a)) WHERE b > 0';
    const s = one(sql);
    expect(s.out.actions.map((a) => [a.action, a.target])).toEqual([['create_index', 's.i']]);
    expect(textOf(sql, s.out.ddl[0].span)).toBe('s.t');
    expect(s.walked).toHaveLength(2);
    expect(one('CREATE INDEX ON t (a)').out.actions[0].target).toBeNull();
  });
});

describe('renames', () => {
  it.each([
    ['ALTER TABLE t RENAME TO t2', ddl({ operation: 'rename_table', table: 'public.t', lock: AE, objectName: 't2' })],
    ['ALTER TABLE IF EXISTS t RENAME TO t2', ddl({ operation: 'rename_table', table: 'public.t', lock: AE, objectName: 't2', ifExists: true })],
    ['ALTER VIEW v RENAME TO w', ddl({ operation: 'rename_table', table: 'public.v', lock: AE, objectName: 'w' })],
    ['ALTER TABLE t RENAME COLUMN a TO b', ddl({ operation: 'rename_column', table: 'public.t', lock: AE, column: 'a', objectName: 'b' })],
    ['ALTER TABLE t RENAME CONSTRAINT c TO d', ddl({ operation: 'rename_constraint', table: 'public.t', lock: AE, objectName: 'd', oldName: 'c' })],
    ['ALTER INDEX i RENAME TO j', ddl({ operation: 'rename_index', table: 'public.i', lock: SUE, objectName: 'j' })],
    ['ALTER SCHEMA s RENAME TO s2', ddl({ operation: 'rename_schema', table: 's', objectName: 's2' })],
    ['ALTER TYPE mood RENAME TO feeling', ddl({ operation: 'alter_type', table: 'public.mood', objectName: 'feeling' })],
    ['ALTER TABLE t SET SCHEMA archive', ddl({ operation: 'rename_table', table: 'public.t', lock: AE, objectName: 'archive' })],
  ])('%s', (sql, expected) => {
    const s = one(sql);
    expect(s.out.ddl.map(noSpan)).toEqual([expected]);
    expect(s.out.actions.map((a) => a.action)).toEqual([expected.operation]);
  });

  it('a renamed table created in the file keeps counting as created', () => {
    const [, , alter] = runDdl('CREATE TABLE t (a int); ALTER TABLE t RENAME TO u; ALTER TABLE u ADD COLUMN b int NOT NULL');
    expect(alter.out.ddl[0].createdInFile).toBe(true);
  });
});

describe('types, domains, enums', () => {
  it.each([
    ["ALTER TYPE mood ADD VALUE 'meh'", ddl({ operation: 'alter_enum', table: 'public.mood', objectName: 'meh' })],
    ["ALTER TYPE mood ADD VALUE IF NOT EXISTS 'meh' BEFORE 'sad'", ddl({ operation: 'alter_enum', table: 'public.mood', objectName: 'meh before sad', ifNotExists: true })],
    ["ALTER TYPE s.mood ADD VALUE 'meh' AFTER 'ok'", ddl({ operation: 'alter_enum', table: 's.mood', objectName: 'meh after ok' })],
    ["ALTER TYPE mood RENAME VALUE 'sad' TO 'blue'", ddl({ operation: 'alter_enum', table: 'public.mood', column: 'sad', objectName: 'blue' })],
    ["CREATE TYPE mood AS ENUM ('a', 'b')", ddl({ operation: 'create_type', table: 'public.mood', createdInFile: true, columnType: 'enum' })],
    ['CREATE TYPE pair AS (a int, b int)', ddl({ operation: 'create_type', table: 'public.pair', createdInFile: true, columnType: 'composite' })],
    ['CREATE TYPE fr AS RANGE (subtype = float8)', ddl({ operation: 'create_type', table: 'public.fr', createdInFile: true, columnType: 'range' })],
    ['CREATE DOMAIN posint AS integer CHECK (VALUE > 0)', ddl({ operation: 'create_domain', table: 'public.posint', createdInFile: true, columnType: 'int4', constraintType: 'check' })],
    ['CREATE DOMAIN code AS text NOT NULL DEFAULT \'x\'', ddl({ operation: 'create_domain', table: 'public.code', createdInFile: true, columnType: 'text', notNull: true, hasDefault: true, defaultVolatility: 'immutable' })],
    ['ALTER DOMAIN posint ADD CONSTRAINT c CHECK (VALUE > 1)', ddl({ operation: 'alter_domain', table: 'public.posint', constraintType: 'check', objectName: 'c', scan: true, lock: 'SHARE' })],
    ['ALTER DOMAIN posint ADD CONSTRAINT c CHECK (VALUE > 1) NOT VALID', ddl({ operation: 'alter_domain', table: 'public.posint', constraintType: 'check', objectName: 'c', notValid: true })],
    ['ALTER DOMAIN posint VALIDATE CONSTRAINT c', ddl({ operation: 'alter_domain', table: 'public.posint', objectName: 'c', scan: true, lock: 'SHARE' })],
    ['ALTER DOMAIN posint SET NOT NULL', ddl({ operation: 'alter_domain', table: 'public.posint', notNull: true, constraintType: 'not_null', scan: true, lock: 'SHARE' })],
    ['ALTER DOMAIN posint DROP CONSTRAINT c CASCADE', ddl({ operation: 'alter_domain', table: 'public.posint', objectName: 'c', cascade: true })],
    ['ALTER DOMAIN posint SET DEFAULT 1', ddl({ operation: 'alter_domain', table: 'public.posint', hasDefault: true, defaultVolatility: 'immutable' })],
  ])('%s', (sql, expected) => {
    const s = one(sql);
    expect(s.out.ddl.map(noSpan)).toEqual([expected]);
    expect(s.out.actions.map((a) => [a.action, a.target])).toEqual([[expected.operation, expected.table]]);
  });

  it('an enum created in the file is createdInFile when altered', () => {
    expect(runDdl("CREATE TYPE m AS ENUM ('a'); ALTER TYPE m ADD VALUE 'b'")[1].out.ddl[0].createdInFile).toBe(true);
  });
});

describe('schemas, extensions, databases, views, sequences, functions', () => {
  it.each([
    ['CREATE EXTENSION IF NOT EXISTS pgcrypto', ddl({ operation: 'create_extension', table: 'pgcrypto', createdInFile: true, ifNotExists: true })],
    ['CREATE SCHEMA IF NOT EXISTS app AUTHORIZATION bob', ddl({ operation: 'create_schema', table: 'app', createdInFile: true, ifNotExists: true, objectName: 'bob' })],
    ['CREATE DATABASE shop', ddl({ operation: 'create_database', table: 'shop', createdInFile: true })],
    ["ALTER DATABASE shop SET work_mem = '64MB'", ddl({ operation: 'alter_database', table: 'shop', objectName: 'work_mem' })],
    ['ALTER DATABASE shop RESET ALL', ddl({ operation: 'alter_database', table: 'shop', objectName: 'all' })],
    ['ALTER DATABASE shop RENAME TO store', ddl({ operation: 'alter_database', table: 'shop', objectName: 'store' })],
    ['ALTER DATABASE shop ALLOW_CONNECTIONS false CONNECTION LIMIT 5', ddl({ operation: 'alter_database', table: 'shop', objectName: 'allow_connections,connection_limit' })],
    ['ALTER DATABASE shop WITH IS_TEMPLATE true', ddl({ operation: 'alter_database', table: 'shop', objectName: 'is_template' })],
    ['ALTER DATABASE shop SET TABLESPACE fast', ddl({ operation: 'alter_database', table: 'shop', objectName: 'tablespace' })],
    ['ALTER DATABASE shop REFRESH COLLATION VERSION', ddl({ operation: 'alter_database', table: 'shop', objectName: 'refresh_collation_version' })],
    // the owner change keeps its own action (rules on alter_owner see every object)
    ['ALTER DATABASE shop OWNER TO bob', ddl({ operation: 'alter_owner', table: 'shop', objectName: 'bob' })],
    ['CREATE VIEW v AS SELECT 1', ddl({ operation: 'create_view', table: 'public.v', createdInFile: true })],
    ['CREATE OR REPLACE VIEW v AS SELECT 1', ddl({ operation: 'create_view', table: 'public.v', createdInFile: true, lock: AE })],
    ['REFRESH MATERIALIZED VIEW mv', ddl({ operation: 'refresh_materialized_view', table: 'public.mv', lock: AE, rewrite: true, scan: true })],
    ['REFRESH MATERIALIZED VIEW CONCURRENTLY mv', ddl({ operation: 'refresh_materialized_view', table: 'public.mv', lock: 'EXCLUSIVE', scan: true, concurrently: true })],
    ['CREATE SEQUENCE IF NOT EXISTS s.seq', ddl({ operation: 'create_sequence', table: 's.seq', createdInFile: true, ifNotExists: true })],
    ['ALTER SEQUENCE IF EXISTS seq RESTART', ddl({ operation: 'alter_sequence', table: 'public.seq', lock: 'SHARE ROW EXCLUSIVE', ifExists: true })],
    ['CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$', ddl({ operation: 'create_function', table: 'public.f', objectName: 'function' })],
    ['CREATE PROCEDURE s.p() LANGUAGE plpgsql AS $$ BEGIN DELETE FROM t; END $$', ddl({ operation: 'create_function', table: 's.p', objectName: 'procedure' })],
  ])('%s', (sql, expected) => {
    const s = one(sql);
    expect(s.out.ddl.map(noSpan)).toEqual([expected]);
    expect(s.out.actions.map((a) => [a.action, a.target])).toEqual([[expected.operation, expected.table]]);
  });

  it('CREATE SCHEMA elements live in the new schema', () => {
    const s = one('CREATE SCHEMA app CREATE TABLE t (a int) CREATE VIEW v AS SELECT 1');
    expect(s.out.actions.map((a) => [a.action, a.target])).toEqual([
      ['create_schema', 'app'],
      ['create_table', 'app.t'],
      ['create_view', 'app.v'],
    ]);
  });

  it('hands function bodies to the nested analysis', () => {
    const sql = 'CREATE FUNCTION f() RETURNS void LANGUAGE plpgsql AS $$ BEGIN DELETE FROM t; END $$';
    const s = one(sql);
    expect(s.nested).toEqual([{ sql: ' BEGIN DELETE FROM t; END ', location: sql.indexOf('AS $$'), via: 'function_body' }]);
    expect(one("CREATE FUNCTION c() RETURNS int LANGUAGE c AS 'lib', 'sym'").nested).toEqual([]);
  });

  it('views walk their query', () => {
    expect(one('CREATE VIEW v AS SELECT * FROM t').walked).toHaveLength(1);
  });
});

describe('triggers, rules, comments, maintenance, TRUNCATE, LOCK, LOAD', () => {
  it.each([
    ['CREATE TRIGGER tr BEFORE UPDATE ON t FOR EACH ROW EXECUTE FUNCTION f()', ddl({ operation: 'create_trigger', table: 'public.t', lock: 'SHARE ROW EXCLUSIVE', objectName: 'tr' })],
    ['CREATE RULE r AS ON DELETE TO t DO INSTEAD NOTHING', ddl({ operation: 'create_rule', table: 'public.t', lock: AE, objectName: 'r' })],
    ["COMMENT ON TABLE t IS 'x'", ddl({ operation: 'comment', table: 'public.t', lock: SUE })],
    ["COMMENT ON COLUMN s.t.c IS 'x'", ddl({ operation: 'comment', table: 's.t', lock: SUE, column: 'c' })],
    ["COMMENT ON SCHEMA app IS 'x'", ddl({ operation: 'comment', table: 'app' })],
    ["COMMENT ON FUNCTION s.f(int) IS 'x'", ddl({ operation: 'comment', table: 's.f' })],
    ["COMMENT ON CONSTRAINT c ON t IS 'x'", ddl({ operation: 'comment', table: 'public.t', lock: SUE, objectName: 'c' })],
    ['CLUSTER t USING t_idx', ddl({ operation: 'cluster', table: 'public.t', lock: AE, rewrite: true, scan: true, objectName: 't_idx' })],
    ['CLUSTER', ddl({ operation: 'cluster', table: null, lock: AE, rewrite: true, scan: true })],
    ['VACUUM t', ddl({ operation: 'vacuum', table: 'public.t', lock: SUE, scan: true })],
    ['VACUUM FULL t', ddl({ operation: 'vacuum', table: 'public.t', lock: AE, rewrite: true, scan: true })],
    ['VACUUM', ddl({ operation: 'vacuum', table: null, lock: SUE, scan: true })],
    ['ANALYZE t', ddl({ operation: 'analyze', table: 'public.t', lock: SUE, scan: true })],
    ['TRUNCATE t CASCADE', ddl({ operation: 'truncate', table: 'public.t', lock: AE, cascade: true })],
    ['LOCK TABLE t IN SHARE MODE', ddl({ operation: 'lock_table', table: 'public.t', lock: 'SHARE' })],
    ['ALTER TABLE ALL IN TABLESPACE slow SET TABLESPACE fast', ddl({ operation: 'alter_table', table: null, lock: AE, rewrite: true, scan: true, objectName: 'fast' })],
  ])('%s', (sql, expected) => {
    const s = one(sql);
    expect(s.out.ddl.map(noSpan)).toEqual([expected]);
    expect(s.out.actions.map((a) => [a.action, a.target])).toEqual([[expected.operation, expected.table]]);
  });

  it('TRUNCATE: an action, a write and a fact per table', () => {
    const sql = 'TRUNCATE ONLY a, s.b RESTART IDENTITY';
    const s = one(sql);
    expect(s.out.actions.map((a) => [a.action, a.target, textOf(sql, a.span)])).toEqual([
      ['truncate', 'public.a', 'a'],
      ['truncate', 's.b', 's.b'],
    ]);
    expect(s.out.tables.map((t) => [t.name, t.access])).toEqual([
      ['public.a', ['ddl', 'write']],
      ['s.b', ['ddl', 'write']],
    ]);
    expect(s.out.ddl.map((d) => [d.table, d.cascade])).toEqual([
      ['public.a', false],
      ['s.b', false],
    ]);
  });

  it('a rule lists what it will run as nested actions', () => {
    const s = one('CREATE RULE r AS ON INSERT TO t DO ALSO (DELETE FROM audit; UPDATE u SET a = 1 WHERE id = 2)');
    expect(s.out.actions.map((a) => [a.action, a.target, a.nested, a.via, a.where])).toEqual([
      ['create_rule', 'public.t', false, 'top', undefined],
      ['delete', 'public.audit', true, 'rule', 'absent'],
      ['update', 'public.u', true, 'rule', 'present'],
    ]);
  });

  it('LOCK TABLE without a mode is ACCESS EXCLUSIVE, one fact per table', () => {
    const s = one('LOCK a, b');
    expect(s.out.ddl.map((d) => [d.table, d.lock])).toEqual([
      ['public.a', AE],
      ['public.b', AE],
    ]);
  });

  it('LOAD is load_library', () => {
    const s = one("LOAD 'auto_explain'");
    expect(s.handled).toBe(true);
    expect(s.out.actions.map((a) => [a.action, a.target])).toEqual([['load_library', 'auto_explain']]);
    expect(s.out.ddl).toEqual([]);
  });

  it('leaves DML and session statements to the walker', () => {
    for (const sql of ['SELECT 1', 'DELETE FROM t', 'BEGIN', 'SET work_mem = 1', 'DO $$ BEGIN END $$'])
      expect(one(sql).handled).toBe(false);
  });
});
