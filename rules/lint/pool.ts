// A worker-thread pool over `dist/lint-worker.js`: each worker builds the setup once from the
// spec, then lints units as they are handed out; results are stored by unit index (deterministic).
import { Worker } from 'node:worker_threads';
import type { LintUnit } from './files.js';
import type { FileResult } from './lint-source.js';
import type { SetupSpec } from './setup.js';

export type ToWorker = { type: 'unit'; id: number; unit: LintUnit };
export type FromWorker =
  | { type: 'result'; id: number; results: FileResult[] }
  | { type: 'fatal'; message: string };

export function runPool(
  script: string,
  spec: SetupSpec,
  units: LintUnit[],
  size: number,
  onProgress?: (done: number, total: number) => void,
): Promise<FileResult[][]> {
  const out: FileResult[][] = new Array(units.length);
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
    const feed = (w: Worker) => {
      if (next >= units.length) {
        void w.terminate();
        return;
      }
      const id = next++;
      w.postMessage({ type: 'unit', id, unit: units[id] } satisfies ToWorker);
    };
    for (let i = 0; i < size; i++) {
      const w = new Worker(script, { workerData: { spec } });
      workers.push(w);
      w.on('message', (m: FromWorker) => {
        if (m.type === 'fatal') {
          if (!failed) {
            failed = true;
            stopAll();
            reject(new Error(m.message));
          }
          return;
        }
        out[m.id] = m.results;
        finished++;
        filesDone += units[m.id].files.length;
        onProgress?.(filesDone, total);
        if (finished === units.length) {
          stopAll();
          resolvePool(out);
        } else feed(w);
      });
      w.on('error', (e) => {
        if (!failed) {
          failed = true;
          stopAll();
          reject(e);
        }
      });
      feed(w);
    }
  });
}
