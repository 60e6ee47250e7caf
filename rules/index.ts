// Programmatic API of hoop-lint: the same findings as the CLI, for editors, CI scripts and agent
// frameworks (call `lintPlan` on a plan before executing it).
import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { EFFECT_ORDER, type Effect } from '../runtime/decision/types.js';
import type { Dialect } from '../runtime/facts/types.js';
import { emptyConfig, findConfig, loadConfig, type LoadedConfig, type Preset, type RuleSetting } from './lint/config.js';
import type { RuleInfo } from './lint/deps.js';
import { collectFiles, displayPath, planUnits } from './lint/files.js';
import { formatInputError, type Finding, type InputError } from './lint/finding.js';
import { lintBytes, lintText as lintSource, type FileResult, type LintDeps } from './lint/lint-source.js';
import { buildSpec } from './lint/options.js';
import { lintUnit } from './lint/run.js';
import { createDeps, type Toolkit } from './lint/setup.js';
import type { ToolCall } from './inputs/region.js';

export type { Finding, Fix, TextEdit, InputError, FindingSeverity, FixName } from './lint/finding.js';
export type { RuleInfo, PolicyEngine, Analyzer, TagDeclaration } from './lint/deps.js';
export type { Toolkit } from './lint/setup.js';
export type { SqlRegion, ToolCall, Origin, Direction } from './inputs/region.js';
export type { RegionContext } from './lint/migration-context.js';
export { readInput } from './inputs/read.js';
export { FORMATTERS } from './format/index.js';
export { run } from './cli.js';

export interface LintOptions {
  /** path used to pick the reader (`.sql`, `.md`, `.json`...) and shown in findings */
  filename?: string;
  dialect?: Dialect;
  /** `connection.env` the policies see (default `development`) */
  env?: string;
  /** user policy directories or bundles */
  policy?: string | string[];
  /** use the built-in rule pack (default true) */
  builtin?: boolean;
  schema?: string | string[];
  rules?: Record<string, RuleSetting>;
  preset?: Preset;
  /** base for relative paths (default: process.cwd()) */
  cwd?: string;
  /** a config file path, or true to look for `hoop-lint.config.json` from cwd upwards (default: none) */
  config?: string | boolean;
  assumeInTransaction?: boolean;
  requireSuppressionReason?: boolean;
  /** time the decisions see (ISO), default now */
  now?: string;
  /** runtime and policies to use instead of the real ones (tests) */
  toolkit?: Toolkit;
}

export interface LintResult {
  file: string;
  findings: Finding[];
  /** unreadable input (invalid JSON, binary...) */
  errors: InputError[];
  errorCount: number;
  warningCount: number;
  infoCount: number;
  /** no error findings and no input errors */
  ok: boolean;
}

export interface ToolCallVerdict extends ToolCall {
  /** strongest effect of the findings on this tool call (`allow` when none) */
  effect: Effect;
  findings: Finding[];
}

export interface PlanResult extends LintResult {
  /** one entry per SQL-bearing string of the plan, in plan order */
  toolCalls: ToolCallVerdict[];
  /** the strongest effect over the whole plan: `deny` means do not execute it */
  effect: Effect;
}

export class LintSetupError extends Error {
  constructor(readonly errors: InputError[]) {
    super(errors.map(formatInputError).join('\n'));
    this.name = 'LintSetupError';
  }
}

export interface Linter {
  rules: RuleInfo[];
  lintText(text: string, filename?: string): Promise<LintResult>;
  lintFile(path: string): Promise<LintResult>;
  lintPlan(plan: unknown, filename?: string): Promise<PlanResult>;
  lintPaths(paths: string[]): Promise<LintResult[]>;
}

function loadConfigOption(cwd: string, option: LintOptions['config']): LoadedConfig {
  if (option === undefined || option === false) return emptyConfig(cwd);
  const path = option === true ? findConfig(cwd) : resolve(cwd, option);
  if (path === null) return emptyConfig(cwd);
  const { config, errors } = loadConfig(path);
  if (!config) throw new LintSetupError(errors);
  return config;
}

/** Builds the runtime, policies and rule table once; the returned linter reuses them. */
export async function createLinter(options: LintOptions = {}): Promise<Linter> {
  const cwd = options.cwd ?? process.cwd();
  const loaded = loadConfigOption(cwd, options.config);
  if (options.preset) loaded.config = { ...loaded.config, extends: options.preset };
  if (options.requireSuppressionReason !== undefined) loaded.config = { ...loaded.config, requireSuppressionReason: options.requireSuppressionReason };
  const list = (v: string | string[] | undefined) => (v === undefined ? undefined : Array.isArray(v) ? v : [v]);
  const { spec, errors } = buildSpec(cwd, loaded, {
    dialect: options.dialect,
    env: options.env,
    policies: list(options.policy),
    schema: list(options.schema),
    builtin: options.builtin,
    rules: Object.entries(options.rules ?? {}).map(([id, setting]) => ({ id, setting })),
    assumeInTransaction: options.assumeInTransaction,
    now: options.now,
  });
  if (!spec) throw new LintSetupError(errors);
  const toolkit = options.toolkit ?? (await import('./lint/toolkit.js')).defaultToolkit();
  const { deps, errors: setupErrors } = await createDeps(spec, toolkit);
  if (setupErrors.length) throw new LintSetupError(setupErrors);
  const d: LintDeps = deps;
  const show = (p: string) => (isAbsolute(p) ? displayPath(cwd, p) : p.split('\\').join('/'));
  return {
    rules: [...d.rules.rules.values()],
    lintText: async (text, filename = options.filename ?? 'input.sql') => strip(summarize(await lintSource(show(filename), text, d))),
    lintFile: async (path) => {
      const abs = resolve(cwd, path);
      let bytes: Uint8Array;
      try {
        bytes = readFileSync(abs);
      } catch {
        return strip(summarize({ file: show(path), findings: [], errors: [{ file: show(path), line: 1, column: 1, code: 'input/unreadable', message: `cannot read \`${path}\`` }], suppressed: 0, statements: 0 }));
      }
      return strip(summarize(await lintBytes(displayPath(cwd, abs), bytes, d)));
    },
    lintPlan: async (plan, filename) => {
      const { text, name } = planText(plan, filename ?? options.filename);
      return planVerdict(summarize(await lintSource(show(name), text, d)));
    },
    lintPaths: async (paths) => {
      const { targets, errors: walkErrors } = collectFiles(cwd, paths, { ignore: loaded.config.ignore ?? [], ignoreBase: loaded.dir });
      const results: FileResult[] = [];
      for (const u of planUnits(targets)) results.push(...(await lintUnit(u, d)));
      results.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
      const out = results.map((r) => strip(summarize(r)));
      for (const e of walkErrors) out.push(strip(summarize({ file: e.file, findings: [], errors: [e], suppressed: 0, statements: 0 })));
      return out;
    },
  };
}

export async function lintText(text: string, options: LintOptions = {}): Promise<LintResult> {
  return (await createLinter(options)).lintText(text, options.filename);
}

export async function lintFile(path: string, options: LintOptions = {}): Promise<LintResult> {
  return (await createLinter(options)).lintFile(path);
}

/** Lints an agent plan (an object, or JSON/JSONL/YAML text) before it runs. */
export async function lintPlan(plan: unknown, options: LintOptions = {}): Promise<PlanResult> {
  return (await createLinter(options)).lintPlan(plan, options.filename);
}

export async function lintPaths(paths: string[], options: LintOptions = {}): Promise<LintResult[]> {
  return (await createLinter(options)).lintPaths(paths);
}

export async function listRules(options: LintOptions = {}): Promise<RuleInfo[]> {
  return (await createLinter(options)).rules;
}

function summarize(r: FileResult): LintResult & { toolCallList: ToolCall[] } {
  let errorCount = 0;
  let warningCount = 0;
  let infoCount = 0;
  for (const f of r.findings) {
    if (f.severity === 'error') errorCount++;
    else if (f.severity === 'warning') warningCount++;
    else infoCount++;
  }
  return { file: r.file, findings: r.findings, errors: r.errors, errorCount, warningCount, infoCount, ok: errorCount === 0 && r.errors.length === 0, toolCallList: r.toolCalls ?? [] };
}

function strip(r: LintResult & { toolCallList: ToolCall[] }): LintResult {
  const { toolCallList: _omit, ...rest } = r;
  return rest;
}

function planText(plan: unknown, filename: string | undefined): { text: string; name: string } {
  if (typeof plan !== 'string') return { text: JSON.stringify(plan, null, 2) + '\n', name: filename ?? 'plan.json' };
  if (filename) return { text: plan, name: filename };
  const t = plan.trim();
  try {
    JSON.parse(t);
    return { text: plan, name: 'plan.json' };
  } catch {
    const lines = t.split('\n').filter((l) => l.trim() !== '');
    if (lines.length > 0 && lines.every((l) => /^\s*[{[]/.test(l))) return { text: plan, name: 'plan.jsonl' };
    return { text: plan, name: 'plan.yaml' };
  }
}

function strongest(effects: Iterable<string>): Effect {
  let best = EFFECT_ORDER.length - 1;
  for (const e of effects) {
    const i = EFFECT_ORDER.indexOf(e as Effect);
    if (i >= 0 && i < best) best = i;
  }
  return EFFECT_ORDER[best];
}

function planVerdict(summary: LintResult & { toolCallList: ToolCall[] }): PlanResult {
  const { toolCallList, ...r } = summary;
  const calls = new Map<number, ToolCallVerdict>();
  for (const t of toolCallList) calls.set(t.index, { ...t, effect: 'allow', findings: [] });
  for (const f of r.findings) {
    if (!f.toolCall) continue;
    let v = calls.get(f.toolCall.index);
    if (!v) calls.set(f.toolCall.index, (v = { ...f.toolCall, effect: 'allow', findings: [] }));
    v.findings.push(f);
  }
  for (const v of calls.values()) v.effect = strongest(v.findings.map((f) => (f.effect === 'check' ? (f.severity === 'error' ? 'deny' : 'warn') : f.effect)));
  const toolCalls = [...calls.values()].sort((a, b) => a.index - b.index);
  return { ...r, toolCalls, effect: strongest(toolCalls.map((t) => t.effect)) };
}
