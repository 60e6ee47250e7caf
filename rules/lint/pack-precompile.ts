// Build-time entry (dist/pack-precompile.js, run by scripts/build.mjs): compiles the built-in
// pack with the same compiler and file naming as a run does, for dist/builtin-pack.{js,json}.
import { compilePolicySet } from '../../compiler/index.js';
import { packHash, summarize, type PrecompiledPack } from './pack-cache.js';
import { readPackSources } from './pack-sources.js';

export function precompilePack(dir: string): { meta: PrecompiledPack; source: string } | { errors: string[] } {
  const files = readPackSources(dir);
  const compiled = compilePolicySet(files);
  const errors = compiled.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.file ?? dir}:${d.span.line}:${d.span.column}: ${d.message}`);
  if (errors.length || compiled.source === null) return { errors: errors.length ? errors : ['the pack compiled to nothing'] };
  return { meta: { hash: packHash(files), summary: summarize(compiled.set, compiled.manifest?.requiredFacts) }, source: compiled.source };
}
