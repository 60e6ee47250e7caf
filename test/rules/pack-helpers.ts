// Shared by the rule-pack suites: the pack's files, the checked set, and the id mapping.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { compilePolicySet } from '../../compiler/index.js';
import { loadPolicySet } from '../../compiler/policy-set.js';
import type { CheckedPolicySet, CheckedRule } from '../../compiler/ast.js';
import { interpret } from '../../compiler/interpret.js';
import { analyze, type Catalog } from '../../runtime/index.js';
import type { Dialect } from '../../runtime/facts/types.js';
import type { Decision, DecisionInput, Source } from '../../runtime/decision/types.js';
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

export interface ExampleContext {
  dialect?: Dialect;
  source?: Source;
  principal?: 'human' | 'agent' | 'service';
  env?: string;
  catalog?: Catalog;
  /** the migration tool wraps the text in a transaction (the runtime's `assumeInTransaction`) */
  assumeInTransaction?: boolean | 'always';
}

/** The decision inputs for each statement of `sql`, analysed by the runtime's `analyze()`. */
export async function exampleInputs(sql: string, ctx: ExampleContext = {}): Promise<DecisionInput[]> {
  const dialect = ctx.dialect ?? 'postgres';
  const result = await analyze(sql, { dialect, catalog: ctx.catalog, file: 'example.sql', assumeInTransaction: ctx.assumeInTransaction });
  return result.statements.map((statement) => ({
    statement,
    principal: { id: 'tester', kind: ctx.principal ?? 'human', groups: [], attributes: {} },
    connection: { name: 'test', env: ctx.env ?? 'development', dialect, database: 'app' },
    source: ctx.source ?? 'migration',
    time: { iso: '2026-01-07T12:00:00Z', hour: 12, weekday: 3 },
    request: { statementCount: result.statements.length },
  }));
}

export interface Finding {
  id: string;
  message: string;
}

/** The pack rules a decision lists, by public id. */
export function findings(decision: Decision): Finding[] {
  return decision.fired.map((f) => ({ id: builtinRuleId(f.rule), message: f.message }));
}

/** Runs SQL through the real pipeline (runtime `analyze()`, the pack interpreted by the compiler's
 * reference interpreter) and returns, per statement, the ids of the pack rules that fired. */
export async function firedPerStatement(set: CheckedPolicySet, sql: string, ctx: ExampleContext = {}): Promise<string[][]> {
  return (await exampleInputs(sql, ctx)).map((input) => findings(interpret(set, input)).map((f) => f.id));
}

/** The pack compiled by the code generator to a decision module, loaded from a temporary file. */
export async function compiledPack(): Promise<{ decide: (input: DecisionInput) => Decision; cleanup: () => void }> {
  const files = packFiles();
  const compiled = compilePolicySet(files);
  if (compiled.source === null) throw new Error(`the pack does not compile: ${compiled.diagnostics.map((d) => d.message).join('; ')}`);
  const dir = mkdtempSync(join(tmpdir(), 'hoop-pack-'));
  const file = join(dir, 'pack.mjs');
  writeFileSync(file, compiled.source);
  const mod = (await import(pathToFileURL(file).href)) as { decide: (input: DecisionInput) => Decision };
  return { decide: mod.decide, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
