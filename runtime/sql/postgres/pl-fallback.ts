// A PL/pgSQL body libpg-query's PL/pgSQL parser rejects although Postgres accepts it (a field of
// a %ROWTYPE variable as an assignment or INTO target: "r.email is not a known variable"). The
// body is still read: split at `;` by our splitter, each SQL statement in it (at the start of a
// piece or after BEGIN, THEN, ELSE, LOOP, IN, QUERY, a label) parsed and walked as nested SQL,
// what does not parse classified by our lexer. The caller marks the body opaque too: a statement
// hidden in an expression we do not read must still fail closed.
import type { DynamicSqlFact, Span } from '../../facts/types.js';
import type { EmbeddedSql } from '../long-identifiers.js';
import { lineIndex } from '../../text/spans.js';
import { transactionContext } from '../file-state.js';
import { classifyUnparsed } from '../lexer/classify.js';
import { isName, isPunct, readName, significantIn, stringContentStart, stringValue, type Tok } from '../lexer/cursor.js';
import { splitStatements } from '../lexer/split.js';
import { spanRange, type Ctx } from './context.js';
import { analyzeSql, noteEmbedded } from './nested.js';
import { nestedCtx } from './query.js';

/** Words a SQL statement inside a PL/pgSQL body may begin with (PERFORM runs a SELECT). */
const VERBS = new Set([
  'SELECT', 'INSERT', 'UPDATE', 'DELETE', 'MERGE', 'WITH', 'VALUES', 'TABLE', 'PERFORM', 'DROP', 'CREATE', 'ALTER',
  'TRUNCATE', 'GRANT', 'REVOKE', 'CALL', 'COPY', 'LOCK', 'SET', 'RESET', 'COMMENT', 'REINDEX', 'CLUSTER', 'VACUUM',
  'ANALYZE', 'REFRESH', 'IMPORT', 'SECURITY', 'LISTEN', 'NOTIFY', 'DISCARD', 'LOAD', 'REASSIGN', 'EXPLAIN', 'DO',
  'COMMIT', 'ROLLBACK',
]);
/** Words after which a statement may begin. */
const OPENERS = new Set(['BEGIN', 'THEN', 'ELSE', 'LOOP', 'IN', 'QUERY']);
/** Statements whose `INTO target` PL/pgSQL takes for itself (variables, not a new table). */
const INTO_TARGETS = new Set(['SELECT', 'WITH', 'UPDATE', 'DELETE', 'INSERT', 'MERGE', 'PERFORM', 'TABLE', 'VALUES']);

interface Body {
  code: string;
  start: number;
  span: Span;
  /** the body as embedded SQL, for the EXECUTE strings inside it */
  embedded?: EmbeddedSql;
}

export function plFallback(outer: Ctx, body: Body): void {
  const { code } = body;
  const pieces = splitStatements(code, 'postgres').statements.filter((p) => !p.meta);
  const tokens = pieces.map((p) => significantIn(code, p.start, p.end, 'postgres').sig);
  const ctx: Ctx = { ...outer, plVars: variables(outer, tokens) };
  for (let p = 0; p < pieces.length; p++) {
    const piece = pieces[p];
    const toks = tokens[p];
    const starts: number[] = [];
    for (let k = 0; k < toks.length; k++) {
      const t = toks[k];
      if (t.depth !== 0 || !(VERBS.has(t.up) || t.up === 'EXECUTE')) continue;
      const prev = toks[k - 1];
      if (k === 0 || (prev && (OPENERS.has(prev.up) || prev.text === '>>'))) starts.push(k);
    }
    let consumed = -1;
    for (let i = 0; i < starts.length; i++) {
      const k = starts[i];
      if (toks[k].start < consumed) continue;
      const nextStart = i + 1 < starts.length ? toks[starts[i + 1]].start : piece.end;
      // a FOR loop's query ends at LOOP: try the whole rest, then up to LOOP
      const ends = [piece.end];
      for (let j = k + 1; j < toks.length; j++) {
        if (toks[j].depth === 0 && toks[j].up === 'LOOP') {
          ends.push(toks[j].start);
          break;
        }
      }
      let done = toks[k].up === 'EXECUTE' && execute(ctx, body, toks, k, piece.end);
      for (const end of done ? [] : ends) {
        if (statement(ctx, body, toks, k, end)) {
          consumed = end;
          done = true;
          break;
        }
      }
      if (!done) classify(ctx, body, toks[k].start, nextStart);
    }
  }
}

/** Names that are PL/pgSQL variables, not columns: parameters, DECLAREd names (the first name of
 * each piece from DECLARE to BEGIN) and loop variables (`FOR r IN`, `FOREACH x IN`). */
function variables(ctx: Ctx, tokens: Tok[][]): Set<string> {
  const vars = new Set<string>(ctx.plVars ?? []);
  let declaring = false;
  for (const toks of tokens) {
    for (let k = 0; k < toks.length; k++) {
      const t = toks[k];
      if (t.up === 'DECLARE') {
        declaring = true;
        if (isName(toks[k + 1]) && toks[k + 1].up !== 'BEGIN') vars.add(nameOf(toks[k + 1]));
      } else if (t.up === 'BEGIN') declaring = false;
      else if ((t.up === 'FOR' || t.up === 'FOREACH') && isName(toks[k + 1])) vars.add(nameOf(toks[k + 1]));
    }
    if (declaring && isName(toks[0]) && toks[0].up !== 'DECLARE') vars.add(nameOf(toks[0]));
  }
  return vars;
}

function nameOf(t: Tok): string {
  return t.kind === 'quoted_identifier' ? t.text.slice(1, -1).split('""').join('"') : t.text.toLowerCase();
}

/** PL/pgSQL `EXECUTE '<constant>' [INTO ...] [USING ...]`: the string is SQL that runs. Anything
 * else is left to the opaque marker. True when handled. */
function execute(ctx: Ctx, body: Body, toks: Tok[], k: number, end: number): boolean {
  const t = toks[k + 1];
  if (!t || t.kind !== 'string' || /^[eE]'/.test(t.text)) return false;
  const after = toks[k + 2];
  if (after && after.start < end && after.up !== 'INTO' && after.up !== 'USING') return false;
  const sql = stringValue(t);
  const start = body.start >= 0 && !t.text.includes("''") ? body.start + stringContentStart(t) : -1;
  const span = body.start >= 0 ? spanRange(ctx, body.start + t.start, body.start + t.end) : body.span;
  const fact: DynamicSqlFact = { kind: 'dynamic_sql', span, via: 'execute', constant: true };
  ctx.st.out.dynamicSql.push(fact);
  if (body.start >= 0) noteEmbedded(ctx, sql, start, body.start + t.start, span);
  else noteEmbedded(ctx, sql, -1, t.start, span, body.embedded ?? null);
  if (analyzeSql(nestedCtx(ctx, 'dynamic'), sql, start, span) === null) fact.constant = false;
  return true;
}

/** Parse code[toks[k].start, end) as one SQL statement and walk it; false when it does not parse. */
function statement(ctx: Ctx, body: Body, toks: Tok[], k: number, end: number): boolean {
  const from = toks[k].start;
  let sql = blankInto(body.code.slice(from, end), toks, k, from, end);
  let prefix = '';
  let at = from;
  if (toks[k].up === 'PERFORM') {
    // PERFORM f() is SELECT f()
    at = from + 'PERFORM'.length;
    sql = sql.slice('PERFORM'.length);
    prefix = 'SELECT';
  }
  if (sql.trim().length === 0) return false;
  let tree: unknown;
  try {
    tree = ctx.env.pg.parseSync(prefix + sql);
  } catch {
    return false;
  }
  analyzeSql(ctx, sql, body.start >= 0 ? body.start + at : -1, body.span, prefix, tree);
  return true;
}

/** Blank out (keeping offsets) PL/pgSQL's `INTO [STRICT] target, ...` of a statement, as PL/pgSQL does. */
function blankInto(sql: string, toks: Tok[], k: number, from: number, end: number): string {
  if (!INTO_TARGETS.has(toks[k].up)) return sql;
  for (let j = k + 1; j < toks.length && toks[j].start < end; j++) {
    const t = toks[j];
    if (t.depth !== 0 || t.up !== 'INTO') continue;
    const prev = toks[j - 1]?.up;
    if (prev === 'INSERT' || prev === 'MERGE') continue;
    let n = j + 1;
    if (toks[n]?.up === 'STRICT') n++;
    let last = t.end;
    for (;;) {
      if (!isName(toks[n])) break;
      const name = readName(toks, n, toks.length);
      if (!name) break;
      last = name.end;
      n = name.next;
      if (!isPunct(toks[n], ',')) break;
      n++;
    }
    if (last > end) return sql;
    return sql.slice(0, t.start - from) + ' '.repeat(last - t.start) + sql.slice(last - from);
  }
  return sql;
}

/** A statement no parser accepts: the lexer classifier's facts, nested under the body's via. */
function classify(ctx: Ctx, body: Body, start: number, end: number): void {
  const verbatim = body.start >= 0;
  const text = verbatim ? ctx.env.text : body.code;
  const shift = verbatim ? body.start : 0;
  const raw = { start: start + shift, end: end + shift, chunkStart: start + shift, chunkEnd: end + shift };
  const f = classifyUnparsed({
    text,
    raw,
    index: 0,
    dialect: 'postgres',
    lines: verbatim ? ctx.env.lines : lineIndex(text),
    transaction: transactionContext(ctx.env.file),
    file: ctx.env.file,
  });
  const out = ctx.st.out;
  const place = <T extends { span: Span }>(x: T): T => (verbatim ? x : { ...x, span: body.span });
  for (const a of f.actions) out.actions.push(place({ ...a, nested: true, via: a.nested ? a.via : ctx.via }));
  for (const t of f.tables) {
    const same = out.tables.find((x) => x.name === t.name);
    if (!same) out.tables.push(place(t));
    else for (const acc of t.access) if (!same.access.includes(acc)) same.access.push(acc);
  }
  for (const c of f.columns) out.columns.push(place(c));
  for (const fn of f.functions) out.functions.push(place(fn));
  for (const d of f.dynamicSql) out.dynamicSql.push(place(d));
  for (const p of f.privileges) out.privileges.push(place(p));
  for (const r of f.roles) out.roles.push(place(r));
  for (const d of f.ddl) out.ddl.push(place(d));
}
