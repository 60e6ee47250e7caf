// Statement readers for queries and data changes: SELECT (INTO), WITH, INSERT/REPLACE/upserts,
// UPDATE and DELETE with their filter and LIMIT, MERGE branches, TRUNCATE.
import type { Action, Via, WhereState } from '../../facts/types.js';
import { findWord, isName, isPunct, readName, stepOver, stringValue, type NameRead, type Tok } from './cursor.js';
import { info, MYSQL_FAMILY, skipParens, type HeadInfo } from './heads-common.js';
import type { Classifier } from './heads.js';
import { identPart, qualifyParts } from './names.js';
import { whereStateOf } from './where.js';

export function statementLimit(c: Classifier, toks: Tok[], from: number, to: number, depth: number): number | 'all' | 'param' | null {
  const j = findWord(toks, from, to, 'LIMIT', depth);
  if (j < 0) return null;
  const v = toks[j + 1];
  if (!v) return null;
  if (v.up === 'ALL') return 'all';
  if (v.kind === 'parameter' || v.kind === 'variable') return 'param';
  if (v.kind === 'number') {
    // MySQL `LIMIT offset, count`
    if (isPunct(toks[j + 2], ',') && toks[j + 3]?.kind === 'number') return Number(toks[j + 3].text);
    return Number(v.text);
  }
  return null;
}

export function select(c: Classifier, toks: Tok[], i: number, to: number, via: Via, nested: boolean): HeadInfo {
  const t0 = toks[i];
  const d = t0.depth;
  c.action('select', null, t0.start, t0.end, via, nested);
  let kind = 'select';
  const into = findWord(toks, i + 1, to, 'INTO', d);
  if (into >= 0) {
    const next = toks[into + 1];
    if (next && (next.up === 'OUTFILE' || next.up === 'DUMPFILE')) {
      const file = toks[into + 2]?.kind === 'string' ? stringValue(toks[into + 2]) : null;
      const end = toks[into + 2]?.end ?? next.end;
      c.action('into_outfile', file, toks[into].start, end, via, nested);
      c.action('write_server_file', file, toks[into].start, end, via, nested);
      kind = 'select_into_outfile';
    } else if (next && isName(next) && !MYSQL_FAMILY.has(c.dialect)) {
      let j = into + 1;
      const temp = next.up === 'TEMP' || next.up === 'TEMPORARY';
      while (toks[j] && (toks[j].up === 'TEMP' || toks[j].up === 'TEMPORARY' || toks[j].up === 'UNLOGGED' || toks[j].up === 'TABLE')) j++;
      const tb = c.table(toks, j, to, 'write', temp);
      if (tb) {
        const fact = c.tableIndex.get(tb.name);
        if (fact && !fact.access.includes('ddl')) fact.access.push('ddl');
        c.action('select_into', tb.name, toks[into].start, tb.read.end, via, nested);
        kind = 'select_into';
      }
    }
  }
  return info(kind, { where: selectWhere(c, toks, i + 1, to, d), limit: statementLimit(c, toks, i + 1, to, d) });
}

const SET_OPERATORS = new Set(['UNION', 'INTERSECT', 'EXCEPT', 'MINUS']);
const WHERE_RANK: Record<WhereState, number> = { absent: 0, trivial: 1, present: 2 };

/** A SELECT's row filter: null without FROM, the weakest branch of a UNION / INTERSECT / EXCEPT. */
function selectWhere(c: Classifier, toks: Tok[], from: number, to: number, d: number): WhereState | null {
  let out: WhereState | null = null;
  let start = from;
  for (;;) {
    const op = findWord(toks, start, to, SET_OPERATORS, d);
    const end = op < 0 ? to : op;
    if (findWord(toks, start, end, 'FROM', d) >= 0) {
      const w = whereOf(c, toks, start, end, d);
      if (out === null || WHERE_RANK[w] < WHERE_RANK[out]) out = w;
    }
    if (op < 0) return out;
    start = op + 1;
  }
}

const MODIFYING = new Set(['INSERT', 'UPDATE', 'DELETE', 'MERGE']);

export function withStatement(c: Classifier, toks: Tok[], i: number, to: number, via: Via, nested: boolean): HeadInfo {
  const d = toks[i].depth;
  // CTE bodies that are WITH queries themselves are read from this work list, not by recursion:
  // a CTE nested 2000 deep still shows the DELETE at its bottom
  const work: [number, number][] = [];
  const top = cteList(c, toks, i, to, work);
  let modifying = top.modifying;
  while (work.length > 0) {
    const [from, end] = work.pop() as [number, number];
    const inner = cteList(c, toks, from, end, work);
    if (inner.modifying) modifying = true;
    // `WITH b AS (...) DELETE ... RETURNING 1` as a CTE body modifies too
    if (inner.main >= 0 && MODIFYING.has(toks[inner.main].up)) {
      modifying = true;
      c.range(toks, inner.main, end, 'cte', true);
    }
  }
  // the main statement
  let j = top.main;
  if (j < 0) return info('unknown', { dataModifyingCte: modifying });
  while (j < to && toks[j].depth !== d) j++;
  if (j >= to) return info('unknown', { dataModifyingCte: modifying });
  const main = c.range(toks, j, to, via, nested);
  return { ...main, dataModifyingCte: modifying || main.dataModifyingCte };
}

/** The CTE list of the WITH at toks[i]: data-modifying bodies are read (nested, via `cte`), WITH
 * bodies go to `work`; returns where the list ends (the main statement, or -1 past `to`). */
function cteList(c: Classifier, toks: Tok[], i: number, to: number, work: [number, number][]): { main: number; modifying: boolean } {
  const d = toks[i].depth;
  let j = i + 1;
  if (toks[j]?.up === 'RECURSIVE') j++;
  let modifying = false;
  while (j < to) {
    const nameTok = toks[j];
    if (!isName(nameTok)) break;
    const name = readName(toks, j, to);
    if (!name) break;
    c.ctes.add(name.parts[name.parts.length - 1]);
    j = name.next;
    if (isPunct(toks[j], '(')) j = Math.min(to, stepOver(toks, j));
    if (toks[j]?.up !== 'AS') break;
    j++;
    while (toks[j] && (toks[j].up === 'NOT' || toks[j].up === 'MATERIALIZED')) j++;
    if (!isPunct(toks[j], '(')) break;
    const close = Math.min(to, stepOver(toks, j));
    let b = j + 1;
    while (b < close - 1 && isPunct(toks[b], '(')) b++;
    const bodyHead = toks[b]?.up;
    if (MODIFYING.has(bodyHead)) {
      modifying = true;
      c.range(toks, j + 1, close - 1, 'cte', true);
    } else if (bodyHead === 'WITH' && b < close - 1) work.push([b, close - 1]);
    j = close;
    if (isPunct(toks[j], ',')) j++;
    else break;
  }
  while (j < to && toks[j].depth !== d) j++;
  return { main: j < to ? j : -1, modifying };
}

export function insert(c: Classifier, toks: Tok[], i: number, to: number, via: Via, nested: boolean): HeadInfo {
  const t0 = toks[i];
  const d = t0.depth;
  let upsert = t0.up === 'REPLACE' || t0.up === 'UPSERT';
  let j = i + 1;
  while (j < to && ['LOW_PRIORITY', 'DELAYED', 'HIGH_PRIORITY', 'IGNORE', 'INTO', 'OVERWRITE', 'TABLE', 'OR', 'REPLACE', 'ROLLBACK', 'ABORT', 'FAIL'].includes(toks[j].up)) {
    if (toks[j].up === 'REPLACE') upsert = true;
    j++;
  }
  const tb = c.table(toks, j, to, 'write');
  const target = tb?.name ?? null;
  const end = tb?.read.end ?? t0.end;
  c.action('insert', target, t0.start, end, via, nested);
  const onDup = findWord(toks, j, to, 'DUPLICATE', d);
  const onConflict = findWord(toks, j, to, 'CONFLICT', d);
  if (onDup >= 0) upsert = true;
  if (onConflict >= 0 && toks[findWord(toks, onConflict, to, 'DO', d) + 1]?.up === 'UPDATE') upsert = true;
  if (upsert) c.action('upsert', target, t0.start, end, via, nested);
  const sel = findWord(toks, j, to, new Set(['SELECT', 'WITH', 'TABLE']), d);
  if (sel >= 0 && toks[sel].up !== 'TABLE') c.action('select', null, toks[sel].start, toks[sel].end, 'subquery', true);
  const returning = findWord(toks, j, to, 'RETURNING', d) >= 0;
  return info(t0.up === 'REPLACE' ? 'replace' : 'insert', { returning });
}

export function update(c: Classifier, toks: Tok[], i: number, to: number, via: Via, nested: boolean): HeadInfo {
  const t0 = toks[i];
  const d = t0.depth;
  let j = i + 1;
  while (j < to && ['LOW_PRIORITY', 'IGNORE', 'ONLY', 'OR', 'ROLLBACK', 'ABORT', 'REPLACE', 'FAIL'].includes(toks[j].up)) j++;
  const tb = c.table(toks, j, to, 'write');
  const where = whereOf(c, toks, j, to, d);
  const limit = statementLimit(c, toks, j, to, d);
  c.action('update', tb?.name ?? null, t0.start, tb?.read.end ?? t0.end, via, nested, { where, limit: typeof limit === 'number' ? limit : null });
  return info('update', { where, limit, returning: findWord(toks, j, to, 'RETURNING', d) >= 0 });
}

const WHERE_END = new Set(['LIMIT', 'ORDER', 'RETURNING', 'GROUP', 'WINDOW', 'OPTION']);

export function whereOf(c: Classifier, toks: Tok[], from: number, to: number, d: number): WhereState {
  const w = findWord(toks, from, to, 'WHERE', d);
  if (w < 0) return 'absent';
  let end = w + 1;
  while (end < to && !(toks[end].depth === d && WHERE_END.has(toks[end].up)) && toks[end].depth >= d) end = Math.min(to, stepOver(toks, end));
  if (toks[w + 1]?.up === 'CURRENT' && toks[w + 2]?.up === 'OF') return 'present';
  return whereStateOf(toks, w + 1, end);
}

export function deleteStatement(c: Classifier, toks: Tok[], i: number, to: number, via: Via, nested: boolean): HeadInfo {
  const t0 = toks[i];
  const d = t0.depth;
  let j = i + 1;
  while (j < to && ['LOW_PRIORITY', 'QUICK', 'IGNORE'].includes(toks[j].up)) j++;
  // targets as written, then the table references that may name them by alias: MySQL and T-SQL
  // `DELETE t1, t2 FROM users t1 JOIN ...`, MySQL `DELETE FROM t1 USING users t1 JOIN ...`,
  // T-SQL `DELETE FROM t1 FROM users t1` and `DELETE t WHERE`
  const written: NameRead[] = [];
  const readTargets = (): void => {
    for (;;) {
      const r = readName(toks, j, to);
      if (!r) break;
      written.push(r);
      j = r.next;
      if (isPunct(toks[j], '.') && toks[j + 1]?.text === '*') j += 2;
      if (!isPunct(toks[j], ',')) break;
      j++;
    }
  };
  let refs = -1;
  if (toks[j]?.up !== 'FROM') readTargets();
  if (toks[j]?.up === 'FROM') {
    j++;
    if (toks[j]?.up === 'ONLY') j++;
    if (written.length > 0) refs = j;
    else {
      readTargets();
      // Postgres `DELETE FROM t USING u`: t is the table itself
      if ((toks[j]?.up === 'USING' && MYSQL_FAMILY.has(c.dialect)) || toks[j]?.up === 'FROM') refs = j + 1;
    }
  }
  const aliases = refs >= 0 ? referenceAliases(toks, refs, to, d) : null;
  const targets: { name: string; end: number }[] = [];
  for (const r of written) {
    const ref = r.parts.length === 1 ? aliases?.get(r.parts[0]) : undefined;
    const name = writeTarget(c, ref ?? r);
    targets.push({ name, end: r.end });
  }
  const where = whereOf(c, toks, j, to, d);
  const limit = statementLimit(c, toks, j, to, d);
  if (targets.length === 0) targets.push({ name: '', end: t0.end });
  for (const t of targets) {
    c.action('delete', t.name || null, t0.start, t.end, via, nested, { where, limit: typeof limit === 'number' ? limit : null });
  }
  return info('delete', { where, limit, returning: findWord(toks, j, to, 'RETURNING', d) >= 0 });
}

/** A written target (or the table its alias names) as a table written to; a CTE name is no table. */
function writeTarget(c: Classifier, r: NameRead): string {
  if (r.parts.length === 1 && c.ctes.has(r.parts[0])) return r.parts[0];
  const n = qualifyParts(r.parts, c.dialect);
  c.addTable(n.name, n.schema, n.table, 'write', r.start, r.end, false, r.parts.length >= 2);
  return n.name;
}

/** Words that end a table reference (never an alias). */
const REF_WORDS = new Set([
  'ON', 'USING', 'JOIN', 'INNER', 'LEFT', 'RIGHT', 'FULL', 'CROSS', 'NATURAL', 'OUTER', 'STRAIGHT_JOIN', 'WHERE', 'ORDER',
  'LIMIT', 'RETURNING', 'AS', 'USE', 'FORCE', 'IGNORE', 'PARTITION', 'WITH', 'OUTPUT', 'OPTION', 'GROUP', 'SET',
]);
const REF_END = new Set(['WHERE', 'ORDER', 'LIMIT', 'RETURNING', 'OUTPUT', 'OPTION', 'GROUP']);

/** Table references from toks[from] (`users u JOIN orders AS o ON ...`, parenthesised joins too):
 * each alias and each table's own name to the table it names. */
function referenceAliases(toks: Tok[], from: number, to: number, d: number): Map<string, NameRead> {
  const out = new Map<string, NameRead>();
  const lists = new Set([d]); // depths holding a list of references (a parenthesised join adds one)
  let expect = true;
  let k = from;
  while (k < to) {
    const t = toks[k];
    if (t.depth < d || (t.depth === d && REF_END.has(t.up))) break;
    const inList = lists.has(t.depth);
    if (inList && (isPunct(t, ',') || t.up === 'JOIN')) {
      expect = true;
      k++;
    } else if (expect && inList && (t.up === 'ONLY' || t.up === 'LATERAL')) {
      k++;
    } else if (expect && inList && isPunct(t, '(') && !['SELECT', 'WITH', 'VALUES', 'TABLE'].includes(toks[k + 1]?.up ?? '')) {
      lists.add(t.depth + 1);
      k++;
    } else if (expect && inList && isName(t) && !REF_WORDS.has(t.up)) {
      expect = false;
      const r = readName(toks, k, to) as NameRead;
      out.set(r.parts[r.parts.length - 1], r);
      k = r.next;
      if (toks[k]?.up === 'AS') k++;
      const a = toks[k];
      if (k < to && isName(a) && !REF_WORDS.has(a.up)) {
        out.set(identPart(a.text, a.kind === 'quoted_identifier'), r);
        k++;
      }
    } else {
      expect = false;
      k = Math.min(to, stepOver(toks, k));
    }
  }
  return out;
}

export function merge(c: Classifier, toks: Tok[], i: number, to: number, via: Via, nested: boolean): HeadInfo {
  const t0 = toks[i];
  let j = i + 1;
  if (toks[j]?.up === 'INTO') j++;
  const tb = c.table(toks, j, to, 'write');
  const target = tb?.name ?? null;
  c.action('merge', target, t0.start, tb?.read.end ?? t0.end, via, nested, { where: 'present' });
  for (let k = j; k < to; k++) {
    if (toks[k].up !== 'THEN') continue;
    const n = toks[k + 1];
    if (!n) break;
    const act: Action | null = n.up === 'DELETE' ? 'delete' : n.up === 'UPDATE' ? 'update' : n.up === 'INSERT' ? 'insert' : null;
    if (act) c.action(act, target, n.start, n.end, 'merge', true, act === 'insert' ? {} : { where: 'present' });
  }
  return info('merge', { where: 'present' });
}

export function truncate(c: Classifier, toks: Tok[], i: number, to: number, via: Via, nested: boolean): HeadInfo {
  const t0 = toks[i];
  let j = i + 1;
  if (toks[j]?.up === 'TABLE') j++;
  let any = false;
  for (;;) {
    if (toks[j]?.up === 'ONLY') j++;
    const tb = c.table(toks, j, to, 'write');
    if (!tb) break;
    c.action('truncate', tb.name, any ? tb.read.start : t0.start, tb.read.end, via, nested);
    any = true;
    j = tb.read.next;
    if (isPunct(toks[j], '*')) j++;
    if (!isPunct(toks[j], ',')) break;
    j++;
  }
  if (!any) c.action('truncate', null, t0.start, t0.end, via, nested);
  return info('truncate');
}
