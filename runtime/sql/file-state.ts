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
}

export function newFileState(): FileState {
  return { created: new Set(), depth: 0, lockTimeoutSet: false, statementTimeoutSet: false };
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
        if (state.depth > 0) state.depth++;
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
