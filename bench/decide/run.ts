// Decision benchmark: the compiled hoop decide() versus Cedar (`@cedar-policy/cedar-wasm`,
// `statefulIsAuthorized` over a pre-parsed policy set) on the same rules, facts already extracted,
// at 10, 100 and 1,000 rules; plus the time to compile 1,000 rules (parse, check, generate, import).
//
// Run: node --import tsx bench/decide/run.ts        (writes bench/decide/results.json)
// Options: --quick (fewer iterations, for a smoke run)
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as cedar from '@cedar-policy/cedar-wasm/nodejs';
import { compilePolicySet } from '../../compiler/index.js';
import { importBundle, wrapBundle } from '../../compiler/bundle.js';
import type { Decision, DecisionInput } from '../../runtime/decision/types.js';
import { cedarPolicies, cedarRequest, hoopPolicies, requests, type BenchRequest } from './workload.js';

const quick = process.argv.includes('--quick');
const SIZES = [10, 100, 1000];
const BATCH = 100;
const BATCHES = quick ? 200 : 5000;
const SECONDS = quick ? 0.5 : 3;

type Decide = (i: DecisionInput) => Decision;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Warms up for ~0.5 s, then times batches of `BATCH` calls for about `SECONDS` (at most
 * `BATCHES` batches, at least 30); returns median µs per call and calls per second. */
function measure(call: (k: number) => unknown): { medianUs: number; perSecond: number; calls: number } {
  const warmEnd = performance.now() + 500;
  for (let k = 0; performance.now() < warmEnd; k++) call(k);
  const perCall: number[] = [];
  let totalMs = 0;
  let calls = 0;
  let sink = 0;
  const deadline = performance.now() + SECONDS * 1000;
  for (let b = 0; b < BATCHES && (b < 30 || performance.now() < deadline); b++) {
    const t0 = performance.now();
    for (let k = 0; k < BATCH; k++) if (call(b * BATCH + k)) sink++;
    const dt = performance.now() - t0;
    totalMs += dt;
    calls += BATCH;
    perCall.push((dt * 1000) / BATCH);
  }
  if (sink < 0) console.log(sink);
  return { medianUs: median(perCall), perSecond: calls / (totalMs / 1000), calls };
}

async function compileHoop(n: number): Promise<Decide> {
  const c = compilePolicySet([{ file: `bench-${n}.hoop`, text: hoopPolicies(n) }]);
  if (c.source === null) {
    const d = c.diagnostics.find((x) => x.severity === 'error')!;
    throw new Error(`bench policies do not compile: ${d.span.line}:${d.span.column}: ${d.message}`);
  }
  return (await importBundle(wrapBundle(c.source))).decide;
}

function prepareCedar(n: number): string {
  const id = `bench-${n}`;
  const r = cedar.preparsePolicySet(id, { staticPolicies: cedarPolicies(n) });
  if (r.type !== 'success') throw new Error(`cedar policies do not parse: ${r.errors[0]?.message}`);
  return id;
}

function cedarDecide(id: string, req: BenchRequest): 'allow' | 'deny' {
  const a = cedar.statefulIsAuthorized({ ...cedarRequest(req), preparsedPolicySetId: id });
  if (a.type !== 'success') throw new Error(`cedar failed: ${a.errors[0]?.message}`);
  return a.response.decision;
}

/** One measurement, in this process: `hoop` or `cedar` at `n` rules, or `compile`. */
async function child(what: string, n: number): Promise<unknown> {
  const reqs = requests(n, 512);
  if (what === 'compile') {
    const times: number[] = [];
    for (let k = 0; k < 7; k++) {
      const t0 = performance.now();
      await compileHoop(n);
      times.push(performance.now() - t0);
    }
    return { medianMs: round(median(times)), coldMs: round(times[0]!) };
  }
  if (what === 'hoop') {
    const decide = await compileHoop(n);
    const denies = reqs.filter((r) => decide(r.input).effect === 'deny').length;
    const m = measure((k) => decide(reqs[k & 511]!.input).effect === 'deny');
    return { ...m, decisions: reqs.map((r) => decide(r.input).effect), denyShare: denies / reqs.length };
  }
  const cid = prepareCedar(n);
  const m = measure((k) => cedarDecide(cid, reqs[k & 511]!) === 'deny');
  return { ...m, decisions: reqs.map((r) => cedarDecide(cid, r)), version: cedar.getCedarVersion() };
}

// Each measurement runs in its own process, so one engine's JIT state, heap and WebAssembly
// instance never affect the other's numbers.
function inChild(what: string, n: number): Record<string, unknown> {
  const out = execFileSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--child', what, String(n), ...(quick ? ['--quick'] : [])], {
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
  return JSON.parse(out.trim().split('\n').pop()!) as Record<string, unknown>;
}

interface Measured {
  medianUs: number;
  perSecond: number;
  calls: number;
  decisions: string[];
}

async function main(): Promise<void> {
  const sizes: Record<string, unknown> = {};
  const results: Record<string, unknown> = {
    date: new Date().toISOString(),
    node: process.version,
    cedarVersion: cedar.getCedarVersion(),
    batch: BATCH,
    secondsPerMeasurement: SECONDS,
    sizes,
  };
  console.log(`decide benchmark (node ${process.version}, cedar ${cedar.getCedarVersion()}, batches of ${BATCH}, ~${SECONDS} s per engine and size, one process each)`);
  for (const n of SIZES) {
    const hoop = inChild('hoop', n) as unknown as Measured & { denyShare: number };
    const ced = inChild('cedar', n) as unknown as Measured;
    // the two engines must agree before their speed means anything
    const reqs = requests(n, 512);
    hoop.decisions.forEach((h, k) => {
      const hd = h === 'deny' ? 'deny' : 'allow';
      if (hd !== ced.decisions[k]) throw new Error(`engines disagree at ${n} rules on ${JSON.stringify(reqs[k]!.summary)}: hoop ${h}, cedar ${ced.decisions[k]}`);
    });
    const ratio = hoop.perSecond / ced.perSecond;
    sizes[String(n)] = {
      rules: n,
      denyShare: round(hoop.denyShare),
      hoop: { decisionsPerSecond: Math.round(hoop.perSecond), medianMicros: round(hoop.medianUs), decisions: hoop.calls },
      cedar: { decisionsPerSecond: Math.round(ced.perSecond), medianMicros: round(ced.medianUs), decisions: ced.calls },
      medianRatio: round(ced.medianUs / hoop.medianUs),
      ratio: round(ratio),
    };
    console.log(
      `${String(n).padStart(5)} rules  hoop ${fmt(hoop.perSecond)}/s median ${round(hoop.medianUs)} µs   ` +
        `cedar ${fmt(ced.perSecond)}/s median ${round(ced.medianUs)} µs   ratio ${round(ratio)}× (medians ${round(ced.medianUs / hoop.medianUs)}×)`,
    );
  }
  // compile time for 1,000 rules: parse + check + generate + import, median of 7
  const compile = inChild('compile', 1000) as { medianMs: number; coldMs: number };
  results.compile1000RulesMs = compile.medianMs;
  results.compile1000RulesColdMs = compile.coldMs;
  console.log(`compile 1000 rules (parse, check, generate, import): median ${compile.medianMs} ms (first, cold: ${compile.coldMs} ms)`);
  const out = join(dirname(fileURLToPath(import.meta.url)), 'results.json');
  writeFileSync(out, JSON.stringify(results, null, 2) + '\n');
  console.log(`wrote ${out}`);
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}

function fmt(x: number): string {
  return Math.round(x).toLocaleString('en-US');
}

const at = process.argv.indexOf('--child');
if (at >= 0) console.log(JSON.stringify(await child(process.argv[at + 1]!, Number(process.argv[at + 2]))));
else await main();
