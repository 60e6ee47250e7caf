// Code inside statements: DO blocks and CREATE FUNCTION / PROCEDURE bodies. PL/pgSQL is parsed
// with libpg-query's PL/pgSQL parser and every embedded query is walked (IF, LOOP, FOR,
// EXCEPTION blocks included); LANGUAGE sql bodies are parsed as SQL; EXECUTE of a constant
// string is analysed as nested SQL, EXECUTE of anything else is recorded as dynamic SQL.
import type { DdlFact, DynamicSqlFact, Span } from '../../facts/types.js';
import type { EmbeddedSql } from '../long-identifiers.js';
import { addAction, diagnostic, MAX_DEPTH, offsetAt, spanRange, tokenEnd, type Ctx } from './context.js';
import { nameParts, stringConst } from './names.js';
import { alignsWith, analyzeSql, analyzeSqlString, noteEmbedded, parseNested, stringContentStart } from './nested.js';
import { expr, nestedCtx, newScope } from './query.js';
import { plFallback } from './pl-fallback.js';
import { isPlainExpression, plainCallTree } from './plain-expression.js';
import { ddlFact } from '../ddl-fact.js';
import { dispatchStatement } from './statements.js';

interface Body {
  code: string;
  language: string;
  /** UTF-16 offset of the code in the original text when it appears there verbatim, else -1 */
  start: number;
  /** offset of the body's string token in the original text, -1 when not known */
  token: number;
  /** span of the body string (or the statement) */
  span: Span;
  /** the body as embedded SQL (its identifiers are measured), for the strings inside it */
  embedded?: EmbeddedSql;
}

/** Find the body string of an `AS` DefElem: its content start, checked to be verbatim, and its token. */
function locateBody(ctx: Ctx, code: string, location: number | undefined): { start: number; token: number; span: Span } {
  const text = ctx.env.text;
  let off = offsetAt(ctx, location);
  if (off < 0) return { start: -1, token: -1, span: ctx.fallback };
  // skip the AS keyword, whitespace and comments up to the string
  const limit = Math.min(ctx.hi, off + 256);
  while (off < limit) {
    const c = text.charCodeAt(off);
    if (c === 39 || c === 36 || ((c === 69 || c === 101) && text.charCodeAt(off + 1) === 39)) break;
    off++;
  }
  const start = stringContentStart(text, off, ctx.hi);
  if (start >= 0 && text.startsWith(code, start)) return { start, token: off, span: spanRange(ctx, start, start + code.length) };
  if (off >= limit) return { start: -1, token: -1, span: ctx.fallback };
  return { start: -1, token: off, span: spanRange(ctx, off, tokenEnd(text, off, ctx.hi)) };
}

export function doStmt(ctx: Ctx, node: any): void {
  let code: string | null = null;
  let language = 'plpgsql';
  let location: number | undefined;
  for (const a of node.args ?? []) {
    const d = a.DefElem;
    if (!d) continue;
    if (d.defname === 'as') {
      code = d.arg?.String?.sval ?? null;
      location = d.location;
    } else if (d.defname === 'language') language = String(d.arg?.String?.sval ?? '').toLowerCase();
  }
  addAction(ctx, 'other', null, ctx.fallback);
  if (code === null) return;
  const { start, token, span } = locateBody(ctx, code, location);
  runBody(nestedCtx(ctx, 'do_block'), { code, language, start, token, span }, null);
}

export function createFunctionStmt(ctx: Ctx, node: any): void {
  const parts = nameParts(node.funcname);
  const name = parts.length === 1 ? `public.${parts[0]}` : parts.join('.');
  addAction(ctx, 'create_function', name, ctx.fallback);
  ctx.st.out.ddl.push(functionDdl(ctx, name));
  let language = 'sql';
  let asList: any[] = [];
  let location: number | undefined;
  for (const o of node.options ?? []) {
    const d = o.DefElem;
    if (!d) continue;
    if (d.defname === 'language') language = String(d.arg?.String?.sval ?? '').toLowerCase();
    else if (d.defname === 'as') {
      asList = d.arg?.List?.items ?? (d.arg?.String ? [d.arg] : []);
      location = d.location;
    }
  }
  const inner = nestedCtx(ctx, 'function_body');
  const params = new Set<string>();
  for (const p of node.parameters ?? []) if (p.FunctionParameter?.name) params.add(p.FunctionParameter.name);
  if (params.size > 0) inner.plVars = params;
  if (node.sql_body) {
    // SQL-standard body (BEGIN ATOMIC ... END or RETURN expr): already parsed
    const b = node.sql_body;
    if (b.ReturnStmt) expr(inner, b.ReturnStmt.returnval, newScope(null, true), null);
    const lists: any[] = b.List?.items ?? [];
    for (const l of lists) for (const s of l.List?.items ?? [l]) if (s && !s.List) dispatchStatement(inner, s);
    return;
  }
  const code: string | undefined = asList[0]?.String?.sval;
  if (code === undefined) return;
  if (asList.length >= 2 || language === 'c') {
    // AS 'obj_file', 'link_symbol': loads a shared library into the server
    addAction(ctx, 'load_library', code, ctx.fallback);
    return;
  }
  if (language === 'internal') return;
  const { start, token, span } = locateBody(ctx, code, location);
  runBody(inner, { code, language, start, token, span }, ctx.stmtText);
}

function functionDdl(ctx: Ctx, name: string): DdlFact {
  return ddlFact('create_function', name, ctx.fallback, {
    createdInFile: ctx.st.created.has(name) || ctx.env.file.created.has(name),
    objectName: name,
    nested: ctx.nested,
    via: ctx.via,
  });
}

function runBody(ctx: Ctx, body: Body, createText: string | null): void {
  // SQL and PL/pgSQL read like SQL: their identifiers are measured (other languages' are not SQL's)
  if (body.language === 'sql' || body.language === 'plpgsql') body.embedded = noteEmbedded(ctx, body.code, body.start, body.token, body.span);
  if (body.language === 'sql') {
    if (analyzeSql(ctx, body.code, body.start, body.span) === null && body.code.trim().length > 0) opaque(ctx, body);
    return;
  }
  if (body.language === 'plpgsql') {
    plpgsql(ctx, body, createText);
    return;
  }
  // PL/Python, PL/Perl, PL/v8, ...: code we cannot read, which may run any SQL
  opaque(ctx, body);
}

/** A body we cannot see into: it may run anything (fail closed). */
function opaque(ctx: Ctx, body: Body): void {
  ctx.st.out.dynamicSql.push({ kind: 'dynamic_sql', span: body.span, via: 'other', constant: false });
  addAction(ctx, 'dynamic_sql', null, body.span);
}

function dollarTag(code: string): string {
  let tag = '$hoop$';
  for (let i = 0; code.includes(tag); i++) tag = `$hoop${i}$`;
  return tag;
}

function parsePl(ctx: Ctx, body: Body, createText: string | null): any | null {
  const pg = ctx.env.pg;
  const attempts: string[] = [];
  if (createText) attempts.push(createText);
  const tag = dollarTag(body.code);
  attempts.push(`CREATE FUNCTION hoop_body() RETURNS void LANGUAGE plpgsql AS ${tag}${body.code}${tag}`);
  let error = '';
  for (const a of attempts) {
    try {
      return pg.parsePlPgSQLSync(a);
    } catch (e) {
      error = (e instanceof Error ? e.message : String(e)).split('\n')[0];
    }
  }
  diagnostic(ctx, 'sql/plpgsql-syntax-error', 'warning', `pl/pgsql body could not be parsed: ${error}`, body.span);
  return null;
}

interface PlWalk {
  ctx: Ctx;
  body: Body;
  /** offsets of line starts in the body, for the statements' line numbers */
  lineStarts: number[];
  /** where the previous expression was found: expressions come in source order */
  cursor: number;
}

function plpgsql(ctx: Ctx, body: Body, createText: string | null): void {
  const tree = parsePl(ctx, body, createText);
  if (!tree) {
    // still read the statements we can find, and fail closed on the rest
    plFallback(ctx, body);
    opaque(ctx, body);
    return;
  }
  const lineStarts = [0];
  for (let i = 0; i < body.code.length; i++) if (body.code.charCodeAt(i) === 10) lineStarts.push(i + 1);
  for (const f of tree.plpgsql_funcs ?? []) {
    const fn = f.PLpgSQL_function;
    if (!fn) continue;
    const vars = new Set<string>(ctx.plVars ?? []);
    for (const d of fn.datums ?? []) {
      for (const k in d) if (d[k]?.refname) vars.add(d[k].refname);
    }
    const w: PlWalk = { ctx: { ...ctx, plVars: vars }, body, lineStarts, cursor: 0 };
    // declarations: defaults (`n int := (SELECT ...)`) and cursors (`c CURSOR FOR SELECT ...`)
    for (const d of fn.datums ?? []) {
      for (const k in d) {
        if (d[k]?.default_val) plExpr(w, d[k].default_val, d[k].lineno);
        if (d[k]?.cursor_explicit_expr) plExpr(w, d[k].cursor_explicit_expr, d[k].lineno);
      }
    }
    plNode(w, fn.action, undefined);
  }
}

/** Walk PL/pgSQL statements generically; the ones carrying SQL are handled on the way. */
function plNode(w: PlWalk, node: any, lineno: number | undefined): void {
  if (node === null || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    for (const n of node) plNode(w, n, lineno);
    return;
  }
  for (const key in node) {
    const v = node[key];
    if (v === null || typeof v !== 'object') continue;
    const line = typeof v.lineno === 'number' ? v.lineno : lineno;
    switch (key) {
      case 'PLpgSQL_stmt_dynexecute':
      case 'PLpgSQL_stmt_dynfors':
        dynamic(w, v.query, line);
        if (v.params) plNode(w, v.params, line);
        if (v.body) plNode(w, v.body, line);
        break;
      case 'PLpgSQL_stmt_return_query':
      case 'PLpgSQL_stmt_open':
        if (v.query) plExpr(w, v.query, line);
        if (v.dynquery) dynamic(w, v.dynquery, line);
        if (v.params) plNode(w, v.params, line);
        if (v.argquery) plExpr(w, v.argquery, line);
        break;
      case 'PLpgSQL_expr':
        plExpr(w, node, line);
        return;
      case 'PLpgSQL_var':
      case 'PLpgSQL_rec':
      case 'PLpgSQL_row':
      case 'PLpgSQL_type':
        break;
      default:
        plNode(w, v, line);
    }
  }
}

/** Find an expression's text in the body, from the statement's line on; -1 when not there. */
function findInBody(w: PlWalk, text: string, lineno: number | undefined): number {
  const code = w.body.code;
  const lineStart = lineno !== undefined && lineno >= 1 && lineno <= w.lineStarts.length ? w.lineStarts[lineno - 1] : 0;
  for (const from of [lineStart, w.cursor, 0]) {
    const at = search(code, text, from);
    if (at >= 0) {
      w.cursor = at + text.length;
      return at;
    }
  }
  return -1;
}

/** First position from `from` where text aligns (blanks in text match anything, see alignsWith). */
function search(code: string, text: string, from: number): number {
  const exact = code.indexOf(text, from);
  if (exact >= 0 || !text.includes('  ')) return exact;
  const head = /^\S+/.exec(text)?.[0];
  if (!head) return -1;
  for (let at = code.indexOf(head, from), n = 0; at >= 0 && n < 1000; at = code.indexOf(head, at + 1), n++) {
    if (alignsWith(code, at, text)) return at;
  }
  return -1;
}

/** Where a piece of the body is in the original text, or -1. */
function origin(w: PlWalk, at: number): number {
  return at >= 0 && w.body.start >= 0 ? w.body.start + at : -1;
}

/** A PL/pgSQL expression or embedded statement: parse and walk it as SQL. */
function plExpr(w: PlWalk, wrapper: any, lineno: number | undefined): void {
  const e = wrapper?.PLpgSQL_expr ?? wrapper;
  const query: string | undefined = e?.query;
  if (typeof query !== 'string' || query.length === 0) return;
  const mode: number = e.parseMode ?? 0;
  if (mode === 0) {
    let at = findInBody(w, query, lineno);
    if (at >= 0) {
      analyzeSql(w.ctx, query, origin(w, at), w.body.span);
      return;
    }
    // PERFORM f() arrives as `SELECT f()`; the body holds the part after SELECT
    if (/^select\s/i.test(query)) {
      const rest = query.slice(7);
      at = findInBody(w, rest, lineno);
      analyzeSql(w.ctx, rest, origin(w, at), w.body.span, 'SELECT ');
      return;
    }
    analyzeSql(w.ctx, query, -1, w.body.span);
    return;
  }
  // an expression (IF x > 0, RETURN x) or an assignment (`n := n + 1`): walk the value
  let value = query;
  let shift = 0;
  if (mode >= 3) {
    const m = /^[^=:]*?(:=|=)/.exec(query);
    if (m) {
      shift = m[0].length;
      value = query.slice(shift);
    }
  }
  const at = findInBody(w, query, lineno);
  // a name, constant or simple comparison: its parse and walk would yield nothing (see plain-expression.ts)
  if (w.ctx.depth < MAX_DEPTH && isPlainExpression(value)) return;
  const start = at >= 0 ? origin(w, at + shift) : -1;
  // `now()`: the tree is built without a parse (plainCallTree), the walk is the same
  const parsed = parseNested(w.ctx, value, start, w.body.span, 'SELECT ', plainCallTree(value) ?? undefined);
  if (!parsed) return;
  for (const raw of parsed.tree.stmts ?? []) if (raw.stmt) dispatchExpression(parsed.child, raw.stmt);
}

/** `SELECT <expr>` built around a PL/pgSQL expression: walk the expression only (no select action). */
function dispatchExpression(ctx: Ctx, stmt: any): void {
  const sel = stmt.SelectStmt;
  if (!sel) return;
  expr(ctx, sel, newScope(null, true), null);
}

/** EXECUTE <expr>: a constant string is analysed; anything else is dynamic SQL we cannot see. */
function dynamic(w: PlWalk, wrapper: any, lineno: number | undefined): void {
  const e = wrapper?.PLpgSQL_expr ?? wrapper;
  const query: string | undefined = e?.query;
  if (typeof query !== 'string') return;
  const at = findInBody(w, query, lineno);
  const start = origin(w, at);
  const parsed = parseNested(w.ctx, query, start, w.body.span, 'SELECT ');
  const span = start >= 0 ? spanRange(w.ctx, start, start + query.length) : w.body.span;
  if (!parsed) {
    w.ctx.st.out.dynamicSql.push({ kind: 'dynamic_sql', span, via: 'execute', constant: false });
    addAction(w.ctx, 'dynamic_sql', null, span);
    return;
  }
  const target = parsed.tree.stmts?.[0]?.stmt?.SelectStmt?.targetList?.[0]?.ResTarget?.val;
  const sql = stringConst(target);
  if (sql !== null) {
    const fact: DynamicSqlFact = { kind: 'dynamic_sql', span, via: 'execute', constant: true };
    w.ctx.st.out.dynamicSql.push(fact);
    const loc = target?.A_Const?.location ?? target?.TypeCast?.arg?.A_Const?.location;
    // where the string is in the body's code, for a body not written verbatim (its escapes resolved)
    const within = w.body.embedded && at >= 0 && typeof loc === 'number' ? { parent: w.body.embedded, token: at + parsed.child.bm.toUtf16(loc) - 'SELECT '.length } : undefined;
    if (analyzeSqlString(nestedCtx(parsed.child, 'dynamic'), sql, loc, within) === null) {
      // a constant we could not parse is as opaque as a computed one
      fact.constant = false;
      addAction(w.ctx, 'dynamic_sql', null, span);
    }
    return;
  }
  const via = JSON.stringify(target ?? null).includes('"sval":"format"') ? 'format' : 'execute';
  w.ctx.st.out.dynamicSql.push({ kind: 'dynamic_sql', span, via, constant: false });
  addAction(w.ctx, 'dynamic_sql', null, span);
  const before = w.ctx.st.out.functions.length;
  expr(parsed.child, target, newScope(null, true), null);
  // format() building the text EXECUTE runs is how dynamic SQL is written: flag the call
  const fns = w.ctx.st.out.functions;
  for (let i = before; i < fns.length; i++) {
    if (fns[i].name === 'format' || fns[i].name === 'pg_catalog.format') {
      fns[i].category = 'dynamic_sql';
      fns[i].dangerous = true;
    }
  }
}
