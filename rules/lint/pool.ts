// A worker-thread pool over `dist/lint-worker.js`: each worker builds the setup once from the
// spec, then lints units as they are handed out; results are stored by unit index (deterministic).
// The main thread, whose setup is already built, is one more lane: it takes the first unit (the
// largest of a cut chain) while the workers start up, then more units as they remain.
import { Worker } from 'node:worker_threads';
import type { ChainCheck } from './chain-split.js';
import type { LintUnit } from './files.js';
import type { FileResult } from './lint-source.js';
import type { SetupSpec } from './setup.js';

export type ToWorker = { type: 'unit'; id: number; unit: LintUnit };
export type FromWorker =
  | { type: 'result'; id: number; outcome: UnitOutcome }
  | { type: 'fatal'; message: string };

/** One unit's results, and for a chain segment what its catalog replays changed. */
export interface UnitOutcome {
  results: FileResult[];
  check?: ChainCheck;
}

export function runPool(
  script: string,
  spec: SetupSpec,
  units: LintUnit[],
  size: number,
  onProgress?: (done: number, total: number) => void,
  local?: (unit: LintUnit) => Promise<UnitOutcome>,
): Promise<UnitOutcome[]> {
  const out: UnitOutcome[] = new Array(units.length);
  const total = units.reduce((n, u) => n + u.files.length, 0);
  let next = 0;
  let finished = 0;
  let filesDone = 0;
  return new Promise((resolvePool, reject) => {
    const workers: Worker[] = [];
    let failed = false;
    const stopAll = () => {
      for (const w of workers) void w.terminate();
    };
    const fail = (e: unknown) => {
      if (failed) return;
      failed = true;
      stopAll();
      reject(e instanceof Error ? e : new Error(String(e)));
    };
    const done = (id: number, outcome: UnitOutcome) => {
      out[id] = outcome;
      finished++;
      filesDone += units[id].files.length;
      onProgress?.(filesDone, total);
      if (finished === units.length) {
        stopAll();
        resolvePool(out);
      }
    };
    const feed = (w: Worker) => {
      if (next >= units.length) {
        void w.terminate();
        return;
      }
      const id = next++;
      w.postMessage({ type: 'unit', id, unit: units[id] } satisfies ToWorker);
    };
    // the main lane claims its first unit before the workers are fed
    const first = local ? next++ : -1;
    const workerCount = Math.min(size, units.length - (local ? 1 : 0));
    for (let i = 0; i < workerCount; i++) {
      const w = new Worker(script, { workerData: { spec } });
      workers.push(w);
      w.on('message', (m: FromWorker) => {
        if (m.type === 'fatal') return fail(new Error(m.message));
        done(m.id, m.outcome);
        if (finished < units.length) feed(w);
      });
      w.on('error', fail);
      feed(w);
    }
    if (local) {
      void (async () => {
        for (let id = first; id >= 0 && !failed; id = next < units.length ? next++ : -1) {
          done(id, await local(units[id]));
          // let finished workers be fed before the next unit
          await new Promise((r) => setImmediate(r));
        }
      })().catch(fail);
    }
  });
}
