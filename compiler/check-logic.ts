// Checker, part 2: logic. Constant folding with enough reasoning to catch conditions that can never
// hold (`x == 1 and x == 2`, `a and not a`, `x > 5 and x < 3`) or always hold (`a or not a`,
// `x == v or x != v`), and implication between rules for `policy/shadowed-rule`.
import type * as A from './ast.js';
import { printExpr } from './format-expr.js';

/** true / false when the value is known without any input, null otherwise */
export type Truth = boolean | null;

type Lit = { kind: 'string' | 'number' | 'bool' | 'null' | 'enum' | 'duration'; key: string; num?: number };

function literalOf(e: A.Expr): Lit | null {
  switch (e.kind) {
    case 'string':
      return { kind: 'string', key: 's:' + e.value };
    case 'number':
      return { kind: 'number', key: 'n:' + e.value, num: e.value };
    case 'bool':
      return { kind: 'bool', key: 'b:' + e.value };
    case 'null':
      return { kind: 'null', key: 'null' };
    case 'enum':
      return { kind: 'enum', key: 'e:' + (e.resolved?.runtimeValue ?? e.value) };
    case 'duration':
      return { kind: 'duration', key: 'n:' + e.seconds, num: e.seconds };
    default:
      return null;
  }
}

/** a key identifying an expression up to spans */
export function exprKey(e: A.Expr): string {
  return printExpr(e);
}

function globToRegExp(glob: string): RegExp {
  const body = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[\\s\\S]*').replace(/\?/g, '[\\s\\S]');
  return new RegExp('^' + body + '$', 'i');
}

function compareLits(op: A.CompareOp, a: Lit, b: Lit): Truth {
  if (op === '==') return a.key === b.key;
  if (op === '!=') return a.key !== b.key;
  if (a.num === undefined || b.num === undefined) {
    if (a.kind === 'string' && b.kind === 'string') {
      const x = a.key.slice(2);
      const y = b.key.slice(2);
      return op === '<' ? x < y : op === '<=' ? x <= y : op === '>' ? x > y : x >= y;
    }
    return null;
  }
  const x = a.num;
  const y = b.num;
  return op === '<' ? x < y : op === '<=' ? x <= y : op === '>' ? x > y : x >= y;
}

const FLIP: Record<A.CompareOp, A.CompareOp> = { '==': '==', '!=': '!=', '<': '>', '<=': '>=', '>': '<', '>=': '<=' };

/** a comparison of a subject with a literal, whichever side the literal is on */
function subjectCompare(e: A.CompareExpr): { subject: string; op: A.CompareOp; lit: Lit; subjectExpr: A.Expr } | null {
  const r = literalOf(e.right);
  const l = literalOf(e.left);
  if (r && !l) return { subject: exprKey(e.left), op: e.op, lit: r, subjectExpr: e.left };
  if (l && !r) return { subject: exprKey(e.right), op: FLIP[e.op], lit: l, subjectExpr: e.right };
  return null;
}

export function fold(e: A.Expr): Truth {
  switch (e.kind) {
    case 'bool':
      return e.value;
    case 'not': {
      const v = fold(e.operand);
      return v === null ? null : !v;
    }
    case 'and': {
      const vs = e.operands.map(fold);
      if (vs.includes(false)) return false;
      if (vs.every((v) => v === true)) return true;
      return contradicts(e.operands.filter((_, i) => vs[i] !== true)) ? false : null;
    }
    case 'or': {
      const vs = e.operands.map(fold);
      if (vs.includes(true)) return true;
      if (vs.every((v) => v === false)) return false;
      return complementary(e.operands.filter((_, i) => vs[i] !== false)) ? true : null;
    }
    case 'compare': {
      const l = literalOf(e.left);
      const r = literalOf(e.right);
      if (l && r) return compareLits(e.op, l, r);
      if (!l && !r && (e.op === '==' || e.op === '!=') && e.left.kind !== 'error' && exprKey(e.left) === exprKey(e.right)) {
        return e.op === '==';
      }
      const sc = subjectCompare(e);
      if (sc && sc.subjectExpr.kind === 'count' && sc.lit.num !== undefined) {
        // a count is never negative
        const n = sc.lit.num;
        if ((sc.op === '<' && n <= 0) || (sc.op === '<=' && n < 0) || (sc.op === '==' && n < 0)) return false;
        if ((sc.op === '>=' && n <= 0) || (sc.op === '>' && n < 0) || (sc.op === '!=' && n < 0)) return true;
      }
      return null;
    }
    case 'in': {
      if (e.list.kind !== 'list') return null;
      if (e.list.items.length === 0) return false;
      const v = literalOf(e.value);
      const items = e.list.items.map(literalOf);
      if (v && items.every((i) => i !== null)) return items.some((i) => i!.key === v.key);
      return null;
    }
    case 'has_any':
      return e.values.kind === 'list' && e.values.items.length === 0 ? false : null;
    case 'has_all':
      return e.values.kind === 'list' && e.values.items.length === 0 ? true : null;
    case 'like':
      return e.value.kind === 'string' ? globToRegExp(e.pattern.value).test(e.value.value) : e.pattern.value === '*' && e.value.kind !== 'null' ? null : null;
    case 'matches':
      if (e.value.kind !== 'string') return null;
      try {
        return new RegExp(e.pattern.value).test(e.value.value);
      } catch {
        return null;
      }
    case 'quantifier': {
      if (!e.where) return null;
      const w = fold(e.where);
      if (w === false) return e.quantifier === 'any' ? false : e.quantifier === 'none' ? true : null;
      if (w === true) return e.quantifier === 'all' ? true : e.quantifier === 'none' ? null : null;
      return null;
    }
    default:
      return null;
  }
}

interface Constraint {
  eq: Map<string, string>;
  neq: Set<string>;
  inSets: Set<string>[];
  lo: { v: number; strict: boolean } | null;
  hi: { v: number; strict: boolean } | null;
}

function constraintFor(map: Map<string, Constraint>, subject: string): Constraint {
  let c = map.get(subject);
  if (!c) {
    c = { eq: new Map(), neq: new Set(), inSets: [], lo: null, hi: null };
    map.set(subject, c);
  }
  return c;
}

/** operands of an `and` that cannot all hold at once */
export function contradicts(operands: A.Expr[]): boolean {
  const keys = new Set(operands.map(exprKey));
  const constraints = new Map<string, Constraint>();
  for (const o of operands) {
    if (o.kind === 'not' && keys.has(exprKey(o.operand))) return true;
    let target: A.Expr = o;
    let negated = false;
    if (o.kind === 'not') {
      target = o.operand;
      negated = true;
    }
    if (target.kind === 'path') {
      constraintFor(constraints, exprKey(target)).eq.set('b:' + !negated, 'b:' + !negated);
      continue;
    }
    if (target.kind === 'compare') {
      const sc = subjectCompare(target);
      if (!sc) continue;
      let op = sc.op;
      if (negated) {
        const inv: Record<A.CompareOp, A.CompareOp> = { '==': '!=', '!=': '==', '<': '>=', '<=': '>', '>': '<=', '>=': '<' };
        op = inv[op];
      }
      const c = constraintFor(constraints, sc.subject);
      if (op === '==') c.eq.set(sc.lit.key, sc.lit.key);
      else if (op === '!=') c.neq.add(sc.lit.key);
      else if (sc.lit.num !== undefined) {
        const v = sc.lit.num;
        if (op === '>' || op === '>=') {
          const strict = op === '>';
          if (!c.lo || v > c.lo.v || (v === c.lo.v && strict)) c.lo = { v, strict };
        } else {
          const strict = op === '<';
          if (!c.hi || v < c.hi.v || (v === c.hi.v && strict)) c.hi = { v, strict };
        }
      }
      continue;
    }
    if (target.kind === 'in' && !negated && target.list.kind === 'list') {
      const items = target.list.items.map(literalOf);
      if (items.every((i) => i !== null)) constraintFor(constraints, exprKey(target.value)).inSets.push(new Set(items.map((i) => i!.key)));
    }
  }
  for (const c of constraints.values()) {
    if (c.eq.size > 1) return true;
    const eq = c.eq.size === 1 ? [...c.eq.keys()][0] : null;
    if (eq !== null && c.neq.has(eq)) return true;
    for (const s of c.inSets) {
      if (eq !== null && !s.has(eq)) return true;
      if ([...s].every((k) => c.neq.has(k))) return true;
    }
    if (c.inSets.length > 1) {
      const inter = c.inSets.reduce((a, b) => new Set([...a].filter((k) => b.has(k))));
      if (inter.size === 0) return true;
    }
    if (c.lo && c.hi && (c.lo.v > c.hi.v || (c.lo.v === c.hi.v && (c.lo.strict || c.hi.strict)))) return true;
    if (eq !== null && eq.startsWith('n:')) {
      const v = Number(eq.slice(2));
      if (c.lo && (v < c.lo.v || (v === c.lo.v && c.lo.strict))) return true;
      if (c.hi && (v > c.hi.v || (v === c.hi.v && c.hi.strict))) return true;
    }
  }
  return false;
}

function alwaysNumber(e: A.Expr): boolean {
  return e.kind === 'count' || (e.kind === 'path' && e.resolved?.type.kind === 'number');
}

/** operands of an `or` of which one always holds */
export function complementary(operands: A.Expr[]): boolean {
  const keys = new Set(operands.map(exprKey));
  for (const o of operands) {
    if (o.kind === 'not' && keys.has(exprKey(o.operand))) return true;
    if (o.kind === 'compare' && (o.op === '==' || o.op === '!=')) {
      const inverse: A.CompareExpr = { ...o, op: o.op === '==' ? '!=' : '==' };
      if (keys.has(exprKey(inverse))) return true;
    }
    // `x < v or x >= v` holds only when `x` is never null (or `all`): a number field or a count
    if (o.kind === 'compare' && (o.op === '<' || o.op === '>=' || o.op === '>' || o.op === '<=') && (alwaysNumber(o.left) || alwaysNumber(o.right))) {
      const inv: Record<string, A.CompareOp> = { '<': '>=', '>=': '<', '>': '<=', '<=': '>' };
      if (keys.has(exprKey({ ...o, op: inv[o.op] }))) return true;
    }
  }
  return false;
}

/** the outermost sub-expressions (not plain literals) whose value is known: what to warn about */
export function constantParts(e: A.Expr): Array<{ expr: A.Expr; value: boolean }> {
  const out: Array<{ expr: A.Expr; value: boolean }> = [];
  const walk = (x: A.Expr) => {
    if (x.kind === 'error') return;
    const v = fold(x);
    if (v !== null) {
      out.push({ expr: x, value: v });
      return;
    }
    switch (x.kind) {
      case 'and':
      case 'or':
        x.operands.forEach(walk);
        break;
      case 'not':
        walk(x.operand);
        break;
      case 'quantifier':
        if (x.where) walk(x.where);
        break;
      case 'count':
        if (x.where) walk(x.where);
        break;
    }
  };
  walk(e);
  return out;
}

/** the conjuncts of a list of `when` conditions: `and` flattened */
export function conjuncts(exprs: A.Expr[]): A.Expr[] {
  return exprs.flatMap((e) => (e.kind === 'and' ? conjuncts(e.operands) : [e]));
}

// ---------------------------------------------------------------------------------------------
// implication between rules (for `policy/shadowed-rule`)

/** what a conjunct is about: the non-literal side of a comparison, the list of a `has`, or the whole
 * conjunct; a rule can only imply conjuncts whose subjects it mentions */
export function subjectOf(e: A.Expr): string {
  switch (e.kind) {
    case 'compare': {
      const sc = subjectCompare(e);
      return sc ? sc.subject : exprKey(e);
    }
    case 'in':
      return exprKey(e.value);
    case 'has':
    case 'has_any':
    case 'has_all':
      return exprKey(e.list);
    default:
      return exprKey(e);
  }
}

function literalKeys(list: A.Expr): Set<string> | null {
  if (list.kind !== 'list') return null;
  const keys = list.items.map(literalOf);
  return keys.every((k) => k !== null) ? new Set(keys.map((k) => k!.key)) : null;
}

/** literal facts a set of conjuncts states about each subject */
interface Facts {
  keys: Set<string>;
  eq: Map<string, string>;
  inSets: Map<string, Set<string>[]>;
  has: Map<string, Set<string>>;
  hasAny: Map<string, Set<string>[]>;
  lo: Map<string, { v: number; strict: boolean }[]>;
  hi: Map<string, { v: number; strict: boolean }[]>;
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const l = m.get(k);
  if (l) l.push(v);
  else m.set(k, [v]);
}

export function factsOf(conj: A.Expr[]): Facts {
  const f: Facts = { keys: new Set(conj.map(exprKey)), eq: new Map(), inSets: new Map(), has: new Map(), hasAny: new Map(), lo: new Map(), hi: new Map() };
  for (const c of conj) {
    if (c.kind === 'compare') {
      const sc = subjectCompare(c);
      if (!sc) continue;
      if (sc.op === '==') f.eq.set(sc.subject, sc.lit.key);
      else if (sc.lit.num !== undefined && sc.op !== '!=') push(sc.op === '>' || sc.op === '>=' ? f.lo : f.hi, sc.subject, { v: sc.lit.num, strict: sc.op === '>' || sc.op === '<' });
    } else if (c.kind === 'in') {
      const s = literalKeys(c.list);
      if (s) push(f.inSets, exprKey(c.value), s);
    } else if (c.kind === 'has' || c.kind === 'has_all') {
      const s = c.kind === 'has' ? (literalOf(c.value) ? new Set([literalOf(c.value)!.key]) : null) : literalKeys(c.values);
      if (!s) continue;
      const k = exprKey(c.list);
      const cur = f.has.get(k) ?? new Set<string>();
      for (const x of s) cur.add(x);
      f.has.set(k, cur);
    } else if (c.kind === 'has_any') {
      const s = literalKeys(c.values);
      if (s) push(f.hasAny, exprKey(c.list), s);
    }
  }
  return f;
}

const subset = (a: Set<string>, b: Set<string>) => [...a].every((x) => b.has(x));

/** does every statement satisfying the conjuncts behind `f` satisfy `a`? (sound, not complete) */
export function implied(a: A.Expr, f: Facts): boolean {
  if (f.keys.has(exprKey(a))) return true;
  switch (a.kind) {
    case 'or':
      return a.operands.some((o) => implied(o, f));
    case 'and':
      return a.operands.every((o) => implied(o, f));
    case 'in': {
      const s = literalKeys(a.list);
      if (!s) return false;
      const subject = exprKey(a.value);
      const eq = f.eq.get(subject);
      return (eq !== undefined && s.has(eq)) || (f.inSets.get(subject) ?? []).some((t) => subset(t, s));
    }
    case 'compare': {
      const sc = subjectCompare(a);
      if (!sc) return false;
      const eq = f.eq.get(sc.subject);
      const eqNum = eq !== undefined && eq.startsWith('n:') ? Number(eq.slice(2)) : undefined;
      if (sc.op === '==') return (f.inSets.get(sc.subject) ?? []).some((t) => t.size === 1 && t.has(sc.lit.key));
      if (sc.op === '!=') return (eq !== undefined && eq !== sc.lit.key) || (f.inSets.get(sc.subject) ?? []).some((t) => !t.has(sc.lit.key));
      const n = sc.lit.num;
      if (n === undefined) return false;
      if (sc.op === '>' || sc.op === '>=') {
        if (eqNum !== undefined && (sc.op === '>' ? eqNum > n : eqNum >= n)) return true;
        return (f.lo.get(sc.subject) ?? []).some((b) => b.v > n || (b.v === n && (sc.op === '>=' || b.strict)));
      }
      if (eqNum !== undefined && (sc.op === '<' ? eqNum < n : eqNum <= n)) return true;
      return (f.hi.get(sc.subject) ?? []).some((b) => b.v < n || (b.v === n && (sc.op === '<=' || b.strict)));
    }
    case 'has': {
      const v = literalOf(a.value);
      return v !== null && (f.has.get(exprKey(a.list))?.has(v.key) ?? false);
    }
    case 'has_all': {
      const s = literalKeys(a.values);
      const h = f.has.get(exprKey(a.list));
      return s !== null && h !== undefined && subset(s, h);
    }
    case 'has_any': {
      const s = literalKeys(a.values);
      if (!s || s.size === 0) return false;
      const k = exprKey(a.list);
      const h = f.has.get(k);
      return (h !== undefined && [...s].some((x) => h.has(x))) || (f.hasAny.get(k) ?? []).some((t) => t.size > 0 && subset(t, s));
    }
    default:
      return false;
  }
}
