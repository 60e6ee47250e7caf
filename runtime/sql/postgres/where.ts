// Is a WHERE clause a real filter? `trivial` when it folds to true without reading a row:
// `true`, `1=1`, `'a'='a'`, `x = x`, `NOT false`, `1=1 OR ...`, `x IS NULL OR x IS NOT NULL`,
// `col LIKE '%'`, `2-1=1`, `'a'||'b'='ab'`, `COALESCE(NULL, true)`, `(SELECT true)`. A filter
// that reads no column, parameter or subquery and calls no volatile function is `trivial` too,
// even when not folded (`CASE WHEN true THEN true END`, `1 = ANY(ARRAY[1])`): a constant condition
// keeps every row or none, so it is no row filter (fail closed). One that folds to false or NULL
// (`WHERE false`, `1 = 2`) changes no row and stays `present`. Anything that may depend on row
// values is `present`.
import type { WhereState } from '../../facts/types.js';
import { nameParts } from './names.js';
import { functionVolatility } from './volatility.js';

type Value = number | string | boolean | null;
/** folded value of an expression; UNKNOWN when it depends on rows, parameters or functions */
const UNKNOWN = Symbol('unknown');
type Folded = Value | typeof UNKNOWN;
/** PL/pgSQL variables and parameters in scope */
type Vars = ReadonlySet<string> | undefined;

/** `vars`: PL/pgSQL variables and parameters in scope (an unqualified name may be one of them). */
export function whereState(node: unknown, vars?: ReadonlySet<string>): WhereState {
  if (node === undefined || node === null) return 'absent';
  return alwaysTrue(node, vars) ? 'trivial' : 'present';
}

/** Whether the expression holds for every row (for MERGE join conditions and the like). */
export function alwaysTrue(node: unknown, vars?: ReadonlySet<string>): boolean {
  // `id = 1 OR <constant>`: one always-true branch of an OR is enough, every branch of an AND
  const b = (node as { BoolExpr?: { boolop?: string; args?: unknown[] } } | null)?.BoolExpr;
  if (b && b.args && b.args.length > 0) {
    if (b.boolop === 'OR_EXPR' && b.args.some((a) => alwaysTrue(a, vars))) return true;
    if (b.boolop === 'AND_EXPR' && b.args.every((a) => alwaysTrue(a, vars))) return true;
  }
  // an untyped literal is a boolean here: `WHERE 'yes'`
  const v = asBool(fold(node, vars));
  if (v === true) return true;
  if (v !== UNKNOWN) return false; // false or NULL: no row qualifies
  return !readsRows(node);
}

function asBool(v: Folded): Folded {
  return typeof v === 'string' ? castTo(v, ['bool']) : v;
}

/** The expression may differ from row to row: it reads a column, a parameter or a subquery, or
 * calls a volatile function (`random()`), or is `CURRENT OF` a cursor. */
function readsRows(node: any): boolean {
  if (node === null || typeof node !== 'object') return false;
  if (Array.isArray(node)) {
    for (const n of node) if (readsRows(n)) return true;
    return false;
  }
  for (const key in node) {
    const v = node[key];
    if (v === null || typeof v !== 'object') continue;
    switch (key) {
      case 'ColumnRef':
      case 'ParamRef':
      case 'SubLink':
      case 'CurrentOfExpr':
        return true;
      case 'FuncCall':
        if (functionVolatility(nameParts(v.funcname).join('.').toLowerCase()) === 'volatile') return true;
        break;
    }
    if (readsRows(v)) return true;
  }
  return false;
}

function constValue(c: Record<string, any>): Folded {
  if (c.isnull) return null;
  if (c.boolval) return c.boolval.boolval === true;
  if (c.ival) return typeof c.ival.ival === 'number' ? c.ival.ival : 0;
  if (c.fval) return Number(c.fval.fval);
  if (c.sval) return typeof c.sval.sval === 'string' ? c.sval.sval : '';
  return UNKNOWN;
}

function castTo(v: Folded, typeNames: string[]): Folded {
  if (v === UNKNOWN || v === null) return v;
  const t = typeNames[typeNames.length - 1];
  if (t === 'bool' || t === 'boolean') {
    if (typeof v === 'boolean') return v;
    const s = String(v).trim().toLowerCase();
    if (['t', 'true', 'y', 'yes', 'on', '1'].includes(s)) return true;
    if (['f', 'false', 'n', 'no', 'off', '0'].includes(s)) return false;
    return UNKNOWN;
  }
  if (t === 'int2' || t === 'int4' || t === 'int8' || t === 'numeric' || t === 'float4' || t === 'float8') {
    const n = typeof v === 'boolean' ? (v ? 1 : 0) : Number(v);
    return Number.isFinite(n) ? n : UNKNOWN;
  }
  if (t === 'text' || t === 'varchar' || t === 'bpchar' || t === 'name') return typeof v === 'boolean' ? (v ? 'true' : 'false') : String(v);
  return UNKNOWN;
}

function arithmetic(op: string, a: Folded, b: Folded): Folded {
  if (a === UNKNOWN || b === UNKNOWN) return UNKNOWN;
  if (a === null || b === null) return null;
  if (op === '||') return typeof a === 'boolean' || typeof b === 'boolean' ? UNKNOWN : String(a) + String(b);
  const x = typeof a === 'string' ? Number(a) : a;
  const y = typeof b === 'string' ? Number(b) : b;
  if (typeof x !== 'number' || typeof y !== 'number' || !Number.isFinite(x) || !Number.isFinite(y)) return UNKNOWN;
  switch (op) {
    case '+':
      return x + y;
    case '-':
      return x - y;
    case '*':
      return x * y;
    // division by zero raises an error: no row changes, as with a NULL condition
    case '/':
      return y === 0 ? null : Number.isInteger(x) && Number.isInteger(y) ? Math.trunc(x / y) : x / y;
    case '%':
      return y === 0 ? null : x % y;
  }
  return UNKNOWN;
}

function compare(op: string, a: Folded, b: Folded): Folded {
  if (a === UNKNOWN || b === UNKNOWN) return UNKNOWN;
  if (a === null || b === null) return null;
  // Postgres compares an untyped literal with the other side's type: '1' = 1 is true
  let x: Value = a;
  let y: Value = b;
  if (typeof x === 'number' && typeof y === 'string') y = Number(y);
  else if (typeof x === 'string' && typeof y === 'number') x = Number(x);
  else if (typeof x === 'boolean' && typeof y === 'string') y = castTo(y, ['bool']) as Value;
  else if (typeof x === 'string' && typeof y === 'boolean') x = castTo(x, ['bool']) as Value;
  if (typeof x !== typeof y) return UNKNOWN;
  switch (op) {
    case '=':
      return x === y;
    case '<>':
    case '!=':
      return x !== y;
    case '<':
      return (x as number) < (y as number);
    case '<=':
      return (x as number) <= (y as number);
    case '>':
      return (x as number) > (y as number);
    case '>=':
      return (x as number) >= (y as number);
  }
  return UNKNOWN;
}

function likeAll(pattern: Folded): boolean {
  return typeof pattern === 'string' && pattern.length > 0 && /^%+$/.test(pattern);
}

/** Same column reference on both sides (`x = x`, `t.id = t.id`, `t.id = id`: within one query
 * level an unqualified name that resolves at all resolves to the one column `t.id` names, unless
 * it is a PL/pgSQL variable). */
function sameRef(a: any, b: any, vars: Vars): boolean {
  const ra = a?.ColumnRef;
  const rb = b?.ColumnRef;
  if (!ra || !rb) return false;
  if (refKey(ra.fields) === refKey(rb.fields)) return true;
  const fa: any[] = ra.fields ?? [];
  const fb: any[] = rb.fields ?? [];
  const short = fa.length === 1 ? fa : fb.length === 1 ? fb : null;
  const long = short === fa ? fb : fa;
  if (!short || long.length < 2) return false;
  const name = short[0]?.String?.sval;
  // `r.id = id` with r a record variable compares a variable's field with a column
  const qualifier = long[0]?.String?.sval;
  return typeof name === 'string' && long[long.length - 1]?.String?.sval === name && !vars?.has(name) && !(typeof qualifier === 'string' && vars?.has(qualifier));
}

function refKey(fields: any[] | undefined): string {
  let k = '';
  for (const f of fields ?? []) k += (f?.String ? f.String.sval : '*') + '\u0000';
  return k;
}

function fold(node: any, vars: Vars): Folded {
  if (!node || typeof node !== 'object') return UNKNOWN;
  if (node.A_Const) return constValue(node.A_Const);
  if (node.TypeCast) {
    const tc = node.TypeCast;
    return castTo(fold(tc.arg, vars), nameParts(tc.typeName?.names));
  }
  if (node.BoolExpr) {
    const b = node.BoolExpr;
    const args: any[] = b.args ?? [];
    if (b.boolop === 'NOT_EXPR') {
      const v = asBool(fold(args[0], vars));
      return typeof v === 'boolean' ? !v : v === null ? null : UNKNOWN;
    }
    if (b.boolop === 'AND_EXPR') {
      let all = true;
      let anyNull = false;
      for (const a of args) {
        const v = asBool(fold(a, vars));
        if (v === false) return false;
        if (v === null) anyNull = true;
        else if (v !== true) all = false;
      }
      return !all ? UNKNOWN : anyNull ? null : true;
    }
    if (b.boolop === 'OR_EXPR') {
      let none = true;
      let anyNull = false;
      for (const a of args) {
        const v = asBool(fold(a, vars));
        if (v === true) return true;
        if (v === null) anyNull = true;
        else if (v !== false) none = false;
      }
      if (coversNull(args)) return true;
      return !none ? UNKNOWN : anyNull ? null : false;
    }
    return UNKNOWN;
  }
  if (node.A_Expr) {
    const e = node.A_Expr;
    const op = nameParts(e.name)[0] ?? '';
    switch (e.kind) {
      case 'AEXPR_OP': {
        if (!e.lexpr) {
          // unary minus on a number
          const v = fold(e.rexpr, vars);
          return op === '-' && typeof v === 'number' ? -v : op === '+' && typeof v === 'number' ? v : UNKNOWN;
        }
        if ((op === '=' || op === '<=' || op === '>=') && sameRef(e.lexpr, e.rexpr, vars)) return true;
        if (op === '+' || op === '-' || op === '*' || op === '/' || op === '%' || op === '||') return arithmetic(op, fold(e.lexpr, vars), fold(e.rexpr, vars));
        return compare(op, fold(e.lexpr, vars), fold(e.rexpr, vars));
      }
      case 'AEXPR_NOT_DISTINCT':
        if (sameRef(e.lexpr, e.rexpr, vars)) return true;
        return compare('=', fold(e.lexpr, vars), fold(e.rexpr, vars));
      case 'AEXPR_LIKE':
      case 'AEXPR_ILIKE':
        if (op.startsWith('!')) return UNKNOWN;
        if (likeAll(fold(e.rexpr, vars))) {
          const l = fold(e.lexpr, vars);
          // `col LIKE '%'` holds for every non-null value: as good as no filter
          return l === UNKNOWN ? true : l === null ? null : true;
        }
        return UNKNOWN;
      case 'AEXPR_IN': {
        const l = fold(e.lexpr, vars);
        if (l === UNKNOWN) return UNKNOWN;
        const list: any[] = Array.isArray(e.rexpr) ? e.rexpr : (e.rexpr?.List?.items ?? []);
        let any = false;
        for (const item of list) {
          const r = compare('=', l, fold(item, vars));
          if (r === true) any = true;
          else if (r === UNKNOWN) return UNKNOWN;
        }
        return op === '<>' ? !any : any;
      }
      case 'AEXPR_BETWEEN':
      case 'AEXPR_NOT_BETWEEN': {
        const l = fold(e.lexpr, vars);
        const list: any[] = e.rexpr?.List?.items ?? (Array.isArray(e.rexpr) ? e.rexpr : []);
        if (list.length !== 2) return UNKNOWN;
        const lo = compare('>=', l, fold(list[0], vars));
        const hi = compare('<=', l, fold(list[1], vars));
        if (typeof lo !== 'boolean' || typeof hi !== 'boolean') return UNKNOWN;
        return e.kind === 'AEXPR_BETWEEN' ? lo && hi : !(lo && hi);
      }
    }
    return UNKNOWN;
  }
  if (node.NullTest) {
    const n = node.NullTest;
    const v = fold(n.arg, vars);
    if (v === UNKNOWN) return UNKNOWN;
    return n.nulltesttype === 'IS_NULL' ? v === null : v !== null;
  }
  if (node.BooleanTest) {
    const t = node.BooleanTest;
    const v = fold(t.arg, vars);
    if (v === UNKNOWN) return UNKNOWN;
    switch (t.booltesttype) {
      case 'IS_TRUE':
        return v === true;
      case 'IS_NOT_TRUE':
        return v !== true;
      case 'IS_FALSE':
        return v === false;
      case 'IS_NOT_FALSE':
        return v !== false;
      case 'IS_UNKNOWN':
        return v === null;
      case 'IS_NOT_UNKNOWN':
        return v !== null;
    }
    return UNKNOWN;
  }
  if (node.CoalesceExpr) {
    // the first non-null argument; unknown as soon as one may depend on rows
    for (const a of node.CoalesceExpr.args ?? []) {
      const v = fold(a, vars);
      if (v !== null) return v;
    }
    return null;
  }
  if (node.SubLink) {
    // EXISTS (SELECT <anything> without FROM or WHERE) is always true
    const s = node.SubLink;
    const sel = s.subselect?.SelectStmt;
    const constant = sel && !sel.fromClause && !sel.whereClause && !sel.havingClause && !sel.limitCount && sel.op === 'SETOP_NONE' && !sel.valuesLists;
    if (s.subLinkType === 'EXISTS_SUBLINK' && constant) return true;
    // (SELECT true): the value of its only column
    if (s.subLinkType === 'EXPR_SUBLINK' && constant && sel.targetList?.length === 1) return fold(sel.targetList[0].ResTarget?.val, vars);
    return UNKNOWN;
  }
  return UNKNOWN;
}

/** `x IS NULL OR x IS NOT NULL` (same x): true for every row. */
function coversNull(args: any[]): boolean {
  const nulls: string[] = [];
  const notNulls: string[] = [];
  for (const a of args) {
    const n = a?.NullTest;
    if (!n?.arg?.ColumnRef) continue;
    const key = refKey(n.arg.ColumnRef.fields);
    (n.nulltesttype === 'IS_NULL' ? nulls : notNulls).push(key);
  }
  return nulls.some((k) => notNulls.includes(k));
}
