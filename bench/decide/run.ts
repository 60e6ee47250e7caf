// Decision benchmark: the compiled hoop decide() versus Cedar (`@cedar-policy/cedar-wasm`,
// `statefulIsAuthorized` over a pre-parsed policy set) on the same rules, facts already extracted,
// at 10, 100 and 1,000 rules; plus the time to compile 1,000 rules (parse, check, generate, import).
//
// Run: node --import tsx bench/decide/run.ts        (writes bench/decide/results.json)
// Options: --quick (fewer iterations, for a smoke run)
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
const BATCHES = quick ? 200 : 2000;

type Decide = (i: DecisionInput) => Decision;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Times `BATCHES` batches of `BATCH` calls; returns median µs per call and calls per second. */
function measure(call: (k: number) => unknown): { medianUs: number; perSecond: number } {
  for (let k = 0; k < 20_000; k++) call(k); // warm up (JIT, caches)
  const perCall: number[] = [];
  let total = 0n;
  let calls = 0;
  let sink = 0;
  for (let b = 0; b < BATCHES; b++) {
    const t0 = process.hrtime.bigint();
    for (let k = 0; k < BATCH; k++) if (call(b * BATCH + k)) sink++;
    const dt = process.hrtime.bigint() - t0;
    total += dt;
    calls += BATCH;
    perCall.push(Number(dt) / 1000 / BATCH);
  }
  if (sink < 0) console.log(sink);
  return { medianUs: median(perCall), perSecond: calls / (Number(total) / 1e9) };
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

async function main(): Promise<void> {
  const results: Record<string, unknown> = {
    date: new Date().toISOString(),
    node: process.version,
    cedarVersion: cedar.getCedarVersion(),
    batch: BATCH,
    batches: BATCHES,
    sizes: {} as Record<string, unknown>,
  };
  console.log(`decide benchmark (node ${process.version}, cedar ${cedar.getCedarVersion()}, ${BATCHES}×${BATCH} decisions per engine and size)`);
  for (const n of SIZES) {
    const reqs = requests(n, 512);
    const decide = await compileHoop(n);
    const cid = prepareCedar(n);
    // the two engines must agree before their speed means anything
    for (const r of reqs) {
      const h = decide(r.input).effect === 'deny' ? 'deny' : 'allow';
      const c = cedarDecide(cid, r);
      if (h !== c) throw new Error(`engines disagree at ${n} rules on ${JSON.stringify(r.summary)}: hoop ${h}, cedar ${c}`);
    }
    const denies = reqs.filter((r) => decide(r.input).effect === 'deny').length;
    const hoop = measure((k) => decide(reqs[k & 511]!.input).effect === 'deny');
    const ced = measure((k) => cedarDecide(cid, reqs[k & 511]!) === 'deny');
    const ratio = hoop.perSecond / ced.perSecond;
    (results.sizes as Record<string, unknown>)[String(n)] = {
      rules: n,
      denyShare: denies / reqs.length,
      hoop: { decisionsPerSecond: Math.round(hoop.perSecond), medianMicros: round(hoop.medianUs) },
      cedar: { decisionsPerSecond: Math.round(ced.perSecond), medianMicros: round(ced.medianUs) },
      ratio: round(ratio),
    };
    console.log(
      `${String(n).padStart(5)} rules  hoop ${fmt(hoop.perSecond)}/s median ${round(hoop.medianUs)} µs   ` +
        `cedar ${fmt(ced.perSecond)}/s median ${round(ced.medianUs)} µs   ratio ${round(ratio)}×`,
    );
  }
  // compile time for 1,000 rules: parse + check + generate + import, median of 7
  const times: number[] = [];
  for (let k = 0; k < 7; k++) {
    const t0 = process.hrtime.bigint();
    await compileHoop(1000);
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  results.compile1000RulesMs = round(median(times));
  console.log(`compile 1000 rules: median ${round(median(times))} ms`);
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

await main();
