// Queries: SELECT, INSERT, UPDATE, DELETE, MERGE with their FROM items, CTEs and expressions.
// Resolves column references through aliases, subqueries, CTEs and joins, records column
// reads and writes, and computes the provenance of every output column.
import type { OutputColumnFact, SourceColumn, Span, WhereState } from '../../facts/types.js';
import {
  addAction,
  addColumn,
  addTable,
  columnTags,
  itemEnd,
  offsetAt,
  qualifyIn,
  spanAt,
  spanRange,
  tokenEnd,
  type Ctx,
} from './context.js';
import { callFunction } from './functions.js';
import { recordPattern } from './patterns.js';
import { alwaysTrue, whereState } from './where.js';

export type Shape = OutputColumnFact['shape'];

/** One output column of a query (before it becomes a fact): where its values come from. */
export interface OutCol {
  name: string;
  sources: SourceColumn[];
  shape: Shape;
  span: Span;
}

/** Something a FROM clause (or a DML target) makes visible to column references. */
interface Rel {
  alias: string;
  /** base table, qualified */
  table: string | null;
  /** columns of a subquery, CTE or VALUES */
  cols: OutCol[] | null;
  /** column names known to exist */
  known: string[] | null;
  /** may have columns beyond `known` (a table the catalog does not know, an unexpanded `*`) */
  open: boolean;
  /** a table's column alias list (`users AS u(a, b)`): new names of its first columns */
  colAliases?: string[];
  /** a member of a JOIN USING / NATURAL: `*` lists its columns through the join's Rel */
  inJoin?: boolean;
  /** a JOIN USING (names) / NATURAL (null), for `*` only: column references resolve in its members */
  join?: { using: string[] | null; left: Rel[]; right: Rel[] };
}

export interface Scope {
  rels: Rel[];
  parent: Scope | null;
  ctes: Map<string, OutCol[]> | null;
  /** unresolved column names are not recorded (DDL expressions: CHECK, DEFAULT, index columns) */
  silent: boolean;
  /** output names ORDER BY may refer to */
  outputNames: Set<string> | null;
}

/** Provenance collected while walking one expression. */
interface Acc {
  sources: SourceColumn[];
  agg: boolean;
  /** shape of a column reference into a subquery or CTE */
  derivedShape: Shape | null;
}

export function newScope(parent: Scope | null, silent = false): Scope {
  return { rels: [], parent, ctes: null, silent, outputNames: null };
}

export interface DmlInfo {
  outputs: OutCol[];
  where: WhereState | null;
  returning: boolean;
  limit: number | 'all' | 'param' | null;
}

const NO_INFO: DmlInfo = { outputs: [], where: null, returning: false, limit: null };

export function nestedCtx(ctx: Ctx, via: Ctx['via']): Ctx {
  if (via === 'function_body' || via === 'rule' || via === 'trigger' || via === 'prepare') return { ...ctx, via, nested: true, deferred: true };
  return { ...ctx, via, nested: true };
}

// ---------------------------------------------------------------------------------------------
// statements

/** A query node (`{SelectStmt: ...}` and the DML ones); returns its outputs and filter state. */
export function queryNode(ctx: Ctx, type: string, body: any, parent: Scope | null): DmlInfo {
  switch (type) {
    case 'SelectStmt': {
      const outputs = selectStmt(ctx, body, parent);
      return { outputs, where: null, returning: false, limit: limitOf(body) };
    }
    case 'InsertStmt':
      return insertStmt(ctx, body, parent);
    case 'UpdateStmt':
      return updateStmt(ctx, body, parent);
    case 'DeleteStmt':
      return deleteStmt(ctx, body, parent);
    case 'MergeStmt':
      return mergeStmt(ctx, body, parent);
  }
  return NO_INFO;
}

export function isQueryType(type: string): boolean {
  return type === 'SelectStmt' || type === 'InsertStmt' || type === 'UpdateStmt' || type === 'DeleteStmt' || type === 'MergeStmt';
}

export function limitOf(sel: any): number | 'all' | 'param' | null {
  const l = sel?.limitCount;
  if (!l) return null;
  const c = l.A_Const;
  if (c) {
    if (c.isnull) return 'all';
    if (c.ival) return typeof c.ival.ival === 'number' ? c.ival.ival : 0;
    if (c.fval) return Number(c.fval.fval);
  }
  return 'param';
}

export function selectStmt(ctx: Ctx, sel: any, parent: Scope | null): OutCol[] {
  const scope = newScope(parent);
  if (sel.withClause) withClause(ctx, sel.withClause, scope);
  let outputs: OutCol[];
  if (sel.op && sel.op !== 'SETOP_NONE') {
    const l = sel.larg ? selectStmt(ctx, sel.larg, scope) : [];
    const r = sel.rarg ? selectStmt(ctx, sel.rarg, scope) : [];
    outputs = mergeSetOp(l, r);
  } else if (sel.valuesLists) {
    outputs = valuesLists(ctx, sel.valuesLists, scope);
  } else {
    if (sel.fromClause) for (const f of sel.fromClause) fromItem(ctx, f, scope);
    outputs = sel.targetList ? targets(ctx, sel.targetList, scope) : [];
    if (sel.whereClause) expr(ctx, sel.whereClause, scope, null);
    if (sel.groupClause) expr(ctx, sel.groupClause, scope, null);
    if (sel.havingClause) expr(ctx, sel.havingClause, scope, null);
    if (sel.windowClause) expr(ctx, sel.windowClause, scope, null);
    if (sel.distinctClause) expr(ctx, sel.distinctClause, scope, null);
  }
  if (sel.sortClause) {
    scope.outputNames = new Set(outputs.map((o) => o.name));
    expr(ctx, sel.sortClause, scope, null);
    scope.outputNames = null;
  }
  if (sel.limitCount) expr(ctx, sel.limitCount, scope, null);
  if (sel.limitOffset) expr(ctx, sel.limitOffset, scope, null);
  return outputs;
}

function mergeSetOp(l: OutCol[], r: OutCol[]): OutCol[] {
  const n = Math.max(l.length, r.length);
  const out: OutCol[] = [];
  for (let i = 0; i < n; i++) {
    const a = l[i];
    const b = r[i];
    if (!a || !b) {
      out.push((a ?? b) as OutCol);
      continue;
    }
    const sources = a.sources.slice();
    for (const s of b.sources) addSource(sources, s);
    const shape: Shape =
      a.shape === b.shape ? a.shape : a.shape === 'star' || b.shape === 'star' ? 'star' : a.shape === 'literal' ? b.shape : b.shape === 'literal' ? a.shape : 'expression';
    out.push({ name: a.name, sources, shape, span: a.span });
  }
  return out;
}

function valuesLists(ctx: Ctx, lists: any[], scope: Scope): OutCol[] {
  const out: OutCol[] = [];
  for (const row of lists) {
    const items: any[] = row?.List?.items ?? [];
    for (let i = 0; i < items.length; i++) {
      const acc: Acc = { sources: [], agg: false, derivedShape: null };
      expr(ctx, items[i], scope, acc);
      const shape = shapeOf(items[i], acc);
      const prev = out[i];
      if (!prev) out.push({ name: `column${i + 1}`, sources: acc.sources, shape, span: spanAt(ctx, locationOf(items[i])) });
      else {
        for (const s of acc.sources) addSource(prev.sources, s);
        if (prev.shape !== shape) prev.shape = prev.shape === 'literal' ? shape : shape === 'literal' ? prev.shape : 'expression';
      }
    }
  }
  return out;
}

function withClause(ctx: Ctx, w: any, scope: Scope): void {
  const ctes = new Map<string, OutCol[]>();
  scope.ctes = ctes;
  for (const c of w.ctes ?? []) {
    const cte = c.CommonTableExpr;
    if (!cte) continue;
    const name: string = cte.ctename;
    if (w.recursive) ctes.set(name, []);
    const q = cte.ctequery ?? {};
    const type = Object.keys(q)[0] ?? '';
    let outs: OutCol[] = [];
    if (type === 'SelectStmt') outs = selectStmt(ctx, q.SelectStmt, scope);
    else if (isQueryType(type)) {
      ctx.st.dataModifyingCte = true;
      outs = queryNode(nestedCtx(ctx, 'cte'), type, q[type], scope).outputs;
    }
    ctes.set(name, renameCols(outs, cte.aliascolnames));
  }
}

function renameCols(cols: OutCol[], names: any[] | undefined): OutCol[] {
  if (!names || names.length === 0) return cols;
  return cols.map((c, i) => {
    const n = names[i]?.String?.sval;
    return typeof n === 'string' ? { ...c, name: n } : c;
  });
}

function insertStmt(ctx: Ctx, ins: any, parent: Scope | null): DmlInfo {
  const scope = newScope(parent);
  if (ins.withClause) withClause(ctx, ins.withClause, scope);
  const rv = ins.relation ?? {};
  const q = qualifyIn(ctx, rv);
  addTable(ctx, q, 'write', rv.location, rv.relpersistence === 't');
  const span = actionSpan(ctx, 'insert', rv.location);
  addAction(ctx, 'insert', q.name, span);
  if (ins.onConflictClause?.action === 'ONCONFLICT_UPDATE') addAction(ctx, 'upsert', q.name, span);
  if (ins.cols && ins.cols.length > 0) {
    for (const c of ins.cols) {
      const r = c.ResTarget;
      if (r?.name) addColumn(ctx, q.name, r.name, 'write', spanAt(ctx, r.location), false);
    }
  } else {
    writeAllColumns(ctx, q.name, rv.location);
  }
  if (ins.selectStmt?.SelectStmt) selectStmt(ctx, ins.selectStmt.SelectStmt, scope);
  const target = targetRel(ctx, rv, q.name);
  const inner = newScope(scope);
  inner.rels.push(target);
  const oc = ins.onConflictClause;
  if (oc) {
    inner.rels.push({ alias: 'excluded', table: null, cols: null, known: [], open: false });
    if (oc.infer) expr(ctx, oc.infer, inner, null);
    if (oc.targetList) setList(ctx, oc.targetList, q.name, inner);
    if (oc.whereClause) expr(ctx, oc.whereClause, inner, null);
  }
  const outputs = ins.returningClause?.exprs ? targets(ctx, ins.returningClause.exprs, inner) : [];
  return { outputs, where: null, returning: outputs.length > 0, limit: null };
}

function writeAllColumns(ctx: Ctx, table: string, location: number | undefined): void {
  const cols = ctx.env.catalog?.columns(table);
  const sp = spanAt(ctx, location);
  if (cols) for (const c of cols) addColumn(ctx, table, c, 'write', sp, true);
  else addColumn(ctx, table, '*', 'write', sp, false);
}

function targetRel(ctx: Ctx, rv: any, table: string): Rel {
  const cols = ctx.env.catalog?.columns(table);
  return { alias: rv.alias?.aliasname ?? rv.relname ?? '', table, cols: null, known: cols ?? null, open: !cols };
}

/** SET lists of UPDATE, ON CONFLICT DO UPDATE and MERGE: columns written, values read. */
function setList(ctx: Ctx, list: any[], table: string, scope: Scope): void {
  for (const t of list) {
    const r = t.ResTarget;
    if (!r) continue;
    if (r.name) addColumn(ctx, table, r.name, 'write', spanAt(ctx, r.location), false);
    const v = r.val;
    if (v?.MultiAssignRef) {
      // `(a, b) = (SELECT ...)` repeats the source once per column: walk it once
      if (v.MultiAssignRef.colno === 1) expr(ctx, v.MultiAssignRef.source, scope, null);
    } else if (v) expr(ctx, v, scope, null);
  }
}

function updateStmt(ctx: Ctx, up: any, parent: Scope | null): DmlInfo {
  const scope = newScope(parent);
  if (up.withClause) withClause(ctx, up.withClause, scope);
  const rv = up.relation ?? {};
  const q = qualifyIn(ctx, rv);
  addTable(ctx, q, 'write', rv.location, rv.relpersistence === 't');
  const where = whereState(up.whereClause, ctx.plVars);
  addAction(ctx, 'update', q.name, actionSpan(ctx, 'update', rv.location), { where, limit: null });
  scope.rels.push(targetRel(ctx, rv, q.name));
  if (up.fromClause) for (const f of up.fromClause) fromItem(ctx, f, scope);
  if (up.targetList) setList(ctx, up.targetList, q.name, scope);
  if (up.whereClause) expr(ctx, up.whereClause, scope, null);
  const outputs = up.returningClause?.exprs ? targets(ctx, up.returningClause.exprs, scope) : [];
  return { outputs, where, returning: outputs.length > 0, limit: null };
}

function deleteStmt(ctx: Ctx, del: any, parent: Scope | null): DmlInfo {
  const scope = newScope(parent);
  if (del.withClause) withClause(ctx, del.withClause, scope);
  const rv = del.relation ?? {};
  const q = qualifyIn(ctx, rv);
  addTable(ctx, q, 'write', rv.location, rv.relpersistence === 't');
  const where = whereState(del.whereClause, ctx.plVars);
  addAction(ctx, 'delete', q.name, actionSpan(ctx, 'delete', rv.location), { where, limit: null });
  scope.rels.push(targetRel(ctx, rv, q.name));
  if (del.usingClause) for (const f of del.usingClause) fromItem(ctx, f, scope);
  if (del.whereClause) expr(ctx, del.whereClause, scope, null);
  const outputs = del.returningClause?.exprs ? targets(ctx, del.returningClause.exprs, scope) : [];
  return { outputs, where, returning: outputs.length > 0, limit: null };
}

const MERGE_BRANCH = /\bthen\s+(delete|update|insert|do\s+nothing)\b/gi;

function mergeStmt(ctx: Ctx, m: any, parent: Scope | null): DmlInfo {
  const scope = newScope(parent);
  if (m.withClause) withClause(ctx, m.withClause, scope);
  const rv = m.relation ?? {};
  const q = qualifyIn(ctx, rv);
  addTable(ctx, q, 'write', rv.location, rv.relpersistence === 't');
  const joinTrivial = m.joinCondition ? alwaysTrue(m.joinCondition, ctx.plVars) : true;
  const where: WhereState = joinTrivial ? 'trivial' : 'present';
  const mergeSpan = actionSpan(ctx, 'merge', rv.location);
  addAction(ctx, 'merge', q.name, mergeSpan, { where });
  scope.rels.push(targetRel(ctx, rv, q.name));
  if (m.sourceRelation) fromItem(ctx, m.sourceRelation, scope);
  if (m.joinCondition) expr(ctx, m.joinCondition, scope, null);
  // branch spans: the `THEN DELETE` of each WHEN, found in order after the target
  const from = offsetAt(ctx, rv.location);
  const text = ctx.env.text;
  const re = new RegExp(MERGE_BRANCH.source, 'gi');
  re.lastIndex = from < 0 ? ctx.hi : from;
  const inner = nestedCtx(ctx, 'merge');
  for (const w of m.mergeWhenClauses ?? []) {
    const c = w.MergeWhenClause;
    if (!c) continue;
    const hit = from < 0 ? null : re.exec(text);
    const sp = hit && hit.index + hit[0].length <= ctx.hi ? spanRange(ctx, hit.index, hit.index + hit[0].length) : mergeSpan;
    if (c.condition) expr(ctx, c.condition, scope, null);
    let bw: WhereState;
    if (c.condition) bw = joinTrivial && alwaysTrue(c.condition, ctx.plVars) ? 'trivial' : 'present';
    else if (c.matchKind === 'MERGE_WHEN_NOT_MATCHED_BY_SOURCE') bw = 'absent';
    else bw = where;
    switch (c.commandType) {
      case 'CMD_DELETE':
        addAction(inner, 'delete', q.name, sp, { where: bw, limit: null });
        break;
      case 'CMD_UPDATE':
        addAction(inner, 'update', q.name, sp, { where: bw, limit: null });
        if (c.targetList) setList(ctx, c.targetList, q.name, scope);
        break;
      case 'CMD_INSERT':
        addAction(inner, 'insert', q.name, sp);
        if (c.targetList && c.targetList.length > 0) {
          for (const t of c.targetList) {
            const r = t.ResTarget;
            if (r?.name) addColumn(ctx, q.name, r.name, 'write', spanAt(ctx, r.location), false);
          }
        } else writeAllColumns(ctx, q.name, rv.location);
        if (c.values) expr(ctx, c.values, scope, null);
        break;
    }
  }
  const outputs = m.returningClause?.exprs ? targets(ctx, m.returningClause.exprs, scope) : [];
  return { outputs, where, returning: outputs.length > 0, limit: null };
}

/** Span of a DML action: the whole statement at top level, else from its keyword to the target. */
function actionSpan(ctx: Ctx, keyword: string, relLocation: number | undefined): Span {
  if (!ctx.nested && ctx.depth === 0) return ctx.st.statementSpan;
  const off = offsetAt(ctx, relLocation);
  if (off < 0) return ctx.fallback;
  const text = ctx.env.text;
  const lo = Math.max(ctx.lo, off - 400);
  const k = text.slice(lo, off).toLowerCase().lastIndexOf(keyword);
  const end = tokenEnd(text, off, ctx.hi);
  return k < 0 ? spanRange(ctx, off, end) : spanRange(ctx, lo + k, end);
}

// ---------------------------------------------------------------------------------------------
// FROM

function fromItem(ctx: Ctx, node: any, scope: Scope): void {
  if (!node || typeof node !== 'object') return;
  if (node.RangeVar) {
    const rv = node.RangeVar;
    const alias: string = rv.alias?.aliasname ?? rv.relname ?? '';
    const cte = rv.schemaname || rv.catalogname ? undefined : lookupCte(scope, rv.relname);
    if (cte) {
      const cols = renameCols(cte, rv.alias?.colnames);
      scope.rels.push({ alias, table: null, cols, known: cols.map((c) => c.name), open: cols.length === 0 || cols.some((c) => c.shape === 'star') });
      return;
    }
    const q = qualifyIn(ctx, rv);
    addTable(ctx, q, 'read', rv.location, rv.relpersistence === 't');
    const known = ctx.env.catalog?.columns(q.name);
    const colAliases: string[] = [];
    for (const c of rv.alias?.colnames ?? []) if (c.String) colAliases.push(c.String.sval);
    if (colAliases.length === 0) {
      scope.rels.push({ alias, table: q.name, cols: null, known: known ?? null, open: !known });
      return;
    }
    // `users AS u(a, b)`: the first columns go by the new names only (their old names are gone)
    const visible = known ? known.map((c, i) => colAliases[i] ?? c) : colAliases;
    scope.rels.push({ alias, table: q.name, cols: null, known: visible, open: !known, colAliases });
    return;
  }
  if (node.JoinExpr) {
    const j = node.JoinExpr;
    const start = scope.rels.length;
    fromItem(ctx, j.larg, scope);
    const mid = scope.rels.length;
    fromItem(ctx, j.rarg, scope);
    if (j.quals) expr(ctx, j.quals, scope, null);
    if (j.isNatural || (j.usingClause && j.usingClause.length > 0)) {
      // USING / NATURAL merge the join columns into one, listed first by `*` (docs 7.2.1.1)
      const left = scope.rels.slice(start, mid).filter((r) => !r.inJoin);
      const right = scope.rels.slice(mid).filter((r) => !r.inJoin);
      for (const r of left) r.inJoin = true;
      for (const r of right) r.inJoin = true;
      const using: string[] | null = j.isNatural ? null : [];
      for (const u of j.usingClause ?? []) if (u.String && using) using.push(u.String.sval);
      scope.rels.push({ alias: '', table: null, cols: null, known: [], open: false, join: { using, left, right } });
    }
    return;
  }
  if (node.RangeSubselect) {
    const rs = node.RangeSubselect;
    const sub = rs.subquery?.SelectStmt;
    // a LATERAL subquery sees the FROM items before it; others only the enclosing query
    const outer: Scope = rs.lateral ? scope : outerOf(scope);
    const outs = sub ? selectStmt(ctx, sub, outer) : [];
    const cols = renameCols(outs, rs.alias?.colnames);
    scope.rels.push({ alias: rs.alias?.aliasname ?? '', table: null, cols, known: cols.map((c) => c.name), open: cols.some((c) => c.shape === 'star') });
    return;
  }
  if (node.RangeFunction) {
    const rf = node.RangeFunction;
    // what flows into the function (unnest(ARRAY(SELECT email ...)), dblink's query) flows out;
    // functions in FROM are always LATERAL: their arguments see the FROM items before them
    const acc: Acc = { sources: [], agg: false, derivedShape: null };
    expr(ctx, rf.functions, scope, acc);
    const names: string[] = [];
    for (const c of rf.alias?.colnames ?? []) if (c.String) names.push(c.String.sval);
    for (const c of rf.coldeflist ?? []) if (c.ColumnDef?.colname) names.push(c.ColumnDef.colname);
    const alias: string = rf.alias?.aliasname ?? firstFunctionName(rf.functions) ?? '';
    if (names.length === 0 && alias) names.push(alias);
    const sp = ctx.fallback;
    const shape: Shape = acc.sources.length > 0 ? 'expression' : 'literal';
    const cols = names.map((name) => ({ name, sources: acc.sources, shape, span: sp }));
    scope.rels.push({ alias, table: null, cols, known: names, open: false });
    return;
  }
  if (node.RangeTableSample) {
    fromItem(ctx, node.RangeTableSample.relation, scope);
    expr(ctx, node.RangeTableSample.args, scope, null);
    return;
  }
  // XMLTABLE, JSON_TABLE and the like: walk for functions and columns, opaque columns
  const type = Object.keys(node)[0] ?? '';
  const body = node[type];
  expr(ctx, body, scope, null);
  scope.rels.push({ alias: body?.alias?.aliasname ?? '', table: null, cols: null, known: null, open: true });
}

/** What a non-LATERAL FROM item sees: the enclosing query and CTEs, not its sibling FROM items. */
function outerOf(scope: Scope): Scope {
  return { rels: [], parent: scope.parent, ctes: scope.ctes, silent: scope.silent, outputNames: null };
}

function firstFunctionName(functions: any): string | undefined {
  const first = functions?.[0]?.List?.items?.[0]?.FuncCall?.funcname;
  if (!Array.isArray(first) || first.length === 0) return undefined;
  return first[first.length - 1]?.String?.sval;
}

function lookupCte(scope: Scope | null, name: string | undefined): OutCol[] | undefined {
  if (!name) return undefined;
  for (let s = scope; s; s = s.parent) {
    const c = s.ctes?.get(name);
    if (c) return c;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// target lists and outputs

function targets(ctx: Ctx, list: any[], scope: Scope): OutCol[] {
  const out: OutCol[] = [];
  for (const t of list) {
    const r = t.ResTarget;
    if (!r) continue;
    const val = r.val;
    const ref = val?.ColumnRef;
    if (ref && isStarRef(ref)) {
      expandStar(ctx, ref, scope, out);
      continue;
    }
    const acc: Acc = { sources: [], agg: false, derivedShape: null };
    expr(ctx, val, scope, acc);
    out.push({ name: r.name ?? outputName(val), sources: acc.sources, shape: shapeOf(val, acc), span: itemSpan(ctx, r.location) });
  }
  return out;
}

/** The whole select-list item, alias included (`lower(email) AS e`). */
function itemSpan(ctx: Ctx, location: number | undefined): Span {
  const off = offsetAt(ctx, location);
  if (off < 0) return ctx.fallback;
  return spanRange(ctx, off, itemEnd(ctx.env.text, off, ctx.hi));
}

function shapeOf(val: any, acc: Acc): Shape {
  if (val?.ColumnRef) return acc.derivedShape ?? (acc.sources.length > 0 ? 'column' : 'literal');
  if (acc.agg) return 'aggregate';
  if (acc.sources.length === 0) return 'literal';
  return 'expression';
}

function isStarRef(ref: any): boolean {
  const f = ref.fields;
  return Array.isArray(f) && f.length > 0 && f[f.length - 1].A_Star !== undefined;
}

/** Name Postgres gives an unaliased output column. */
function outputName(val: any): string {
  if (!val || typeof val !== 'object') return '?column?';
  if (val.ColumnRef) {
    const f = val.ColumnRef.fields;
    return f[f.length - 1]?.String?.sval ?? '?column?';
  }
  if (val.FuncCall) {
    const n = val.FuncCall.funcname;
    return n[n.length - 1]?.String?.sval ?? '?column?';
  }
  if (val.TypeCast) {
    const inner = outputName(val.TypeCast.arg);
    if (inner !== '?column?') return inner;
    const n = val.TypeCast.typeName?.names;
    return n?.[n.length - 1]?.String?.sval ?? '?column?';
  }
  if (val.A_Indirection) {
    const ind = val.A_Indirection.indirection;
    const last = ind?.[ind.length - 1]?.String?.sval;
    return last ?? outputName(val.A_Indirection.arg);
  }
  if (val.CaseExpr) return 'case';
  if (val.CoalesceExpr) return 'coalesce';
  if (val.MinMaxExpr) return val.MinMaxExpr.op === 'IS_GREATEST' ? 'greatest' : 'least';
  if (val.SubLink) {
    if (val.SubLink.subLinkType === 'EXISTS_SUBLINK') return 'exists';
    if (val.SubLink.subLinkType === 'ARRAY_SUBLINK') return 'array';
    const t = val.SubLink.subselect?.SelectStmt?.targetList?.[0]?.ResTarget;
    if (t) return t.name ?? outputName(t.val);
  }
  if (val.A_ArrayExpr) return 'array';
  if (val.RowExpr) return 'row';
  return '?column?';
}

function expandStar(ctx: Ctx, ref: any, scope: Scope, out: OutCol[]): void {
  const quals: string[] = [];
  for (const f of ref.fields) if (f.String) quals.push(f.String.sval);
  const sp = spanAt(ctx, ref.location);
  let rels: Rel[];
  if (quals.length > 0) {
    const r = findRel(scope, quals);
    rels = r ? [r] : [];
    if (!r) {
      // `x.*` of something we cannot see: an unknown table's every column
      const table = quals.length >= 2 ? quals.join('.') : null;
      addColumn(ctx, table, '*', 'read', sp, false);
      out.push({ name: '*', sources: [{ table, column: '*' }], shape: 'star', span: sp });
      return;
    }
  } else rels = scope.rels.filter((r) => !r.inJoin);
  for (const rel of rels) expandRel(ctx, rel, sp, out);
}

/** The columns `*` gives for one FROM item, in order. */
function expandRel(ctx: Ctx, rel: Rel, sp: Span, out: OutCol[]): void {
  if (rel.join) {
    expandJoin(ctx, rel.join, sp, out);
  } else if (rel.cols) {
    for (const c of rel.cols) out.push({ ...c, span: sp });
  } else if (rel.table) {
    const cols = ctx.env.catalog?.columns(rel.table);
    const aliases = rel.colAliases ?? [];
    if (cols) {
      for (let i = 0; i < cols.length; i++) {
        const c = cols[i];
        addColumn(ctx, rel.table, c, 'read', sp, true);
        out.push({ name: aliases[i] ?? c, sources: [{ table: rel.table, column: c }], shape: 'column', span: sp });
      }
    } else {
      addColumn(ctx, rel.table, '*', 'read', sp, false);
      // renamed first columns of a table we do not know: some column of it each, then the rest
      for (const a of aliases) out.push({ name: a, sources: [{ table: rel.table, column: '*' }], shape: 'star', span: sp });
      out.push({ name: '*', sources: [{ table: rel.table, column: '*' }], shape: 'star', span: sp });
    }
  } else {
    for (const n of rel.known ?? []) out.push({ name: n, sources: [], shape: 'expression', span: sp });
  }
}

/** `*` over JOIN USING / NATURAL: each merged column once (its value from either side), then
 * the other columns of the left side, then those of the right side. */
function expandJoin(ctx: Ctx, join: NonNullable<Rel['join']>, sp: Span, out: OutCol[]): void {
  const l: OutCol[] = [];
  const r: OutCol[] = [];
  for (const rel of join.left) expandRel(ctx, rel, sp, l);
  for (const rel of join.right) expandRel(ctx, rel, sp, r);
  const names = join.using ?? l.filter((c) => c.shape !== 'star' && r.some((x) => x.shape !== 'star' && x.name === c.name)).map((c) => c.name);
  const merged = new Set<string>();
  for (const n of names) {
    const a = l.find((c) => c.name === n && c.shape !== 'star');
    const b = r.find((c) => c.name === n && c.shape !== 'star');
    if (!a && !b && !join.using) continue;
    const sources = (a?.sources ?? []).slice();
    for (const x of b?.sources ?? []) addSource(sources, x);
    // USING names a column of both sides: of a side we cannot expand, its unknown table's column
    if (join.using) for (const side of [a ? [] : l, b ? [] : r]) for (const c of side) if (c.shape === 'star') for (const x of c.sources) addSource(sources, { table: x.table, column: n });
    const shape: Shape = a && b && a.shape !== b.shape ? 'expression' : (a ?? b)?.shape ?? 'column';
    out.push({ name: n, sources, shape, span: sp });
    merged.add(n);
  }
  for (const side of [l, r]) {
    for (const c of side) if (c.shape === 'star' || !merged.has(c.name)) out.push(c);
  }
}

/** Outputs as facts: tags are the union of their sources' tags. */
export function outputFacts(ctx: Ctx, outs: OutCol[], from: 'select' | 'returning'): OutputColumnFact[] {
  const facts: OutputColumnFact[] = [];
  for (let i = 0; i < outs.length; i++) {
    const o = outs[i];
    const tags: string[] = [];
    for (const s of o.sources) for (const t of columnTags(ctx, s.table, s.column)) if (!tags.includes(t)) tags.push(t);
    facts.push({ kind: 'output', name: o.name, position: i, sources: o.sources.map((s) => ({ table: s.table, column: s.column })), shape: o.shape, tags, from, span: o.span });
  }
  return facts;
}

// ---------------------------------------------------------------------------------------------
// expressions

export function addSource(list: SourceColumn[], s: SourceColumn): void {
  for (const x of list) if (x.table === s.table && x.column === s.column) return;
  list.push(s);
}

function locationOf(node: any): number | undefined {
  if (!node || typeof node !== 'object') return undefined;
  for (const k in node) {
    const v = node[k];
    if (v && typeof v === 'object' && typeof v.location === 'number') return v.location;
  }
  return undefined;
}

/** Walk any node: record column reads, function calls and subqueries; collect provenance into acc. */
export function expr(ctx: Ctx, node: any, scope: Scope, acc: Acc | null): void {
  if (node === null || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    for (const n of node) expr(ctx, n, scope, acc);
    return;
  }
  for (const key in node) {
    const v = node[key];
    if (v === null || typeof v !== 'object') continue;
    const c = key.charCodeAt(0);
    if (c >= 65 && c <= 90) nodeOf(ctx, key, v, scope, acc);
    else if (key !== 'typeName') expr(ctx, v, scope, acc);
  }
}

function nodeOf(ctx: Ctx, type: string, body: any, scope: Scope, acc: Acc | null): void {
  switch (type) {
    case 'ColumnRef':
      columnRef(ctx, body, scope, acc);
      return;
    case 'FuncCall': {
      const agg = callFunction(ctx, body, scope, acc);
      if (agg && acc) acc.agg = true;
      return;
    }
    case 'SubLink': {
      if (body.testexpr) expr(ctx, body.testexpr, scope, acc);
      const sel = body.subselect;
      const t = sel ? Object.keys(sel)[0] : undefined;
      if (t && sel) {
        const info = queryNode(ctx, t, sel[t], scope);
        const flows = body.subLinkType === 'EXPR_SUBLINK' || body.subLinkType === 'ARRAY_SUBLINK';
        if (acc && flows) for (const o of info.outputs) for (const s of o.sources) addSource(acc.sources, s);
      }
      return;
    }
    case 'A_Const':
    case 'ParamRef':
    case 'String':
    case 'Integer':
    case 'Float':
    case 'Boolean':
    case 'BitString':
    case 'TypeName':
    case 'A_Star':
      return;
    case 'SelectStmt':
    case 'InsertStmt':
    case 'UpdateStmt':
    case 'DeleteStmt':
    case 'MergeStmt':
      queryNode(ctx, type, body, scope);
      return;
    case 'A_Expr':
      recordPattern(ctx, body);
      expr(ctx, body, scope, acc);
      return;
    default:
      expr(ctx, body, scope, acc);
  }
}

type Resolved = { rel: Rel } | 'ambiguous' | null;

function findRel(scope: Scope, quals: string[]): Rel | null {
  for (let s: Scope | null = scope; s; s = s.parent) {
    for (const r of s.rels) {
      if (quals.length === 1) {
        if (r.alias === quals[0]) return r;
      } else if (r.table !== null && r.table === quals.slice(-2).join('.')) return r;
    }
  }
  return null;
}

function resolveColumn(scope: Scope, column: string): Resolved {
  for (let s: Scope | null = scope; s; s = s.parent) {
    let maybe: Rel | null = null;
    let maybeCount = 0;
    for (const r of s.rels) {
      if (r.known !== null && r.known.includes(column)) return { rel: r };
      if (r.open) {
        maybeCount++;
        maybe ??= r;
      }
    }
    if (maybeCount === 1 && maybe) return { rel: maybe };
    if (maybeCount > 1) return 'ambiguous';
  }
  return null;
}

function isSilent(scope: Scope): boolean {
  for (let s: Scope | null = scope; s; s = s.parent) if (s.silent) return true;
  return false;
}

function columnRef(ctx: Ctx, ref: any, scope: Scope, acc: Acc | null): void {
  const fields: any[] = ref.fields ?? [];
  const parts: string[] = [];
  for (const f of fields) if (f.String) parts.push(f.String.sval);
  if (isStarRef(ref)) {
    // `t.*` inside an expression (row_to_json(t.*), count(t.*)): every column flows
    const tmp: OutCol[] = [];
    expandStar(ctx, ref, scope, tmp);
    if (acc) for (const o of tmp) for (const s of o.sources) addSource(acc.sources, s);
    return;
  }
  if (parts.length === 0) return;
  if (ctx.plVars?.has(parts[0])) return; // a variable or parameter (`r.id` of a record variable)
  const column = parts[parts.length - 1];
  let rel: Rel | null = null;
  let ambiguous = false;
  if (parts.length === 1) {
    if (scope.outputNames?.has(column)) return; // ORDER BY an output name
    const r = resolveColumn(scope, column);
    if (r === 'ambiguous') ambiguous = true;
    else if (r) rel = r.rel;
    // a bare table alias is a whole-row reference (`row_to_json(u)`)
    if ((!rel || (rel.open && !(rel.known ?? []).includes(column))) && !ambiguous) {
      const whole = findRel(scope, [column]);
      if (whole && !(whole.known ?? []).includes(column)) {
        const tmp: OutCol[] = [];
        expandStar(ctx, { fields: [{ String: { sval: column } }, { A_Star: {} }], location: ref.location }, scope, tmp);
        if (acc) for (const o of tmp) for (const s of o.sources) addSource(acc.sources, s);
        return;
      }
    }
  } else {
    rel = findRel(scope, parts.slice(0, -1));
  }
  if (rel && rel.cols) {
    const col = rel.cols.find((c) => c.name === column);
    if (col) {
      if (acc) {
        for (const s of col.sources) addSource(acc.sources, s);
        acc.derivedShape = col.shape === 'star' ? 'column' : col.shape;
      }
      return;
    }
    // a column of `(SELECT * FROM t)` with t unknown: it is t's column
    const stars = rel.cols.filter((c) => c.shape === 'star');
    if (stars.length === 1 && stars[0].sources.length === 1) {
      const table = stars[0].sources[0].table;
      if (acc) addSource(acc.sources, { table, column });
      return;
    }
    if (acc) addSource(acc.sources, { table: null, column });
    return;
  }
  if (rel && !rel.table) {
    // a function's or VALUES' column: no stored data behind it
    return;
  }
  if (!rel && !ambiguous && isSilent(scope)) return;
  const table = rel ? rel.table : null;
  const real = rel ? realColumn(ctx, rel, column) : column;
  addColumn(ctx, table, real, 'read', spanAt(ctx, ref.location), false);
  if (acc) {
    addSource(acc.sources, { table, column: real });
    // a renamed column of a table we do not know: one of its columns, which one is unknown
    if (real === '*') acc.derivedShape = 'star';
  }
}

/** The table's own name of a column reached through a column alias list (`users AS u(a, b)`:
 * b is the second column of users); `*` when the table's columns are not known. */
function realColumn(ctx: Ctx, rel: Rel, column: string): string {
  const i = rel.colAliases ? rel.colAliases.indexOf(column) : -1;
  if (i < 0 || !rel.table) return column;
  return ctx.env.catalog?.columns(rel.table)?.[i] ?? '*';
}
