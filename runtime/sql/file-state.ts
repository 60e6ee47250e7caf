// What earlier statements of the same file tell about later ones: objects created, open
// transactions, timeouts set. Dialect independent: it reads only the facts of each statement.
import type { LockLevel, StatementFacts, TableLock, TransactionContext } from '../facts/types.js';
import { applyConstraintChange, type ConstraintMap } from '../catalog/constraints.js';

export interface FileState {
  /** qualified names of tables, indexes, types created so far in the file */
  created: Set<string>;
  /** BEGIN/START TRANSACTION depth (SAVEPOINTs add to it; the assumed transaction counts 1) */
  depth: number;
  /** the open transaction is the assumed one (opened before the text), not one of its BEGINs */
  assumed: boolean;
  /** the text runs inside a transaction whose COMMIT follows it (`assumeInTransaction`): a
   * transaction still open at the end is committed then, so none is unclosed */
  wrapped: boolean;
  /** the wrapping transaction is certain even around a lone statement (`assumeInTransaction: 'always'`) */
  always: boolean;
  lockTimeoutSet: boolean;
  statementTimeoutSet: boolean;
  /** schema an unqualified name resolves to (Postgres: the first schema of search_path set by
   * `SET search_path` or `set_config('search_path', ...)` earlier in the file; `public` before) */
  defaultSchema: string;
  /** index of the statement that opened the explicit transaction still open (null outside one;
   * -1 for the assumed transaction, opened before the first statement) */
  openedAt: number | null;
  /** strongest lock per table taken by earlier statements of the open explicit transaction */
  txLocks: Map<string, LockLevel>;
  /** tables altered by earlier statements of the open explicit transaction, in order */
  txAltered: string[];
  /** named constraints declared so far in the file, by table; null for a name the file dropped
   * or renamed away (it hides the catalog's constraint of that name) */
  constraints: ConstraintMap;
}

/** `assumeInTransaction`: the text starts inside a transaction, as if BEGIN preceded it and COMMIT
 * followed it (migration tools that wrap each file in one). */
export function newFileState(assumeInTransaction = false, always = false): FileState {
  return {
    created: new Set(),
    depth: assumeInTransaction ? 1 : 0,
    assumed: assumeInTransaction,
    wrapped: assumeInTransaction,
    always: assumeInTransaction && always,
    lockTimeoutSet: false,
    statementTimeoutSet: false,
    defaultSchema: 'public',
    openedAt: assumeInTransaction ? -1 : null,
    txLocks: new Map(),
    txAltered: [],
    constraints: new Map(),
  };
}

/** The schema unqualified names resolve to under a search_path value (`"$user", public` → public):
 * its first schema other than `$user` (no such schema in the usual setup), pg_catalog and pg_temp
 * (searched anyway); `public` when none is left. */
export function searchPathSchema(value: string): string {
  return firstSearchSchema(splitSearchPath(value));
}

/** The same for a list of schema names (`SET search_path TO a, b` gives them one by one). */
export function firstSearchSchema(names: readonly string[]): string {
  for (const n of names) {
    if (n === '$user' || n === 'pg_catalog' || n === 'pg_temp' || n.length === 0) continue;
    return n;
  }
  return 'public';
}

/** Entries of a search_path string: comma-separated, unquoted ones lowercased, `"..."` kept as written. */
function splitSearchPath(value: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i <= value.length) {
    while (i < value.length && /\s/.test(value[i])) i++;
    let name = '';
    if (value[i] === '"') {
      i++;
      while (i < value.length) {
        if (value[i] === '"') {
          if (value[i + 1] === '"') {
            name += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        name += value[i++];
      }
      while (i < value.length && value[i] !== ',') i++;
    } else {
      const comma = value.indexOf(',', i);
      const end = comma < 0 ? value.length : comma;
      name = value.slice(i, end).trim().toLowerCase();
      i = end;
    }
    out.push(name);
    i++;
  }
  return out;
}

export function transactionContext(state: FileState): TransactionContext {
  const lockedTables: TableLock[] = [];
  for (const [table, lock] of state.txLocks) lockedTables.push({ table, lock });
  return {
    inExplicitTransaction: state.depth > 0,
    depth: state.depth,
    assumed: state.assumed,
    assumedAlways: state.assumed && state.always,
    lockTimeoutSet: state.lockTimeoutSet,
    statementTimeoutSet: state.statementTimeoutSet,
    // known only at the end of the text: set by markUnclosed
    unclosed: false,
    lockedTables,
    alteredTables: [...state.txAltered],
  };
}

/** Lock strength, weakest first (Postgres's conflict table is ordered this way); MySQL's metadata
 * lock counts as the strongest, NONE as no lock at all. */
const LOCK_RANK: Record<LockLevel, number> = {
  NONE: -1,
  'ACCESS SHARE': 0,
  'ROW SHARE': 1,
  'ROW EXCLUSIVE': 2,
  'SHARE UPDATE EXCLUSIVE': 3,
  SHARE: 4,
  'SHARE ROW EXCLUSIVE': 5,
  EXCLUSIVE: 6,
  'ACCESS EXCLUSIVE': 7,
  METADATA: 8,
};

function holdLock(state: FileState, table: string, lock: LockLevel): void {
  if (LOCK_RANK[lock] < 0) return;
  const held = state.txLocks.get(table);
  if (held === undefined || LOCK_RANK[lock] > LOCK_RANK[held]) state.txLocks.set(table, lock);
}

/** Locks and alterations of one statement inside the open explicit transaction. Tables created
 * in the file are left out: nobody else can be waiting on them. DDL in a function body runs later. */
function recordTransactionWork(state: FileState, facts: StatementFacts): void {
  for (const d of facts.ddl) {
    if (d.via === 'function_body' || d.createdInFile || d.table === null) continue;
    holdLock(state, d.table, d.lock);
    if (facts.statementKind === 'alter_table' && !state.txAltered.includes(d.table)) state.txAltered.push(d.table);
  }
  // row-level DML locks (Postgres: reads take ACCESS SHARE, writes ROW EXCLUSIVE)
  if (facts.dialect !== 'postgres') return;
  for (const t of facts.tables) {
    if (t.createdInFile || t.temporary) continue;
    if (t.access.includes('write')) holdLock(state, t.name, 'ROW EXCLUSIVE');
    else if (t.access.includes('read')) holdLock(state, t.name, 'ACCESS SHARE');
  }
}

function endTransaction(state: FileState): void {
  state.depth = 0;
  state.assumed = false;
  state.openedAt = null;
  state.txLocks = new Map();
  state.txAltered = [];
}

/** After the last statement: the statements of a transaction still open (from its BEGIN on) get
 * `transaction.unclosed`, unless the COMMIT assumed after the text closes it. */
export function markUnclosed(state: FileState, statements: readonly StatementFacts[]): void {
  if (state.depth === 0 || state.openedAt === null || state.wrapped) return;
  for (const s of statements) if (s.index >= state.openedAt) s.transaction.unclosed = true;
}

/** Advance the state past one statement (top-level actions only: a nested BEGIN does not open ours). */
export function advanceFileState(state: FileState, facts: StatementFacts): void {
  for (const a of facts.actions) {
    if (a.nested) continue;
    switch (a.action) {
      case 'begin':
        // inside an open transaction (the assumed one too) BEGIN only warns: the depth records the nesting
        if (state.depth === 0) {
          endTransaction(state);
          state.openedAt = facts.index;
        }
        state.depth = Math.max(1, state.depth + 1);
        break;
      case 'savepoint':
        // RELEASE SAVEPOINT comes back up a level; ROLLBACK TO SAVEPOINT keeps the savepoint
        if (facts.statementKind === 'release_savepoint') state.depth = Math.max(state.depth > 0 ? 1 : 0, state.depth - 1);
        else if (facts.statementKind !== 'rollback_to_savepoint' && state.depth > 0) state.depth++;
        break;
      case 'commit':
      case 'rollback':
        // COMMIT / ROLLBACK end the whole transaction; ROLLBACK TO SAVEPOINT is reported as `savepoint`
        endTransaction(state);
        break;
      case 'set':
      case 'set_config':
        if (a.target === 'lock_timeout') state.lockTimeoutSet = true;
        if (a.target === 'statement_timeout') state.statementTimeoutSet = true;
        break;
      case 'create_table':
      case 'create_table_as':
      case 'create_index':
      case 'create_view':
      case 'create_materialized_view':
      case 'create_type':
      case 'create_schema':
      case 'create_database':
      case 'create_sequence':
        if (a.target) state.created.add(a.target);
        break;
    }
  }
  for (const d of facts.ddl) if (d.via !== 'function_body') applyConstraintChange(state.constraints, d);
  if (state.depth > 0 && state.openedAt !== facts.index) recordTransactionWork(state, facts);
}
