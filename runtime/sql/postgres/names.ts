// Names in normal form. libpg-query already folds unquoted identifiers to lowercase and keeps
// quoted ones as written, so normal form is the parser's spelling plus the default schema.
import type { QualifiedName } from './helpers.js';

export const DEFAULT_SCHEMA = 'public';

export function qualify(rv: { schemaname?: string; relname?: string; catalogname?: string }): QualifiedName {
  const table = rv.relname ?? '';
  const schema = rv.schemaname ?? DEFAULT_SCHEMA;
  const name = rv.catalogname ? `${rv.catalogname}.${schema}.${table}` : `${schema}.${table}`;
  return { name, schema, table, qualified: !!rv.schemaname };
}

/** Strings of a name list (`[{String: {sval}}]`), e.g. a function or type name. */
export function nameParts(list: unknown): string[] {
  const out: string[] = [];
  if (!Array.isArray(list)) return out;
  for (const n of list) {
    const s = (n as { String?: { sval?: string } }).String?.sval;
    if (typeof s === 'string') out.push(s);
  }
  return out;
}

/** A string constant node's value (`A_Const` with `sval`, possibly under a cast), else null. */
export function stringConst(node: unknown): string | null {
  let n = node as Record<string, any> | undefined;
  if (!n || typeof n !== 'object') return null;
  if (n.TypeCast) n = n.TypeCast.arg;
  const c = n?.A_Const;
  if (c && c.sval) return typeof c.sval.sval === 'string' ? c.sval.sval : '';
  return null;
}

/** The first table a SELECT reads (the left-most of its first FROM item), or null when that is
 * not a table (a CTE, a subquery, a function). Callers qualify it with their own search path. */
export function firstRangeVar(sel: any): { schemaname?: string; relname?: string } | null {
  let s = sel;
  while (s && s.op && s.op !== 'SETOP_NONE') s = s.larg;
  let from = s?.fromClause?.[0];
  while (from?.JoinExpr) from = from.JoinExpr.larg;
  const rv = from?.RangeVar;
  if (!rv) return null;
  // a CTE is not a table
  if (!rv.schemaname && sel.withClause?.ctes?.some((c: any) => c.CommonTableExpr?.ctename === rv.relname)) return null;
  return rv;
}
