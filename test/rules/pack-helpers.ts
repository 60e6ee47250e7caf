// Shared by the rule-pack suites: the pack's files, the checked set, and the id mapping.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadPolicySet } from '../../compiler/policy-set.js';
import type { CheckedRule } from '../../compiler/ast.js';
import { builtinRuleId } from '../../rules/presets.js';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const PACK_DIR = join(ROOT, 'rules', 'pack');
export const DOCS_DIR = join(ROOT, 'docs', 'rules');

export function packFiles(): { file: string; text: string }[] {
  return readdirSync(PACK_DIR)
    .filter((f) => f.endsWith('.hoop'))
    .sort()
    .map((f) => ({ file: `rules/pack/${f}`, text: readFileSync(join(PACK_DIR, f), 'utf8') }));
}

export function loadPack() {
  return loadPolicySet(packFiles());
}

export function packRules(): Map<string, CheckedRule> {
  const out = new Map<string, CheckedRule>();
  for (const p of loadPack().value.policies) for (const r of p.rules) out.set(builtinRuleId(r.name), r);
  return out;
}
