// The real runtime and policies behind the engine's interfaces: `runtime/index.ts` for analysis and
// catalogs, `compiler/index.ts` to compile the built-in pack (`rules/pack/*.hoop`) and user policy
// directories into decision modules, or to load compiled bundles.
// The compiler (and chevrotain with it) is imported only when something must be compiled or a
// bundle loaded: the built-in pack normally comes precompiled from the build (pack-cache.ts).
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyze, createCatalog, type Catalog } from '../../runtime/index.js';
import { splitStatements } from '../../runtime/sql/lexer/split.js';
import type { SourceText } from '../../compiler/index.js';
import type { Decision, DecisionInput } from '../../runtime/decision/types.js';
import { builtinRuleId } from '../presets.js';
import type { Analyzer, LintCatalog, PolicyEngine, RuleInfo, TagDeclaration } from './deps.js';
import { FIX_NAMES, type FixName, type InputError } from './finding.js';
import { PRECOMPILED_META, PRECOMPILED_MODULE, packHash, summarize, type PackSummary, type PrecompiledPack } from './pack-cache.js';
import { hoopFiles, readPackSources } from './pack-sources.js';
import type { Toolkit } from './setup.js';

const compiler = () => import('../../compiler/index.js');

export function defaultToolkit(): Toolkit {
  return {
    analyzer: async () => runtimeAnalyzer(),
    builtin: async () => {
      const dir = packDir();
      if (!dir) return { engine: null, errors: [{ file: 'rules/pack', line: 1, column: 1, code: 'setup/no-builtin-pack', message: 'the built-in rule pack (`rules/pack/*.hoop`) was not found; use `--no-builtin` with `--policy`' }] };
      return (await precompiledPack(dir)) ?? policyDirectory(dir, 'builtin', 'hoop-lint built-in rules');
    },
    policy: async (path) => {
      let isFile = false;
      try {
        isFile = statSync(path).isFile();
      } catch {
        return { engine: null, errors: [{ file: path, line: 1, column: 1, code: 'policy/not-found', message: `policy path \`${path}\` does not exist` }] };
      }
      return isFile ? policyBundle(path) : policyDirectory(path, 'policy', path);
    },
    shareable: true,
  };
}

export function runtimeAnalyzer(): Analyzer {
  return {
    analyze: (text, options) =>
      analyze(text, { dialect: options.dialect, file: options.file ?? undefined, catalog: options.catalog as Catalog | undefined, assumeInTransaction: options.assumeInTransaction }),
    createCatalog: (): LintCatalog => createCatalog(),
    statementRanges: (text, dialect) => splitStatements(text, dialect).statements.filter((s) => !s.meta),
    applyTags: (catalog, tags) => {
      const c = catalog as Catalog;
      for (const t of tags) {
        for (const s of t.selectors) {
          const dot = s.lastIndexOf('.');
          c.tag(dot < 0 ? { table: '*', column: s } : { table: s.slice(0, dot), column: s.slice(dot + 1) }, t.tag);
        }
      }
    },
  };
}

/** `rules/pack` next to this file (source) or next to `dist/` (built package). */
export function packDir(): string | null {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 4; i++) {
    for (const candidate of [join(dir, 'pack'), join(dir, 'rules', 'pack')]) {
      try {
        if (statSync(candidate).isDirectory()) return candidate;
      } catch {
        /* next */
      }
    }
    dir = dirname(dir);
  }
  return null;
}

function asFix(name: string | null): FixName | null {
  return name !== null && (FIX_NAMES as readonly string[]).includes(name) ? (name as FixName) : null;
}

/** Public rule ids: `require-concurrent-index-creation` for the built-in pack, `policy.rule` for user policies. */
function publicId(origin: RuleInfo['origin'], policy: string, rule: string): string {
  return origin === 'builtin' && !rule.startsWith('@') ? builtinRuleId(rule) : `${policy}.${rule}`;
}

function rulesOf(summary: PackSummary, origin: RuleInfo['origin']): RuleInfo[] {
  return summary.rules.map((r) => ({
    id: publicId(origin, r.policy, r.name),
    category: r.category,
    severity: r.severity,
    description: r.description,
    docs: r.docs,
    dialects: r.dialects,
    fix: asFix(r.fix),
    origin,
  }));
}

function tagsOf(summary: PackSummary): TagDeclaration[] {
  return summary.tags.map((t) => ({ tag: t.name, selectors: t.selectors }));
}

/** The build's precompiled pack (next to the bundle, in dist/), when it was built from exactly the
 * sources in `dir`; else null. */
export async function precompiledPack(dir: string, base: URL = new URL('.', import.meta.url)): Promise<{ engine: PolicyEngine; errors: InputError[] } | null> {
  try {
    const metaPath = fileURLToPath(new URL(PRECOMPILED_META, base));
    const moduleUrl = new URL(PRECOMPILED_MODULE, base);
    if (!existsSync(metaPath) || !existsSync(fileURLToPath(moduleUrl))) return null;
    const meta = JSON.parse(readFileSync(metaPath, 'utf8')) as PrecompiledPack;
    if (meta.hash !== packHash(readPackSources(dir))) return null;
    const mod = (await import(moduleUrl.href)) as { decide: (i: DecisionInput) => Decision };
    if (typeof mod.decide !== 'function') return null;
    return { engine: builtinEngine(meta.summary, mod.decide), errors: [] };
  } catch {
    return null; // unreadable or malformed: compile the sources instead
  }
}

function builtinEngine(summary: PackSummary, decide: (input: DecisionInput) => Decision): PolicyEngine {
  const ids: RuleIds = new Map();
  return { name: 'hoop-lint built-in rules', rules: rulesOf(summary, 'builtin'), tags: tagsOf(summary), requiredFacts: summary.requiredFacts ?? null, decide: (input) => renameFired(decide(input), ids) };
}

async function policyDirectory(dir: string, origin: 'builtin' | 'policy', name: string): Promise<{ engine: PolicyEngine | null; errors: InputError[] }> {
  const files: SourceText[] = [];
  const errors: InputError[] = [];
  for (const f of hoopFiles(dir)) {
    try {
      files.push({ file: origin === 'builtin' ? `rules/pack/${relative(dir, f)}` : f, text: readFileSync(f, 'utf8') });
    } catch {
      errors.push({ file: f, line: 1, column: 1, code: 'policy/unreadable', message: `cannot read policy file \`${f}\`` });
    }
  }
  if (files.length === 0 && errors.length === 0) {
    errors.push({ file: dir, line: 1, column: 1, code: 'policy/empty', message: `no \`.hoop\` files in \`${dir}\`` });
  }
  if (errors.length) return { engine: null, errors };
  const { compilePolicySet, interpret } = await compiler();
  const compiled = compilePolicySet(files);
  for (const d of compiled.diagnostics) {
    if (d.severity !== 'error') continue;
    errors.push({ file: d.file ?? dir, line: d.span.line, column: d.span.column, code: d.code, message: d.message });
  }
  if (errors.length || compiled.source === null) return { engine: null, errors };
  const set = compiled.set;
  let decide: (input: DecisionInput) => Decision;
  try {
    // the generated module is plain JS; imported from memory, like a bundle
    const mod = (await import(`data:text/javascript;base64,${Buffer.from(compiled.source, 'utf8').toString('base64')}`)) as { decide: (i: DecisionInput) => Decision };
    decide = mod.decide;
  } catch {
    decide = (input) => interpret(set, input);
  }
  const summary = summarize(set, compiled.manifest?.requiredFacts);
  if (origin === 'builtin') return { engine: builtinEngine(summary, decide), errors: [] };
  return { engine: { name, rules: rulesOf(summary, origin), tags: tagsOf(summary), requiredFacts: summary.requiredFacts ?? null, decide }, errors: [] };
}

/** `ids`: `policy\0rule` → public id, per engine (a run fires a few rules thousands of times) */
/** public ids by policy, then rule (two lookups of the module's constant strings, no key to build) */
type RuleIds = Map<string, Map<string, string>>;

function publicIdOf(ids: RuleIds, policy: string, rule: string): string {
  let byRule = ids.get(policy);
  if (byRule === undefined) ids.set(policy, (byRule = new Map()));
  let id = byRule.get(rule);
  if (id === undefined) byRule.set(rule, (id = publicId('builtin', policy, rule)));
  return id;
}

function renameFired(d: Decision, ids: RuleIds): Decision {
  if (d.fired.length === 0) return d;
  // the compiled module returns fresh objects on every call (codegen.ts): renamed in place, which
  // saves two object copies per fired rule; anything frozen is copied as before
  if (!Object.isFrozen(d) && !Object.isFrozen(d.fired)) {
    const fired = d.fired;
    for (let k = 0; k < fired.length; k++) {
      const f = fired[k];
      const id = publicIdOf(ids, f.policy, f.rule);
      if (f.id === id) continue;
      if (Object.isFrozen(f)) fired[k] = { ...f, id };
      else (f as { id: string }).id = id;
    }
    return d;
  }
  return {
    ...d,
    fired: d.fired.map((f) => ({ ...f, id: publicIdOf(ids, f.policy, f.rule) })),
  };
}

async function policyBundle(path: string): Promise<{ engine: PolicyEngine | null; errors: InputError[] }> {
  const { BundleError, loadBundle } = await compiler();
  try {
    const b = await loadBundle(path);
    const rules: RuleInfo[] = b.manifest.rules.map((r) => ({
      id: r.id,
      category: r.category,
      severity: r.severity,
      description: r.description,
      docs: r.docs,
      dialects: r.dialects,
      fix: asFix((r as { fix?: string | null }).fix ?? null),
      origin: 'policy',
    }));
    return { engine: { name: path, rules, tags: [], requiredFacts: b.manifest.requiredFacts ?? null, decide: b.decide }, errors: [] };
  } catch (e) {
    const code = e instanceof BundleError ? e.code : 'bundle/invalid';
    return { engine: null, errors: [{ file: path, line: 1, column: 1, code, message: String((e as Error).message).split('\n')[0] }] };
  }
}
