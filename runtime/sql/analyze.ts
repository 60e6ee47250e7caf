// The public analysis entry: split a text into statements, extract facts for each (libpg-query
// for Postgres, the MySQL/other-dialect extractor otherwise, the lexer classifier for what no
// parser accepts), carrying file state (transactions, timeouts, created objects) across them.
import type { AnalysisResult, Diagnostic, Dialect, StatementFacts } from '../facts/types.js';
import type { Catalog } from '../catalog/catalog.js';
import { lineIndex, span } from '../text/spans.js';
import { advanceFileState, markUnclosed, newFileState, transactionContext } from './file-state.js';
import { classifyUnparsed } from './lexer/classify.js';
import { measureIdentifiers } from './long-identifiers.js';
import { splitStatements } from './lexer/split.js';
import { extractOtherDialect } from './mysql/extract.js';
import type { TextEnv } from './postgres/context.js';
import { extractPostgresStatement } from './postgres/extract.js';
import { loadPostgres, pgModule } from './postgres/load.js';

export { loadPostgres };

export interface AnalyzeOptions {
  /** default `postgres` */
  dialect?: Dialect;
  /** file name put on diagnostics and the result (null or absent: none) */
  file?: string | null;
  /** known tables, columns and tags: expands `*`, resolves columns, tags outputs */
  catalog?: Catalog;
  /** the text runs inside a transaction opened before it and committed after it (a migration tool
   * that wraps each file in one): statements start at depth 1 in the `assumed` transaction, a BEGIN
   * in the text nests, a COMMIT or ROLLBACK ends it early; `'always'`: and the caller knows the
   * transaction wraps even a lone statement (`transaction.assumedAlways`); default false */
  assumeInTransaction?: boolean | 'always';
}

/**
 * Analyse SQL text. Never throws for any input; the one exception is calling it for Postgres
 * before `loadPostgres()` has finished, a programming error.
 */
export function analyzeSync(text: string, options: AnalyzeOptions = {}): AnalysisResult {
  const dialect = options.dialect ?? 'postgres';
  const file = options.file ?? null;
  const pg = dialect === 'postgres' ? pgModule() : null;
  if (dialect === 'postgres' && !pg) throw new Error('the postgres parser is not loaded: await loadPostgres() before analyzeSync()');
  const lines = lineIndex(text);
  const split = splitStatements(text, dialect);
  const state = newFileState(options.assumeInTransaction === true || options.assumeInTransaction === 'always', options.assumeInTransaction === 'always');
  const diagnostics: Diagnostic[] = [...split.diagnostics];
  const statements: StatementFacts[] = [];
  const env: TextEnv | null = pg
    ? { text, lines, catalog: options.catalog, file: state, temps: new Set(), pg, tagMemo: new Map() }
    : null;
  for (let i = 0; i < split.statements.length; i++) {
    const raw = split.statements[i];
    const transaction = transactionContext(state);
    let facts: StatementFacts;
    try {
      if (raw.meta) facts = classifyUnparsed({ text, raw, index: i, dialect, lines, transaction, file: state });
      else if (env) facts = extractPostgresStatement(env, raw, i, transaction);
      else facts = extractOtherDialect({ text, raw, index: i, dialect, lines, transaction, file: state, catalog: options.catalog });
    } catch (e) {
      // never let a statement through unseen: fall back to the lexer's facts (parsed: false)
      facts = classifyUnparsed({ text, raw, index: i, dialect, lines, transaction, file: state });
      facts.parsed = false;
      const tooDeep = e instanceof RangeError && /call stack/i.test(e.message);
      facts.diagnostics.push({
        kind: 'diagnostic',
        code: tooDeep ? 'sql/too-complex' : 'internal/analysis-error',
        severity: 'error',
        message: tooDeep
          ? 'statement nests too deeply to analyse'
          : `internal error while analysing the statement: ${(e instanceof Error ? e.message : String(e)).split('\n')[0]}`,
        span: span(lines, raw.start, raw.end),
        help: tooDeep
          ? 'the statement is treated as unparsed; split the expression up'
          : 'please report this with the statement; the statement is treated as unparsed',
      });
    }
    measureIdentifiers(facts, text, dialect, lines);
    advanceFileState(state, facts);
    statements.push(facts);
    for (const d of facts.diagnostics) diagnostics.push(d);
  }
  markUnclosed(state, statements);
  if (file !== null) {
    for (const d of diagnostics) d.file = file;
  }
  return { kind: 'analysis', dialect, file, statements, diagnostics };
}

/** Loads the Postgres parser when needed, then analyses. */
export async function analyze(text: string, options: AnalyzeOptions = {}): Promise<AnalysisResult> {
  if ((options.dialect ?? 'postgres') === 'postgres') await loadPostgres();
  return analyzeSync(text, options);
}
