// Worker thread entry (built to dist/lint-worker.js): rebuilds the run's setup from the spec
// with the real runtime and policies, then lints the units the pool sends.
import { parentPort, workerData } from 'node:worker_threads';
import type { FromWorker, ToWorker } from './pool.js';
import { lintUnitChecked } from './run.js';
import { createDeps, type SetupSpec } from './setup.js';
import { defaultToolkit } from './toolkit.js';

if (parentPort) {
  const port = parentPort;
  const spec = (workerData as { spec: SetupSpec }).spec;
  const ready = createDeps(spec, defaultToolkit());
  port.on('message', async (m: ToWorker) => {
    try {
      // setup problems were reported by the main thread, which built the same setup
      const { deps } = await ready;
      const outcome = await lintUnitChecked(m.unit, deps);
      port.postMessage({ type: 'result', id: m.id, outcome } satisfies FromWorker);
    } catch (e) {
      port.postMessage({ type: 'fatal', message: String((e as Error)?.message ?? e) } satisfies FromWorker);
    }
  });
}
