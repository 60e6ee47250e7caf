// The built-in pack precompiled at build time (scripts/build.mjs → dist/builtin-pack.{js,json}):
// a lint run with only built-in rules then never loads the policy compiler (chevrotain). The
// precompiled module is used only when the hash of the `rules/pack` sources it was built from
// equals the hash of the sources on disk now, so an edited pack is compiled afresh, never stale.
import { createHash } from 'node:crypto';

export interface PackSource {
  /** `rules/pack/<relative path>`, as diagnostics name the files */
  file: string;
  text: string;
}

/** What the engine needs of a checked set besides its decision module. */
export interface PackSummary {
  rules: Array<{
    policy: string;
    name: string;
    category: string;
    severity: 'error' | 'warning' | 'info';
    description: string | null;
    docs: string | null;
    dialects: string[] | null;
    fix: string | null;
  }>;
  tags: Array<{ name: string; selectors: string[] }>;
  /** the fields the rules read (the manifest's `requiredFacts`); absent in packs built before it was kept */
  requiredFacts?: string[];
}

/** dist/builtin-pack.json */
export interface PrecompiledPack {
  hash: string;
  summary: PackSummary;
}

export const PRECOMPILED_MODULE = 'builtin-pack.js';
export const PRECOMPILED_META = 'builtin-pack.json';

/** Hash of the pack sources, in the order they are compiled. */
export function packHash(files: readonly PackSource[]): string {
  const h = createHash('sha256');
  for (const f of files) h.update(f.file).update('\0').update(f.text).update('\0');
  return `sha256:${h.digest('hex')}`;
}

export function summarize(set: {
  policies: ReadonlyArray<{ rules: ReadonlyArray<PackSummary['rules'][number]> }>;
  tags: ReadonlyArray<{ name: string; selectors: string[] }>;
}, requiredFacts?: readonly string[]): PackSummary {
  return {
    rules: set.policies.flatMap((p) =>
      p.rules.map((r) => ({
        policy: r.policy,
        name: r.name,
        category: r.category,
        severity: r.severity,
        description: r.description,
        docs: r.docs,
        dialects: r.dialects,
        fix: r.fix,
      })),
    ),
    tags: set.tags.map((t) => ({ name: t.name, selectors: [...t.selectors] })),
    ...(requiredFacts ? { requiredFacts: [...requiredFacts] } : {}),
  };
}
