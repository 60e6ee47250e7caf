// The reference interpreter: walks the checked AST for one request and returns the Decision.
// It is the definition the generated module is tested against (test/compiler/back-agreement),
// so it stays simple and direct; speed is the code generator's job.
// `traceDecision` also returns, per policy and rule, what each `when`/`unless` clause evaluated to
// (for `explain` and test coverage).
import type {
  CheckedEffect,
  CheckedPolicy,
  CheckedPolicySet,
  CheckedRule,
  Expr,
  MaskSelector,
  MessageTemplate,
  PathExpr,
} from './ast.js';
import type { Span } from '../runtime/facts/types.js';
import type { Decision, DecisionInput, Effect, FiredRule, MaskDirective } from '../runtime/decision/types.js';
import { combine, type Contribution } from './combine.js';
import { columnPattern, globRegExp } from './glob.js';

export interface RuleTrace {
  id: string;
  /** why the rule was not evaluated, or null when it was */
  skipped: 'dialect' | 'source' | null;
  /** value of each `when` clause (all evaluated, for coverage) */
  when: boolean[];
  /** value of each `unless` clause */
  unless: boolean[];
  fired: boolean;
}

export interface PolicyTrace {
  policy: string;
  applies: boolean;
  unparsed: boolean;
  /** the default effect, when no rule of the policy fired */
  defaulted: Effect | null;
  rules: RuleTrace[];
}

export interface DecisionTrace {
  decision: Decision;
  policies: PolicyTrace[];
}

export function interpret(set: CheckedPolicySet, input: DecisionInput): Decision {
  return traceDecision(set, input).decision;
}

export function traceDecision(set: CheckedPolicySet, input: DecisionInput): DecisionTrace {
  const tags = tagIndex(set);
  const contributions: Contribution[] = [];
  const policies: PolicyTrace[] = [];
  for (const policy of set.policies) {
    const ctx: Ctx = { input, tags, vars: new Map(), track: null };
    const applies = policy.applies === null ? true : truthy(evaluate(policy.applies, ctx));
    const pt: PolicyTrace = { policy: policy.name, applies, unparsed: false, defaulted: null, rules: [] };
    policies.push(pt);
    if (!applies) continue;
    const c: Contribution = { effects: [], fired: [], unparsed: false };
    if (!input.statement.parsed) {
      c.unparsed = true;
      pt.unparsed = true;
      c.effects.push(policy.onUnparsed.kind);
      const p = pseudo(policy, 'unparsed', policy.onUnparsed, input, tags);
      if (p) c.fired.push(p);
    }
    let anyFired = false;
    for (const rule of policy.rules) {
      const rt = traceRule(rule, input, tags);
      pt.rules.push(rt.trace);
      if (rt.fired) {
        anyFired = true;
        c.fired.push(rt.fired);
        c.effects.push(rt.fired.effect);
      }
    }
    if (!anyFired) {
      pt.defaulted = policy.default.kind;
      c.effects.push(policy.default.kind);
      const p = pseudo(policy, 'default', policy.default, input, tags);
      if (p) c.fired.push(p);
    }
    contributions.push(c);
  }
  return { decision: combine(contributions), policies };
}

function traceRule(rule: CheckedRule, input: DecisionInput, tags: TagIndex): { trace: RuleTrace; fired: FiredRule | null } {
  const trace: RuleTrace = { id: rule.id, skipped: null, when: [], unless: [], fired: false };
  if (rule.dialects !== null && !rule.dialects.includes(input.statement.dialect)) {
    trace.skipped = 'dialect';
    return { trace, fired: null };
  }
  if (rule.sources !== null && !rule.sources.includes(input.source)) {
    trace.skipped = 'source';
    return { trace, fired: null };
  }
  const track: Track = { span: null, bindings: new Map() };
  const whenCtx: Ctx = { input, tags, vars: new Map(), track };
  for (const w of rule.when) trace.when.push(truthy(evaluate(w, whenCtx)));
  const unlessCtx: Ctx = { input, tags, vars: new Map(), track: null };
  for (const u of rule.unless) trace.unless.push(truthy(evaluate(u, unlessCtx)));
  const holds = trace.when.every(Boolean) && !trace.unless.some(Boolean);
  if (!holds) return { trace, fired: null };
  trace.fired = true;
  return { trace, fired: firedRule(rule, input, tags, track) };
}

function firedRule(rule: CheckedRule, input: DecisionInput, tags: TagIndex, track: Track): FiredRule {
  const ctx: Ctx = { input, tags, vars: track.bindings, track: null };
  const e = rule.effect;
  const f: FiredRule = {
    id: rule.id,
    policy: rule.policy,
    rule: rule.name,
    effect: e.kind,
    message: e.message ? render(e.message, ctx) : (rule.description ?? `${e.kind} by \`${rule.id}\``),
    category: rule.category,
    severity: rule.severity,
    docs: rule.docs,
    source: { file: rule.file, line: rule.span.line, column: rule.span.column },
    span: track.span ?? input.statement.span,
  };
  if (e.kind === 'review') f.review = { approvers: [...e.approvers], minApprovals: e.minApprovals, expiresIn: e.expiresIn, selfApproval: false };
  if (e.kind === 'mask') f.mask = maskDirective(e.selectors, e.strategy, input, tags);
  return f;
}

/** The entry for `on unparsed` / `default` when its effect is not `allow`, so a deny always says why. */
function pseudo(policy: CheckedPolicy, which: 'unparsed' | 'default', e: CheckedEffect, input: DecisionInput, tags: TagIndex): FiredRule | null {
  if (e.kind === 'allow') return null;
  const item = which === 'unparsed' ? policy.ast.onUnparsed : policy.ast.default;
  const at = item?.span ?? policy.span;
  const ctx: Ctx = { input, tags, vars: new Map(), track: null };
  const f: FiredRule = {
    id: `${policy.name}.@${which}`,
    policy: policy.name,
    rule: `@${which}`,
    effect: e.kind,
    message: e.message
      ? render(e.message, ctx)
      : which === 'unparsed'
        ? 'statement could not be parsed'
        : `${e.kind} by default of policy \`${policy.name}\``,
    category: 'robustness',
    severity: e.kind === 'deny' ? 'error' : 'warning',
    docs: null,
    source: { file: policy.file, line: at.line, column: at.column },
    span: input.statement.span,
  };
  if (e.kind === 'review') f.review = { approvers: [...e.approvers], minApprovals: e.minApprovals, expiresIn: e.expiresIn, selfApproval: false };
  if (e.kind === 'mask') f.mask = maskDirective(e.selectors, e.strategy, input, tags);
  return f;
}

// ---------------------------------------------------------------------------------------------
// Masks and tags

interface ColumnMatcher {
  column: RegExp;
  table: RegExp | null;
  qualified: boolean;
}

export interface TagIndex {
  tags: { tag: string; match: ColumnMatcher }[];
}

function matcher(pattern: string): ColumnMatcher {
  const p = columnPattern(pattern);
  return { column: globRegExp(p.column), table: p.table === null ? null : globRegExp(p.table), qualified: p.qualified };
}

function matchColumn(m: ColumnMatcher, table: string | null, column: string): boolean {
  if (column !== '*' && !m.column.test(column)) return false;
  if (m.table === null) return true;
  const t = table ?? '';
  if (m.qualified) return m.table.test(t);
  const dot = t.lastIndexOf('.');
  return m.table.test(dot < 0 ? t : t.slice(dot + 1)) || (dot >= 0 && m.table.test(t));
}

function tagIndex(set: CheckedPolicySet): TagIndex {
  const tags: TagIndex['tags'] = [];
  for (const t of set.tags) for (const s of t.selectors) tags.push({ tag: t.name, match: matcher(s) });
  return { tags };
}

function addTag(out: string[], tag: string): void {
  if (!out.includes(tag)) out.push(tag);
}

/** A column's tags plus those the policy set's `tag` declarations give it. */
function columnTags(c: { table: string | null; column: string; tags: string[] }, idx: TagIndex): string[] {
  const out = [...c.tags];
  for (const t of idx.tags) if (matchColumn(t.match, c.table, c.column)) addTag(out, t.tag);
  return out;
}

/** An output's tags plus the declared tags of every source column flowing into it. */
function outputTags(o: { tags: string[]; sources: { table: string | null; column: string }[] }, idx: TagIndex): string[] {
  const out = [...o.tags];
  for (const t of idx.tags) if (o.sources.some((s) => matchColumn(t.match, s.table, s.column))) addTag(out, t.tag);
  return out;
}

function maskDirective(selectors: MaskSelector[], strategy: MaskDirective['strategy'], input: DecisionInput, idx: TagIndex): MaskDirective {
  const positions: number[] = [];
  for (const o of input.statement.outputs) {
    const hit = selectors.some((s) =>
      s.kind === 'tagged'
        ? outputTags(o, idx).includes(s.tag.value)
        : o.sources.some((src) => matchColumn(matcher(s.pattern), src.table, src.column)),
    );
    if (hit && !positions.includes(o.position)) positions.push(o.position);
  }
  positions.sort((a, b) => a - b);
  return { selector: selectors.map(selectorText).join(', '), strategy, outputs: positions };
}

export function selectorText(s: MaskSelector): string {
  return s.kind === 'tagged' ? `tagged ${s.tag.value}` : s.pattern;
}

// ---------------------------------------------------------------------------------------------
// Expressions

interface Track {
  /** span of the first element that made an `any` hold */
  span: Span | null;
  /** quantifier variables bound to their first witness, for message templates */
  bindings: Map<string, unknown>;
}

interface Ctx {
  input: DecisionInput;
  tags: TagIndex;
  vars: Map<string, unknown>;
  track: Track | null;
}

function truthy(v: unknown): boolean {
  return v === true;
}

function norm(v: unknown): unknown {
  return v === undefined ? null : v;
}

export function evaluate(e: Expr, ctx: Ctx): unknown {
  switch (e.kind) {
    case 'or':
      for (const o of e.operands) if (truthy(evaluate(o, ctx))) return true;
      return false;
    case 'and':
      for (const o of e.operands) if (!truthy(evaluate(o, ctx))) return false;
      return true;
    case 'not':
      return !truthy(evaluate(e.operand, ctx));
    case 'compare':
      return compare(e.op, evaluate(e.left, ctx), evaluate(e.right, ctx));
    case 'in': {
      const v = keyed(evaluate(e.value, ctx), e.key ?? null);
      const list = asList(evaluate(e.list, ctx));
      return list.some((x) => equal(v, x));
    }
    case 'has':
      return has(asList(evaluate(e.list, ctx)), evaluate(e.value, ctx), e.key ?? null);
    case 'has_any': {
      const list = asList(evaluate(e.list, ctx));
      return asList(evaluate(e.values, ctx)).some((v) => has(list, v, e.key ?? null));
    }
    case 'has_all': {
      const list = asList(evaluate(e.list, ctx));
      return asList(evaluate(e.values, ctx)).every((v) => has(list, v, e.key ?? null));
    }
    case 'like': {
      const v = evaluate(e.value, ctx);
      return typeof v === 'string' && globRegExp(e.pattern.value).test(v);
    }
    case 'matches': {
      const v = evaluate(e.value, ctx);
      return typeof v === 'string' && new RegExp(e.pattern.value).test(v);
    }
    case 'quantifier':
      return quantify(e.quantifier, e.variable.value, asList(evaluate(e.list, ctx)), e.where, ctx);
    case 'count': {
      const list = asList(evaluate(e.list, ctx));
      if (e.where === null || e.variable === null) return list.length;
      let n = 0;
      for (const item of list) if (truthy(withVar(ctx, e.variable.value, item, e.where))) n++;
      return n;
    }
    case 'path':
      return path(e, ctx);
    case 'call':
      return call(e.name.value, e.args.map((a) => evaluate(a, ctx)), ctx);
    case 'string':
    case 'number':
    case 'bool':
      return e.value;
    case 'null':
      return null;
    case 'duration':
      return e.seconds;
    case 'enum':
      return e.resolved ? e.resolved.runtimeValue : e.value;
    case 'list':
      return e.items.map((i) => evaluate(i, ctx));
    case 'error':
      return null;
  }
}

function withVar(ctx: Ctx, name: string, value: unknown, body: Expr): unknown {
  const had = ctx.vars.has(name);
  const prev = ctx.vars.get(name);
  ctx.vars.set(name, value);
  try {
    return evaluate(body, ctx);
  } finally {
    if (had) ctx.vars.set(name, prev);
    else ctx.vars.delete(name);
  }
}

function quantify(q: 'any' | 'all' | 'none', name: string, list: unknown[], where: Expr | null, ctx: Ctx): boolean {
  if (q === 'any') {
    for (const item of list) {
      if (where === null || truthy(withVar(ctx, name, item, where))) {
        if (ctx.track) {
          if (ctx.track.span === null) ctx.track.span = spanOf(item);
          if (!ctx.track.bindings.has(name)) ctx.track.bindings.set(name, item);
        }
        return true;
      }
    }
    return false;
  }
  if (where === null) return q === 'all' ? true : list.length === 0;
  for (const item of list) {
    const v = truthy(withVar(ctx, name, item, where));
    if (q === 'all' && !v) return false;
    if (q === 'none' && v) return false;
  }
  return true;
}

function spanOf(item: unknown): Span | null {
  if (item !== null && typeof item === 'object' && 'span' in item) return (item as { span: Span }).span;
  return null;
}

function asList(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

function keyed(v: unknown, key: string | null): unknown {
  if (key === null || v === null || typeof v !== 'object') return norm(v);
  return norm((v as Record<string, unknown>)[key]);
}

function equal(a: unknown, b: unknown): boolean {
  return norm(a) === norm(b);
}

function has(list: unknown[], v: unknown, key: string | null): boolean {
  for (const x of list) if (equal(keyed(x, key), v)) return true;
  return false;
}

function compare(op: string, a: unknown, b: unknown): boolean {
  if (op === '==') return equal(a, b);
  if (op === '!=') return !equal(a, b);
  if (!((typeof a === 'number' && typeof b === 'number') || (typeof a === 'string' && typeof b === 'string'))) return false;
  switch (op) {
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    case '>':
      return a > b;
    default:
      return a >= b;
  }
}

const ROOTS = new Set(['statement', 'principal', 'connection', 'source', 'time', 'request']);

function path(e: PathExpr, ctx: Ctx): unknown {
  const segs = e.segments;
  const variable = e.resolved ? e.resolved.variable : ROOTS.has(segs[0]!) ? null : segs[0]!;
  let v: unknown = variable !== null ? ctx.vars.get(variable) : (ctx.input as unknown as Record<string, unknown>)[segs[0]!];
  let parent: unknown = null;
  for (let i = 1; i < segs.length; i++) {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return null;
    const seg = segs[i]!;
    const obj = v as Record<string, unknown>;
    parent = v;
    v = Object.prototype.hasOwnProperty.call(obj, seg) ? obj[seg] : undefined;
  }
  // `c.tags` / `o.tags` include the tags the policy set declares
  if (segs[segs.length - 1] === 'tags' && segs.length > 1 && ctx.tags.tags.length > 0 && Array.isArray(v)) {
    const kind = (parent as { kind?: unknown }).kind;
    if (kind === 'column') return columnTags(parent as never, ctx.tags);
    if (kind === 'output') return outputTags(parent as never, ctx.tags);
  }
  return norm(v);
}

function call(name: string, args: unknown[], ctx: Ctx): unknown {
  const tag = args[0];
  const s = ctx.input.statement;
  switch (name) {
    case 'tables_tagged':
      // some column the statement touches (read or written), or some output, carries the tag
      return s.columns.some((c) => columnTags(c, ctx.tags).includes(tag as string)) || s.outputs.some((o) => outputTags(o, ctx.tags).includes(tag as string));
    case 'reads_tagged':
      return (
        s.columns.some((c) => c.access === 'read' && columnTags(c, ctx.tags).includes(tag as string)) ||
        s.outputs.some((o) => outputTags(o, ctx.tags).includes(tag as string))
      );
    case 'writes_tagged':
      return s.columns.some((c) => c.access === 'write' && columnTags(c, ctx.tags).includes(tag as string));
    default:
      return null;
  }
}

function render(t: MessageTemplate, ctx: Ctx): string {
  let out = '';
  for (const p of t.parts) out += p.kind === 'text' ? p.value : display(path(p.path, ctx));
  return out;
}

/** How a value reads inside a message. */
export function display(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v)) return v.map(display).join(', ');
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    for (const k of ['name', 'action', 'column', 'operation', 'role']) if (typeof o[k] === 'string') return o[k] as string;
    return '?';
  }
  return String(v);
}
