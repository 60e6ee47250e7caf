// Checker, part 1: types. Resolves every path against the field table, every bare name against the
// enum it is compared with, and annotates the AST in place (`PathExpr.resolved`, `EnumLit.resolved`,
// `HasExpr.key`) so back ends need no type information of their own.
import type * as A from './ast.js';
import type { ValueType } from './ast.js';
import { diagnostic, didYouMean, quote, suggestion, type Diagnostic, type PolicyCode } from './diagnostics.js';
import { CALLS, ROOT_TYPES, typeName } from './schema/fields.js';
import { printExpr } from './format-expr.js';

/** what an expression's type can be while checking: a field type, a bare name whose enum is
 * not known yet, or an error already reported */
export type Ty = ValueType | { kind: 'name'; node: A.EnumLit } | { kind: 'error' };

const ERROR: Ty = { kind: 'error' };
const BOOL: ValueType = { kind: 'bool' };
const NUMBER: ValueType = { kind: 'number' };

export interface TypeCtx {
  file: string;
  diagnostics: Diagnostic[];
  /** quantifier variables in scope: name → element type */
  vars: Map<string, ValueType>;
  /** tag names referenced (for `policy/unused-tag`) */
  usedTags: Set<string>;
  /** variable → canonical path of the list it ranges over */
  varOrigins?: Map<string, string>;
  /** variable → how many paths read it (for `policy/unused-variable`) */
  varUses?: Map<string, number>;
}

function report(c: TypeCtx, code: PolicyCode, message: string, span: A.Span, help?: string, severity: 'error' | 'warning' = 'error'): void {
  c.diagnostics.push(diagnostic(code, message, span, { file: c.file, help, severity }));
}

function members(t: ValueType): readonly ValueType[] {
  return t.kind === 'union' ? t.types.flatMap(members) : [t];
}

function findEnum(t: ValueType): Extract<ValueType, { kind: 'enum' }> | undefined {
  return members(t).find((m): m is Extract<ValueType, { kind: 'enum' }> => m.kind === 'enum');
}

function isNullable(t: ValueType): boolean {
  return members(t).some((m) => m.kind === 'null');
}

function shown(e: A.Expr): string {
  return quote(printExpr(e));
}

// ---------------------------------------------------------------------------------------------
// paths

function fieldNames(t: ValueType): string[] {
  const o = members(t).find((m) => m.kind === 'object');
  return o && o.kind === 'object' ? Object.keys(o.fields) : [];
}

export function resolvePath(p: A.PathExpr, c: TypeCtx): Ty {
  if (p.segments.length === 0) return ERROR;
  const head = p.segments[0];
  let t: ValueType | undefined;
  let variable: string | null = null;
  let field: string;
  if (c.vars.has(head)) {
    t = c.vars.get(head)!;
    variable = head;
    c.varUses?.set(head, (c.varUses.get(head) ?? 0) + 1);
    field = head;
  } else {
    t = ROOT_TYPES[head];
    field = head;
    if (!t) {
      const candidates = [...Object.keys(ROOT_TYPES), ...c.vars.keys()];
      const whole = p.segments.join('.');
      const near = didYouMean(head, candidates);
      report(c, 'policy/unknown-field', `unknown field ${quote(whole)}`, p.segmentSpans[0], near ? `did you mean \`${[near, ...p.segments.slice(1)].join('.')}\`?` : `paths start with ${Object.keys(ROOT_TYPES).map((r) => '`' + r + '`').join(', ')} or a quantifier variable`);
      return ERROR;
    }
  }
  for (let i = 1; i < p.segments.length; i++) {
    const seg = p.segments[i];
    const ms = members(t);
    const map = ms.find((m) => m.kind === 'map');
    const o = ms.find((m) => m.kind === 'object');
    if (map && map.kind === 'map') {
      t = map.value;
      field += '.' + seg;
      continue;
    }
    if (o && o.kind === 'object') {
      const next = o.fields[seg];
      if (!next) {
        const prefix = p.segments.slice(0, i).join('.');
        const near = didYouMean(seg, Object.keys(o.fields));
        report(c, 'policy/unknown-field', `unknown field ${quote(p.segments.slice(0, i + 1).join('.'))}`, p.segmentSpans[i], near ? `did you mean \`${[prefix, near, ...p.segments.slice(i + 1)].join('.')}\`?` : `${o.name} has ${Object.keys(o.fields).map((f) => '`' + f + '`').join(', ')}`);
        return ERROR;
      }
      t = next;
      field += '.' + seg;
      continue;
    }
    const prefix = p.segments.slice(0, i).join('.');
    if (t.kind === 'list') {
      const inner = t.element.kind === 'object' ? t.element.fields[seg] : undefined;
      report(c, 'policy/type-mismatch', `${quote(prefix)} is a list, it has no field ${quote(seg)}`, p.segmentSpans[i], inner ? `test its elements with a quantifier: \`any x in ${prefix} where x.${seg} ...\`` : 'test its elements with `has` or a quantifier (`any x in ... where ...`)');
    } else {
      report(c, 'policy/type-mismatch', `${quote(prefix)} is a ${typeName(t)}, it has no field ${quote(seg)}`, p.segmentSpans[i]);
    }
    return ERROR;
  }
  p.resolved = { type: t, variable, field: canonical(field, variable, c) };
  return t;
}

/** `a.action` with `a` bound to `statement.actions` elements → `statement.actions[].action` */
function canonical(field: string, variable: string | null, c: TypeCtx): string {
  if (variable === null) return field;
  const origin = c.varOrigins?.get(variable);
  return origin ? origin + '[]' + field.slice(variable.length) : field;
}


// ---------------------------------------------------------------------------------------------
// values compared with a field

/** check `e` as a value compared (==, in, has) with something of type `expected` */
export function checkValue(e: A.Expr, expected: ValueType, c: TypeCtx, against: string): void {
  switch (e.kind) {
    case 'enum': {
      const en = findEnum(expected);
      if (en) {
        if (en.values.includes(e.value)) {
          e.resolved = { enumName: en.name, runtimeValue: en.runtime?.[e.value] ?? e.value };
        } else {
          report(c, 'policy/unknown-enum', `unknown ${en.name} value ${quote(e.value)}`, e.span, suggestion(e.value, en.values) ?? `${against} is one of ${en.values.slice(0, 12).map((v) => '`' + v + '`').join(', ')}${en.values.length > 12 ? ', ...' : ''}`);
        }
        return;
      }
      const str = members(expected).find((m) => m.kind === 'string');
      if (str && str.kind === 'string' && str.tag) {
        e.resolved = { enumName: 'tag', runtimeValue: e.value };
        c.usedTags.add(e.value);
        return;
      }
      if (str || members(expected).some((m) => m.kind === 'scalar')) {
        report(c, 'policy/type-mismatch', `${quote(e.value)} is a bare name where a string is expected`, e.span, `${against} holds strings; write them in quotes: \`"${e.value}"\``);
        return;
      }
      report(c, 'policy/type-mismatch', `cannot compare ${against} (${typeName(expected)}) with ${quote(e.value)}`, e.span);
      return;
    }
    case 'string': {
      const ms = members(expected);
      const str = ms.find((m) => m.kind === 'string');
      if (str || ms.some((m) => m.kind === 'scalar')) {
        if (str && str.kind === 'string' && str.tag) c.usedTags.add(e.value);
        return;
      }
      const en = findEnum(expected);
      if (en) {
        const spelled = en.values.find((v) => v === e.value || en.runtime?.[v] === e.value);
        report(c, 'policy/type-mismatch', `${against} is an enum (${en.name}), not a string`, e.span, spelled ? `write enum values without quotes: \`${spelled}\`` : suggestion(e.value, en.values) ?? 'write enum values without quotes');
        return;
      }
      report(c, 'policy/type-mismatch', `cannot compare ${against} (${typeName(expected)}) with a string`, e.span);
      return;
    }
    case 'number':
    case 'bool':
    case 'duration': {
      const ms = members(expected);
      if (ms.some((m) => m.kind === e.kind || (m.kind === 'scalar' && e.kind !== 'duration'))) return;
      report(c, 'policy/type-mismatch', `cannot compare ${against} (${typeName(expected)}) with ${e.kind === 'bool' ? 'a boolean' : `a ${e.kind}`}`, e.span);
      return;
    }
    case 'null': {
      if (!isNullable(expected)) report(c, 'policy/type-mismatch', `${against} is never null`, e.span, `${against} is a ${typeName(expected)}`);
      return;
    }
    case 'list':
      report(c, 'policy/type-mismatch', `cannot compare ${against} (${typeName(expected)}) with a list`, e.span, 'to test membership use `in`: `x in [a, b]`');
      for (const item of e.items) infer(item, c);
      return;
    default: {
      const t = infer(e, c);
      if (t.kind === 'error') return;
      if (t.kind === 'name') return checkValue(t.node, expected, c, against);
      if (!comparable(t, expected)) {
        report(c, 'policy/type-mismatch', `cannot compare ${against} (${typeName(expected)}) with ${shown(e)} (${typeName(t)})`, e.span);
      }
    }
  }
}

function comparable(a: ValueType, b: ValueType): boolean {
  for (const x of members(a)) {
    for (const y of members(b)) {
      if (x.kind === 'list' || y.kind === 'list' || x.kind === 'object' || y.kind === 'object' || x.kind === 'map' || y.kind === 'map') continue;
      if (x.kind === 'scalar' || y.kind === 'scalar') {
        if (['string', 'number', 'bool', 'scalar'].includes(x.kind) && ['string', 'number', 'bool', 'scalar'].includes(y.kind)) return true;
        continue;
      }
      if (x.kind === 'enum' && y.kind === 'enum') {
        if (x.name === y.name) return true;
        continue;
      }
      if (x.kind === y.kind && x.kind !== 'null') return true;
    }
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// expressions

function listElement(t: ValueType): ValueType | undefined {
  const l = members(t).find((m) => m.kind === 'list');
  return l && l.kind === 'list' ? l.element : undefined;
}

/** the type a `has` value is compared with: the element, or the key field of an object element */
function memberType(list: A.Expr, element: ValueType, c: TypeCtx, node: { key?: string | null }): { type: ValueType; what: string } | null {
  if (element.kind === 'object') {
    if (element.key === null) {
      report(c, 'policy/type-mismatch', `${shown(list)} is a list of ${element.name}, which has no key field to compare with`, list.span, `use a quantifier: \`any x in ${printExpr(list)} where x.<field> == ...\``);
      return null;
    }
    node.key = element.key;
    return { type: element.fields[element.key], what: quote(`${printExpr(list)}[].${element.key}`) };
  }
  node.key = null;
  return { type: element, what: `elements of ${shown(list)}` };
}

/** the list operand of `has`, `has_any`, `has_all`, quantifiers and `count` */
function listOperand(e: A.Expr, c: TypeCtx, op: string): ValueType | undefined {
  if (e.kind === 'list') {
    // a literal list: its elements are checked by the caller when it knows what to compare with
    return undefined;
  }
  const t = infer(e, c);
  if (t.kind === 'error') return undefined;
  if (t.kind === 'name') {
    report(c, 'policy/unknown-field', `unknown field ${quote(t.node.value)}`, e.span, suggestion(t.node.value, [...Object.keys(ROOT_TYPES), ...c.vars.keys()]));
    return undefined;
  }
  const el = listElement(t);
  if (!el) {
    report(c, 'policy/type-mismatch', `\`${op}\` needs a list, ${shown(e)} is a ${typeName(t)}`, e.span, op === 'has' ? 'compare a single value with `==`' : undefined);
    return undefined;
  }
  return el;
}

function withVar<T>(c: TypeCtx, v: A.Name, type: ValueType, origin: string | null, f: () => T): T {
  if (c.vars.has(v.value) || ROOT_TYPES[v.value]) {
    report(c, 'policy/shadowed-variable', `variable ${quote(v.value)} hides ${ROOT_TYPES[v.value] ? 'the root' : 'an outer variable'} of the same name`, v.span, 'rename the variable', 'warning');
  }
  const prev = c.vars.get(v.value);
  const prevOrigin = c.varOrigins?.get(v.value);
  const prevUses = c.varUses?.get(v.value);
  c.vars.set(v.value, type);
  c.varOrigins ??= new Map();
  c.varUses ??= new Map();
  c.varUses.set(v.value, 0);
  if (origin) c.varOrigins.set(v.value, origin);
  else c.varOrigins.delete(v.value);
  try {
    const out = f();
    if (c.varUses.get(v.value) === 0) {
      report(c, 'policy/unused-variable', `variable ${quote(v.value)} is not used in its \`where\``, v.span, 'the condition does not depend on the element; test the list itself (`count(...) > 0`) or use the variable', 'warning');
    }
    return out;
  } finally {
    if (prevUses !== undefined) c.varUses.set(v.value, prevUses);
    else c.varUses.delete(v.value);
    if (prev) c.vars.set(v.value, prev);
    else c.vars.delete(v.value);
    if (prevOrigin) c.varOrigins.set(v.value, prevOrigin);
    else c.varOrigins.delete(v.value);
  }
}

function originOf(e: A.Expr): string | null {
  return e.kind === 'path' && e.resolved ? e.resolved.field : null;
}

/** check a condition: it must be a boolean */
export function checkCondition(e: A.Expr, c: TypeCtx, what: string): void {
  if (e.kind === 'list') {
    report(c, 'policy/type-mismatch', `${what} is a list literal, not a boolean`, e.span, 'to test membership write `x in [a, b]`');
    return;
  }
  const t = infer(e, c);
  if (t.kind === 'error') return;
  if (t.kind === 'name') {
    report(c, 'policy/unknown-field', `unknown field ${quote(t.node.value)}`, e.span, suggestion(t.node.value, [...Object.keys(ROOT_TYPES), ...c.vars.keys()]) ?? `${what} must be a boolean expression`);
    return;
  }
  if (!members(t).some((m) => m.kind === 'bool')) {
    const l = listElement(t);
    report(c, 'policy/type-mismatch', `${what} ${shown(e)} is a ${typeName(t)}, not a boolean`, e.span, l ? `test the list with \`has\`, \`count(...) > 0\` or \`any x in ${printExpr(e)} where ...\`` : 'compare it: `==`, `!=`, `<`, `in`, `like`, ...');
  }
}

export function infer(e: A.Expr, c: TypeCtx): Ty {
  switch (e.kind) {
    case 'error':
      return ERROR;
    case 'string':
      return { kind: 'string' };
    case 'number':
      return NUMBER;
    case 'bool':
      return BOOL;
    case 'null':
      return { kind: 'null' };
    case 'duration':
      return { kind: 'duration' };
    case 'enum':
      return { kind: 'name', node: e };
    case 'list': {
      for (const item of e.items) if (item.kind !== 'enum') infer(item, c);
      return ERROR;
    }
    case 'path':
      return resolvePath(e, c);
    case 'or':
    case 'and':
      for (const o of e.operands) checkCondition(o, c, `operand of \`${e.kind}\``);
      return BOOL;
    case 'not':
      checkCondition(e.operand, c, 'operand of `not`');
      return BOOL;
    case 'compare':
      checkCompare(e, c);
      return BOOL;
    case 'in': {
      const t = infer(e.value, c);
      if (e.list.kind === 'list') {
        if (t.kind === 'name') {
          report(c, 'policy/unknown-field', `unknown field ${quote(t.node.value)}`, e.value.span, suggestion(t.node.value, [...Object.keys(ROOT_TYPES), ...c.vars.keys()]));
          return BOOL;
        }
        if (t.kind === 'error') return BOOL;
        if (listElement(t)) {
          report(c, 'policy/type-mismatch', `\`in\` needs a single value, ${shown(e.value)} is a ${typeName(t)}`, e.value.span, `use \`${printExpr(e.value)} has_any [...]\``);
          return BOOL;
        }
        for (const item of e.list.items) checkValue(item, t, c, shown(e.value));
        return BOOL;
      }
      const el = listOperand(e.list, c, 'in');
      if (el && t.kind !== 'error') {
        const m = memberType(e.list, el, c, e);
        if (m) checkValue(e.value, m.type, c, m.what);
      }
      return BOOL;
    }
    case 'has':
    case 'has_any':
    case 'has_all': {
      const el = listOperand(e.list, c, e.kind);
      const values = e.kind === 'has' ? [e.value] : e.values.kind === 'list' ? e.values.items : null;
      if (e.kind !== 'has' && values === null) {
        report(c, 'policy/type-mismatch', `\`${e.kind}\` takes a list literal, found ${shown(e.values)}`, e.values.span, `write the values in brackets: \`${e.kind} [a, b]\``);
        return BOOL;
      }
      if (!el) {
        if (e.list.kind === 'list') report(c, 'policy/type-mismatch', `\`${e.kind}\` needs a list field on its left, found a list literal`, e.list.span, 'to test a value against literals use `x in [a, b]`');
        return BOOL;
      }
      const m = memberType(e.list, el, c, e);
      if (m) for (const v of values!) checkValue(v, m.type, c, m.what);
      return BOOL;
    }
    case 'like':
    case 'matches': {
      const t = infer(e.value, c);
      if (t.kind === 'name') {
        report(c, 'policy/unknown-field', `unknown field ${quote(t.node.value)}`, e.value.span, suggestion(t.node.value, [...Object.keys(ROOT_TYPES), ...c.vars.keys()]));
      } else if (t.kind !== 'error' && !members(t).some((m) => m.kind === 'string' || m.kind === 'scalar' || m.kind === 'enum')) {
        report(c, 'policy/type-mismatch', `\`${e.kind}\` needs a string, ${shown(e.value)} is a ${typeName(t)}`, e.value.span, listElement(t) ? `use a quantifier: \`any x in ${printExpr(e.value)} where x ${e.kind} ...\`` : undefined);
      }
      if (e.kind === 'matches') {
        try {
          new RegExp(e.pattern.value);
        } catch (err) {
          const reason = String((err as Error).message).replace(/^Invalid regular expression: \/.*\/[a-z]*: /, '').replace(/\.$/, '');
          report(c, 'policy/invalid-regex', `invalid regular expression ${quote(e.pattern.value)}: ${reason.charAt(0).toLowerCase() + reason.slice(1)}`, e.pattern.span, 'patterns are JavaScript regular expressions; escape a backslash in a string as `\\\\`');
        }
      }
      return BOOL;
    }
    case 'quantifier': {
      const el = listOperand(e.list, c, e.quantifier);
      if (e.list.kind === 'list') {
        report(c, 'policy/type-mismatch', `\`${e.quantifier}\` ranges over a list field, found a list literal`, e.list.span);
        return BOOL;
      }
      if (!el) return BOOL;
      if (e.where) withVar(c, e.variable, el, originOf(e.list), () => checkCondition(e.where!, c, '`where` condition'));
      return BOOL;
    }
    case 'count': {
      const el = listOperand(e.list, c, 'count');
      if (e.list.kind === 'list') return NUMBER;
      if (el && e.variable && e.where) withVar(c, e.variable, el, originOf(e.list), () => checkCondition(e.where!, c, '`where` condition'));
      return NUMBER;
    }
    case 'call': {
      const spec = CALLS.find((s) => s.name === e.name.value);
      if (!spec) {
        report(c, 'policy/unknown-function', `unknown function ${quote(e.name.value)}`, e.name.span, suggestion(e.name.value, CALLS.map((s) => s.name)) ?? `functions are ${CALLS.map((s) => '`' + s.name + '`').join(', ')}`);
        return ERROR;
      }
      if (e.target.segments.join('.') !== spec.receiver) {
        report(c, 'policy/unknown-function', `${quote(e.name.value)} is called on \`${spec.receiver}\``, e.target.segments.length ? e.target.span : e.name.span, `write \`${spec.receiver}.${spec.name}(...)\``);
        return spec.returns;
      }
      e.target.resolved = { type: ROOT_TYPES[spec.receiver], variable: null, field: spec.receiver };
      if (e.args.length !== spec.params.length) {
        report(c, 'policy/type-mismatch', `\`${spec.name}\` takes ${spec.params.length} argument${spec.params.length === 1 ? '' : 's'}, found ${e.args.length}`, e.span, `write \`${spec.receiver}.${spec.name}(pii)\``);
      }
      e.args.forEach((a, i) => {
        if (i < spec.params.length) checkValue(a, spec.params[i], c, `the argument of \`${spec.name}\``);
      });
      return spec.returns;
    }
  }
}

function checkCompare(e: A.CompareExpr, c: TypeCtx): void {
  const lt = infer(e.left, c);
  const rt = infer(e.right, c);
  // one error per comparison: the side that failed was reported already
  if (lt.kind === 'error' || rt.kind === 'error') return;
  if (lt.kind === 'name' && rt.kind === 'name') {
    report(c, 'policy/unknown-field', `unknown field ${quote(lt.node.value)}`, e.left.span, suggestion(lt.node.value, [...Object.keys(ROOT_TYPES), ...c.vars.keys()]) ?? 'one side of a comparison must be a field');
    return;
  }
  // the typed side decides what the other side must be
  const [typed, tyE, other] = lt.kind === 'name' ? [rt as ValueType, e.right, e.left] : [lt as ValueType, e.left, e.right];
  const nullTest = (e.op === '==' || e.op === '!=') && (e.left.kind === 'null' || e.right.kind === 'null');
  for (const side of nullTest ? [] : [lt, rt]) {
    if (side.kind !== 'name' && (listElement(side) || members(side).some((m) => m.kind === 'object' || m.kind === 'map'))) {
      const sideE = side === lt ? e.left : e.right;
      report(c, 'policy/type-mismatch', `cannot compare ${shown(sideE)} (${typeName(side)}) with \`${e.op}\``, sideE.span, listElement(side) ? `to test membership use \`${printExpr(sideE)} has ...\`; to compare its size use \`count(${printExpr(sideE)})\`` : 'compare one of its fields');
      return;
    }
  }
  if (e.op !== '==' && e.op !== '!=') {
    const ordered = (t: ValueType) => members(t).some((m) => m.kind === 'number' || m.kind === 'string' || m.kind === 'duration' || m.kind === 'scalar');
    if (!ordered(typed)) {
      report(c, 'policy/type-mismatch', `\`${e.op}\` needs numbers, strings or durations, ${shown(tyE)} is a ${typeName(typed)}`, tyE.span, findEnum(typed) ? 'compare enum values with `==`, `!=` or `in`' : undefined);
      return;
    }
  }
  checkValue(other, typed, c, shown(tyE));
}
