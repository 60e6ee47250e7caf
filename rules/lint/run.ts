// A lint run over files: units in order, in-process for small runs (and tests), a worker-thread
// pool for large trees. Results come back in unit order, so output is the same either way.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { planUnits, type LintTarget, type LintUnit } from './files.js';
import type { InputError } from './finding.js';
import { lintBytes, lintText, newChain, type FileResult, type LintDeps } from './lint-source.js';
import { runPool } from './pool.js';
import { createDeps, type SetupSpec, type Toolkit } from './setup.js';

export interface RunRequest {
  spec: SetupSpec;
  targets: LintTarget[];
  /** `--stdin`: text linted as if it were this file */
  stdin?: { path: string; text: string };
  toolkit: Toolkit;
  /** `auto`: workers when the run is large and the built worker exists */
  parallel?: 'auto' | 'off' | number;
  onProgress?: (done: number, total: number) => void;
}

export interface RunOutcome {
  deps: LintDeps;
  results: FileResult[];
  /** setup problems (bad policy, unknown rule, missing schema): linted without the broken part */
  setupErrors: InputError[];
}

const PARALLEL_MIN_FILES = 64;
const PARALLEL_MIN_BYTES = 2 * 1024 * 1024;

export function workerScript(): string | null {
  try {
    const p = fileURLToPath(new URL('./lint-worker.js', import.meta.url));
    return existsSync(p) ? p : null;
  } catch {
    return null;
  }
}

function sizeOf(targets: LintTarget[]): number {
  let n = 0;
  for (const t of targets) {
    try {
      n += statSync(t.abs).size;
    } catch {
      /* reported when read */
    }
  }
  return n;
}

export async function lintUnit(unit: LintUnit, deps: LintDeps): Promise<FileResult[]> {
  const out: FileResult[] = [];
  let chain = newChain(deps);
  for (const t of unit.files) {
    if (!unit.chain) chain = newChain(deps);
    let bytes: Uint8Array;
    try {
      bytes = readFileSync(t.abs);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      const message = code === 'EISDIR' ? `\`${t.path}\` is a directory` : `cannot read \`${t.path}\`${code ? ` (${code})` : ''}`;
      out.push({ file: t.path, findings: [], errors: [{ file: t.path, line: 1, column: 1, code: 'input/unreadable', message }], suppressed: 0, statements: 0 });
      continue;
    }
    out.push(await lintBytes(t.path, bytes, deps, chain));
  }
  return out;
}

export async function lintRun(req: RunRequest): Promise<RunOutcome> {
  const { deps, errors } = await createDeps(req.spec, req.toolkit);
  const results: FileResult[] = [];
  if (req.stdin) results.push(await lintText(req.stdin.path, req.stdin.text, deps));
  const units = planUnits(req.targets);
  const total = req.targets.length;
  const script = workerScript();
  const cores = availableParallelism();
  const wanted =
    req.parallel === 'off' || !req.toolkit.shareable || !script || units.length < 2
      ? 1
      : typeof req.parallel === 'number'
        ? req.parallel
        : total >= PARALLEL_MIN_FILES || sizeOf(req.targets) >= PARALLEL_MIN_BYTES
          ? cores
          : 1;
  if (wanted > 1 && script) {
    const perUnit = await runPool(script, req.spec, units, Math.min(wanted, units.length), req.onProgress);
    for (const r of perUnit) results.push(...r);
  } else {
    let done = 0;
    for (const u of units) {
      results.push(...(await lintUnit(u, deps)));
      done += u.files.length;
      req.onProgress?.(done, total);
    }
  }
  results.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  return { deps, results, setupErrors: errors };
}
