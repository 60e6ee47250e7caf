// Per-statement timing of several parsers on one corpus, in rotating order, and the summary
// statistics the facts bench reports. No I/O; bench/facts.ts wires the subjects.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { CorpusStatement } from './corpus.js';
import { median, percentile } from './stats.js';

export interface Subject {
  name: string;
  package: string;
  /** what the subject produces */
  produces: string;
  /** runs on one statement; returns whether it was accepted; may throw (= rejected) */
  run: (sql: string) => boolean;
}

export interface SubjectResult {
  name: string;
  package: string;
  version: string;
  produces: string;
  /** corpus size / round wall time: median, min, max over rounds */
  statementsPerSec: { median: number; min: number; max: number };
  /** 1 / (sum of per-statement medians): the same rate with interruptions (other processes,
   * most GC pauses) filtered out by the per-statement median */
  statementsPerSecFromMedians: number;
  medianUs: number;
  p90Us: number;
  p99Us: number;
  typicalOltpMedianUs: number;
  /** per corpus category: median µs and the share of the subject's total time */
  byCategory: Record<string, { medianUs: number; timeShare: number }>;
  accepted: number;
  acceptRate: number;
  /** on the statements every compared parser accepts */
  common: { statements: number; statementsPerSec: number; medianUs: number };
}

function versionOf(pkg: string): string {
  const require = createRequire(import.meta.url);
  try {
    const path = require.resolve(`${pkg}/package.json`);
    return (JSON.parse(readFileSync(path, 'utf8')) as { version: string }).version;
  } catch {
    const root = new URL('../package.json', import.meta.url);
    return (JSON.parse(readFileSync(root, 'utf8')) as { version: string }).version;
  }
}

const gc = (globalThis as { gc?: () => void }).gc;

/** times[subject][round][statement] in µs, plus accept flags (from the first warm-up pass) */
export function measure(subjects: Subject[], statements: CorpusStatement[], rounds: number) {
  const n = statements.length;
  const sqls = statements.map((s) => s.sql);
  const accepted = subjects.map(() => new Uint8Array(n));
  // warm-up pass: JIT, lazy initialisation, and the accept flags
  subjects.forEach((subject, si) => {
    for (let i = 0; i < n; i++) {
      try {
        accepted[si][i] = subject.run(sqls[i]) ? 1 : 0;
      } catch {
        accepted[si][i] = 0;
      }
    }
  });
  const times = subjects.map(() => Array.from({ length: rounds }, () => new Float64Array(n)));
  const roundWall = subjects.map(() => new Float64Array(rounds));
  for (let r = 0; r < rounds; r++) {
    for (let k = 0; k < subjects.length; k++) {
      const si = (r + k) % subjects.length;
      const run = subjects[si].run;
      const t = times[si][r];
      gc?.();
      const wallStart = performance.now();
      for (let i = 0; i < n; i++) {
        const start = performance.now();
        try {
          run(sqls[i]);
        } catch {
          // rejected statements cost what the parser spends finding out
        }
        t[i] = (performance.now() - start) * 1000;
      }
      roundWall[si][r] = performance.now() - wallStart;
    }
  }
  return { times, roundWall, accepted };
}

export function summarize(
  subjects: Subject[],
  statements: CorpusStatement[],
  m: ReturnType<typeof measure>,
  comparedIndexes: number[],
): SubjectResult[] {
  const n = statements.length;
  const common: number[] = [];
  for (let i = 0; i < n; i++) if (comparedIndexes.every((si) => m.accepted[si][i] === 1)) common.push(i);
  const typical = statements.map((s, i) => (s.typical ? i : -1)).filter((i) => i >= 0);
  return subjects.map((subject, si) => {
    const rounds = m.times[si];
    const perStatement = new Float64Array(n);
    for (let i = 0; i < n; i++) perStatement[i] = median(rounds.map((t) => t[i]));
    const rates = [...m.roundWall[si]].map((ms) => n / (ms / 1000));
    const commonTotalUs = common.reduce((s, i) => s + perStatement[i], 0);
    const acceptedCount = m.accepted[si].reduce((s, v) => s + v, 0);
    const totalUs = perStatement.reduce((s, v) => s + v, 0);
    const byCategory: SubjectResult['byCategory'] = {};
    for (const category of new Set(statements.map((s) => s.category))) {
      const times = statements.map((s, i) => (s.category === category ? perStatement[i] : -1)).filter((t) => t >= 0);
      byCategory[category] = { medianUs: median(times), timeShare: times.reduce((s, v) => s + v, 0) / totalUs };
    }
    return {
      name: subject.name,
      package: subject.package,
      version: versionOf(subject.package),
      produces: subject.produces,
      statementsPerSec: { median: median(rates), min: Math.min(...rates), max: Math.max(...rates) },
      statementsPerSecFromMedians: n / (perStatement.reduce((s, v) => s + v, 0) / 1e6),
      medianUs: median([...perStatement]),
      p90Us: percentile([...perStatement], 0.9),
      p99Us: percentile([...perStatement], 0.99),
      typicalOltpMedianUs: median(typical.map((i) => perStatement[i])),
      byCategory,
      accepted: acceptedCount,
      acceptRate: acceptedCount / n,
      common: {
        statements: common.length,
        statementsPerSec: common.length / (commonTotalUs / 1e6),
        medianUs: median(common.map((i) => perStatement[i])),
      },
    };
  });
}
