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
  // built field by field, in the documented order (JSON output keeps it), so every record of
  // one kind shares one hidden class
  const facts = {
    kind: 'statement',
    index: base.index,
    span: base.span,
    text: base.text,
    dialect: base.dialect,
    parsed: base.parsed,
    statementKind: base.statementKind,
    where: base.where,
    limit: base.limit,
    returning: base.returning,
    dataModifyingCte: base.dataModifyingCte,
    explain: base.explain,
    transaction: base.transaction,
  } as StatementFacts;
  const fingerprint = base.fingerprint;
  if (typeof fingerprint === 'string') facts.fingerprint = fingerprint;
  else {
    Object.defineProperty(facts, PENDING, { value: fingerprint, writable: true, enumerable: false, configurable: true });
    Object.defineProperty(facts, 'fingerprint', LAZY_FINGERPRINT);
  }
  facts.diagnostics = base.diagnostics;
  facts.actions = sink.actions;
  facts.tables = sink.tables;
  facts.columns = sink.columns;
  facts.outputs = sink.outputs;
  facts.functions = sink.functions;
  facts.dynamicSql = sink.dynamicSql;
  facts.privileges = sink.privileges;
  facts.roles = sink.roles;
  facts.ddl = sink.ddl;
  facts.patterns = sink.patterns;
  // filled by the caller for schema changes (see long-identifiers.ts)
  facts.longIdentifiers = [];
  facts.reads = reads;
  facts.writes = writes;
  facts.isDdl = isDdl;
  return facts;
}

/**
 * libpg_query's fingerprint parses the statement again (as long as the rest of the analysis of
 * a typical statement) and few consumers read it, so it is computed on first read, once: the
 * property is an enumerable accessor in its usual place (JSON, spread, structured clone, deep
 * equality and policies all see a string) that turns itself into a plain data property when
 * read or written. The descriptor is shared so the records keep one hidden class.
 */
const PENDING = Symbol('pending fingerprint');

function settleFingerprint(facts: StatementFacts, value: string): string {
  Object.defineProperty(facts, 'fingerprint', { value, writable: true, enumerable: true, configurable: true });
  delete (facts as unknown as Record<symbol, unknown>)[PENDING];
  return value;
}

const LAZY_FINGERPRINT: PropertyDescriptor = {
  get(this: StatementFacts): string {
    return settleFingerprint(this, (this as unknown as Record<symbol, () => string>)[PENDING]());
  },
  set(this: StatementFacts, value: string) {
    settleFingerprint(this, value);
  },
  enumerable: true,
  configurable: true,
};

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
