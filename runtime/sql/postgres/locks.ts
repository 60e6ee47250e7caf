// Table-level locks taken by Postgres DDL, per the PostgreSQL 16 documentation:
// "13.3.1. Table-Level Locks" (Explicit Locking, mvcc.sgml) for the statement-level modes, and
// the ALTER TABLE reference page (each subcommand: "An ACCESS EXCLUSIVE lock is acquired unless
// explicitly noted"), cross-checked against AlterTableGetLockLevel() in tablecmds.c where the
// page is silent (ALTER CONSTRAINT, REPLICA IDENTITY, INHERIT, rules, triggers).
// Plain lookups only: these run once per statement on the hot path.
import type { LockLevel } from '../../facts/types.js';

/** LOCKMODE numbers as libpg-query reports them in LockStmt.mode (lockdefs.h). */
const LOCK_MODES: readonly LockLevel[] = [
  'NONE', // 0 NoLock
  'ACCESS SHARE', // 1
  'ROW SHARE', // 2
  'ROW EXCLUSIVE', // 3
  'SHARE UPDATE EXCLUSIVE', // 4
  'SHARE', // 5
  'SHARE ROW EXCLUSIVE', // 6
  'EXCLUSIVE', // 7
  'ACCESS EXCLUSIVE', // 8
];

/** LOCK TABLE ... IN <mode> MODE; LOCK TABLE without a mode is ACCESS EXCLUSIVE. */
export function lockModeFromNumber(mode: number | undefined): LockLevel {
  if (mode === undefined) return 'ACCESS EXCLUSIVE';
  return LOCK_MODES[mode] ?? 'ACCESS EXCLUSIVE';
}

const STRENGTH: Record<LockLevel, number> = {
  NONE: 0,
  METADATA: 1,
  'ACCESS SHARE': 1,
  'ROW SHARE': 2,
  'ROW EXCLUSIVE': 3,
  'SHARE UPDATE EXCLUSIVE': 4,
  SHARE: 5,
  'SHARE ROW EXCLUSIVE': 6,
  EXCLUSIVE: 7,
  'ACCESS EXCLUSIVE': 8,
};

export function strongerLock(a: LockLevel, b: LockLevel): LockLevel {
  return STRENGTH[b] > STRENGTH[a] ? b : a;
}

/** Statement-level locks on the table named by the statement ("Explicit Locking", each mode's
 * "Acquired by" list, and the statements' own reference pages). */
export const STATEMENT_LOCKS = {
  /** CREATE INDEX: SHARE (blocks writes, allows reads) */
  createIndex: 'SHARE',
  /** CREATE INDEX CONCURRENTLY: SHARE UPDATE EXCLUSIVE */
  createIndexConcurrently: 'SHARE UPDATE EXCLUSIVE',
  /** DROP INDEX: ACCESS EXCLUSIVE on the index's table */
  dropIndex: 'ACCESS EXCLUSIVE',
  /** DROP INDEX CONCURRENTLY: SHARE UPDATE EXCLUSIVE */
  dropIndexConcurrently: 'SHARE UPDATE EXCLUSIVE',
  /** REINDEX TABLE: SHARE on the table (each index rebuilt is locked ACCESS EXCLUSIVE) */
  reindexTable: 'SHARE',
  /** REINDEX INDEX: ACCESS EXCLUSIVE on the index itself (reads using it block) */
  reindexIndex: 'ACCESS EXCLUSIVE',
  /** REINDEX ... CONCURRENTLY: SHARE UPDATE EXCLUSIVE */
  reindexConcurrently: 'SHARE UPDATE EXCLUSIVE',
  /** DROP TABLE / VIEW / MATERIALIZED VIEW / SEQUENCE: ACCESS EXCLUSIVE */
  dropRelation: 'ACCESS EXCLUSIVE',
  /** TRUNCATE: ACCESS EXCLUSIVE */
  truncate: 'ACCESS EXCLUSIVE',
  /** CLUSTER: ACCESS EXCLUSIVE (rewrites the table) */
  cluster: 'ACCESS EXCLUSIVE',
  /** VACUUM (without FULL) and ANALYZE: SHARE UPDATE EXCLUSIVE */
  vacuum: 'SHARE UPDATE EXCLUSIVE',
  analyze: 'SHARE UPDATE EXCLUSIVE',
  /** VACUUM FULL: ACCESS EXCLUSIVE (rewrites the table) */
  vacuumFull: 'ACCESS EXCLUSIVE',
  /** REFRESH MATERIALIZED VIEW: ACCESS EXCLUSIVE */
  refreshMatview: 'ACCESS EXCLUSIVE',
  /** REFRESH MATERIALIZED VIEW CONCURRENTLY: EXCLUSIVE (reads continue) */
  refreshMatviewConcurrently: 'EXCLUSIVE',
  /** CREATE TRIGGER: SHARE ROW EXCLUSIVE */
  createTrigger: 'SHARE ROW EXCLUSIVE',
  /** DROP TRIGGER: ACCESS EXCLUSIVE on the trigger's table */
  dropTrigger: 'ACCESS EXCLUSIVE',
  /** CREATE RULE / DROP RULE: ACCESS EXCLUSIVE on the rule's table */
  rule: 'ACCESS EXCLUSIVE',
  /** CREATE / ALTER / DROP POLICY: ACCESS EXCLUSIVE on the policy's table */
  policy: 'ACCESS EXCLUSIVE',
  /** ALTER TABLE ... RENAME [COLUMN | CONSTRAINT] and SET SCHEMA: ACCESS EXCLUSIVE */
  renameRelation: 'ACCESS EXCLUSIVE',
  /** ALTER INDEX ... RENAME: SHARE UPDATE EXCLUSIVE (since 12) */
  renameIndex: 'SHARE UPDATE EXCLUSIVE',
  /** COMMENT ON a table, column, index, ...: SHARE UPDATE EXCLUSIVE */
  comment: 'SHARE UPDATE EXCLUSIVE',
  /** CREATE TABLE ... PARTITION OF: ACCESS EXCLUSIVE on the parent */
  createPartitionOf: 'ACCESS EXCLUSIVE',
  /** ALTER SEQUENCE: SHARE ROW EXCLUSIVE on the sequence */
  alterSequence: 'SHARE ROW EXCLUSIVE',
  /** CREATE OR REPLACE VIEW of an existing view: ACCESS EXCLUSIVE */
  replaceView: 'ACCESS EXCLUSIVE',
  /** a foreign key (ADD FOREIGN KEY, REFERENCES): SHARE ROW EXCLUSIVE on both tables */
  foreignKey: 'SHARE ROW EXCLUSIVE',
  /** a new object nobody can be waiting on (CREATE TABLE, TYPE, SCHEMA, ...) */
  newObject: 'NONE',
} as const satisfies Record<string, LockLevel>;

/** Lock of one ALTER TABLE subcommand (AlterTableCmd.subtype), per the ALTER TABLE page.
 * AT_AddConstraint, AT_DetachPartition and AT_SetRelOptions depend on the command's
 * definition: use alterTableCmdLock() for those. */
export const ALTER_TABLE_LOCKS: Readonly<Record<string, LockLevel>> = {
  AT_AddColumn: 'ACCESS EXCLUSIVE',
  AT_DropColumn: 'ACCESS EXCLUSIVE',
  AT_AlterColumnType: 'ACCESS EXCLUSIVE',
  AT_ColumnDefault: 'ACCESS EXCLUSIVE',
  AT_SetNotNull: 'ACCESS EXCLUSIVE',
  AT_DropNotNull: 'ACCESS EXCLUSIVE',
  AT_SetExpression: 'ACCESS EXCLUSIVE',
  AT_DropExpression: 'ACCESS EXCLUSIVE',
  AT_AddIdentity: 'ACCESS EXCLUSIVE',
  AT_SetIdentity: 'ACCESS EXCLUSIVE',
  AT_DropIdentity: 'ACCESS EXCLUSIVE',
  // "SET STATISTICS acquires a SHARE UPDATE EXCLUSIVE lock"
  AT_SetStatistics: 'SHARE UPDATE EXCLUSIVE',
  // "SET ( attribute_option ... ) / RESET ...: SHARE UPDATE EXCLUSIVE"
  AT_SetOptions: 'SHARE UPDATE EXCLUSIVE',
  AT_ResetOptions: 'SHARE UPDATE EXCLUSIVE',
  AT_SetStorage: 'ACCESS EXCLUSIVE',
  AT_SetCompression: 'ACCESS EXCLUSIVE',
  AT_AddConstraint: 'ACCESS EXCLUSIVE',
  AT_AddIndexConstraint: 'ACCESS EXCLUSIVE',
  // ALTER CONSTRAINT (foreign key deferrability): SHARE ROW EXCLUSIVE, as CREATE TRIGGER
  AT_AlterConstraint: 'SHARE ROW EXCLUSIVE',
  // "VALIDATE CONSTRAINT ... acquires a SHARE UPDATE EXCLUSIVE lock"
  AT_ValidateConstraint: 'SHARE UPDATE EXCLUSIVE',
  AT_DropConstraint: 'ACCESS EXCLUSIVE',
  // "DISABLE/ENABLE [ REPLICA | ALWAYS ] TRIGGER ... SHARE ROW EXCLUSIVE"
  AT_EnableTrig: 'SHARE ROW EXCLUSIVE',
  AT_EnableAlwaysTrig: 'SHARE ROW EXCLUSIVE',
  AT_EnableReplicaTrig: 'SHARE ROW EXCLUSIVE',
  AT_EnableTrigAll: 'SHARE ROW EXCLUSIVE',
  AT_EnableTrigUser: 'SHARE ROW EXCLUSIVE',
  AT_DisableTrig: 'SHARE ROW EXCLUSIVE',
  AT_DisableTrigAll: 'SHARE ROW EXCLUSIVE',
  AT_DisableTrigUser: 'SHARE ROW EXCLUSIVE',
  AT_EnableRule: 'ACCESS EXCLUSIVE',
  AT_EnableAlwaysRule: 'ACCESS EXCLUSIVE',
  AT_EnableReplicaRule: 'ACCESS EXCLUSIVE',
  AT_DisableRule: 'ACCESS EXCLUSIVE',
  AT_EnableRowSecurity: 'ACCESS EXCLUSIVE',
  AT_DisableRowSecurity: 'ACCESS EXCLUSIVE',
  AT_ForceRowSecurity: 'ACCESS EXCLUSIVE',
  AT_NoForceRowSecurity: 'ACCESS EXCLUSIVE',
  // "CLUSTER ON / SET WITHOUT CLUSTER ... SHARE UPDATE EXCLUSIVE"
  AT_ClusterOn: 'SHARE UPDATE EXCLUSIVE',
  AT_DropCluster: 'SHARE UPDATE EXCLUSIVE',
  AT_SetLogged: 'ACCESS EXCLUSIVE',
  AT_SetUnLogged: 'ACCESS EXCLUSIVE',
  AT_DropOids: 'ACCESS EXCLUSIVE',
  AT_SetAccessMethod: 'ACCESS EXCLUSIVE',
  AT_SetTableSpace: 'ACCESS EXCLUSIVE',
  AT_SetRelOptions: 'ACCESS EXCLUSIVE',
  AT_ResetRelOptions: 'ACCESS EXCLUSIVE',
  AT_ReplaceRelOptions: 'ACCESS EXCLUSIVE',
  AT_AddInherit: 'ACCESS EXCLUSIVE',
  AT_DropInherit: 'ACCESS EXCLUSIVE',
  AT_AddOf: 'ACCESS EXCLUSIVE',
  AT_DropOf: 'ACCESS EXCLUSIVE',
  AT_ReplicaIdentity: 'ACCESS EXCLUSIVE',
  AT_ChangeOwner: 'ACCESS EXCLUSIVE',
  AT_GenericOptions: 'ACCESS EXCLUSIVE',
  AT_AlterColumnGenericOptions: 'ACCESS EXCLUSIVE',
  // "ATTACH PARTITION ... acquires a SHARE UPDATE EXCLUSIVE lock on the parent table, in addition
  // to the ACCESS EXCLUSIVE locks on the table being attached and on the default partition"
  AT_AttachPartition: 'SHARE UPDATE EXCLUSIVE',
  // "DETACH PARTITION ... ACCESS EXCLUSIVE"; with CONCURRENTLY: SHARE UPDATE EXCLUSIVE
  AT_DetachPartition: 'ACCESS EXCLUSIVE',
  AT_DetachPartitionFinalize: 'SHARE UPDATE EXCLUSIVE',
};

/** Storage parameters whose change takes only SHARE UPDATE EXCLUSIVE ("SET ( storage_parameter ):
 * SHARE UPDATE EXCLUSIVE lock will be taken for fillfactor, toast and autovacuum storage
 * parameters, as well as the planner parameter parallel_workers"); every other one ACCESS EXCLUSIVE. */
const LIGHT_RELOPTIONS = new Set([
  'fillfactor',
  'parallel_workers',
  'toast_tuple_target',
  'vacuum_index_cleanup',
  'vacuum_truncate',
  'log_autovacuum_min_duration',
]);

export function relOptionsLock(defs: readonly any[] | undefined): LockLevel {
  if (!defs || defs.length === 0) return 'ACCESS EXCLUSIVE';
  for (const d of defs) {
    const el = d?.DefElem;
    const name: string = el?.defname ?? '';
    const ns: string | undefined = el?.defnamespace;
    if (ns === 'toast') continue;
    if (LIGHT_RELOPTIONS.has(name) || name.startsWith('autovacuum_')) continue;
    return 'ACCESS EXCLUSIVE';
  }
  return 'SHARE UPDATE EXCLUSIVE';
}

/** The lock one AlterTableCmd takes on the altered table. */
export function alterTableCmdLock(cmd: any): LockLevel {
  const subtype: string = cmd?.subtype ?? '';
  switch (subtype) {
    case 'AT_AddConstraint': {
      const contype = cmd.def?.Constraint?.contype;
      // "We add triggers to both tables when we add a Foreign Key, so the lock level must be at
      // least as strong as CREATE TRIGGER"
      return contype === 'CONSTR_FOREIGN' ? 'SHARE ROW EXCLUSIVE' : 'ACCESS EXCLUSIVE';
    }
    case 'AT_DetachPartition':
      return cmd.def?.PartitionCmd?.concurrent ? 'SHARE UPDATE EXCLUSIVE' : 'ACCESS EXCLUSIVE';
    case 'AT_SetRelOptions':
    case 'AT_ResetRelOptions':
      return relOptionsLock(cmd.def?.List?.items);
    default:
      return ALTER_TABLE_LOCKS[subtype] ?? 'ACCESS EXCLUSIVE';
  }
}
