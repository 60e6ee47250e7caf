// Everything a run needs before the first file: the runtime, the policy engines (built-in pack and
// user policies), the rule table with the user's severities, and the analysed `--schema` DDL.
// Built from a plain `SetupSpec`, so worker threads rebuild the same setup from a message.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { AnalysisResult, Dialect } from '../../runtime/facts/types.js';
import { compareMigrationPaths } from '../inputs/migration.js';
import type { Analyzer, PolicyEngine, TagDeclaration } from './deps.js';
import type { InputError } from './finding.js';
import type { Preset, RuleSetting } from './config.js';
import type { LintDeps, LintSettings } from './lint-source.js';
import { buildRuleTable, closestRule, type RuleOverride } from './rule-table.js';

/** Where a rule override was written, for errors: the config file key or a `--rule` flag. */
export interface LocatedOverride extends RuleOverride {
  at: { file: string; line: number; column: number } | null;
}

export interface SetupSpec {
  cwd: string;
  builtin: boolean;
  /** policy directories or bundle files (absolute) */
  policies: string[];
  /** schema files or directories (absolute) */
  schema: string[];
  preset: Preset;
  overrides: LocatedOverride[];
  settings: LintSettings;
}

/** How the engine gets the runtime and the policies: the real ones, or test doubles. */
export interface Toolkit {
  analyzer(): Promise<Analyzer>;
  /** the built-in rule pack (`rules/pack/*.hoop`) */
  builtin(): Promise<{ engine: PolicyEngine | null; errors: InputError[] }>;
  /** a user policy directory or compiled bundle */
  policy(path: string): Promise<{ engine: PolicyEngine | null; errors: InputError[] }>;
  /** true for the real toolkit: worker threads can rebuild it */
  shareable: boolean;
}

/** Builds the setup. Problems (a policy that does not compile, an unknown rule, a missing schema) are
 * returned with a setup that leaves the broken part out, so the CLI still lints and then exits 2. */
export async function createDeps(spec: SetupSpec, toolkit: Toolkit): Promise<{ deps: LintDeps; errors: InputError[] }> {
  const errors: InputError[] = [];
  const analyzer = await toolkit.analyzer();
  const engines: PolicyEngine[] = [];
  if (spec.builtin) {
    const b = await toolkit.builtin();
    errors.push(...b.errors);
    if (b.engine) engines.push(b.engine);
  }
  for (const p of spec.policies) {
    const r = await toolkit.policy(p);
    errors.push(...r.errors);
    if (r.engine) engines.push(r.engine);
  }
  const { table, unknown } = buildRuleTable(
    engines.flatMap((e) => e.rules),
    spec.preset,
    spec.overrides,
  );
  for (const u of unknown as LocatedOverride[]) {
    const near = closestRule(table.rules, u.id);
    const hint = near ? ` (did you mean \`${near}\`?)` : ' (see `hoop-lint --list-rules`)';
    const at = u.at ?? { file: '--rule', line: 1, column: 1 };
    errors.push({ ...at, code: 'config/unknown-rule', message: `unknown rule \`${u.id}\`${hint}` });
  }
  const schemaTags: TagDeclaration[] = [];
  const schema = await analyzeSchema(spec.schema, spec.settings.dialect, spec.cwd, analyzer, errors, schemaTags);
  return { deps: { analyzer, engines, rules: table, settings: spec.settings, schema, schemaTags }, errors };
}

function schemaFiles(path: string): string[] {
  const st = statSync(path);
  if (st.isFile()) return [path];
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory() && e.name !== 'node_modules' && !e.name.startsWith('.')) walk(p);
      else if (e.isFile() && e.name.endsWith('.sql') && !/\.down\.sql$/i.test(e.name) && !/^U\d/.test(e.name)) out.push(p);
    }
  };
  walk(path);
  return out.sort((a, b) => compareMigrationPaths(relative(path, a), relative(path, b)));
}

/** Analyses the schema DDL in order with one catalog, so later files see earlier tables. */
async function analyzeSchema(
  paths: string[],
  dialect: Dialect,
  cwd: string,
  analyzer: Analyzer,
  errors: InputError[],
  tags: TagDeclaration[],
): Promise<AnalysisResult[]> {
  const results: AnalysisResult[] = [];
  const catalog = analyzer.createCatalog();
  for (const p of paths) {
    let files: string[];
    try {
      files = schemaFiles(p);
    } catch {
      errors.push({ file: relative(cwd, p) || p, line: 1, column: 1, code: 'config/schema-not-found', message: `schema path \`${p}\` does not exist` });
      continue;
    }
    for (const f of files) {
      let text: string;
      try {
        text = readFileSync(f, 'utf8');
      } catch {
        errors.push({ file: relative(cwd, f), line: 1, column: 1, code: 'input/unreadable', message: `cannot read schema file \`${f}\`` });
        continue;
      }
      tags.push(...commentTags(text));
      const r = await analyzer.analyze(text, { dialect, file: f, catalog });
      catalog.replay(r);
      results.push(r);
    }
  }
  return results;
}

/** `COMMENT ON COLUMN users.email IS '... hoop:tags=pii,email ...'` tags the column, so schema files
 * can carry classification the way teams already document columns. */
export function commentTags(sql: string): TagDeclaration[] {
  const out: TagDeclaration[] = [];
  const re = /COMMENT\s+ON\s+COLUMN\s+((?:"[^"]+"|[\w$]+)(?:\.(?:"[^"]+"|[\w$]+)){1,2})\s+IS\s+'((?:[^']|'')*)'/gi;
  let m: RegExpExecArray | null;
  while ((m = re.exec(sql))) {
    const t = /hoop:tags\s*=\s*([\w-]+(?:\s*,\s*[\w-]+)*)/i.exec(m[2]);
    if (!t) continue;
    const parts = m[1].split('.').map((p) => (p.startsWith('"') ? p.slice(1, -1) : p.toLowerCase()));
    const selector = parts.slice(-2).join('.');
    for (const tag of t[1].split(',')) out.push({ tag: tag.trim().toLowerCase(), selectors: [selector] });
  }
  return out;
}

export function absolute(cwd: string, p: string): string {
  return resolve(cwd, p);
}

export function overridesFromConfig(rules: Record<string, RuleSetting> | undefined, file: string | null, positions: Map<string, { line: number; column: number }>): LocatedOverride[] {
  return Object.entries(rules ?? {}).map(([id, setting]) => {
    const pos = positions.get(id);
    return { id, setting, at: file && pos ? { file, ...pos } : null };
  });
}
