// `npm run bench`: builds, writes the corpus, runs every bench in sequence (facts, decide, lint),
// then rewrites docs/benchmarks.md from bench/results/*.json.
//
//   npm run bench               # full runs (a few minutes on 2 cores)
//   npm run bench -- --quick    # fewer rounds, for a smoke check
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';

const quick = process.argv.includes('--quick');
const extra = quick ? ['--quick'] : [];

/** bench/decide/ belongs to the decision bench; run its entry file if there is one */
function decideEntry() {
  if (!existsSync('bench/decide')) return null;
  const names = readdirSync('bench/decide');
  for (const candidate of ['run.mjs', 'index.mjs', 'run.ts', 'index.ts', 'decide.ts', 'bench.ts', 'main.ts']) {
    if (names.includes(candidate)) return `bench/decide/${candidate}`;
  }
  return null;
}

const steps = [
  ['build', ['node', 'scripts/build.mjs']],
  ['corpus', ['node', '--import', 'tsx', 'bench/corpus.ts']],
  ['facts', ['node', '--expose-gc', '--import', 'tsx', 'bench/facts.ts', ...extra]],
];
const decide = decideEntry();
if (decide) steps.push(['decide', ['node', '--expose-gc', '--import', 'tsx', decide, ...extra]]);
else console.log('bench/decide: no entry file, skipped');
steps.push(['lint', ['node', '--import', 'tsx', 'bench/lint.ts', ...extra]]);
steps.push(['report', ['node', '--import', 'tsx', 'bench/report.ts']]);

for (const [name, command] of steps) {
  console.log(`\n== ${name}: ${command.join(' ')}`);
  const res = spawnSync(command[0], command.slice(1), { stdio: 'inherit' });
  if (res.status !== 0) {
    console.error(`bench step \`${name}\` failed with exit code ${res.status}`);
    process.exit(res.status ?? 1);
  }
}
