// From a config file and flags to the plain SetupSpec a run (and its workers) is built from.
import { resolve } from 'node:path';
import type { Dialect } from '../../runtime/facts/types.js';
import { dialectFromName } from '../inputs/sql-shape.js';
import { toList, type LoadedConfig, type Preset, type RuleSetting } from './config.js';
import type { InputError } from './finding.js';
import { overridesFromConfig, type LocatedOverride, type SetupSpec } from './setup.js';

export interface SpecFlags {
  dialect?: string;
  env?: string;
  policies?: string[];
  schema?: string[];
  builtin?: boolean;
  rules?: Array<{ id: string; setting: RuleSetting }>;
  assumeInTransaction?: boolean;
  now?: string;
}

export function buildSpec(cwd: string, loaded: LoadedConfig, flags: SpecFlags): { spec: SetupSpec | null; errors: InputError[] } {
  const c = loaded.config;
  const preset: Preset = c.extends ?? 'recommended';
  const errors: InputError[] = [];
  let dialect: Dialect = c.dialect ?? 'postgres';
  if (flags.dialect !== undefined) {
    const d = dialectFromName(flags.dialect);
    if (!d) {
      errors.push({ file: '--dialect', line: 1, column: 1, code: 'usage/unknown-dialect', message: `unknown dialect \`${flags.dialect}\` (postgres, mysql, mariadb, sqlite, bigquery, snowflake, transactsql, redshift, db2, hive, flinksql, trino)` });
    } else dialect = d;
  }
  const overrides: LocatedOverride[] = [
    ...overridesFromConfig(c.rules, loaded.path, loaded.ruleKeyPositions),
    ...(flags.rules ?? []).map((r) => ({ ...r, at: null })),
  ];
  const spec: SetupSpec = {
    cwd,
    builtin: flags.builtin ?? c.builtin ?? true,
    policies: [...toList(c.policy).map((p) => resolve(loaded.dir, p)), ...(flags.policies ?? []).map((p) => resolve(cwd, p))],
    schema: [...toList(c.schema).map((p) => resolve(loaded.dir, p)), ...(flags.schema ?? []).map((p) => resolve(cwd, p))],
    preset,
    overrides,
    settings: {
      env: flags.env ?? c.env ?? 'development',
      dialect,
      assumeInTransaction: flags.assumeInTransaction ?? c.assumeInTransaction ?? false,
      requireSuppressionReason: c.requireSuppressionReason ?? true,
      agentPrincipal: preset === 'agent',
      now: flags.now ?? new Date().toISOString(),
    },
  };
  return { spec: errors.length ? null : spec, errors };
}
