// Expressions to JavaScript for the generated decision module. Every form mirrors the
// interpreter's semantics (`compiler/interpret.ts`); constants are folded, list literals and
// regular expressions are hoisted to module-level constants by the `Hoist` table.
import type { Expr, MessageTemplate, PathExpr } from './ast.js';
import { globRegExp } from './glob.js';

/** Module-level constants collected while generating code. */
export class Hoist {
  readonly lines: string[] = [];
  private readonly seen = new Map<string, string>();
  constant(prefix: string, js: string): string {
    const k = `${prefix}\u0000${js}`;
    const hit = this.seen.get(k);
    if (hit) return hit;
    const name = `${prefix}${this.lines.length}`;
    this.lines.push(`const ${name} = ${js};`);
    this.seen.set(k, name);
    return name;
  }
}

/** Where the expression is generated: the input variable names and the quantifier scope. */
export interface GenScope {
  hoist: Hoist;
  /** quantifier variable → JS identifier */
  vars: Map<string, string>;
  /** set inside a rule's `when`: `any` records the witness span and variable bindings */
  track: Tracker | null;
  /** whether the set declares tags (then `.tags` of columns/outputs go through `tg`) */
  hasTags: boolean;
  /** counter for unique identifiers */
  ids: { n: number };
}

export interface Tracker {
  /** temporaries to declare with `let` at the top of the rule function */
  temps: string[];
  /** variable name → binding identifier (`$b_a`) */
  bindings: Map<string, string>;
}

type Const = { value: unknown };

const ROOTS = new Set(['statement', 'principal', 'connection', 'source', 'time', 'request']);

function lit(v: unknown): string {
  if (v === undefined || v === null) return 'null';
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number') return Object.is(v, -0) ? '-0' : String(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (Array.isArray(v)) return `[${v.map(lit).join(', ')}]`;
  throw new Error('not a literal');
}

/** The compile-time value of an expression, when it has one (no paths, no calls, no quantifiers). */
export function constantOf(e: Expr): Const | null {
  switch (e.kind) {
    case 'string':
    case 'number':
    case 'bool':
      return { value: e.value };
    case 'null':
      return { value: null };
    case 'duration':
      return { value: e.seconds };
    case 'enum':
      return { value: e.resolved ? e.resolved.runtimeValue : e.value };
    case 'list': {
      const out: unknown[] = [];
      for (const i of e.items) {
        const c = constantOf(i);
        if (!c) return null;
        out.push(c.value);
      }
      return { value: out };
    }
    case 'not': {
      const c = constantOf(e.operand);
      return c ? { value: !(c.value === true) } : null;
    }
    case 'and':
    case 'or': {
      // only when every operand is constant; partial folding happens in `gen`
      const vals: boolean[] = [];
      for (const o of e.operands) {
        const c = constantOf(o);
        if (!c) return null;
        vals.push(c.value === true);
      }
      return { value: e.kind === 'and' ? vals.every(Boolean) : vals.some(Boolean) };
    }
    case 'compare': {
      const a = constantOf(e.left);
      const b = constantOf(e.right);
      if (!a || !b) return null;
      const x = a.value;
      const y = b.value;
      if (e.op === '==') return { value: x === y };
      if (e.op === '!=') return { value: x !== y };
      const ok = (typeof x === 'number' && typeof y === 'number') || (typeof x === 'string' && typeof y === 'string');
      if (!ok) return { value: false };
      const xx = x as number;
      const yy = y as number;
      return { value: e.op === '<' ? xx < yy : e.op === '<=' ? xx <= yy : e.op === '>' ? xx > yy : xx >= yy };
    }
    case 'like': {
      const v = constantOf(e.value);
      return v ? { value: typeof v.value === 'string' && globRegExp(e.pattern.value).test(v.value) } : null;
    }
    case 'matches': {
      const v = constantOf(e.value);
      return v ? { value: typeof v.value === 'string' && new RegExp(e.pattern.value).test(v.value) } : null;
    }
    default:
      return null;
  }
}

const BOOLEAN_KINDS = new Set([
  'or', 'and', 'not', 'compare', 'in', 'has', 'has_any', 'has_all', 'like', 'matches', 'quantifier', 'bool',
]);

/** JS for `e`, as a boolean exactly where the interpreter's `truthy` would be true. */
export function genBool(e: Expr, sc: GenScope): string {
  const c = constantOf(e);
  if (c) return c.value === true ? 'true' : 'false';
  const js = gen(e, sc);
  return BOOLEAN_KINDS.has(e.kind) ? js : `(${js} === true)`;
}

function hoistList(values: unknown[], sc: GenScope): string {
  return sc.hoist.constant('L', `Object.freeze(${lit(values)})`);
}

function hoistSet(values: unknown[], sc: GenScope): string {
  return sc.hoist.constant('S', `new Set(${lit(values)})`);
}

function fresh(sc: GenScope, prefix: string): string {
  return `${prefix}${sc.ids.n++}`;
}

function withVar<T>(sc: GenScope, name: string, f: (id: string) => T): T {
  const id = fresh(sc, `v_${name}_`);
  const prev = sc.vars.get(name);
  sc.vars.set(name, id);
  try {
    return f(id);
  } finally {
    if (prev === undefined) sc.vars.delete(name);
    else sc.vars.set(name, prev);
  }
}

export function gen(e: Expr, sc: GenScope): string {
  const c = constantOf(e);
  if (c) return e.kind === 'list' ? hoistList(c.value as unknown[], sc) : lit(c.value);
  switch (e.kind) {
    case 'and':
    case 'or':
      return genJunction(e.kind, e.operands, sc);
    case 'not':
      return `!${genBool(e.operand, sc)}`;
    case 'compare':
      return genCompare(e.op, e.left, e.right, sc);
    case 'in': {
      const k = e.key ?? null;
      const v = k === null ? gen(e.value, sc) : `key(${gen(e.value, sc)}, ${lit(k)})`;
      const lc = constantOf(e.list);
      if (lc && Array.isArray(lc.value)) return `${hoistSet(lc.value, sc)}.has(nrm(${v}))`;
      return `inl(${v}, ${gen(e.list, sc)})`;
    }
    case 'has': {
      const k = e.key ?? null;
      return k === null ? `hv(${gen(e.list, sc)}, ${gen(e.value, sc)})` : `hk(${gen(e.list, sc)}, ${lit(k)}, ${gen(e.value, sc)})`;
    }
    case 'has_any': {
      const k = e.key ?? null;
      const vc = constantOf(e.values);
      if (vc && Array.isArray(vc.value)) {
        if (vc.value.length === 0) return `(${gen(e.list, sc)}, false)`;
        return `hAny(${gen(e.list, sc)}, ${lit(k)}, ${hoistSet(vc.value, sc)})`;
      }
      return `hAnyL(${gen(e.list, sc)}, ${lit(k)}, ${gen(e.values, sc)})`;
    }
    case 'has_all':
      return `hAllL(${gen(e.list, sc)}, ${lit(e.key ?? null)}, ${gen(e.values, sc)})`;
    case 'like': {
      const re = globRegExp(e.pattern.value);
      const name = sc.hoist.constant('G', `/${re.source}/${re.flags}`);
      return `lk(${name}, ${gen(e.value, sc)})`;
    }
    case 'matches': {
      const re = new RegExp(e.pattern.value);
      const name = sc.hoist.constant('X', `/${re.source}/`);
      return `lk(${name}, ${gen(e.value, sc)})`;
    }
    case 'quantifier':
      return genQuantifier(e.quantifier, e.variable.value, e.list, e.where, sc);
    case 'count': {
      const list = gen(e.list, sc);
      if (e.where === null || e.variable === null) return `lst(${list}).length`;
      const where = e.where;
      return withVar(sc, e.variable.value, (id) => `cnt(${list}, (${id}) => ${genBool(where, sc)})`);
    }
    case 'path':
      return genPath(e, sc);
    case 'call': {
      const fn = e.name.value === 'tables_tagged' ? 'tablesTagged' : e.name.value === 'reads_tagged' ? 'readsTagged' : e.name.value === 'writes_tagged' ? 'writesTagged' : null;
      if (fn === null) return 'null';
      return `${fn}(s, ${e.args.length > 0 ? gen(e.args[0]!, sc) : 'null'})`;
    }
    case 'list':
      return `[${e.items.map((i) => gen(i, sc)).join(', ')}]`;
    case 'error':
      return 'null';
    default:
      return 'null';
  }
}

function genJunction(kind: 'and' | 'or', operands: Expr[], sc: GenScope): string {
  // the interpreter evaluates operands left to right and stops at the first decisive one;
  // constant operands that cannot decide are dropped, a decisive constant ends the chain
  const neutral = kind === 'and';
  const op = kind === 'and' ? ' && ' : ' || ';
  const parts: string[] = [];
  for (const o of operands) {
    const c = constantOf(o);
    if (c) {
      const b = c.value === true;
      if (b === neutral) continue;
      if (parts.length === 0) return b ? 'true' : 'false';
      return `((${parts.join(op)}), ${b ? 'true' : 'false'})`;
    }
    parts.push(genBool(o, sc));
  }
  if (parts.length === 0) return neutral ? 'true' : 'false';
  return parts.length === 1 ? parts[0]! : `(${parts.join(op)})`;
}

function genCompare(op: string, left: Expr, right: Expr, sc: GenScope): string {
  const lc = constantOf(left);
  const rc = constantOf(right);
  if (op === '==' || op === '!=') {
    const neg = op === '!=';
    // comparing with a constant: nrm(x) === c, and null matches undefined too
    const known = rc ?? lc;
    if (known && !Array.isArray(known.value)) {
      const other = rc ? gen(left, sc) : gen(right, sc);
      if (known.value === null) return `(${other} ${neg ? '!=' : '=='} null)`;
      return `(${other} ${neg ? '!==' : '==='} ${lit(known.value)})`;
    }
    const js = `eq(${gen(left, sc)}, ${gen(right, sc)})`;
    return neg ? `!${js}` : js;
  }
  const fn = op === '<' ? 'lt' : op === '<=' ? 'le' : op === '>' ? 'gt' : 'ge';
  return `${fn}(${gen(left, sc)}, ${gen(right, sc)})`;
}

function genQuantifier(q: 'any' | 'all' | 'none', name: string, listExpr: Expr, where: Expr | null, sc: GenScope): string {
  const list = gen(listExpr, sc);
  if (where === null) {
    if (q === 'all') return `(${list}, true)`;
    if (q === 'none') return `(lst(${list}).length === 0)`;
    if (!sc.track) return `(lst(${list}).length > 0)`;
  }
  if (q !== 'any' || !sc.track) {
    const fn = q === 'any' ? 'anyB' : q === 'all' ? 'allB' : 'noneB';
    return withVar(sc, name, (id) => `${fn}(${list}, (${id}) => ${where === null ? 'true' : genBool(where, sc)})`);
  }
  // `any` inside a rule's `when`: find the index, then record the witness (first one wins)
  const tr = sc.track;
  const l = fresh(sc, '$l');
  const j = fresh(sc, '$j');
  tr.temps.push(l, j);
  let binding = tr.bindings.get(name);
  if (!binding) {
    binding = `$b_${name}`;
    tr.bindings.set(name, binding);
  }
  const body = withVar(sc, name, (id) => `(${id}) => ${where === null ? 'true' : genBool(where, sc)}`);
  return (
    `(${l} = lst(${list}), (${j} = anyI(${l}, ${body})) >= 0 && ` +
    `($sp === null && ($sp = spn(${l}[${j}])), ${binding} === undefined && (${binding} = ${l}[${j}]), true))`
  );
}

/** A field path: roots read from the input, quantifier variables from their JS identifier. */
export function genPath(e: PathExpr, sc: GenScope): string {
  const segs = e.segments;
  const first = segs[0]!;
  const variable = e.resolved ? e.resolved.variable : ROOTS.has(first) ? null : first;
  let js: string;
  if (variable !== null) {
    js = sc.vars.get(variable) ?? sc.track?.bindings.get(variable) ?? 'undefined';
  } else {
    js = first === 'statement' ? 's' : `i.${first}`;
  }
  if (segs.length === 1) return variable !== null ? `nrm(${js})` : js;
  let afterAttributes = false;
  for (let k = 1; k < segs.length; k++) {
    const seg = segs[k]!;
    const last = k === segs.length - 1;
    if (last && seg === 'tags' && sc.hasTags) return `tg(${js})`;
    // roots are always objects; below them a missing object reads as null (`explain.analyze`);
    // attribute names are user data, so read only own properties
    if (afterAttributes || !/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(seg)) js = `own(${js}, ${lit(seg)})`;
    else if (k === 1 && variable === null) js = `${js}.${seg}`;
    else js = `${js}?.${seg}`;
    afterAttributes = seg === 'attributes';
  }
  return js;
}

/** A message template as a string expression. */
export function genTemplate(t: MessageTemplate, sc: GenScope): string {
  const parts = t.parts.map((p) => (p.kind === 'text' ? lit(p.value) : `disp(${genPath(p.path, sc)})`));
  return parts.length === 0 ? '""' : parts.join(' + ');
}
