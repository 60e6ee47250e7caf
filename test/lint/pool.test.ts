// The worker pool gives the same results, in the same order, as linting in-process.
import { describe, expect, it } from 'vitest';
import { build } from 'esbuild';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { collectFiles, planUnits } from '../../rules/lint/files.js';
import { runPool } from '../../rules/lint/pool.js';
import { lintUnit } from '../../rules/lint/run.js';
import { createDeps, type SetupSpec } from '../../rules/lint/setup.js';
import { defaultToolkit } from '../../rules/lint/toolkit.js';
import { tempTree } from './helpers.js';

const POLICY = `
policy guard {
  rule no_drop_table {
    category destructive
    when any d in statement.ddl where d.operation == drop_table and not d.createdInFile
    deny "dropping \`{d.table}\` loses its rows"
  }
}
`;

describe('worker pool', () => {
  it('matches the in-process results', async () => {
    const root = join(import.meta.dirname, '..', '..');
    // the worker must be JS: bundle it next to node_modules so its dependencies resolve
    const out = mkdtempSync(join(root, 'node_modules', '.cache-hoop-lint-pool-'));
    await build({ entryPoints: { 'lint-worker': join(root, 'rules/lint/worker.ts') }, outdir: out, bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', logLevel: 'error' });
    const files: Record<string, string> = { 'policy/guard.hoop': POLICY };
    for (let i = 0; i < 12; i++) {
      files[`svc${i}/migrations/1_init.up.sql`] = `CREATE TABLE t${i} (id bigint);\n`;
      files[`svc${i}/migrations/2_drop.up.sql`] = `DROP TABLE t${i};\nDROP TABLE other${i};\n`;
      files[`svc${i}/plan.json`] = JSON.stringify({ sql: `DROP TABLE x${i}` });
    }
    const dir = tempTree(files);
    const spec: SetupSpec = {
      cwd: dir,
      builtin: false,
      policies: [join(dir, 'policy')],
      schema: [],
      preset: 'recommended',
      overrides: [],
      settings: { env: 'development', dialect: 'postgres', assumeInTransaction: false, requireSuppressionReason: true, agentPrincipal: false, now: '2026-01-01T00:00:00.000Z' },
    };
    const { targets } = collectFiles(dir, ['.'], { ignore: [], ignoreBase: dir });
    const units = planUnits(targets);
    expect(units).toHaveLength(24);
    let pooled;
    try {
      pooled = (await runPool(join(out, 'lint-worker.js'), spec, units, 2)).flatMap((o) => o.results);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
    const { deps } = await createDeps(spec, defaultToolkit());
    const local = [];
    for (const u of units) local.push(...(await lintUnit(u, deps!)));
    expect(pooled).toEqual(local);
    expect(pooled.flatMap((r) => r.findings).length).toBe(12 * 3);
  }, 120_000);
});
