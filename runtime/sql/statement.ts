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
  fingerprint: string;
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
  return { kind: 'statement', ...base, ...sink, reads, writes, isDdl };
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
