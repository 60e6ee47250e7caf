// Every rule the run knows (built-in pack, user policies, hoop-lint's own checks) with the severity
// it ends up with. Built-in rules: the preset's (`rules/presets.ts`; a rule it does not name is off);
// user policy rules and hoop-lint's checks: their own. Then the config file, then `--rule`.
import type { RuleInfo } from './deps.js';
import { ENGINE_RULES } from './engine-rules.js';
import type { FindingSeverity } from './finding.js';
import type { Preset, RuleSetting } from './config.js';
import { presetRules } from '../presets.js';

export type EffectiveSeverity = FindingSeverity | 'off';

export interface RuleTable {
  rules: Map<string, RuleInfo>;
  severity: Map<string, EffectiveSeverity>;
  /** rules whose severity the user set (config or `--rule`) */
  overridden: Set<string>;
}

export function settingSeverity(s: RuleSetting): EffectiveSeverity {
  return s === 'warn' || s === 'warning' ? 'warning' : s;
}

/** Full rule id for what a user wrote: the id itself (built-in ids also with `_` for `-`), or a rule
 * name that only one policy uses. */
export function resolveRuleId(rules: Map<string, RuleInfo>, spec: string): string | null {
  if (rules.has(spec)) return spec;
  const hyphen = spec.replace(/_/g, '-');
  if (rules.get(hyphen)?.origin === 'builtin') return hyphen;
  const matches = [...rules.keys()].filter((id) => id.endsWith(`.${spec}`) || id.endsWith(`/${spec}`));
  return matches.length === 1 ? matches[0] : null;
}

export interface RuleOverride {
  id: string;
  setting: RuleSetting;
}

/** Builds the table; returns the overrides whose rule does not exist (the caller reports where they were written). */
export function buildRuleTable(
  packRules: RuleInfo[],
  preset: Preset,
  overrides: RuleOverride[],
): { table: RuleTable; unknown: RuleOverride[] } {
  const rules = new Map<string, RuleInfo>();
  for (const r of [...ENGINE_RULES, ...packRules]) if (!rules.has(r.id)) rules.set(r.id, r);
  const severity = new Map<string, EffectiveSeverity>();
  const fromPreset = presetRules(preset);
  for (const r of rules.values()) severity.set(r.id, r.origin === 'builtin' ? (fromPreset[r.id] ?? 'off') : r.severity);
  const unknown: RuleOverride[] = [];
  const overridden = new Set<string>();
  for (const o of overrides) {
    const id = resolveRuleId(rules, o.id);
    if (id === null) unknown.push(o);
    else {
      severity.set(id, settingSeverity(o.setting));
      overridden.add(id);
    }
  }
  return { table: { rules, severity, overridden }, unknown };
}

export function closestRule(rules: Map<string, RuleInfo>, spec: string): string | null {
  let best: string | null = null;
  let bestScore = Infinity;
  for (const id of rules.keys()) {
    const short = id.slice(Math.max(id.lastIndexOf('.'), id.lastIndexOf('/')) + 1);
    const score = Math.min(lev(id, spec), lev(short, spec));
    if (score < bestScore) {
      bestScore = score;
      best = id;
    }
  }
  return bestScore <= 3 ? best : null;
}

function lev(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length];
}
