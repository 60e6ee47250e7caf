// Bundles the CLIs and public entry points to dist/ with esbuild (dependencies stay external).
// Runs on `npm install` / `npm ci` (prepare) so the bin wrappers work on a fresh clone.
import { build } from 'esbuild';
import { existsSync } from 'node:fs';

const entries = {
  'hoop-lint': 'rules/cli.ts',
  'hoop-policy': 'compiler/cli.ts',
  runtime: 'runtime/index.ts',
  compiler: 'compiler/index.ts',
  lint: 'rules/index.ts',
  'lint-worker': 'rules/lint/worker.ts',
};
const entryPoints = Object.fromEntries(Object.entries(entries).filter(([, file]) => existsSync(file)));

await build({
  entryPoints,
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
});
