// SQL found inside a statement as text: function bodies, DO blocks, constant EXECUTE strings,
// dblink and query_to_xml arguments. Parsed and walked with the same dispatcher; its facts go
// into the enclosing statement's sink as nested facts. Spans point into the original text when
// the SQL appears there verbatim (dollar-quoted bodies, strings without escapes), else at the
// string as a whole (or the enclosing statement).
import type { Span } from '../../facts/types.js';
import { byteMap } from '../../text/spans.js';
import type { EmbeddedSql } from '../long-identifiers.js';
import { diagnostic, MAX_DEPTH, offsetAt, spanAt, spanRange, tokenEnd, type Ctx } from './context.js';
import { dispatchStatement, type StmtInfo } from './statements.js';

/** `sql` lies at `start` character for character; a blank in sql may stand for anything
 * (PL/pgSQL blanks out the `INTO var` of its queries, keeping every other offset). */
export function alignsWith(text: string, start: number, sql: string): boolean {
  if (text.startsWith(sql, start)) return true;
  if (start + sql.length > text.length) return false;
  for (let i = 0; i < sql.length; i++) {
    const c = sql.charCodeAt(i);
    if (c !== 32 && c !== text.charCodeAt(start + i)) return false;
  }
  return true;
}

/** Where the content of the string token at `tokenOffset` begins (after `'`, `E'`, `$tag$`), or -1. */
export function stringContentStart(text: string, tokenOffset: number, hi: number): number {
  if (tokenOffset < 0 || tokenOffset >= hi) return -1;
  const c = text.charCodeAt(tokenOffset);
  if (c === 39) return tokenOffset + 1;
  if ((c === 69 || c === 101) && text.charCodeAt(tokenOffset + 1) === 39) return tokenOffset + 2;
  if (c === 36) {
    const close = text.indexOf('$', tokenOffset + 1);
    if (close < 0 || close >= hi) return -1;
    return close + 1;
  }
  return -1;
}

/** Remember SQL held in a string of the statement: its identifiers are measured too
 * (long-identifiers.ts). `start`: where it is written verbatim, checked here; `token`: the string
 * token's offset in the original text, or in `parent`'s code. */
export function noteEmbedded(ctx: Ctx, code: string, start: number, token: number, fallback: Span, parent: EmbeddedSql | null = null): EmbeddedSql {
  const verbatim = start >= 0 && ctx.env.text.startsWith(code, start);
  const e: EmbeddedSql = { code, start: verbatim ? start : -1, token: verbatim ? -1 : token, parent: verbatim ? null : parent, fallback };
  ctx.st.embedded.push(e);
  return e;
}

/** Analyse a string constant's SQL; `location` is the constant's location in ctx.src. `within`:
 * where the string is in the code of an enclosing string that is not verbatim in the text. */
export function analyzeSqlString(ctx: Ctx, sql: string, location: number | undefined, within?: { parent: EmbeddedSql; token: number }): StmtInfo[] | null {
  const tokenOff = offsetAt(ctx, location);
  const start = stringContentStart(ctx.env.text, tokenOff, ctx.hi);
  const fallback = tokenOff >= 0 ? spanRange(ctx, tokenOff, tokenEnd(ctx.env.text, tokenOff, ctx.hi)) : ctx.fallback;
  if (tokenOff >= 0 || !within) noteEmbedded(ctx, sql, start, tokenOff, fallback);
  else noteEmbedded(ctx, sql, -1, within.token, fallback, within.parent);
  return analyzeSql(ctx, sql, start, fallback);
}

/** Analyse SQL text found near `location` (the helpers' analyzeNested: body strings of DDL). */
export function analyzeSqlNear(ctx: Ctx, sql: string, location: number | undefined): void {
  const off = offsetAt(ctx, location);
  let start = -1;
  if (off >= 0 && sql.length > 0) {
    const found = ctx.env.text.indexOf(sql, off);
    if (found >= 0 && found - off <= 256 && found + sql.length <= ctx.hi) start = found;
  }
  analyzeSql(ctx, sql, start, off >= 0 ? spanAt(ctx, location) : ctx.fallback);
}

/**
 * Parse `prefix + sql` and walk every statement in it with ctx's via (the caller sets it).
 * `start`: UTF-16 offset of sql in the original text, -1 when not known; checked before use.
 */
export function analyzeSql(ctx: Ctx, sql: string, start: number, fallback: Span, prefix = '', parsedTree?: unknown): StmtInfo[] | null {
  const parsed = parseNested(ctx, sql, start, fallback, prefix, parsedTree);
  if (!parsed) return null;
  const infos: StmtInfo[] = [];
  const { child, tree, src } = parsed;
  for (const raw of tree.stmts ?? []) {
    const stmt = raw.stmt;
    if (!stmt) continue;
    const loc: number = raw.stmt_location ?? 0;
    let from = child.bm.toUtf16(loc);
    // stmt_location includes the whitespace after the previous `;`
    while (from < src.length && src.charCodeAt(from) <= 32) from++;
    const to = raw.stmt_len ? child.bm.toUtf16(loc + raw.stmt_len) : src.length;
    const stmtCtx: Ctx = { ...child, stmtText: src.slice(from, to) };
    if (child.exact) stmtCtx.fallback = spanRange(child, child.base + from, child.base + to);
    infos.push(dispatchStatement(stmtCtx, stmt));
  }
  return infos;
}

/** Parse `prefix + sql` into a child Ctx whose spans map into the original text; null on failure
 * (with a warning diagnostic) or when there is nothing to parse. */
export function parseNested(
  ctx: Ctx,
  sql: string,
  start: number,
  fallback: Span,
  prefix = '',
  /** the caller's own parseSync(prefix + sql), when it has one: not parsed again */
  parsedTree?: unknown,
): { child: Ctx; tree: any; src: string } | null {
  if (sql.trim().length === 0) return null;
  if (ctx.depth >= MAX_DEPTH) {
    diagnostic(ctx, 'sql/nesting-too-deep', 'warning', 'sql nested too deeply to analyse', fallback);
    return null;
  }
  const text = ctx.env.text;
  const exact = start >= ctx.lo && start + sql.length <= ctx.hi && alignsWith(text, start, sql);
  const src = prefix + sql;
  let tree: any = parsedTree;
  try {
    tree ??= ctx.env.pg.parseSync(src);
  } catch (e) {
    const msg = (e instanceof Error ? e.message : String(e)).split('\n')[0];
    diagnostic(ctx, 'sql/nested-syntax-error', 'warning', `embedded sql could not be parsed: ${msg}`, fallback);
    return null;
  }
  const child: Ctx = {
    ...ctx,
    src,
    bm: byteMap(src),
    base: exact ? start - prefix.length : 0,
    lo: exact ? start : ctx.lo,
    hi: exact ? start + sql.length : ctx.hi,
    exact,
    fallback,
    depth: ctx.depth + 1,
  };
  return { child, tree, src };
}
