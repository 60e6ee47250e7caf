// Bundles the CLIs and public entry points to dist/ with esbuild (dependencies stay external).
// Runs on `npm install` / `npm ci` (prepare) so the bin wrappers work on a fresh clone.
// Code splitting keeps what a lint run may never need (the policy compiler and chevrotain) in
// chunks loaded on first use; the built-in pack is precompiled to dist/builtin-pack.{js,json}.
import { build } from 'esbuild';
import { existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs';

const entries = {
  'hoop-lint': 'rules/cli.ts',
  'hoop-policy': 'compiler/cli.ts',
  runtime: 'runtime/index.ts',
  compiler: 'compiler/index.ts',
  lint: 'rules/index.ts',
  'lint-worker': 'rules/lint/worker.ts',
  'pack-precompile': 'rules/lint/pack-precompile.ts',
};
const entryPoints = Object.fromEntries(Object.entries(entries).filter(([, file]) => existsSync(file)));

// chunks of an earlier build would pile up (their names are content hashes)
if (existsSync('dist')) for (const f of readdirSync('dist')) if (/^chunk-.*\.js(\.map)?$/.test(f)) rmSync(`dist/${f}`);

await build({
  entryPoints,
  outdir: 'dist',
  bundle: true,
  splitting: true,
  chunkNames: 'chunk-[hash]',
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
});

// the precompiled pack, with the hash of the sources it was compiled from (checked at run time)
for (const f of ['builtin-pack.js', 'builtin-pack.json']) rmSync(`dist/${f}`, { force: true });
if (existsSync('dist/pack-precompile.js') && existsSync('rules/pack')) {
  const { precompilePack } = await import(new URL('../dist/pack-precompile.js', import.meta.url).href);
  const out = precompilePack('rules/pack');
  if ('errors' in out) {
    // not fatal: runs compile the pack themselves and report its errors
    console.warn(`build: the built-in pack was not precompiled:\n${out.errors.join('\n')}`);
  } else {
    writeFileSync('dist/builtin-pack.js', out.source);
    writeFileSync('dist/builtin-pack.json', `${JSON.stringify(out.meta)}\n`);
  }
}
