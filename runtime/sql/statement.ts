// Turns an extractor's FactSink into the StatementFacts plain-data record, deriving the
// convenience booleans once so every dialect derives them the same way.
import type {
  Diagnostic,
  Dialect,
  Span,
  StatementFacts,
  TransactionContext,
  WhereState,
} from '../facts/types.js';
import type { FactSink } from './sink.js';

export interface StatementBase {
  index: number;
  span: Span;
  text: string;
  dialect: Dialect;
  parsed: boolean;
  statementKind: string;
  where: WhereState | null;
  limit: number | 'all' | 'param' | null;
  returning: boolean;
  dataModifyingCte: boolean;
  explain: { analyze: boolean } | null;
  transaction: TransactionContext;
  /** the fingerprint, or how to compute it on first read (see lazyFingerprint) */
  fingerprint: string | (() => string);
  diagnostics: Diagnostic[];
}

export function buildStatement(base: StatementBase, sink: FactSink): StatementFacts {
  let reads = false;
  let writes = false;
  let isDdl = false;
  for (const t of sink.tables) {
    if (t.access.includes('read')) reads = true;
    if (t.access.includes('write')) writes = true;
    if (t.access.includes('ddl')) isDdl = true;
  }
  for (const a of sink.actions) {
    if (WRITE_ACTIONS.has(a.action)) writes = true;
  }
  if (sink.ddl.length > 0) isDdl = true;
  const { fingerprint, ...rest } = base;
  const facts: StatementFacts = { kind: 'statement', ...rest, fingerprint: '', ...sink, reads, writes, isDdl };
  if (typeof fingerprint === 'string') facts.fingerprint = fingerprint;
  else lazyFingerprint(facts, fingerprint);
  return facts;
}

/**
 * libpg_query's fingerprint re-parses the statement (a quarter of the analysis time) and few
 * consumers read it, so it is computed on first read, once: the property is an enumerable
 * accessor in its usual place (JSON, spread, structured clone and policies all see a string)
 * that replaces itself with a plain data property when read or written.
 */
function lazyFingerprint(facts: StatementFacts, compute: () => string): void {
  const settle = (value: string) => {
    Object.defineProperty(facts, 'fingerprint', { value, writable: true, enumerable: true, configurable: true });
    return value;
  };
  Object.defineProperty(facts, 'fingerprint', {
    get: () => settle(compute()),
    set: (value: string) => settle(value),
    enumerable: true,
    configurable: true,
  });
}

/** Actions that change data even when no table fact records the write (side channels). */
const WRITE_ACTIONS = new Set<string>([
  'insert',
  'update',
  'delete',
  'merge',
  'truncate',
  'upsert',
  'copy_from',
  'copy_from_file',
  'copy_from_program',
  'load_data',
  'write_server_file',
  'select_into',
]);
