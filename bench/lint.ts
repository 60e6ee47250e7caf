// Lint benchmark: the `hoop-lint` CLI against squawk on the same generated migration files,
// alternating runs of whole CLI processes (start-up included, as a user or CI pays it).
//
//   node --import tsx bench/lint.ts [--runs N] [--quick]
//
// Wall time per run is measured around the child process; peak memory is the child's maximum
// resident set size from `/usr/bin/time -v` (or, without it, sampled VmHWM from /proc).
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { spawn, spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { CORPUS_DIR, DEFAULT_MIGRATION_COUNT, writeCorpus } from './corpus.js';
import { loadNow, machineInfo, median } from './stats.js';

export const LINT_COMMAND = 'node --import tsx bench/lint.ts';
const MIGRATIONS = `${CORPUS_DIR}/migrations`;
const TARGET_RATIO_VS_SQUAWK = 1.0;

/** squawk's rules as documented for 2.x (excluding `syntax-error` and `unused-ignore`), by the
 * names its JSON reporter uses */
export const SQUAWK_RULES = [
  'adding-field-with-default', 'adding-foreign-key-constraint', 'adding-not-nullable-field', 'adding-required-field',
  'adding-serial-primary-key-field', 'ban-alter-domain-with-add-constraint', 'ban-char-field',
  'ban-concurrent-index-creation-in-transaction', 'ban-create-domain-with-constraint', 'ban-drop-column',
  'ban-drop-database', 'ban-drop-not-null', 'ban-drop-table', 'ban-duplicate-column-assignments',
  'ban-truncate-cascade', 'ban-uncommitted-transaction', 'changing-column-type', 'constraint-missing-not-valid',
  'disallowed-unique-constraint', 'identifier-too-long', 'prefer-bigint-over-int', 'prefer-bigint-over-smallint',
  'prefer-identity', 'prefer-repack', 'prefer-robust-stmts', 'prefer-text-field', 'prefer-timestamp-tz',
  'renaming-column', 'renaming-table', 'require-concurrent-index-creation', 'require-concurrent-index-deletion',
  'require-concurrent-partition-detach', 'require-concurrent-reindex', 'require-enum-value-ordering',
  'require-lock-timeout', 'require-statement-timeout', 'require-table-schema', 'transaction-nesting',
];

interface Tool {
  name: string;
  command: string[];
  /** findings and distinct rule ids in one run's stdout */
  findings: (stdout: string) => { findings: number; rules: string[] };
  rulesAvailable: () => { count: number; source: string };
  /** part of the ratio target (the informational rows are not) */
  compared: boolean;
  /** run before each timed run (and the warm-up), outside the timing */
  before?: () => void;
  /** restores what `before` changed */
  after?: () => void;
}

interface RunSample {
  wallMs: number;
  maxRssKiB: number | null;
  exitCode: number | null;
}

const hasGnuTime = existsSync('/usr/bin/time');

/** Runs one command to completion, stdout into a file; wall time and peak RSS of the child. */
async function runOnce(command: string[], stdoutFile: string): Promise<RunSample> {
  const out = openSync(stdoutFile, 'w');
  try {
    if (hasGnuTime) {
      const start = performance.now();
      const res = spawnSync('/usr/bin/time', ['-v', ...command], { stdio: ['ignore', out, 'pipe'], maxBuffer: 64 * 2 ** 20 });
      const wallMs = performance.now() - start;
      const stderr = res.stderr.toString('utf8');
      const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
      const status = /Exit status: (\d+)/.exec(stderr);
      return { wallMs, maxRssKiB: rss ? Number(rss[1]) : null, exitCode: status ? Number(status[1]) : res.status };
    }
    return await new Promise<RunSample>((resolve) => {
      const start = performance.now();
      const child = spawn(command[0], command.slice(1), { stdio: ['ignore', out, 'ignore'] });
      let peak = 0;
      const sample = () => {
        try {
          const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
          if (m) peak = Math.max(peak, Number(m[1]));
        } catch {
          // the child has exited between two samples
        }
      };
      const timer = setInterval(sample, 2);
      child.on('exit', (code) => {
        clearInterval(timer);
        resolve({ wallMs: performance.now() - start, maxRssKiB: peak || null, exitCode: code });
      });
    });
  } finally {
    closeSync(out);
  }
}

function eslintFindings(stdout: string) {
  const files = JSON.parse(stdout) as { messages: { ruleId: string | null }[] }[];
  const rules = new Set<string>();
  let findings = 0;
  for (const f of files)
    for (const m of f.messages) {
      findings++;
      if (m.ruleId) rules.add(m.ruleId);
    }
  return { findings, rules: [...rules].sort() };
}

function squawkFindings(stdout: string) {
  const list = JSON.parse(stdout || '[]') as { rule_name: string }[];
  return { findings: list.length, rules: [...new Set(list.map((v) => v.rule_name))].sort() };
}

/** hoop-lint's own rule list, from its CLI (`--list-rules --format json`), else the rule pack. */
function hoopLintRules(): { count: number; source: string } {
  const res = spawnSync('node', ['bin/hoop-lint.js', '--list-rules', '--format', 'json'], { encoding: 'utf8' });
  if (res.status === 0) {
    try {
      const list = JSON.parse(res.stdout) as { origin?: string }[];
      // like squawk's count, leave out the engine's own checks (syntax errors, suppressions)
      const rules = list.filter((r) => r.origin !== 'engine');
      return { count: rules.length, source: `hoop-lint --list-rules --format json, without the ${list.length - rules.length} engine checks` };
    } catch {
      // not JSON: fall back to the pack
    }
  }
  const files = existsSync('rules/pack') ? readdirSync('rules/pack').filter((f) => f.endsWith('.hoop')) : [];
  return { count: files.length, source: 'rules/pack/*.hoop files' };
}

/** The documented squawk rules that the installed squawk knows: it rejects unknown names in
 * `--exclude`, so each name is tried on an empty file. */
function squawkRules(squawk: string): { count: number; source: string } {
  const empty = `${CORPUS_DIR}/empty.sql`;
  writeFileSync(empty, 'SELECT 1;\n');
  const known = SQUAWK_RULES.filter((rule) => spawnSync(squawk, [`--exclude=${rule}`, empty], { stdio: 'ignore' }).status === 0);
  return { count: known.length, source: `the ${SQUAWK_RULES.length} documented squawk rules that \`${squawk} --exclude\` accepts` };
}

function versionOf(command: string[]): string {
  const res = spawnSync(command[0], [...command.slice(1), '--version'], { encoding: 'utf8' });
  return res.status === 0 ? res.stdout.trim().split('\n')[0] : 'unknown';
}

const squawkBinary = () => {
  const dir = 'node_modules/@squawk-cli';
  const platform = existsSync(dir) ? readdirSync(dir).find((d) => existsSync(`${dir}/${d}/bin/squawk`)) : undefined;
  return platform ? `${dir}/${platform}/bin/squawk` : null;
};

async function main() {
  const args = process.argv.slice(2);
  const quick = args.includes('--quick');
  const runsArg = args.indexOf('--runs');
  const runs = runsArg >= 0 ? Number(args[runsArg + 1]) : quick ? 3 : 9;

  const corpus = writeCorpus();
  const files = readdirSync(MIGRATIONS).filter((f) => f.endsWith('.sql'));
  if (files.length < DEFAULT_MIGRATION_COUNT) throw new Error(`expected ${DEFAULT_MIGRATION_COUNT} migration files in ${MIGRATIONS}`);
  const bytes = files.reduce((s, f) => s + statSync(`${MIGRATIONS}/${f}`).size, 0);
  if (!existsSync('dist/hoop-lint.js')) {
    const build = spawnSync('node', ['scripts/build.mjs'], { stdio: 'inherit' });
    if (build.status !== 0) throw new Error('npm run build failed');
  }

  const tools: Tool[] = [
    {
      name: 'hoop-lint',
      command: ['node', 'bin/hoop-lint.js', '--format', 'json', MIGRATIONS],
      findings: eslintFindings,
      rulesAvailable: hoopLintRules,
      compared: true,
    },
    {
      name: 'squawk (npm squawk-cli)',
      command: ['node_modules/.bin/squawk', '--reporter', 'json', `${MIGRATIONS}/*.sql`],
      findings: squawkFindings,
      rulesAvailable: () => squawkRules('node_modules/.bin/squawk'),
      compared: true,
    },
  ];
  // `--cache`: the cache is filled by the warm-up run. "Nothing changed" is a re-run; "last file
  // edited" is what a pull request adding a migration costs: the newest file misses, and the 2,399
  // before it are replayed into the catalog from the cache instead of being analysed again.
  // one cache per scenario: the edited row's cache holds its edit, which would be a miss for the other
  const cacheFile = (name: string) => `${CORPUS_DIR}/lint-cache-${name}`;
  for (const name of ['unchanged', 'edited']) rmSync(cacheFile(name), { force: true });
  const last = `${MIGRATIONS}/${[...files].sort().at(-1)}`;
  const lastText = readFileSync(last, 'utf8');
  let edits = 0;
  const cached = (name: string) => ['node', 'bin/hoop-lint.js', '--cache', '--cache-location', cacheFile(name), '--format', 'json', MIGRATIONS];
  tools.push(
    { name: 'hoop-lint --cache, nothing changed', command: cached('unchanged'), findings: eslintFindings, rulesAvailable: hoopLintRules, compared: false },
    {
      name: 'hoop-lint --cache, newest migration edited',
      command: cached('edited'),
      findings: eslintFindings,
      rulesAvailable: hoopLintRules,
      compared: false,
      before: () => writeFileSync(last, `${lastText}\nCREATE INDEX bench_edit_${++edits}_idx ON orders (created_at);\n`),
      after: () => writeFileSync(last, lastText),
    },
  );
  // the floor under any linter on libpg-query (bench/parse-floor.mjs): start-up, WASM load, one parse per file
  tools.push({
    name: 'libpg-query parse only (the floor)',
    command: ['node', 'bench/parse-floor.mjs', MIGRATIONS],
    findings: () => ({ findings: 0, rules: [] }),
    rulesAvailable: () => ({ count: 0, source: 'parses only' }),
    compared: false,
  });
  const native = squawkBinary();
  if (native)
    tools.push({
      name: 'squawk (native binary, no node wrapper)',
      command: [native, '--reporter', 'json', `${MIGRATIONS}/*.sql`],
      findings: squawkFindings,
      rulesAvailable: () => squawkRules(native),
      compared: false,
    });

  mkdirSync('bench/results', { recursive: true });
  const machine = machineInfo();
  const samples = tools.map(() => [] as RunSample[]);
  const outFile = (i: number) => `${CORPUS_DIR}/lint-output-${i}.json`;
  // one warm-up run each (page cache, node compile cache), which also gives the findings
  const findings: { findings: number; rules: string[] }[] = [];
  const timed = async (i: number) => {
    tools[i].before?.();
    try {
      return await runOnce(tools[i].command, outFile(i));
    } finally {
      tools[i].after?.();
    }
  };
  for (let i = 0; i < tools.length; i++) {
    const s = await timed(i);
    if (s.exitCode !== 0 && s.exitCode !== 1)
      throw new Error(`${tools[i].name} exited with ${s.exitCode}: ${tools[i].command.join(' ')}`);
    findings.push(tools[i].findings(readFileSync(outFile(i), 'utf8')));
  }
  for (let r = 0; r < runs; r++)
    for (let k = 0; k < tools.length; k++) {
      const i = (r + k) % tools.length;
      samples[i].push(await timed(i));
    }

  const results = tools.map((tool, i) => {
    const walls = samples[i].map((s) => s.wallMs);
    const rss = samples[i].map((s) => s.maxRssKiB).filter((v): v is number => v !== null);
    const medianWallMs = median(walls);
    const rules = tool.rulesAvailable();
    return {
      name: tool.name,
      version: versionOf(tool.command.slice(0, tool.command[0] === 'node' ? 2 : 1)),
      // as typed in a shell: squawk expands the pattern itself
      command: tool.command.map((a) => (a.includes('*') ? `'${a}'` : a)).join(' '),
      compared: tool.compared,
      medianWallMs,
      minWallMs: Math.min(...walls),
      maxWallMs: Math.max(...walls),
      filesPerSec: files.length / (medianWallMs / 1000),
      mibPerSec: bytes / 2 ** 20 / (medianWallMs / 1000),
      peakRssMiB: rss.length ? Math.max(...rss) / 1024 : null,
      medianPeakRssMiB: rss.length ? median(rss) / 1024 : null,
      exitCodes: [...new Set(samples[i].map((s) => s.exitCode))],
      rulesAvailable: rules.count,
      rulesSource: rules.source,
      findings: findings[i].findings,
      rulesFired: findings[i].rules.length,
    };
  });
  const [hoop, squawk] = results;
  const ratio = hoop.medianWallMs / squawk.medianWallMs;
  const report = {
    bench: 'lint',
    title: 'Migration linting: hoop-lint vs squawk',
    date: new Date().toISOString(),
    command: LINT_COMMAND + (runsArg >= 0 ? ` --runs ${runs}` : quick ? ' --quick' : ''),
    machine,
    loadAverageAtEnd: loadNow(),
    corpus: {
      generator: 'bench/corpus.ts generateMigrations()',
      directory: MIGRATIONS,
      files: files.length,
      statements: corpus.migrationStatements,
      bytes,
    },
    runs,
    memory: hasGnuTime
      ? 'maximum resident set size from /usr/bin/time -v (the largest single process of the run, worker threads included)'
      : 'sampled /proc/<pid>/status VmHWM of the started process',
    tools: results,
    ratios: {
      wallTimeVsSquawk: ratio,
      wallTimeVsSquawkNative: native ? hoop.medianWallMs / results.at(-1)!.medianWallMs : null,
      cacheNothingChangedVsSquawk: results[2].medianWallMs / squawk.medianWallMs,
      cacheNewestEditedVsSquawk: results[3].medianWallMs / squawk.medianWallMs,
      parseFloorVsSquawk: results[4].medianWallMs / squawk.medianWallMs,
    },
    targets: { wallTimeVsSquawk: { target: TARGET_RATIO_VS_SQUAWK, actual: ratio, met: ratio <= TARGET_RATIO_VS_SQUAWK } },
  };
  writeFileSync('bench/results/lint.json', `${JSON.stringify(report, null, 2)}\n`);
  for (const r of results)
    console.log(
      `${r.name.padEnd(40)} median ${r.medianWallMs.toFixed(0).padStart(6)} ms  ${Math.round(r.filesPerSec).toString().padStart(6)} files/s  ` +
        `peak ${r.peakRssMiB?.toFixed(0) ?? '?'} MiB  ${r.rulesAvailable} rules, ${r.findings} findings (${r.rulesFired} rules fired)`,
    );
  console.log(`hoop-lint / squawk wall time: ${ratio.toFixed(2)}× (target ≤ ${TARGET_RATIO_VS_SQUAWK}×)`);
  console.log('wrote bench/results/lint.json');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
