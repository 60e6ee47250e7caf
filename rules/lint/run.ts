// A lint run over files: units in order, in-process for small runs (and tests), a worker-thread
// pool for large trees, with the main thread as one of the lanes; with cores to spare a long
// migration chain is cut into segments (chain-split.ts). Results come back in unit order and are
// sorted by file, so output is the same either way.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { chainConsistent, cutChain, replayCatalogOnly, type ChainCheck } from './chain-split.js';
import { openCache, recordResults, runKey, saveCache, splitByCache, type ChainRecord } from './cache.js';
import { migrationVersion } from '../inputs/migration.js';
import { planUnits, type LintTarget, type LintUnit } from './files.js';
import type { InputError } from './finding.js';
import { lintBytes, lintText, newChain, type FileResult, type LintDeps } from './lint-source.js';
import { runPool, type UnitOutcome } from './pool.js';
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
  /** `--cache`: unchanged files' results come from this file, and what is linted is stored in it */
  cache?: { path: string; display: string };
}

export interface RunOutcome {
  deps: LintDeps;
  results: FileResult[];
  /** setup problems (bad policy, unknown rule, missing schema): linted without the broken part */
  setupErrors: InputError[];
  /** problems that cost time, not results (a cache that could not be written) */
  warnings: string[];
}

const PARALLEL_MIN_FILES = 64;
const PARALLEL_MIN_BYTES = 2 * 1024 * 1024;
/** a chain this long is cut into segments linted in parallel (chain-split.ts) */
const SPLIT_MIN_FILES = 48;
/** `auto` cuts chains only with this many cores (an explicit `--jobs N` always may) */
const SPLIT_MIN_CORES = 4;
/** the catalog-only pass over a file costs about this share of linting it (bench corpus, 2 cores) */
const CATALOG_PASS_COST = 0.3;
/** a worker's start-up (modules, WebAssembly, setup) costs about as much as linting this many bytes */
const WORKER_START_BYTES = 300 * 1024;

export function workerScript(): string | null {
  try {
    const p = fileURLToPath(new URL('./lint-worker.js', import.meta.url));
    return existsSync(p) ? p : null;
  } catch {
    return null;
  }
}

function sizesOf(targets: LintTarget[]): number[] {
  return targets.map((t) => {
    try {
      return statSync(t.abs).size;
    } catch {
      return 0; // reported when read
    }
  });
}

function sizeOf(targets: LintTarget[]): number {
  return sizesOf(targets).reduce((a, b) => a + b, 0);
}

export async function lintUnit(unit: LintUnit, deps: LintDeps): Promise<FileResult[]> {
  return (await lintUnitChecked(unit, deps)).results;
}

/** Lints a unit; a chain segment first replays its prefix into the catalog and reports what the
 * replays changed, for `chainConsistent`. */
export async function lintUnitChecked(unit: LintUnit, deps: LintDeps): Promise<UnitOutcome> {
  const out: FileResult[] = [];
  let chain = newChain(deps);
  let check: ChainCheck | undefined;
  if (unit.segment) {
    check = { prefix: [], own: [] };
    const analyzer = deps.analyzer;
    if (unit.prefix?.length && !analyzer.statementRanges) throw new Error('a chain segment needs an analyzer with statementRanges');
    for (const t of unit.prefix ?? []) {
      let bytes: Uint8Array;
      try {
        bytes = readFileSync(t.abs);
      } catch {
        continue; // linting it reports the error; it changes no catalog
      }
      await replayCatalogOnly(t.path, bytes, analyzer as Required<typeof analyzer>, deps.settings.dialect, chain.catalog, check.prefix);
    }
    chain.effects = check.own;
  }
  for (const p of unit.preload ?? []) {
    if (!p.chain) continue;
    const record = JSON.parse(p.chain) as ChainRecord;
    chain.catalog.replay(record.replay);
    const version = migrationVersion(p.path);
    if (version && record.created.length) chain.upCreated.set(version, new Set(record.created));
  }
  chain.record = unit.record;
  for (const t of unit.files) {
    if (!unit.chain) {
      chain = newChain(deps);
      chain.record = unit.record;
    }
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
  return check ? { results: out, check } : { results: out };
}

/** Cuts long chains into segments for the pool (the plan records which unit each came from). */
function parallelPlan(units: LintUnit[], lanes: number, deps: LintDeps): { units: LintUnit[]; origin: number[] } {
  const planned: LintUnit[] = [];
  const origin: number[] = [];
  units.forEach((u, i) => {
    // a chain part after cached files is not cut: its lanes would need the preload too
    const cut = u.chain && !u.preload && u.files.length >= SPLIT_MIN_FILES && deps.analyzer.statementRanges ? cutChain(u, sizesOf(u.files), lanes, { passCost: CATALOG_PASS_COST, startBytes: WORKER_START_BYTES }, i) : null;
    for (const part of cut ?? [u]) {
      planned.push(part);
      origin.push(i);
    }
  });
  return { units: planned, origin };
}

export async function lintRun(req: RunRequest): Promise<RunOutcome> {
  const { deps, errors } = await createDeps(req.spec, req.toolkit);
  const results: FileResult[] = [];
  if (req.stdin) results.push(await lintText(req.stdin.path, req.stdin.text, deps));
  const warnings: string[] = [];
  let cache = null;
  if (req.cache) {
    const opened = openCache(req.cache.path, runKey(req.spec, deps), req.cache.display);
    if (opened.error) errors.push(opened.error);
    cache = opened.cache;
  }
  const planned = planUnits(req.targets);
  const split = cache ? splitByCache(planned, cache) : null;
  if (split) results.push(...split.hits);
  const units = split ? split.todo : planned;
  const total = units.reduce((n, u) => n + u.files.length, 0);
  const script = workerScript();
  const cores = availableParallelism();
  // cutting a chain pays only with cores to spare: on 2 cores the second isolate's start-up, JIT
  // warm-up and the catalog pass cost more than the second core gives back (bench/lint.ts)
  const cut = typeof req.parallel === 'number' || cores >= SPLIT_MIN_CORES;
  const splittable = cut && units.some((u) => u.chain && u.files.length >= SPLIT_MIN_FILES);
  const wanted =
    req.parallel === 'off' || !req.toolkit.shareable || !script || (units.length < 2 && !splittable)
      ? 1
      : typeof req.parallel === 'number'
        ? req.parallel
        : total >= PARALLEL_MIN_FILES || sizeOf(units.flatMap((u) => u.files)) >= PARALLEL_MIN_BYTES
          ? cores
          : 1;
  if (wanted > 1 && script) {
    const plan = cut ? parallelPlan(units, wanted, deps) : { units, origin: units.map((_, i) => i) };
    // the main thread is one of the lanes
    const perUnit = await runPool(script, req.spec, plan.units, wanted - 1, req.onProgress, (u) => lintUnitChecked(u, deps));
    // a cut chain whose segments disagree about the catalog is linted again, in order
    const checks = new Map<number, ChainCheck[]>();
    plan.units.forEach((u, k) => {
      if (u.segment) checks.set(plan.origin[k], [...(checks.get(plan.origin[k]) ?? []), perUnit[k].check!]);
    });
    const redo = new Set([...checks].filter(([, c]) => !chainConsistent(c)).map(([i]) => i));
    for (let k = 0; k < plan.units.length; k++) if (!redo.has(plan.origin[k])) results.push(...perUnit[k].results);
    for (const i of redo) results.push(...(await lintUnit(units[i], deps)));
  } else {
    let done = 0;
    for (const u of units) {
      results.push(...(await lintUnit(u, deps)));
      done += u.files.length;
      req.onProgress?.(done, total);
    }
  }
  if (cache && split) {
    recordResults(cache, results, split.keys);
    const problem = saveCache(cache, req.cache!.display);
    if (problem) warnings.push(problem);
  }
  results.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  return { deps, results, setupErrors: errors, warnings };
}
