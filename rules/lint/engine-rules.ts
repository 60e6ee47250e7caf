// hoop-lint's own checks (not policies): they have ids, severities and docs like pack rules.
import type { RuleInfo } from './deps.js';

export const DOCS_BASE = 'https://hoop.dev/docs/rules';

export const ENGINE_RULES: RuleInfo[] = [
  {
    id: 'hoop-lint/syntax-error',
    category: 'syntax',
    severity: 'error',
    description: 'the SQL could not be parsed, so no other rule could check it',
    docs: `${DOCS_BASE}/engine/syntax-error`,
    dialects: null,
    fix: null,
    origin: 'engine',
  },
  {
    id: 'hoop-lint/unused-suppression',
    category: 'style',
    severity: 'warning',
    description: 'a suppression comment that suppresses nothing',
    docs: `${DOCS_BASE}/engine/unused-suppression`,
    dialects: null,
    fix: null,
    origin: 'engine',
  },
  {
    id: 'hoop-lint/suppression-missing-reason',
    category: 'style',
    severity: 'error',
    description: 'a suppression comment without `-- <reason>`',
    docs: `${DOCS_BASE}/engine/suppression-missing-reason`,
    dialects: null,
    fix: null,
    origin: 'engine',
  },
];

export const ENGINE_RULE_IDS = new Set(ENGINE_RULES.map((r) => r.id));
