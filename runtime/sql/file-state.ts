// What earlier statements of the same file tell about later ones: objects created, open
// transactions, timeouts set. Dialect independent: it reads only the facts of each statement.
import type { StatementFacts, TransactionContext } from '../facts/types.js';

export interface FileState {
  /** qualified names of tables, indexes, types created so far in the file */
  created: Set<string>;
  /** BEGIN/START TRANSACTION depth (SAVEPOINTs add to it) */
  depth: number;
  lockTimeoutSet: boolean;
  statementTimeoutSet: boolean;
  /** schema an unqualified name resolves to (Postgres: the first schema of search_path set by
   * `SET search_path` or `set_config('search_path', ...)` earlier in the file; `public` before) */
  defaultSchema: string;
}

export function newFileState(): FileState {
  return { created: new Set(), depth: 0, lockTimeoutSet: false, statementTimeoutSet: false, defaultSchema: 'public' };
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
  return {
    inExplicitTransaction: state.depth > 0,
    depth: state.depth,
    lockTimeoutSet: state.lockTimeoutSet,
    statementTimeoutSet: state.statementTimeoutSet,
  };
}

/** Advance the state past one statement (top-level actions only: a nested BEGIN does not open ours). */
export function advanceFileState(state: FileState, facts: StatementFacts): void {
  for (const a of facts.actions) {
    if (a.nested) continue;
    switch (a.action) {
      case 'begin':
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
        state.depth = 0;
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
      case 'create_sequence':
        if (a.target) state.created.add(a.target);
        break;
    }
  }
}
