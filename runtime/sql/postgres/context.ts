// The state of one walk: where facts go, how parser locations map to the original text, and
// how the current SQL was reached (top level, CTE, function body, ...). One Ctx per parsed
// string; nested strings (function bodies, EXECUTE constants) get a child Ctx sharing the sink.
import type {
  Action,
  ActionFact,
  Access,
  Diagnostic,
  Span,
  Via,
  WhereState,
} from '../../facts/types.js';
import type { Catalog } from '../../catalog/catalog.js';
import { builtinPiiTags } from '../../catalog/pii.js';
import { span as makeSpan, type ByteMap, type LineIndex } from '../../text/spans.js';
import type { FileState } from '../file-state.js';
import type { EmbeddedSql } from '../long-identifiers.js';
import type { FactSink } from '../sink.js';
import type { PgModule } from './load.js';
import type { QualifiedName } from './helpers.js';
import { qualify } from './names.js';
import { isSystemRelation } from './system-relations.js';

/** Shared by every statement of one analysed text. */
export interface TextEnv {
  text: string;
  lines: LineIndex;
  catalog: Catalog | undefined;
  file: FileState;
  /** temporary tables created so far in the text */
  temps: Set<string>;
  pg: PgModule;
  /** tags per `table\0column`, computed once per text */
  tagMemo: Map<string, string[]>;
}

/** Per statement, shared by its nested walks. */
export interface StatementState {
  out: FactSink;
  diagnostics: Diagnostic[];
  /** objects this statement creates */
  created: Set<string>;
  dataModifyingCte: boolean;
  statementSpan: Span;
  /** the schema unqualified names resolve to after this statement (it sets search_path) */
  defaultSchema?: string;
  /** SQL found in strings of the statement (bodies, constant EXECUTE and dblink strings), for the
   * identifier measurement */
  embedded: EmbeddedSql[];
}

export interface Ctx {
  env: TextEnv;
  st: StatementState;
  /** the string libpg-query parsed (its locations are UTF-8 byte offsets into it), and its byte map */
  src: string;
  bm: ByteMap;
  /** UTF-16 offset in the original text of src[0] (may lie before `lo` when a prefix was added) */
  base: number;
  /** region of the original text this string covers; spans are clamped into it */
  lo: number;
  hi: number;
  /** false when src does not appear verbatim in the original text: every span is `fallback` */
  exact: boolean;
  /** the span of what cannot be placed more precisely: the statement, or the string holding nested SQL */
  fallback: Span;
  via: Via;
  nested: boolean;
  /** nesting depth of analysed strings, bounded against pathological input */
  depth: number;
  /** text of the statement being walked (the PL/pgSQL parser wants a whole CREATE FUNCTION) */
  stmtText: string;
  /** PL/pgSQL variables and function parameters: names that are not columns */
  plVars?: Set<string>;
  /** inside a function, rule, trigger or prepared statement body: it runs later, not now */
  deferred?: boolean;
}

export const MAX_DEPTH = 8;

function isIdentChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 36 || c >= 0x80;
}

/** End of the token starting at `s`: a (quoted) identifier chain `a."b".c`, a string, a parameter, or one character. */
export function tokenEnd(text: string, s: number, hi: number): number {
  let i = s;
  for (;;) {
    if (i >= hi) return hi;
    const c = text.charCodeAt(i);
    if (c === 34 || c === 39) {
      // quoted identifier or string: to the closing quote, doubled quotes escape
      i++;
      while (i < hi) {
        if (text.charCodeAt(i) === c) {
          if (text.charCodeAt(i + 1) === c) i += 2;
          else break;
        } else i++;
      }
      i = Math.min(i + 1, hi);
    } else if ((c === 69 || c === 101) && text.charCodeAt(i + 1) === 39) {
      // E'...': backslash escapes, doubled quotes
      i += 2;
      while (i < hi) {
        const d = text.charCodeAt(i);
        if (d === 92) i += 2;
        else if (d === 39) {
          if (text.charCodeAt(i + 1) === 39) i += 2;
          else break;
        } else i++;
      }
      i = Math.min(i + 1, hi);
    } else if (c === 36 && i + 1 < hi && !(text.charCodeAt(i + 1) >= 48 && text.charCodeAt(i + 1) <= 57)) {
      // $tag$...$tag$
      const close = text.indexOf('$', i + 1);
      const tag = close > 0 ? text.slice(i, close + 1) : '';
      const end = tag && /^\$[A-Za-z_]*\$$/.test(tag) ? text.indexOf(tag, close + 1) : -1;
      i = end < 0 || end + tag.length > hi ? i + 1 : end + tag.length;
    } else if (isIdentChar(c)) {
      while (i < hi && isIdentChar(text.charCodeAt(i))) i++;
    } else if (c === 42 && i > s) {
      i++; // `t.*`
      return i;
    } else {
      return i === s ? i + 1 : i;
    }
    // follow `.name` chains
    if (i < hi && text.charCodeAt(i) === 46) {
      const n = text.charCodeAt(i + 1);
      if (i + 1 < hi && (isIdentChar(n) || n === 34 || n === 42)) {
        i++;
        continue;
      }
    }
    return i;
  }
}

const CLAUSE_WORDS = new Set([
  'from', 'into', 'where', 'group', 'having', 'window', 'order', 'limit', 'offset', 'fetch', 'for',
  'union', 'intersect', 'except', 'returning', 'on', 'using', 'then', 'when', 'else', 'end',
]);

/** End of a list item starting at `s` (a SELECT or RETURNING item with its alias): the next `,`,
 * closing `)` or clause keyword at nesting depth 0, skipping strings and comments. */
export function itemEnd(text: string, s: number, hi: number): number {
  let depth = 0;
  let i = s;
  let last = s; // end of the last significant character
  while (i < hi) {
    const c = text.charCodeAt(i);
    if (c === 40) depth++;
    else if (c === 41) {
      if (depth === 0) break;
      depth--;
    } else if ((c === 44 || c === 59) && depth === 0) break;
    else if (c === 45 && text.charCodeAt(i + 1) === 45) {
      const nl = text.indexOf('\n', i);
      i = nl < 0 || nl > hi ? hi : nl;
      continue;
    } else if (c === 47 && text.charCodeAt(i + 1) === 42) {
      let d = 0;
      let j = i;
      while (j < hi) {
        if (text.charCodeAt(j) === 47 && text.charCodeAt(j + 1) === 42) {
          d++;
          j += 2;
        } else if (text.charCodeAt(j) === 42 && text.charCodeAt(j + 1) === 47) {
          d--;
          j += 2;
          if (d === 0) break;
        } else j++;
      }
      i = j;
      continue;
    } else if (c === 39 || c === 34 || c === 36 || ((c === 69 || c === 101) && text.charCodeAt(i + 1) === 39)) {
      const e = tokenEnd(text, i, hi);
      last = e;
      i = e;
      continue;
    } else if (isIdentChar(c)) {
      let j = i;
      while (j < hi && isIdentChar(text.charCodeAt(j))) j++;
      const word = j - i <= 9 ? text.slice(i, j).toLowerCase() : '';
      // CASE ... END nests like parentheses
      if (word === 'case') depth++;
      else if (word === 'end' && depth > 0) depth--;
      else if (depth === 0 && i > s && CLAUSE_WORDS.has(word)) break;
      last = j;
      i = j;
      continue;
    }
    if (c > 32) last = i + 1;
    i++;
  }
  return Math.max(last, Math.min(s + 1, hi));
}

/** Span of a libpg-query location (bytes into ctx.src); `length` in UTF-16 units, default one token. */
export function spanAt(ctx: Ctx, location: number | undefined, length?: number): Span {
  if (!ctx.exact || location === undefined || location < 0) return ctx.fallback;
  let s = ctx.base + ctx.bm.toUtf16(location);
  if (s < ctx.lo) s = ctx.lo;
  if (s > ctx.hi) s = ctx.hi;
  let e = length !== undefined ? s + length : tokenEnd(ctx.env.text, s, ctx.hi);
  if (e > ctx.hi) e = ctx.hi;
  return makeSpan(ctx.env.lines, s, e);
}

/** UTF-16 offset in the original text of a location, or -1 when the string is not verbatim there. */
export function offsetAt(ctx: Ctx, location: number | undefined): number {
  if (!ctx.exact || location === undefined || location < 0) return -1;
  const s = ctx.base + ctx.bm.toUtf16(location);
  return Math.max(ctx.lo, Math.min(s, ctx.hi));
}

export function spanRange(ctx: Ctx, start: number, end: number): Span {
  if (start < 0 || end < start) return ctx.fallback;
  return makeSpan(ctx.env.lines, Math.max(ctx.lo, start), Math.min(ctx.hi, end));
}

export function addAction(
  ctx: Ctx,
  action: Action,
  target: string | null,
  span: Span,
  extra?: { where?: WhereState; limit?: number | null },
): ActionFact {
  const a: ActionFact = { kind: 'action', action, span, target, nested: ctx.nested, via: ctx.via };
  if (extra) {
    if (extra.where !== undefined) a.where = extra.where;
    if (extra.limit !== undefined) a.limit = extra.limit;
  }
  ctx.st.out.actions.push(a);
  return a;
}

/** A RangeVar in normal form with the file's search_path: an unqualified name is a temporary
 * table first (normal form `public.<name>`, see isTemporary), then a pg_catalog relation, then
 * one in the first schema of search_path. */
export function qualifyIn(ctx: Ctx, rv: { schemaname?: string; relname?: string; catalogname?: string }): QualifiedName {
  if (rv.schemaname || rv.catalogname || !rv.relname || ctx.env.temps.has(rv.relname)) return qualify(rv);
  const schema = isSystemRelation(rv.relname) ? 'pg_catalog' : ctx.env.file.defaultSchema;
  return { ...qualify({ schemaname: schema, relname: rv.relname }), qualified: false };
}

/** An unqualified name resolves to a temporary table of that name first (pg_temp leads the search path). */
export function isTemporary(ctx: Ctx, q: QualifiedName): boolean {
  return q.schema === 'pg_temp' || (q.schema === 'public' && ctx.env.temps.has(q.table));
}

/** Record a table access; one fact per table and statement, accesses merged (`access` null:
 * the table is named but neither read nor written, as by LOCK). */
export function addTable(ctx: Ctx, q: QualifiedName, access: Access | null, location: number | undefined, temporary = false): void {
  // a linear search: statements name few tables, and the DDL extractors push facts directly
  for (const t of ctx.st.out.tables) {
    if (t.name !== q.name) continue;
    if (access && !t.access.includes(access)) t.access.push(access);
    if (temporary) t.temporary = true;
    if (!q.qualified) t.qualified = false;
    return;
  }
  ctx.st.out.tables.push({
    kind: 'table',
    name: q.name,
    schema: q.schema,
    table: q.table,
    access: access ? [access] : [],
    span: spanAt(ctx, location),
    createdInFile: createdInFile(ctx, q.name),
    temporary: temporary || isTemporary(ctx, q),
    qualified: q.qualified ?? false,
  });
}

export function createdInFile(ctx: Ctx, name: string): boolean {
  return ctx.st.created.has(name) || ctx.env.file.created.has(name);
}

/** Tags of a column: catalog tags (from policies) plus the built-in name heuristics. */
export function columnTags(ctx: Ctx, table: string | null, column: string): string[] {
  const cat = ctx.env.catalog;
  // without a catalog the tags depend on the column name alone: no key to build
  const key = table === null || !cat ? column : table + '\u0000' + column;
  const memo = ctx.env.tagMemo;
  let tags = memo.get(key);
  if (tags) return tags;
  const fromName = builtinPiiTags(column);
  if (cat) {
    const t = column === '*' ? cat.tableTags(table) : cat.tagsOf(table, column);
    if (t.length > 0) {
      tags = [...t];
      for (const x of fromName) if (!tags.includes(x)) tags.push(x);
    }
  }
  tags ??= fromName;
  memo.set(key, tags);
  return tags;
}

export function addColumn(
  ctx: Ctx,
  table: string | null,
  column: string,
  access: 'read' | 'write',
  span: Span,
  fromStar: boolean,
): void {
  ctx.st.out.columns.push({ kind: 'column', table, column, access, span, tags: columnTags(ctx, table, column).slice(), fromStar });
  // reading a column of a table the statement writes (WHERE, RETURNING) reads that table too
  if (access === 'read' && table !== null) {
    for (const t of ctx.st.out.tables) if (t.name === table && !t.access.includes('read')) t.access.push('read');
  }
}

export function diagnostic(ctx: Ctx, code: string, severity: Diagnostic['severity'], message: string, span: Span): void {
  ctx.st.diagnostics.push({ kind: 'diagnostic', code, severity, message, span });
}
