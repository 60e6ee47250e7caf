// The rule index: which statement actions (and table names, or else DDL operations) a rule needs
// before its `when` can hold, so a decision only evaluates rules that can fire for the statement's
// actions, tables and DDL facts (plus the rules needing none).
// Sound by construction: a rule is put under actions only when its `when` implies that one of
// them is in `statement.actions`; anything not understood lands in the always bucket.
import type { Expr, PathExpr } from './ast.js';
import { constantOf } from './codegen-expr.js';

/** The statement list an index dimension reads and the key field of its elements. */
export interface Dimension {
  list: 'actions' | 'tables' | 'ddl';
  key: 'action' | 'name' | 'operation';
}
export const ACTION_DIM: Dimension = { list: 'actions', key: 'action' };
export const TABLE_DIM: Dimension = { list: 'tables', key: 'name' };
/** schema-change rules (`any d in statement.ddl where d.operation == add_column ...`) */
export const DDL_DIM: Dimension = { list: 'ddl', key: 'operation' };

function isList(e: Expr, dim: Dimension): boolean {
  if (e.kind !== 'path') return false;
  if (e.resolved) return e.resolved.variable === null && e.resolved.field === `statement.${dim.list}`;
  return e.segments.length === 2 && e.segments[0] === 'statement' && e.segments[1] === dim.list;
}

function isVarField(e: Expr, variable: string, field: string): e is PathExpr {
  return e.kind === 'path' && e.segments.length === 2 && e.segments[0] === variable && e.segments[1] === field;
}

function stringsOf(e: Expr): string[] | null {
  const c = constantOf(e);
  if (!c) return null;
  const vals = Array.isArray(c.value) ? c.value : [c.value];
  return vals.every((v) => typeof v === 'string') ? (vals as string[]) : null;
}

/** Key values (actions, table names) one of which must be present in the statement's list for
 * `e` to hold, or null when no such set is known. */
export function requiredKeys(e: Expr, dim: Dimension): Set<string> | null {
  switch (e.kind) {
    case 'and': {
      let best: Set<string> | null = null;
      for (const o of e.operands) {
        const r = requiredKeys(o, dim);
        if (r && (best === null || r.size < best.size)) best = r;
      }
      return best;
    }
    case 'or': {
      const out = new Set<string>();
      for (const o of e.operands) {
        const r = requiredKeys(o, dim);
        if (!r) return null;
        for (const a of r) out.add(a);
      }
      return out;
    }
    case 'has':
      if (isList(e.list, dim) && e.key === dim.key) {
        const v = stringsOf(e.value);
        return v && v.length === 1 ? new Set(v) : null;
      }
      return null;
    case 'has_any':
      if (isList(e.list, dim) && e.key === dim.key) {
        const v = stringsOf(e.values);
        return v ? new Set(v) : null;
      }
      return null;
    case 'has_all':
      if (isList(e.list, dim) && e.key === dim.key) {
        const v = stringsOf(e.values);
        return v && v.length > 0 ? new Set([v[0]!]) : null;
      }
      return null;
    case 'quantifier':
      if (e.quantifier === 'any' && e.where !== null && isList(e.list, dim)) return requiredOfVar(e.where, e.variable.value, dim.key);
      return null;
    default:
      return null;
  }
}

/** Inside `any a in statement.actions where ...`: values `a.action` must take. */
function requiredOfVar(e: Expr, v: string, key: string): Set<string> | null {
  switch (e.kind) {
    case 'and': {
      let best: Set<string> | null = null;
      for (const o of e.operands) {
        const r = requiredOfVar(o, v, key);
        if (r && (best === null || r.size < best.size)) best = r;
      }
      return best;
    }
    case 'or': {
      const out = new Set<string>();
      for (const o of e.operands) {
        const r = requiredOfVar(o, v, key);
        if (!r) return null;
        for (const a of r) out.add(a);
      }
      return out;
    }
    case 'compare': {
      if (e.op !== '==') return null;
      const side = isVarField(e.left, v, key) ? e.right : isVarField(e.right, v, key) ? e.left : null;
      if (!side) return null;
      const s = stringsOf(side);
      return s && s.length === 1 ? new Set(s) : null;
    }
    case 'in': {
      if (!isVarField(e.value, v, key)) return null;
      const s = stringsOf(e.list);
      return s ? new Set(s) : null;
    }
    default:
      return null;
  }
}

/** For a rule's `when` clauses (joined with and): the smallest known required set. */
export function ruleKeys(when: Expr[], dim: Dimension): Set<string> | null {
  let best: Set<string> | null = null;
  for (const w of when) {
    const r = requiredKeys(w, dim);
    if (r && (best === null || r.size < best.size)) best = r;
  }
  return best;
}
