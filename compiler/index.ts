// Public API of the policy compiler: compile a policy set to a decision module, interpret it,
// build, sign, verify and load bundles, run policy tests, explain decisions.
import type { CheckedPolicySet } from './ast.js';
import type { Diagnostic } from '../runtime/facts/types.js';
import { loadPolicySet } from './policy-set.js';
import { generateModule } from './codegen.js';
import { buildManifest } from './codegen-manifest.js';
import { signBundle, wrapBundle, type Manifest } from './bundle.js';

export { interpret, traceDecision } from './interpret.js';
export { combine, combineDecisions, EFFECT_RANK } from './combine.js';
export {
  BundleError,
  checkIntegrity,
  generateSigningKeys,
  importBundle,
  loadBundle,
  policyHash,
  signBundle,
  validateManifest,
  verifyBundle,
} from './bundle.js';
export type { LoadedBundle, Manifest, ManifestRule, VerifyResult } from './bundle.js';
export { runPolicyTests, coverage } from './test-runner.js';
export type { TestRunReport, TestResult, Coverage } from './test-runner.js';
export { explain, renderExplanation } from './explain.js';
export type { Explanation } from './explain.js';
export { generateModule } from './codegen.js';
export { buildManifest } from './codegen-manifest.js';

export interface SourceText {
  file: string;
  text: string;
}

export interface CompileResult {
  /** null when the set has errors (see diagnostics) */
  source: string | null;
  manifest: Manifest | null;
  set: CheckedPolicySet;
  diagnostics: Diagnostic[];
}

export interface CompileOptions {
  /** ISO time written into the manifest (`builtAt`); omitted for reproducible builds */
  builtAt?: string;
}

/** Compiles a checked set (no error diagnostics) to module source and manifest. */
export function compileCheckedSet(set: CheckedPolicySet, files: readonly SourceText[], options: CompileOptions = {}): { source: string; manifest: Manifest } {
  const manifest = buildManifest(set, files, options.builtAt);
  return { source: generateModule(set, manifest).source, manifest };
}

/** Parses, checks and compiles policy files. Nothing is generated when any error is reported. */
export function compilePolicySet(files: readonly SourceText[], options: CompileOptions = {}): CompileResult {
  const loaded = loadPolicySet([...files]);
  const diagnostics = loaded.diagnostics;
  if (diagnostics.some((d) => d.severity === 'error')) return { source: null, manifest: null, set: loaded.value, diagnostics };
  const { source, manifest } = compileCheckedSet(loaded.value, files, options);
  return { source, manifest, set: loaded.value, diagnostics };
}

/** Bundle text (and its signature when a private key is given) for policy files. */
export function buildBundle(
  files: readonly SourceText[],
  options: CompileOptions & { privateKeyPem?: string } = {},
): { bundle: string | null; signature: string | null; manifest: Manifest | null; diagnostics: Diagnostic[] } {
  const c = compilePolicySet(files, options);
  if (c.source === null) return { bundle: null, signature: null, manifest: null, diagnostics: c.diagnostics };
  const bundle = wrapBundle(c.source);
  const signature = options.privateKeyPem ? signBundle(bundle, options.privateKeyPem) : null;
  return { bundle, signature, manifest: c.manifest, diagnostics: c.diagnostics };
}
