// Presets of the built-in rule pack, in the manner of ESLint shared configs: which rules are on
// and at which severity. A rule a preset does not name is off in it. `strict` extends
// `recommended` with the opinionated and style rules; `agent` is for SQL written by AI agents
// (prompts, plans, agent principals behind the proxy): data and privilege rules at `error`.
//
// Rule ids: a built-in rule's id is its name in `rules/pack/*.hoop` with `_` written `-`
// (`rule require_concurrent_index_creation` is `require-concurrent-index-creation`); the policy
// holding it (`hoop_lock`) is not part of the id. Rule names are unique across the pack.

export type PresetName = 'recommended' | 'strict' | 'agent';
export type PresetSeverity = 'error' | 'warning' | 'off';

export interface PresetConfig {
  description: string;
  /** the preset this one starts from; its own entries win */
  extends: PresetName | null;
  rules: Readonly<Record<string, PresetSeverity>>;
}

export const PRESET_NAMES: readonly PresetName[] = ['recommended', 'strict', 'agent'];

/** Public id of a built-in rule from its name in the pack. */
export function builtinRuleId(ruleName: string): string {
  return ruleName.replace(/_/g, '-');
}

const E = 'error';
const W = 'warning';

/** Rules on in `recommended`: what a reviewer wants to see on a migration or a query. */
const RECOMMENDED: Record<string, PresetSeverity> = {
  // destructive
  'ban-drop-table': E,
  'ban-drop-column': E,
  'ban-drop-database': E,
  'ban-drop-schema': E,
  'ban-truncate': E,
  'ban-truncate-cascade': E,
  'ban-drop-cascade': E,
  'require-where': E,
  'ban-on-delete-cascade': W,
  'ban-explain-analyze-write': E,
  'ban-backfill-in-migration': W,
  'ban-drop-foreign-key': W,
  // lock
  'require-concurrent-index-creation': E,
  'require-concurrent-index-deletion': W,
  'require-concurrent-reindex': E,
  'require-concurrent-partition-detach': W,
  'require-concurrent-refresh': W,
  'ban-concurrent-index-creation-in-transaction': E,
  'adding-foreign-key-constraint': E,
  'constraint-missing-not-valid': E,
  'adding-field-with-default': E,
  'adding-generated-column': E,
  'adding-serial-primary-key-field': E,
  'adding-not-nullable-field': E,
  'disallowed-unique-constraint': E,
  'adding-exclusion-constraint': E,
  'changing-column-type': E,
  'ban-table-rewrite': W,
  'require-lock-timeout': W,
  'prefer-repack': W,
  'ban-alter-domain-with-add-constraint': W,
  'ban-create-domain-with-constraint': W,
  'ban-statements-after-access-exclusive': W,
  // compat
  'renaming-column': E,
  'renaming-table': E,
  'renaming-schema': E,
  'renaming-enum-value': E,
  'ban-drop-not-null': W,
  'adding-required-field': E,
  'identifier-too-long': E,
  // robustness
  'transaction-nesting': W,
  'ban-uncommitted-transaction': W,
  'require-primary-key': W,
  'ban-duplicate-column-assignments': W,
  'prefer-timestamptz': W,
  'prefer-jsonb': W,
  'ban-sleep': W,
  // privilege
  'ban-grant-to-public': E,
  'ban-grant-all-privileges': W,
  'ban-grant-with-grant-option': W,
  'ban-privileged-role': E,
  'ban-grant-dangerous-role': E,
  'ban-grant-server-privileges': E,
  'ban-set-role': W,
  'ban-set-session-authorization': E,
  'ban-disable-rls': E,
  'ban-alter-system': E,
  'ban-admin-functions': E,
  'ban-load-library': E,
  'ban-password-in-sql': W,
  // exfiltration
  'ban-copy-program': E,
  'ban-copy-server-file': E,
  'ban-server-file-access': E,
  'ban-shell-command': E,
  'ban-into-outfile': E,
  'ban-load-data-infile': E,
  'ban-dblink': E,
  'ban-dangerous-extension': E,
  // dynamic SQL
  'ban-dynamic-sql': E,
  // pii
  'pii-select-star': W,
  'ban-pii-copy-out': E,
  // agents (these only fire for agent SQL, or in production)
  'agent-multiple-statements': W,
  'agent-transaction-control': W,
  'agent-unparsed-sql': E,
  'ban-ddl-in-production': E,
};

/** Added by `strict`: opinionated checks, types and query shapes. */
const STRICT_ONLY: Record<string, PresetSeverity> = {
  'require-statement-timeout': W,
  'ban-lock-table': W,
  'adding-unique-index': W,
  'prefer-robust-stmts': W,
  'prefer-robust-drop': W,
  'ban-commit-in-script': W,
  'require-insert-columns': W,
  'require-enum-value-ordering': W,
  'prefer-bigint-over-int': W,
  'prefer-bigint-over-smallint': W,
  'prefer-identity': W,
  'ban-char-field': W,
  'prefer-text-field': W,
  'prefer-numeric-over-money': W,
  'disallowed-charset': W,
  'ban-create-enum': W,
  'ban-select-star': W,
  'ban-leading-wildcard-like': W,
  'require-table-schema': W,
  'prefer-single-alter-table': W,
  'ban-prepared-statements': W,
  'pii-in-output': W,
};

/** `agent`: everything an agent can break, strictest where the agent acts without a reviewer. */
const AGENT: Record<string, PresetSeverity> = {
  ...RECOMMENDED,
  'ban-backfill-in-migration': 'off',
  'ban-on-delete-cascade': 'off',
  'ban-drop-not-null': 'off',
  'require-primary-key': 'off',
  'prefer-timestamptz': 'off',
  'prefer-jsonb': 'off',
  'transaction-nesting': 'off',
  'ban-sleep': E,
  'ban-grant-all-privileges': E,
  'ban-grant-with-grant-option': E,
  'ban-set-role': E,
  'ban-password-in-sql': E,
  'ban-lock-table': W,
  'ban-prepared-statements': E,
  'pii-in-output': W,
  'pii-select-star': E,
  'agent-multiple-statements': E,
  'agent-transaction-control': E,
};

export const PRESETS: Readonly<Record<PresetName, PresetConfig>> = {
  recommended: {
    description: 'rules a reviewer wants to see on every migration and query: data loss, blocking locks, breaking changes, privilege and exfiltration',
    extends: null,
    rules: RECOMMENDED,
  },
  strict: {
    description: 'recommended plus opinionated and style rules (types, robust statements, query shapes)',
    extends: 'recommended',
    rules: STRICT_ONLY,
  },
  agent: {
    description: 'for SQL written by AI agents: destructive, privilege, exfiltration, dynamic SQL, PII and agent rules at error',
    extends: null,
    rules: AGENT,
  },
};

/** The rules a preset turns on or off, with `extends` resolved. Rules absent from the map are off. */
export function presetRules(name: PresetName): Record<string, PresetSeverity> {
  const p = PRESETS[name];
  const base = p.extends ? presetRules(p.extends) : {};
  return { ...base, ...p.rules };
}

/** Severity of one rule under a preset (`off` when the preset does not name it). */
export function presetSeverity(name: PresetName, ruleId: string): PresetSeverity {
  return presetRules(name)[ruleId] ?? 'off';
}
