import { beforeAll, describe, expect, it } from 'vitest';
import type { LockLevel } from '../../runtime/facts/types.js';
import {
  ALTER_TABLE_LOCKS,
  alterTableCmdLock,
  lockModeFromNumber,
  relOptionsLock,
  STATEMENT_LOCKS,
  strongerLock,
} from '../../runtime/sql/postgres/locks.js';
import { loadParser, one } from './ddl-helpers.js';

beforeAll(loadParser);

const AE: LockLevel = 'ACCESS EXCLUSIVE';
const SUE: LockLevel = 'SHARE UPDATE EXCLUSIVE';
const SRE: LockLevel = 'SHARE ROW EXCLUSIVE';

describe('ALTER TABLE subcommand locks (PostgreSQL 16, ALTER TABLE)', () => {
  // every entry of the table, asserted one by one
  const expected: Record<string, LockLevel> = {
    AT_AddColumn: AE,
    AT_DropColumn: AE,
    AT_AlterColumnType: AE,
    AT_ColumnDefault: AE,
    AT_SetNotNull: AE,
    AT_DropNotNull: AE,
    AT_SetExpression: AE,
    AT_DropExpression: AE,
    AT_AddIdentity: AE,
    AT_SetIdentity: AE,
    AT_DropIdentity: AE,
    AT_SetStatistics: SUE,
    AT_SetOptions: SUE,
    AT_ResetOptions: SUE,
    AT_SetStorage: AE,
    AT_SetCompression: AE,
    AT_AddConstraint: AE,
    AT_AddIndexConstraint: AE,
    AT_AlterConstraint: SRE,
    AT_ValidateConstraint: SUE,
    AT_DropConstraint: AE,
    AT_EnableTrig: SRE,
    AT_EnableAlwaysTrig: SRE,
    AT_EnableReplicaTrig: SRE,
    AT_EnableTrigAll: SRE,
    AT_EnableTrigUser: SRE,
    AT_DisableTrig: SRE,
    AT_DisableTrigAll: SRE,
    AT_DisableTrigUser: SRE,
    AT_EnableRule: AE,
    AT_EnableAlwaysRule: AE,
    AT_EnableReplicaRule: AE,
    AT_DisableRule: AE,
    AT_EnableRowSecurity: AE,
    AT_DisableRowSecurity: AE,
    AT_ForceRowSecurity: AE,
    AT_NoForceRowSecurity: AE,
    AT_ClusterOn: SUE,
    AT_DropCluster: SUE,
    AT_SetLogged: AE,
    AT_SetUnLogged: AE,
    AT_DropOids: AE,
    AT_SetAccessMethod: AE,
    AT_SetTableSpace: AE,
    AT_SetRelOptions: AE,
    AT_ResetRelOptions: AE,
    AT_ReplaceRelOptions: AE,
    AT_AddInherit: AE,
    AT_DropInherit: AE,
    AT_AddOf: AE,
    AT_DropOf: AE,
    AT_ReplicaIdentity: AE,
    AT_ChangeOwner: AE,
    AT_GenericOptions: AE,
    AT_AlterColumnGenericOptions: AE,
    AT_AttachPartition: SUE,
    AT_DetachPartition: AE,
    AT_DetachPartitionFinalize: SUE,
  };

  it('has exactly the documented entries', () => {
    expect(Object.keys(ALTER_TABLE_LOCKS).sort()).toEqual(Object.keys(expected).sort());
  });

  it.each(Object.entries(expected))('%s takes %s', (subtype, lock) => {
    expect(ALTER_TABLE_LOCKS[subtype]).toBe(lock);
  });
});

describe('statement locks (PostgreSQL 16, Explicit Locking)', () => {
  const expected: Record<keyof typeof STATEMENT_LOCKS, LockLevel> = {
    createIndex: 'SHARE',
    createIndexConcurrently: SUE,
    dropIndex: AE,
    dropIndexConcurrently: SUE,
    reindexTable: 'SHARE',
    reindexIndex: AE,
    reindexConcurrently: SUE,
    dropRelation: AE,
    truncate: AE,
    cluster: AE,
    vacuum: SUE,
    analyze: SUE,
    vacuumFull: AE,
    refreshMatview: AE,
    refreshMatviewConcurrently: 'EXCLUSIVE',
    createTrigger: SRE,
    dropTrigger: AE,
    rule: AE,
    policy: AE,
    renameRelation: AE,
    renameIndex: SUE,
    comment: SUE,
    createPartitionOf: AE,
    alterSequence: SRE,
    replaceView: AE,
    foreignKey: SRE,
    newObject: 'NONE',
  };

  it('has exactly the documented entries', () => {
    expect(Object.keys(STATEMENT_LOCKS).sort()).toEqual(Object.keys(expected).sort());
  });

  it.each(Object.entries(expected))('%s takes %s', (key, lock) => {
    expect(STATEMENT_LOCKS[key as keyof typeof STATEMENT_LOCKS]).toBe(lock);
  });
});

describe('locks that depend on the command', () => {
  it('ADD FOREIGN KEY takes SHARE ROW EXCLUSIVE, other constraints ACCESS EXCLUSIVE', () => {
    expect(alterTableCmdLock({ subtype: 'AT_AddConstraint', def: { Constraint: { contype: 'CONSTR_FOREIGN' } } })).toBe(SRE);
    for (const contype of ['CONSTR_CHECK', 'CONSTR_UNIQUE', 'CONSTR_PRIMARY', 'CONSTR_EXCLUSION', 'CONSTR_NOTNULL'])
      expect(alterTableCmdLock({ subtype: 'AT_AddConstraint', def: { Constraint: { contype } } })).toBe(AE);
  });

  it('DETACH PARTITION CONCURRENTLY takes SHARE UPDATE EXCLUSIVE', () => {
    expect(alterTableCmdLock({ subtype: 'AT_DetachPartition', def: { PartitionCmd: { concurrent: true } } })).toBe(SUE);
    expect(alterTableCmdLock({ subtype: 'AT_DetachPartition', def: { PartitionCmd: {} } })).toBe(AE);
  });

  it('an unknown subcommand is ACCESS EXCLUSIVE (the documented default)', () => {
    expect(alterTableCmdLock({ subtype: 'AT_SomethingNew' })).toBe(AE);
  });

  it.each([
    [['fillfactor'], SUE],
    [['autovacuum_enabled', 'autovacuum_vacuum_scale_factor'], SUE],
    [['parallel_workers', 'toast_tuple_target'], SUE],
    [['fillfactor', 'user_catalog_table'], AE],
    [['security_barrier'], AE],
    [[], AE],
  ] as const)('storage parameters %j take %s', (names, lock) => {
    expect(relOptionsLock(names.map((defname) => ({ DefElem: { defname } })))).toBe(lock);
  });

  it('toast.* storage parameters take SHARE UPDATE EXCLUSIVE', () => {
    expect(relOptionsLock([{ DefElem: { defnamespace: 'toast', defname: 'autovacuum_enabled' } }])).toBe(SUE);
  });

  it.each([
    [0, 'NONE'],
    [1, 'ACCESS SHARE'],
    [2, 'ROW SHARE'],
    [3, 'ROW EXCLUSIVE'],
    [4, SUE],
    [5, 'SHARE'],
    [6, SRE],
    [7, 'EXCLUSIVE'],
    [8, AE],
    [undefined, AE],
  ] as const)('LOCK TABLE mode %s is %s', (mode, lock) => {
    expect(lockModeFromNumber(mode)).toBe(lock);
  });

  it('orders lock strength', () => {
    expect(strongerLock('SHARE', AE)).toBe(AE);
    expect(strongerLock(SRE, 'SHARE')).toBe(SRE);
    expect(strongerLock('NONE', 'ACCESS SHARE')).toBe('ACCESS SHARE');
  });
});

describe('locks reported for real statements', () => {
  it.each([
    ['ALTER TABLE t ADD COLUMN c int', AE],
    ['ALTER TABLE t ALTER COLUMN c SET STATISTICS 100', SUE],
    ['ALTER TABLE t ALTER COLUMN c SET (n_distinct = 10)', SUE],
    ['ALTER TABLE t ALTER COLUMN c RESET (n_distinct)', SUE],
    ['ALTER TABLE t SET (fillfactor = 70)', SUE],
    ['ALTER TABLE t SET (autovacuum_enabled = false)', SUE],
    ['ALTER TABLE t SET (toast.autovacuum_enabled = false)', SUE],
    ['ALTER TABLE t RESET (fillfactor)', SUE],
    ['ALTER TABLE t SET (user_catalog_table = true)', AE],
    ['ALTER TABLE t ADD CONSTRAINT fk FOREIGN KEY (a) REFERENCES u (id)', SRE],
    ['ALTER TABLE t ADD CONSTRAINT c CHECK (a > 0)', AE],
    ['ALTER TABLE t ADD CONSTRAINT u UNIQUE (a)', AE],
    ['ALTER TABLE t VALIDATE CONSTRAINT c', SUE],
    ['ALTER TABLE t CLUSTER ON i', SUE],
    ['ALTER TABLE t SET WITHOUT CLUSTER', SUE],
    ['ALTER TABLE t ENABLE TRIGGER ALL', SRE],
    ['ALTER TABLE t DISABLE TRIGGER tr', SRE],
    ['ALTER TABLE t ALTER CONSTRAINT fk DEFERRABLE', SRE],
    ['ALTER TABLE t ATTACH PARTITION c FOR VALUES IN (1)', SUE],
    ['ALTER TABLE t DETACH PARTITION c', AE],
    ['ALTER TABLE t DETACH PARTITION c CONCURRENTLY', SUE],
    ['ALTER TABLE t DETACH PARTITION c FINALIZE', SUE],
    ['ALTER TABLE t REPLICA IDENTITY FULL', AE],
    ['ALTER TABLE t OWNER TO bob', AE],
    ['CREATE INDEX i ON t (a)', 'SHARE'],
    ['CREATE INDEX CONCURRENTLY i ON t (a)', SUE],
    ['DROP INDEX i', AE],
    ['DROP INDEX CONCURRENTLY i', SUE],
    ['REINDEX TABLE t', 'SHARE'],
    ['REINDEX INDEX i', AE],
    ['REINDEX TABLE CONCURRENTLY t', SUE],
    ['REINDEX INDEX CONCURRENTLY i', SUE],
    ['DROP TABLE t', AE],
    ['TRUNCATE t', AE],
    ['CLUSTER t USING i', AE],
    ['VACUUM t', SUE],
    ['VACUUM FULL t', AE],
    ['VACUUM (FULL) t', AE],
    ['ANALYZE t', SUE],
    ['REFRESH MATERIALIZED VIEW m', AE],
    ['REFRESH MATERIALIZED VIEW CONCURRENTLY m', 'EXCLUSIVE'],
    ['CREATE TRIGGER tr AFTER INSERT ON t FOR EACH ROW EXECUTE FUNCTION f()', SRE],
    ['DROP TRIGGER tr ON t', AE],
    ['CREATE RULE r AS ON INSERT TO t DO NOTHING', AE],
    ['CREATE POLICY p ON t USING (true)', AE],
    ['DROP POLICY p ON t', AE],
    ['ALTER TABLE t RENAME TO u', AE],
    ['ALTER TABLE t RENAME COLUMN a TO b', AE],
    ['ALTER INDEX i RENAME TO j', SUE],
    ['COMMENT ON TABLE t IS $$x$$', SUE],
    ['LOCK TABLE t', AE],
    ['LOCK TABLE t IN ACCESS SHARE MODE', 'ACCESS SHARE'],
    ['LOCK TABLE t IN ROW EXCLUSIVE MODE', 'ROW EXCLUSIVE'],
    ['LOCK TABLE t IN SHARE ROW EXCLUSIVE MODE', SRE],
    ['ALTER SEQUENCE s RESTART', SRE],
    ['CREATE TABLE n (a int)', 'NONE'],
  ] as const)('%s -> %s', (sql, lock) => {
    const s = one(sql);
    expect(s.handled).toBe(true);
    expect(s.out.ddl[0].lock).toBe(lock);
  });
});
