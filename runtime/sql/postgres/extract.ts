// One top-level Postgres statement: parse its text with libpg-query, walk the tree, and build
// StatementFacts. A statement the parser rejects is handed to the lexer classifier (partial
// facts, parsed: false) with a `sql/syntax-error` diagnostic at the parser's position.
import type { Dialect, StatementFacts, TransactionContext } from '../../facts/types.js';
import { byteMap, span as makeSpan } from '../../text/spans.js';
import { classifyUnparsed } from '../lexer/classify.js';
import { fingerprint as lexerFingerprint } from '../lexer/fingerprint.js';
import { tokensIn } from '../lexer/lexer.js';
import type { RawStatement } from '../lexer/split.js';
import { measureEmbedded } from '../long-identifiers.js';
import { emptySink } from '../sink.js';
import { buildStatement } from '../statement.js';
import type { Ctx, StatementState, TextEnv } from './context.js';
import { dispatchStatement, kindOf, type StmtInfo } from './statements.js';

const DIALECT: Dialect = 'postgres';

export function extractPostgresStatement(env: TextEnv, raw: RawStatement, index: number, transaction: TransactionContext): StatementFacts {
  const text = env.text;
  const stmtText = text.slice(raw.start, raw.end);
  const statementSpan = makeSpan(env.lines, raw.start, raw.end);
  const pg = env.pg;
  let tree: any;
  try {
    tree = pg.parseSync(stmtText);
  } catch (e) {
    return unparsed(env, raw, index, transaction, stmtText, e);
  }
  const st: StatementState = {
    out: emptySink(),
    diagnostics: [],
    created: new Set(),
    dataModifyingCte: false,
    statementSpan,
    embedded: [],
  };
  const ctx: Ctx = {
    env,
    st,
    src: stmtText,
    bm: byteMap(stmtText),
    base: raw.start,
    lo: raw.start,
    hi: raw.end,
    exact: true,
    fallback: statementSpan,
    via: 'top',
    nested: false,
    depth: 0,
    stmtText,
  };
  const stmts: any[] = tree.stmts ?? [];
  let top: StmtInfo | null = null;
  let kind = 'empty';
  if (stmts.length > 0 && stmts[0].stmt) {
    top = dispatchStatement(ctx, stmts[0].stmt);
    kind = top.kind;
  }
  // the splitter keeps one statement per chunk; should the parser still see more (a psql
  // quirk), walk them too so nothing hides behind the first
  for (let i = 1; i < stmts.length; i++) {
    if (!stmts[i].stmt) continue;
    let t = '';
    for (const k in stmts[i].stmt) t = k;
    if (kind === 'empty') kind = kindOf(t, stmts[i].stmt[t]);
    dispatchStatement(ctx, stmts[i].stmt);
  }
  for (const name of st.created) env.file.created.add(name);
  if (st.defaultSchema !== undefined) env.file.defaultSchema = st.defaultSchema;
  if (top) st.out.outputs.push(...top.outputs);
  const facts = buildStatement(
    {
      index,
      span: statementSpan,
      text: stmtText,
      dialect: DIALECT,
      parsed: true,
      statementKind: kind,
      where: top?.where ?? null,
      limit: top?.limit ?? null,
      returning: top?.returning ?? false,
      dataModifyingCte: st.dataModifyingCte,
      explain: top?.explain ?? null,
      transaction,
      // computed on first read (it parses the statement again): see buildStatement
      fingerprint: pgFingerprint(pg, text, raw, stmtText),
      diagnostics: st.diagnostics,
    },
    st.out,
  );
  // identifiers in bodies and EXECUTE strings; those of the statement text itself: analyze.ts
  measureEmbedded(facts, text, env.lines, st.embedded);
  return facts;
}

/** The fingerprint computation, for a lazy read (an unnamed closure: keeps tsx from naming it per call). */
function pgFingerprint(pg: TextEnv['pg'], text: string, raw: RawStatement, stmtText: string): () => string {
  return () => {
    try {
      return pg.fingerprintSync(stmtText);
    } catch {
      // libpg_query cannot fingerprint a few parsable statements: the lexer's fingerprint then
      return lexerFingerprint(text, tokensIn(text, raw.start, raw.end, DIALECT));
    }
  };
}

function unparsed(env: TextEnv, raw: RawStatement, index: number, transaction: TransactionContext, stmtText: string, e: unknown): StatementFacts {
  const facts = classifyUnparsed({ text: env.text, raw, index, dialect: DIALECT, lines: env.lines, transaction, file: env.file });
  const details = (e as { sqlDetails?: { cursorPosition?: number } }).sqlDetails;
  // user text in backticks, as every message of ours
  const message = (e instanceof Error ? e.message : String(e)).split('\n')[0].replace(/"([^"]*)"/g, '`$1`');
  let at = raw.start;
  if (details && typeof details.cursorPosition === 'number' && details.cursorPosition >= 0) {
    // Postgres reports error positions in characters (code points), not bytes
    at = raw.start + codePointsToUtf16(stmtText, details.cursorPosition);
  }
  const end = Math.min(raw.end, at + tokenLength(env.text, at, raw.end));
  facts.diagnostics.push({
    kind: 'diagnostic',
    code: 'sql/syntax-error',
    severity: 'error',
    message: message.length > 0 ? message : 'syntax error',
    span: makeSpan(env.lines, Math.min(at, raw.end), Math.max(Math.min(at, raw.end), end)),
    help: 'the statement is analysed from its keywords only; its facts may be incomplete',
  });
  return facts;
}

function codePointsToUtf16(text: string, cps: number): number {
  let i = 0;
  for (let n = 0; n < cps && i < text.length; n++) {
    const c = text.charCodeAt(i);
    i += c >= 0xd800 && c <= 0xdbff && i + 1 < text.length ? 2 : 1;
  }
  return i;
}

/** Length of the token at `at` (for the error span): a word, or one character. */
function tokenLength(text: string, at: number, hi: number): number {
  let i = at;
  while (i < hi && /[\p{L}\p{N}_$]/u.test(text[i])) i++;
  return i === at ? 1 : i - at;
}
