// `explain`: the decision for one request and the path to it: which policies applied, and for each
// rule whether it was skipped (dialect, source), what each `when`/`unless` clause evaluated to, and
// whether it fired. Clause text comes from the policy sources when given.
import type { CheckedPolicySet, Expr } from './ast.js';
import type { Decision, DecisionInput } from '../runtime/decision/types.js';
import { traceDecision } from './interpret.js';

export interface ClauseExplanation {
  text: string;
  value: boolean;
  line: number;
  column: number;
}

export interface RuleExplanation {
  id: string;
  file: string;
  line: number;
  skipped: 'dialect' | 'source' | null;
  when: ClauseExplanation[];
  unless: ClauseExplanation[];
  fired: boolean;
  effect: string;
}

export interface PolicyExplanation {
  policy: string;
  file: string;
  line: number;
  applies: boolean;
  unparsed: boolean;
  defaulted: string | null;
  rules: RuleExplanation[];
}

export interface Explanation {
  decision: Decision;
  policies: PolicyExplanation[];
}

export function explain(set: CheckedPolicySet, input: DecisionInput, sources: ReadonlyMap<string, string> = new Map()): Explanation {
  const trace = traceDecision(set, input);
  const policies = set.policies.map((p, k): PolicyExplanation => {
    const pt = trace.policies[k]!;
    const rules = pt.rules.map((rt): RuleExplanation => {
      const rule = p.rules.find((r) => r.id === rt.id)!;
      const clause = (e: Expr, value: boolean): ClauseExplanation => ({
        text: clauseText(sources.get(rule.file), e),
        value,
        line: e.span.line,
        column: e.span.column,
      });
      return {
        id: rt.id,
        file: rule.file,
        line: rule.span.line,
        skipped: rt.skipped,
        when: rt.when.map((v, j) => clause(rule.when[j]!, v)),
        unless: rt.unless.map((v, j) => clause(rule.unless[j]!, v)),
        fired: rt.fired,
        effect: rule.effect.kind,
      };
    });
    return { policy: p.name, file: p.file, line: p.span.line, applies: pt.applies, unparsed: pt.unparsed, defaulted: pt.defaulted, rules };
  });
  return { decision: trace.decision, policies };
}

function clauseText(text: string | undefined, e: Expr): string {
  if (text === undefined) return `(line ${e.span.line})`;
  return text.slice(e.span.start, e.span.end).replace(/\s+/g, ' ');
}

/** Human-readable explanation, one line per fact that mattered. */
export function renderExplanation(x: Explanation): string {
  const out: string[] = [];
  const d = x.decision;
  out.push(`decision: ${d.effect}${d.unparsed ? ' (statement not parsed)' : ''}`);
  if (d.review) {
    out.push(`  review by [${d.review.approvers.join(', ')}] min ${d.review.minApprovals} expires ${d.review.expiresIn}s`);
  }
  for (const m of d.masks) out.push(`  mask ${m.selector} using ${m.strategy}: outputs [${m.outputs.join(', ')}]`);
  for (const f of d.fired) out.push(`  ${f.effect} ${f.id} (${f.source.file}:${f.source.line}): ${f.message}`);
  for (const p of x.policies) {
    out.push(`policy ${p.policy} (${p.file}:${p.line}): ${p.applies ? 'applies' : 'does not apply'}`);
    if (!p.applies) continue;
    if (p.unparsed) out.push('  on unparsed applied');
    for (const r of p.rules) {
      if (r.skipped) {
        out.push(`  rule ${r.id}: skipped (${r.skipped})`);
        continue;
      }
      out.push(`  rule ${r.id}: ${r.fired ? `fired (${r.effect})` : 'did not fire'}`);
      for (const c of r.when) out.push(`    when ${c.text}  => ${c.value}`);
      for (const c of r.unless) out.push(`    unless ${c.text}  => ${c.value}`);
    }
    if (p.defaulted) out.push(`  no rule fired: default ${p.defaulted}`);
  }
  return out.join('\n') + '\n';
}
