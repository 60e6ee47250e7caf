// Checker: validates parsed files as one policy set and builds the checked set back ends compile.
// Types live in check-types.ts, logic (constant conditions, implication) in check-logic.ts; this
// file checks items (categories, effects, tests, tags), ids across files, and message templates.
import type * as A from './ast.js';
import type { ValueType } from './ast.js';
import { diagnostic, quote, suggestion, sortDiagnostics, type Diagnostic, type PolicyCode } from './diagnostics.js';
import { checkCondition, resolvePath, type TypeCtx } from './check-types.js';
import { constantParts, conjuncts, contradicts, factsOf, fold, implied, subjectOf } from './check-logic.js';
import { printExpr } from './format-expr.js';
import { CATEGORIES, DIALECTS, EFFECTS, FIX_NAMES, MASK_STRATEGIES, PRINCIPAL_KINDS, ROOT_TYPES, SEVERITIES, SOURCES, typeName } from './schema/fields.js';

interface SetCtx {
  diagnostics: Diagnostic[];
  usedTags: Set<string>;
}

function report(c: SetCtx, file: string, code: PolicyCode, message: string, span: A.Span, help?: string, severity: 'error' | 'warning' = 'error'): void {
  c.diagnostics.push(diagnostic(code, message, span, { file, help, severity }));
}

function where(file: string, span: A.Span): string {
  return `${file}:${span.line}:${span.column}`;
}

function typeCtx(c: SetCtx, file: string): TypeCtx {
  return { file, diagnostics: c.diagnostics, vars: new Map(), usedTags: c.usedTags, varOrigins: new Map() };
}

function plural(what: string): string {
  return what.endsWith('y') ? what.slice(0, -1) + 'ies' : what + 's';
}

function oneOf<T extends string>(c: SetCtx, file: string, n: A.Name, values: readonly T[], code: PolicyCode, what: string): T | null {
  if ((values as readonly string[]).includes(n.value)) return n.value as T;
  if (n.value === '') return null;
  report(c, file, code, `unknown ${what} ${quote(n.value)}`, n.span, suggestion(n.value, values) ?? `${plural(what)} are ${values.map((v) => '`' + v + '`').join(', ')}`);
  return null;
}

// ---------------------------------------------------------------------------------------------
// templates

interface Witness {
  type: ValueType;
  origin: string | null;
}

/** variables bound by `any` quantifiers that must hold for the condition to hold (reached through
 * `and` only): a message may interpolate them */
function witnesses(exprs: A.Expr[], out = new Map<string, Witness>()): Map<string, Witness> {
  for (const e of conjuncts(exprs)) {
    if (e.kind === 'quantifier' && e.quantifier === 'any') {
      const lt = e.list.kind === 'path' ? e.list.resolved?.type : undefined;
      const el = lt && lt.kind === 'list' ? lt.element : lt && lt.kind === 'union' ? lt.types.find((t) => t.kind === 'list') : undefined;
      const element = el && el.kind === 'list' ? el.element : el;
      if (element && !out.has(e.variable.value)) out.set(e.variable.value, { type: element, origin: e.list.kind === 'path' ? e.list.resolved?.field ?? null : null });
      if (e.where) witnesses([e.where], out);
    }
  }
  return out;
}

function checkTemplate(c: SetCtx, file: string, t: A.MessageTemplate | null, vars: Map<string, Witness>): void {
  if (!t) return;
  for (const p of t.parts) {
    if (p.kind !== 'field') continue;
    const head = p.path.segments[0];
    if (!ROOT_TYPES[head] && !vars.has(head)) {
      report(c, file, 'policy/invalid-template', `${quote('{' + p.path.segments.join('.') + '}')} refers to ${quote(head)}, which is neither a root nor bound by an \`any\` in \`when\``, p.span, vars.size > 0 ? `variables a message can use here: ${[...vars.keys()].map((v) => '`' + v + '`').join(', ')}` : 'a message may use fields of the request and variables of `any` quantifiers in `when`');
      continue;
    }
    const tc = typeCtx(c, file);
    for (const [k, w] of vars) {
      tc.vars.set(k, w.type);
      if (w.origin) tc.varOrigins!.set(k, w.origin);
    }
    const ty = resolvePath(p.path, tc);
    if (ty.kind === 'object' || ty.kind === 'map') {
      report(c, file, 'policy/invalid-template', `${quote('{' + p.path.segments.join('.') + '}')} is a ${typeName(ty)}; interpolate one of its fields`, p.span);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// effects

function checkEffect(c: SetCtx, file: string, e: A.EffectNode, vars: Map<string, Witness>): A.CheckedEffect | null {
  checkTemplate(c, file, e.message, vars);
  switch (e.kind) {
    case 'deny':
    case 'warn':
    case 'allow':
      return { kind: e.kind, message: e.message, span: e.span };
    case 'review': {
      if (e.approvers.length === 0) report(c, file, 'policy/invalid-value', 'a review needs at least one approver group', e.span, 'write `review by ["dba"]`');
      for (const a of e.approvers) if (a.value.trim() === '') report(c, file, 'policy/invalid-value', 'approver group name is empty', a.span);
      const min = e.min?.value ?? 1;
      if (e.min && (!Number.isInteger(min) || min < 1)) report(c, file, 'policy/invalid-value', `\`min\` must be a whole number of at least 1, found ${quote(String(min))}`, e.min.span);
      const expiresIn = e.expires?.seconds ?? 3600;
      if (e.expires && expiresIn <= 0) report(c, file, 'policy/invalid-value', `\`expires\` must be longer than zero, found ${quote(e.expires.text)}`, e.expires.span);
      return { kind: 'review', approvers: [...new Set(e.approvers.map((a) => a.value))], minApprovals: min, expiresIn, message: e.message, span: e.span };
    }
    case 'mask': {
      for (const s of e.selectors) {
        if (s.kind === 'tagged') c.usedTags.add(s.tag.value);
        else checkColumnSelector(c, file, s);
      }
      const strategy = oneOf(c, file, e.strategy, MASK_STRATEGIES, 'policy/unknown-strategy', 'mask strategy');
      return strategy ? { kind: 'mask', selectors: e.selectors, strategy, message: e.message, span: e.span } : null;
    }
  }
}

function checkColumnSelector(c: SetCtx, file: string, s: A.ColumnSelector): void {
  if (s.segments.length < 2 || s.segments.length > 3 || s.segments.some((x) => x === '')) {
    report(c, file, 'policy/invalid-value', `column selector ${quote(s.pattern)} must be \`table.column\` or \`schema.table.column\``, s.span, 'use `*` for any run of characters: `*.ssn`, `customers.*phone*`');
  }
}

function effectKey(e: A.CheckedEffect): string {
  switch (e.kind) {
    case 'review':
      return `review:${[...e.approvers].sort().join(',')}:${e.minApprovals}:${e.expiresIn}`;
    case 'mask':
      return `mask:${e.strategy}:${e.selectors.map((s) => (s.kind === 'tagged' ? 'tagged ' + s.tag.value : s.pattern)).sort().join(',')}`;
    default:
      return e.kind;
  }
}

// ---------------------------------------------------------------------------------------------
// conditions

function checkConstant(c: SetCtx, file: string, e: A.Expr, role: 'when' | 'unless' | 'applies', owner: string): void {
  for (const part of constantParts(e)) {
    const text = quote(printExpr(part.expr));
    const whole = part.expr === e;
    // `when true` is how a rule says it always fires
    if (whole && role === 'when' && e.kind === 'bool' && e.value) continue;
    if (part.value) {
      const help = role === 'unless' && whole ? `${owner} never fires` : role === 'applies' && whole ? 'remove `applies when` to apply the policy always' : 'remove it or fix the comparison';
      report(c, file, 'policy/always-true', `condition ${text} always holds`, part.expr.span, help, 'warning');
    } else {
      const help = role === 'when' && whole ? `${owner} never fires` : role === 'unless' && whole ? 'the exception never applies; remove it' : role === 'applies' && whole ? 'the policy never applies' : 'a value cannot satisfy all of these at once';
      report(c, file, 'policy/never-true', `condition ${text} can never hold`, part.expr.span, help, 'warning');
    }
  }
}

// ---------------------------------------------------------------------------------------------
// rules and policies

function checkRule(c: SetCtx, r: A.RuleAst): A.CheckedRule | null {
  const file = r.file;
  const owner = `rule ${quote(r.name)}`;
  let ok = true;
  let category: string | null = null;
  if (!r.category) {
    report(c, file, 'policy/missing-category', `${owner} has no \`category\``, r.nameSpan, `add one of ${CATEGORIES.map((x) => '`' + x + '`').join(', ')}`);
    ok = false;
  } else {
    category = oneOf(c, file, r.category, CATEGORIES, 'policy/unknown-category', 'category');
    ok &&= category !== null;
  }
  const severity = r.severity ? oneOf(c, file, r.severity, SEVERITIES, 'policy/unknown-severity', 'severity') : null;
  const dialects = r.dialects ? r.dialects.map((d) => oneOf(c, file, d, DIALECTS, 'policy/unknown-dialect', 'dialect')) : null;
  const sources = r.sources ? r.sources.map((s) => oneOf(c, file, s, SOURCES, 'policy/unknown-source', 'source')) : null;
  const fix = r.fix ? oneOf(c, file, r.fix, FIX_NAMES, 'policy/unknown-fix', 'fix') : null;
  if (r.when.length === 0) {
    report(c, file, 'policy/missing-when', `${owner} has no \`when\` condition`, r.nameSpan, 'add `when <condition>`; a rule that always fires is written `when true`');
    ok = false;
  }
  for (const w of r.when) checkCondition(w, typeCtx(c, file), '`when` condition');
  for (const u of r.unless) checkCondition(u, typeCtx(c, file), '`unless` condition');
  // constant conditions: each line, then the lines together
  for (const w of r.when) checkConstant(c, file, w, 'when', owner);
  for (const u of r.unless) checkConstant(c, file, u, 'unless', owner);
  const whenParts = conjuncts(r.when);
  if (r.when.length > 1 && r.when.every((w) => fold(w) === null) && contradicts(whenParts)) {
    report(c, file, 'policy/never-true', `the \`when\` conditions of ${owner} can never hold together`, r.nameSpan, `${owner} never fires`, 'warning');
  }
  let effect: A.CheckedEffect | null = null;
  if (!r.effect) {
    report(c, file, 'policy/missing-effect', `${owner} has no effect`, r.nameSpan, 'add one of `deny "..."`, `warn "..."`, `allow`, `review by [...]`, `mask ... using ...`');
    ok = false;
  } else {
    effect = checkEffect(c, file, r.effect, witnesses(r.when));
    ok &&= effect !== null;
  }
  if (!ok || !effect || category === null || dialects?.includes(null) || sources?.includes(null) || (r.severity && severity === null) || (r.fix && fix === null)) return null;
  return {
    kind: 'checked_rule',
    id: r.id,
    policy: r.policy,
    name: r.name,
    file,
    span: r.span,
    category,
    severity: severity ?? (effect.kind === 'deny' ? 'error' : 'warning'),
    description: r.description?.value ?? null,
    docs: r.docs?.value ?? null,
    dialects: dialects as A.Dialect[] | null,
    sources: sources as A.Source[] | null,
    fix,
    when: r.when,
    unless: r.unless,
    effect,
    ast: r,
  };
}

/** rule `b` adds nothing to decisions when another rule `a` of the policy (no `unless`, the same
 * effect, no narrower dialects or sources) holds whenever `b` does: every `when` conjunct of `a` is
 * implied by `b`'s (the same conjunct, `x == v` for `x in [..v..]`, `x > 10` for `x > 5`, ...) */
function checkShadowing(c: SetCtx, rules: A.CheckedRule[]): void {
  // `true` conjuncts hold anyway; a rule left with none (`when true`) is implied by every rule
  const conj = rules.map((r) => conjuncts(r.when).filter((x) => !(x.kind === 'bool' && x.value)));
  const facts = conj.map(factsOf);
  // an `or` is implied through any one operand, so it narrows no candidates
  const subjects = conj.map((cs) => new Set(cs.filter((x) => x.kind !== 'or').map(subjectOf)));
  const effects = rules.map((r) => effectKey(r.effect));
  const covers = (a: readonly string[] | null, b: readonly string[] | null) => a === null || (b !== null && b.every((x) => a.includes(x)));
  // candidates by counting shared subjects: `a` can only be implied when `b` mentions all of its subjects
  const postings = new Map<string, number[]>();
  rules.forEach((r, i) => {
    if (r.unless.length > 0) return;
    for (const s of subjects[i]) {
      const l = postings.get(s);
      if (l) l.push(i);
      else postings.set(s, [i]);
    }
  });
  const unconditional = rules.flatMap((r, i) => (r.unless.length === 0 && subjects[i].size === 0 ? [i] : []));
  const implies = (from: number, to: number) => conj[to].every((x) => implied(x, facts[from]));
  for (let j = 0; j < rules.length; j++) {
    const counts = new Map<number, number>(unconditional.map((i) => [i, 0]));
    for (const s of subjects[j]) for (const i of postings.get(s) ?? []) counts.set(i, (counts.get(i) ?? 0) + 1);
    for (const [i, n] of counts) {
      if (i === j || n !== subjects[i].size) continue;
      const a = rules[i];
      const b = rules[j];
      if (effects[i] !== effects[j] || !covers(a.dialects, b.dialects) || !covers(a.sources, b.sources)) continue;
      if (!implies(j, i)) continue;
      // equivalent rules: only the later one is reported
      if (i > j && b.unless.length === 0 && covers(b.dialects, a.dialects) && covers(b.sources, a.sources) && implies(i, j)) continue;
      report(c, b.file, 'policy/shadowed-rule', `rule ${quote(b.name)} is shadowed by rule ${quote(a.name)}`, b.ast.nameSpan, `whenever \`${b.id}\` fires, \`${a.id}\` (${where(a.file, a.ast.nameSpan)}) fires with the same effect; remove one or change its effect`, 'warning');
      break;
    }
  }
}

function checkPolicy(c: SetCtx, p: A.PolicyAst): A.CheckedPolicy {
  const file = p.file;
  if (p.applies) {
    checkCondition(p.applies, typeCtx(c, file), '`applies when` condition');
    checkConstant(c, file, p.applies, 'applies', `policy ${quote(p.name)}`);
  }
  const noVars = new Map<string, Witness>();
  let def: A.CheckedEffect = { kind: 'allow', message: null, span: p.nameSpan };
  if (p.default) {
    const e = p.default.effect;
    if (e.kind !== 'allow' && e.kind !== 'deny') {
      report(c, file, 'policy/invalid-effect', `\`default\` is \`allow\` or \`deny\`, found \`${e.kind}\``, e.span, `write \`${e.kind}\` in a rule with \`when true\` instead`);
    } else def = checkEffect(c, file, e, noVars) ?? def;
  }
  let onUnparsed: A.CheckedEffect = { kind: 'deny', message: null, span: p.nameSpan };
  if (p.onUnparsed) {
    const e = p.onUnparsed.effect;
    if (e.kind === 'mask') report(c, file, 'policy/invalid-effect', '`on unparsed` cannot mask: an unparsed statement has no known output columns', e.span, 'use `deny`, `review`, `warn` or `allow`');
    else onUnparsed = checkEffect(c, file, e, noVars) ?? onUnparsed;
  }
  const rules: A.CheckedRule[] = [];
  for (const r of p.rules) {
    const cr = checkRule(c, r);
    if (cr) rules.push(cr);
  }
  checkShadowing(c, rules);
  return {
    kind: 'checked_policy',
    name: p.name,
    file,
    span: p.span,
    description: p.description?.value ?? null,
    applies: p.applies,
    default: def,
    onUnparsed,
    rules,
    ast: p,
  };
}

// ---------------------------------------------------------------------------------------------
// tests

type EntryKind = 'string' | 'number' | 'strings' | 'principal-kind' | 'dialect' | 'attributes';

const TEST_OBJECTS: Record<string, Record<string, EntryKind>> = {
  principal: { id: 'string', kind: 'principal-kind', groups: 'strings', attributes: 'attributes' },
  connection: { name: 'string', env: 'string', dialect: 'dialect', database: 'string' },
  time: { iso: 'string', hour: 'number', weekday: 'number' },
  request: { statementCount: 'number' },
};

function checkObject(c: SetCtx, file: string, what: keyof typeof TEST_OBJECTS, o: A.ObjectLit): Record<string, unknown> {
  const spec = TEST_OBJECTS[what];
  const out: Record<string, unknown> = {};
  const mismatch = (e: A.ObjectEntry, expected: string) =>
    report(c, file, 'policy/type-mismatch', `\`${what}.${e.key.value}\` is ${expected}`, e.value.span);
  for (const e of o.entries) {
    const kind = spec[e.key.value];
    if (!kind) {
      report(c, file, 'policy/unknown-field', `unknown field ${quote(what + '.' + e.key.value)}`, e.key.span, suggestion(e.key.value, Object.keys(spec)) ?? `${what} has ${Object.keys(spec).map((k) => '`' + k + '`').join(', ')}`);
      continue;
    }
    if (e.key.value in out) report(c, file, 'policy/duplicate-item', `duplicate ${quote(what + '.' + e.key.value)}`, e.key.span);
    const v = e.value;
    switch (kind) {
      case 'string':
        if (v.kind === 'string') out[e.key.value] = v.value;
        else mismatch(e, 'a string');
        break;
      case 'number':
        if (v.kind === 'number') {
          out[e.key.value] = v.value;
          if (what === 'time' && e.key.value === 'hour' && !(Number.isInteger(v.value) && v.value >= 0 && v.value <= 23)) report(c, file, 'policy/invalid-value', '`time.hour` is a whole number from 0 to 23', v.span);
          if (what === 'time' && e.key.value === 'weekday' && !(Number.isInteger(v.value) && v.value >= 0 && v.value <= 6)) report(c, file, 'policy/invalid-value', '`time.weekday` is a whole number from 0 (Sunday) to 6', v.span);
        } else mismatch(e, 'a number');
        break;
      case 'strings':
        if (v.kind === 'list' && v.items.every((i) => i.kind === 'string')) out[e.key.value] = v.items.map((i) => (i as A.StringLit).value);
        else mismatch(e, 'a list of strings (`["dba", "oncall"]`)');
        break;
      case 'principal-kind':
      case 'dialect': {
        const values = kind === 'dialect' ? DIALECTS : PRINCIPAL_KINDS;
        if (v.kind === 'enum') {
          const ok = oneOf(c, file, { kind: 'name', value: v.value, span: v.span }, values, kind === 'dialect' ? 'policy/unknown-dialect' : 'policy/unknown-enum', kind === 'dialect' ? 'dialect' : 'principal kind');
          if (ok) out[e.key.value] = ok;
        } else mismatch(e, `one of ${values.map((x) => '`' + x + '`').join(', ')}`);
        break;
      }
      case 'attributes': {
        if (v.kind !== 'object') {
          mismatch(e, 'an object (`attributes { team "core" }`)');
          break;
        }
        const attrs: Record<string, string | number | boolean> = {};
        for (const a of v.entries) {
          const av = a.value;
          if (av.kind === 'string' || av.kind === 'number' || av.kind === 'bool') attrs[a.key.value] = av.value;
          else report(c, file, 'policy/type-mismatch', `attribute ${quote(a.key.value)} is a string, a number or a boolean`, av.span);
        }
        out[e.key.value] = attrs;
        break;
      }
    }
  }
  return out;
}

const ASSUME_VALUES = ['true', 'false', 'always'];

/** `assumeInTransaction true | false | always`; null (reported) for any other value */
function checkAssume(c: SetCtx, file: string, v: A.Literal): boolean | 'always' | null {
  if (v.kind === 'bool') return v.value;
  if (v.kind === 'enum' && v.value === 'always') return 'always';
  const help = v.kind === 'enum' ? suggestion(v.value, ASSUME_VALUES) : v.kind === 'string' && ASSUME_VALUES.includes(v.value) ? `write it without quotes: \`${v.value}\`` : undefined;
  report(c, file, 'policy/invalid-value', `\`assumeInTransaction\` must be \`true\`, \`false\` or \`always\`, found ${quote(printExpr(v))}`, v.span, help);
  return null;
}

function checkTest(c: SetCtx, t: A.TestAst, ruleIds: Set<string>): A.CheckedTest | null {
  const file = t.file;
  const owner = `test ${quote(t.name.value)}`;
  if (!t.sql) report(c, file, 'policy/missing-item', `${owner} has no \`sql\``, t.name.span, 'add `sql "SELECT ..."`');
  if (!t.expect) report(c, file, 'policy/missing-item', `${owner} has no \`expect\``, t.name.span, 'add `expect deny` (or `allow`, `warn`, `mask`, `review`)');
  const dialect = t.dialect ? oneOf(c, file, t.dialect, DIALECTS, 'policy/unknown-dialect', 'dialect') : null;
  const source = t.source ? oneOf(c, file, t.source, SOURCES, 'policy/unknown-source', 'source') : null;
  const principal = t.principal ? checkObject(c, file, 'principal', t.principal) : {};
  const connection = t.connection ? checkObject(c, file, 'connection', t.connection) : {};
  const time = t.time ? checkObject(c, file, 'time', t.time) : {};
  const request = t.request ? checkObject(c, file, 'request', t.request) : {};
  const assumeInTransaction = t.assumeInTransaction ? checkAssume(c, file, t.assumeInTransaction) : false;
  let expect: A.CheckedTest['expect'] | null = null;
  if (t.expect) {
    const effect = oneOf(c, file, t.expect.effect, EFFECTS, 'policy/unknown-effect', 'effect');
    for (const f of t.expect.fired ?? []) {
      if (!ruleIds.has(f.value)) report(c, file, 'policy/unknown-rule', `unknown rule ${quote(f.value)}`, f.span, suggestion(f.value, ruleIds) ?? 'rule ids are written `policy.rule`');
    }
    if (effect) expect = { effect, fired: t.expect.fired?.map((f) => f.value) ?? null, span: t.expect.span };
  }
  if (!t.sql || !expect || (t.dialect && !dialect) || (t.source && !source) || assumeInTransaction === null) return null;
  return {
    kind: 'checked_test',
    name: t.name.value,
    file,
    span: t.span,
    sql: t.sql.value,
    dialect,
    principal: principal as A.CheckedTest['principal'],
    connection: connection as A.CheckedTest['connection'],
    source,
    time: time as A.CheckedTest['time'],
    request: request as A.CheckedTest['request'],
    assumeInTransaction,
    expect,
    ast: t,
  };
}

// ---------------------------------------------------------------------------------------------
// the set

export function checkPolicySet(files: A.PolicyFileAst[]): { value: A.CheckedPolicySet; diagnostics: Diagnostic[] } {
  const c: SetCtx = { diagnostics: [], usedTags: new Set() };
  const policies: A.CheckedPolicy[] = [];
  const tags: A.CheckedTag[] = [];
  const tests: A.CheckedTest[] = [];
  const policyByName = new Map<string, A.PolicyAst>();
  const ruleById = new Map<string, A.RuleAst>();
  for (const f of files) {
    for (const item of f.items) {
      if (item.kind === 'policy') {
        const prev = policyByName.get(item.name);
        if (prev && item.name !== '') {
          report(c, item.file, 'policy/duplicate-policy', `duplicate policy ${quote(item.name)}`, item.nameSpan, `first defined at ${where(prev.file, prev.nameSpan)}; rule ids are \`policy.rule\`, so policy names are unique across the set`);
        } else policyByName.set(item.name, item);
        for (const r of item.rules) {
          const prevRule = ruleById.get(r.id);
          if (prevRule && r.name !== '') {
            report(c, r.file, 'policy/duplicate-rule', `duplicate rule id ${quote(r.id)}`, r.nameSpan, `first defined at ${where(prevRule.file, prevRule.nameSpan)}`);
          } else ruleById.set(r.id, r);
        }
        policies.push(checkPolicy(c, item));
      } else if (item.kind === 'tag') {
        for (const s of item.selectors) checkColumnSelector(c, item.file, s);
        tags.push({ kind: 'checked_tag', name: item.name.value, file: item.file, span: item.span, selectors: item.selectors.map((s) => s.pattern), ast: item });
      }
    }
  }
  const ids = new Set(ruleById.keys());
  const testNames = new Map<string, A.TestAst>();
  for (const f of files) {
    for (const item of f.items) {
      if (item.kind !== 'test') continue;
      const prev = testNames.get(item.name.value);
      if (prev) report(c, item.file, 'policy/duplicate-test', `duplicate test ${quote(item.name.value)}`, item.name.span, `first defined at ${where(prev.file, prev.name.span)}`, 'warning');
      else testNames.set(item.name.value, item);
      const t = checkTest(c, item, ids);
      if (t) tests.push(t);
    }
  }
  for (const t of tags) {
    if (!c.usedTags.has(t.name)) {
      report(c, t.file, 'policy/unused-tag', `tag ${quote(t.name)} is not used by any rule or mask`, t.ast.name.span, `reference it with \`mask tagged ${t.name} using ...\`, \`... has ${t.name}\` or \`statement.reads_tagged(${t.name})\`, or remove it`, 'warning');
    }
  }
  return {
    value: { kind: 'policy_set', files: files.map((f) => f.file), policies, tags, tests },
    diagnostics: sortDiagnostics(c.diagnostics),
  };
}

