// The code generator: a checked policy set to one self-contained ES module (plain JS, no imports,
// no eval) exporting `manifest` and `decide(input)`.
// Layout: helpers, hoisted constants (regexps, sets, lists, sources), one function per rule
// returning its FiredRule or null, one `applies` function per policy, the action index
// (action → sorted candidate rule numbers, rules needing no action in every bucket), then `decide`,
// which evaluates each policy's `applies` once and only the candidate rules, in source order.
import type { CheckedEffect, CheckedPolicy, CheckedPolicySet, CheckedRule, MaskSelector } from './ast.js';
import { Hoist, constantOf, gen, genBool, genTemplate, type GenScope, type Tracker } from './codegen-expr.js';
import { ACTION_DIM, DDL_DIM, TABLE_DIM, ruleKeys } from './codegen-index.js';
import { RUNTIME_JS } from './codegen-runtime.js';
import { columnPattern, globRegExp } from './glob.js';
import { selectorText } from './interpret.js';
import type { Manifest } from './bundle.js';

export interface GeneratedModule {
  source: string;
  /** rule ids by index bucket, for tests: rules needing nothing, an action, a table, both */
  index: { always: string[]; byAction: Record<string, string[]>; byTable: Record<string, string[]>; byActionTable: Record<string, string[]>; byDdl: Record<string, string[]> };
}

const RANK: Record<string, number> = { deny: 0, review: 1, mask: 2, warn: 3, allow: 4 };

function js(v: unknown): string {
  return JSON.stringify(v);
}

function matcherJs(pattern: string): string {
  const p = columnPattern(pattern);
  const c = globRegExp(p.column);
  const t = p.table === null ? null : globRegExp(p.table);
  return `{ c: /${c.source}/${c.flags}, t: ${t ? `/${t.source}/${t.flags}` : 'null'}, q: ${p.qualified} }`;
}

function selectorsJs(sels: MaskSelector[], hoist: Hoist): string {
  const items = sels.map((s) => (s.kind === 'tagged' ? `{ tag: ${js(s.tag.value)} }` : `{ m: ${matcherJs(s.pattern)} }`));
  return hoist.constant('M', `[${items.join(', ')}]`);
}

function scope(hoist: Hoist, hasTags: boolean, ids: { n: number }, track: Tracker | null): GenScope {
  return { hoist, vars: new Map(), track, hasTags, ids };
}

/** JS object literal for a fired entry; `message` and `span` are JS expressions. */
function firedJs(
  fields: { id: string; policy: string; rule: string; category: string; severity: string; docs: string | null; source: string },
  effect: CheckedEffect,
  message: string,
  span: string,
  hoist: Hoist,
): string {
  let out =
    `{ id: ${js(fields.id)}, policy: ${js(fields.policy)}, rule: ${js(fields.rule)}, effect: ${js(effect.kind)}, ` +
    `message: ${message}, category: ${js(fields.category)}, severity: ${js(fields.severity)}, docs: ${js(fields.docs)}, ` +
    `source: ${fields.source}, span: ${span}`;
  if (effect.kind === 'review') {
    out += `, review: { approvers: ${js(effect.approvers)}, minApprovals: ${effect.minApprovals}, expiresIn: ${effect.expiresIn}, selfApproval: false }`;
  }
  if (effect.kind === 'mask') {
    out += `, mask: mask(s, ${selectorsJs(effect.selectors, hoist)}, ${js(effect.selectors.map(selectorText).join(', '))}, ${js(effect.strategy)})`;
  }
  return out + ' }';
}

function sourceConst(hoist: Hoist, file: string, line: number, column: number): string {
  return hoist.constant('P', `Object.freeze({ file: ${js(file)}, line: ${line}, column: ${column} })`);
}

/** `null` when the rule can never fire (its `when` folds to false or its `unless` to true). */
function ruleFunction(rule: CheckedRule, n: number, hoist: Hoist, hasTags: boolean, ids: { n: number }): string | null {
  const whenConst = rule.when.map(constantOf);
  if (whenConst.some((c) => c !== null && c.value !== true)) return null;
  if (rule.unless.some((u) => constantOf(u)?.value === true)) return null;
  const tracker: Tracker = { temps: [], bindings: new Map() };
  const whenSc = scope(hoist, hasTags, ids, tracker);
  const whenJs = rule.when.filter((_, k) => whenConst[k] === null).map((w) => genBool(w, whenSc));
  const unlessSc = scope(hoist, hasTags, ids, null);
  const unlessJs = rule.unless.filter((u) => constantOf(u) === null).map((u) => genBool(u, unlessSc));
  const lines: string[] = [`function r${n}(i) {`, '  const s = i.statement;'];
  if (rule.dialects !== null) lines.push(`  if (!${hoist.constant('S', `new Set(${js(rule.dialects)})`)}.has(s.dialect)) return null;`);
  if (rule.sources !== null) lines.push(`  if (!${hoist.constant('S', `new Set(${js(rule.sources)})`)}.has(i.source)) return null;`);
  const lets = ['$sp = null', ...tracker.temps, ...[...tracker.bindings.values()]];
  lines.push(`  let ${lets.join(', ')};`);
  if (whenJs.length > 0) lines.push(`  if (!(${whenJs.join(' && ')})) return null;`);
  if (unlessJs.length > 0) lines.push(`  if (${unlessJs.join(' || ')}) return null;`);
  // messages read the bindings of the `when` quantifiers
  const msgSc = scope(hoist, hasTags, ids, { temps: [], bindings: tracker.bindings });
  const message = rule.effect.message ? genTemplate(rule.effect.message, msgSc) : js(rule.description ?? `${rule.effect.kind} by \`${rule.id}\``);
  const fired = firedJs(
    {
      id: rule.id,
      policy: rule.policy,
      rule: rule.name,
      category: rule.category,
      severity: rule.severity,
      docs: rule.docs,
      source: sourceConst(hoist, rule.file, rule.span.line, rule.span.column),
    },
    rule.effect,
    message,
    '$sp === null ? s.span : $sp',
    hoist,
  );
  lines.push(`  return ${fired};`, '}');
  return lines.join('\n');
}

/** The function producing the `on unparsed` / `default` entry, or null for `allow`. */
function pseudoFunction(policy: CheckedPolicy, which: 'unparsed' | 'default', name: string, hoist: Hoist, hasTags: boolean, ids: { n: number }): string | null {
  const e = which === 'unparsed' ? policy.onUnparsed : policy.default;
  if (e.kind === 'allow') return null;
  const item = which === 'unparsed' ? policy.ast.onUnparsed : policy.ast.default;
  const at = item?.span ?? policy.span;
  const sc = scope(hoist, hasTags, ids, null);
  const message = e.message
    ? genTemplate(e.message, sc)
    : js(which === 'unparsed' ? 'statement could not be parsed' : `${e.kind} by default of policy \`${policy.name}\``);
  const fired = firedJs(
    {
      id: `${policy.name}.@${which}`,
      policy: policy.name,
      rule: `@${which}`,
      category: 'robustness',
      severity: e.kind === 'deny' ? 'error' : 'warning',
      docs: null,
      source: sourceConst(hoist, policy.file, at.line, at.column),
    },
    e,
    message,
    's.span',
    hoist,
  );
  return `function ${name}(i) {\n  const s = i.statement;\n  return ${fired};\n}`;
}

export function generateModule(set: CheckedPolicySet, manifest: Manifest): GeneratedModule {
  const hoist = new Hoist();
  const ids = { n: 0 };
  const hasTags = set.tags.some((t) => t.selectors.length > 0);
  const fns: string[] = [];
  const ruleIds: string[] = [];
  const ruleNames: string[] = [];
  const always: number[] = [];
  const only = new Map<string, number[]>();
  const tableOnly = new Map<string, number[]>();
  const actionTable = new Map<string, number[]>();
  const ddlOnly = new Map<string, number[]>();
  const put = (m: Map<string, number[]>, key: string, k: number) => {
    let l = m.get(key);
    if (!l) m.set(key, (l = []));
    if (l[l.length - 1] !== k) l.push(k);
  };
  const policyLines: string[] = [];
  let n = 0;

  for (const [p, policy] of set.policies.entries()) {
    for (const rule of policy.rules) {
      const fn = ruleFunction(rule, n, hoist, hasTags, ids);
      if (fn === null) continue; // never fires: not indexed at all
      fns.push(fn);
      ruleIds.push(rule.id);
      ruleNames.push(`r${n}`);
      const acts = ruleKeys(rule.when, ACTION_DIM);
      const tabs = ruleKeys(rule.when, TABLE_DIM);
      // a rule needing no action or table may still need a DDL operation
      const ops = acts === null && tabs === null ? ruleKeys(rule.when, DDL_DIM) : null;
      if (ops !== null) for (const o of ops) put(ddlOnly, o, n);
      else if (acts === null && tabs === null) always.push(n);
      else if (tabs === null) for (const a of acts!) put(only, a, n);
      else if (acts === null) for (const t of tabs) put(tableOnly, t, n);
      else for (const a of acts) for (const t of tabs) put(actionTable, `${a} ${t}`, n);
      n++;
    }
    const end = n;
    const appliesConst = policy.applies ? constantOf(policy.applies) : { value: true };
    let applies: string;
    if (appliesConst) applies = appliesConst.value === true ? 'null' : 'false';
    else {
      const sc = scope(hoist, hasTags, ids, null);
      fns.push(`function a${p}(i) {\n  const s = i.statement;\n  return ${genBool(policy.applies!, sc)};\n}`);
      applies = `a${p}`;
    }
    const unp = pseudoFunction(policy, 'unparsed', `u${p}`, hoist, hasTags, ids);
    if (unp) fns.push(unp);
    const def = pseudoFunction(policy, 'default', `d${p}`, hoist, hasTags, ids);
    if (def) fns.push(def);
    policyLines.push(
      `  { end: ${end}, applies: ${applies}, unparsedRank: ${RANK[policy.onUnparsed.kind]}, unparsed: ${unp ? `u${p}` : 'null'}, ` +
        `defaultRank: ${RANK[policy.default.kind]}, dflt: ${def ? `d${p}` : 'null'} },`,
    );
  }

  const byAction = [...only.keys()].sort();
  const merged = (a: string) => [...new Set([...always, ...only.get(a)!])].sort((x, y) => x - y);
  const tagLines = set.tags.flatMap((t) => t.selectors.map((s) => `  { tag: ${js(t.name)}, m: ${matcherJs(s)} },`));

  const out: string[] = [];
  out.push('// Generated by hoop-policy: the compiled decision module. Do not edit; rebuild from the policies.');
  out.push(`export const manifest = ${JSON.stringify(manifest)};`);
  out.push(RUNTIME_JS);
  out.push(`const TAGS = [\n${tagLines.join('\n')}\n];`);
  // constants are pushed while generating functions, so functions are generated first and placed after
  const fnText = fns.join('\n');
  out.push(...hoist.lines);
  out.push(fnText);
  out.push(`const RULES = [${ruleNames.join(', ')}];`);
  out.push(`const ALWAYS = ${js(always)};`);
  out.push(`const ONLY = new Map([\n${byAction.map((a) => `  [${js(a)}, ${js(only.get(a))}],`).join('\n')}\n]);`);
  out.push(`const BY_ACTION = new Map([\n${byAction.map((a) => `  [${js(a)}, ${js(merged(a))}],`).join('\n')}\n]);`);
  const mapJs = (m: Map<string, number[]>) => `new Map([\n${[...m.keys()].sort().map((key) => `  [${js(key)}, ${js(m.get(key))}],`).join('\n')}\n])`;
  out.push(`const HAS_T = ${tableOnly.size + actionTable.size > 0};`);
  out.push(`const TONLY = ${mapJs(tableOnly)};`);
  out.push(`const AT = ${mapJs(actionTable)};`);
  out.push(`const HAS_D = ${ddlOnly.size > 0};`);
  out.push(`const DONLY = ${mapJs(ddlOnly)};`);
  out.push(`const POLICIES = [\n${policyLines.join('\n')}\n];`);
  out.push(DECIDE_JS);
  return {
    source: out.join('\n') + '\n',
    index: {
      always: always.map((k) => ruleIds[k]!),
      byAction: Object.fromEntries(byAction.map((a) => [a, only.get(a)!.map((k) => ruleIds[k]!)])),
      byTable: Object.fromEntries([...tableOnly].map(([t, l]) => [t, l.map((k) => ruleIds[k]!)])),
      byActionTable: Object.fromEntries([...actionTable].map(([t, l]) => [t, l.map((k) => ruleIds[k]!)])),
      byDdl: Object.fromEntries([...ddlOnly].sort(([a], [b]) => (a < b ? -1 : 1)).map(([o, l]) => [o, l.map((k) => ruleIds[k]!)])),
    },
  };
}

const DECIDE_JS = `/** The decision for one statement of one request (see runtime/decision/types.ts). */
export function decide(i) {
  const s = i.statement;
  const cand = candidates(s);
  const n = cand.length;
  const fired = [];
  let best = 4;
  let unparsed = false;
  let k = 0;
  for (let p = 0; p < POLICIES.length; p++) {
    const pol = POLICIES[p];
    const end = pol.end;
    if (pol.applies === false || (pol.applies !== null && pol.applies(i) !== true)) {
      while (k < n && cand[k] < end) k++;
      continue;
    }
    if (!s.parsed) {
      unparsed = true;
      if (pol.unparsedRank < best) best = pol.unparsedRank;
      if (pol.unparsed !== null) fired.push(pol.unparsed(i));
    }
    let any = false;
    for (; k < n && cand[k] < end; k++) {
      const f = RULES[cand[k]](i);
      if (f !== null) {
        fired.push(f);
        any = true;
        const r = R[f.effect];
        if (r < best) best = r;
      }
    }
    if (!any) {
      if (pol.defaultRank < best) best = pol.defaultRank;
      if (pol.dflt !== null) fired.push(pol.dflt(i));
    }
  }
  return finish(EFFECTS[best], fired, unparsed);
}`;
