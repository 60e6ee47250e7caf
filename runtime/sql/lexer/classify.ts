// Facts for a statement no parser accepted (fail-closed): the statement kind and actions from
// its leading keywords, tables where they can be read (after FROM/JOIN/UPDATE/INTO/TABLE/...),
// access per kind, dangerous function calls, and the statements inside routine bodies, DO
// blocks, CTEs, EXPLAIN ANALYZE, COPY (query) and PREPARE as nested actions. Everything else
// stays empty; `parsed` is false. The caller adds the syntax error.
import type { Dialect, StatementFacts, TransactionContext } from '../../facts/types.js';
import type { FileState } from '../file-state.js';
import { emptySink } from '../sink.js';
import { buildStatement } from '../statement.js';
import type { LineIndex } from '../../text/spans.js';
import { span } from '../../text/spans.js';
import { significantIn } from './cursor.js';
import { fallbackDdl } from './ddl-fallback.js';
import { fingerprint } from './fingerprint.js';
import { Classifier } from './heads.js';
import type { RawStatement } from './split.js';

export interface ClassifyInput {
  text: string;
  raw: RawStatement;
  index: number;
  dialect: Dialect;
  lines: LineIndex;
  transaction: TransactionContext;
  file: FileState;
}

export function classifyUnparsed(input: ClassifyInput): StatementFacts {
  const { text, raw, dialect, lines } = input;
  const { all, sig } = significantIn(text, raw.start, raw.end, dialect, raw.inExecutableComment === true);
  const sink = emptySink();
  const c = new Classifier(text, dialect, lines, input.file, sink, span(lines, raw.start, raw.end));
  const meta = raw.meta !== undefined || sig[0]?.kind === 'meta';
  const head = meta ? c.meta(sig) : c.statement(sig);
  // fail closed: a statement may begin after what no parser understood
  if (!meta) {
    c.strayStatements(sig);
    fallbackDdl(sink, input.file);
  }
  return buildStatement(
    {
      index: input.index,
      span: span(lines, raw.start, raw.end),
      text: text.slice(raw.start, raw.end),
      dialect,
      parsed: false,
      statementKind: head.kind,
      where: head.where,
      limit: head.limit,
      returning: head.returning,
      dataModifyingCte: head.dataModifyingCte,
      explain: head.explain,
      transaction: input.transaction,
      fingerprint: fingerprint(text, all),
      diagnostics: [],
    },
    sink,
  );
}
