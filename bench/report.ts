// Rewrites docs/benchmarks.md from bench/results/*.json (written by the benches).
//
//   node --import tsx bench/report.ts
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

// results are our own JSON files, read back loosely
type Json = Record<string, any>;

const RESULTS = 'bench/results';
const OUT = 'docs/benchmarks.md';
const DECIDE_RESULTS = 'bench/decide/results.json';

const fmt = (n: number | null | undefined, digits = 1) =>
  n === null || n === undefined || Number.isNaN(n) ? '–' : n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const int = (n: number | null | undefined) => fmt(n, 0);
const pct = (n: number) => `${(n * 100).toFixed(1)} %`;
const met = (t: { met: boolean }) => (t.met ? '**met**' : '**missed**');

function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

function machine(m: Json): string {
  return `${m.cpus} × ${m.cpuModel}, ${m.memoryGiB} GiB, ${m.platform} ${m.kernel}, Node ${m.node}${m.commit ? `, commit \`${m.commit}\`` : ''}`;
}

export function factsSection(r: Json): string {
  const rows = (r.subjects as Json[]).map((s) => [
    `${s.name} (${s.package} ${s.version})`,
    s.produces,
    int(s.statementsPerSec.median),
    int(s.statementsPerSecFromMedians),
    fmt(s.medianUs),
    fmt(s.p90Us),
    fmt(s.typicalOltpMedianUs),
    pct(s.acceptRate),
    int(s.common.statementsPerSec),
  ]);
  const t = r.targets;
  return [
    `## Fact extraction (${r.bench})`,
    '',
    `${r.corpus.statements.toLocaleString('en-US')} generated Postgres statements (${Object.entries(r.corpus.categories)
      .map(([k, v]) => `${v} ${k}`)
      .join(', ')}; ${r.corpus.typicalOltp} typical OLTP: point and join selects, inserts with RETURNING, ` +
      `updates and deletes by key, upserts), seed ${r.corpus.seed}, ${r.rounds} rounds, subjects in rotating order` +
      `${r.gcBetweenSubjects ? ', a GC between subjects' : ''}. One process, so every subject sees the same statements on the same machine state.`,
    '',
    table(
      ['subject', 'produces', 'statements/s (wall, median of rounds)', 'statements/s (from per-statement medians)', 'median µs / statement', 'p90 µs', 'typical OLTP median µs', 'accepts', 'statements/s on the common subset'],
      rows,
    ),
    '',
    'Median µs per statement by corpus category (and the share of each subject\'s total time):',
    '',
    table(
      ['subject', ...Object.keys(r.subjects[0].byCategory ?? {})],
      (r.subjects as Json[])
        .filter((s) => s.byCategory)
        .map((s) => [s.name, ...Object.values(s.byCategory as Record<string, Json>).map((c) => `${fmt(c.medianUs)} (${pct(c.timeShare)})`)]),
    ),
    '',
    `- hoop-lint vs pgsql-ast-parser: **${fmt(r.ratios.statementsPerSecVsPgsqlAstParser)}×** the statements/s ` +
      `(${fmt(r.ratios.commonSubsetVsPgsqlAstParser)}× on the ${r.subjects[0].common.statements} statements all three accept); ` +
      `target ≥ ${t.speedupVsPgsqlAstParser.target}×: ${met(t.speedupVsPgsqlAstParser)}.`,
    `- hoop-lint vs node-sql-parser: **${fmt(r.ratios.statementsPerSecVsNodeSqlParser)}×** the statements/s ` +
      `(${fmt(r.ratios.commonSubsetVsNodeSqlParser)}× on the common subset).`,
    `- Typical OLTP statement: **${fmt(t.typicalOltpMedianUs.actual)} µs** median; target < ${t.typicalOltpMedianUs.target} µs: ${met(t.typicalOltpMedianUs)}.`,
    `- hoop-lint vs pgsql-ast-parser from per-statement medians: ${fmt(r.ratios.fromMediansVsPgsqlAstParser)}×.`,
    `- Statements/s (wall) is the median over rounds of corpus size / round wall time, so it includes GC and whatever else ` +
      `the machine was doing (load average ${r.machine.loadAverage} at the start, ${r.loadAverageAtEnd} at the end); statements/s from ` +
      `per-statement medians is the corpus size over the sum of each statement's median time. "Median µs" is the median over statements ` +
      `of each statement's median over rounds. A rejected statement counts with the time the parser took to reject it. ` +
      `"Accepts" means parsed as exactly one statement (for hoop-lint: \`parsed: true\` and no error diagnostic). ` +
      `The common subset holds the statements that hoop-lint, pgsql-ast-parser and node-sql-parser all accept.`,
    '',
    `Reproduce: \`${r.command}\` (machine: ${machine(r.machine)}; run ${r.date}).`,
  ].join('\n');
}

export function lintSection(r: Json): string {
  const rows = (r.tools as Json[]).map((t) => [
    `${t.compared ? t.name : `${t.name} (for reference)`}${t.version ? ` — ${t.version}` : ''}`,
    int(t.medianWallMs),
    `${int(t.minWallMs)}–${int(t.maxWallMs)}`,
    int(t.filesPerSec),
    fmt(t.mibPerSec, 2),
    fmt(t.peakRssMiB),
    String(t.rulesAvailable),
    int(t.findings),
    String(t.rulesFired),
  ]);
  const commands = (r.tools as Json[]).map((t) => `- ${t.name}: \`${t.command}\``);
  return [
    `## Migration linting (${r.bench})`,
    '',
    `${r.corpus.files.toLocaleString('en-US')} generated migration files (${r.corpus.statements.toLocaleString('en-US')} statements, ` +
      `${fmt(r.corpus.bytes / 2 ** 20, 2)} MiB) in \`${r.corpus.directory}\`, one warm-up run then ${r.runs} alternating runs ` +
      `of each whole CLI process (start-up included). Peak memory: ${r.memory}. Load average ${r.machine.loadAverage} at the start, ` +
      `${r.loadAverageAtEnd} at the end.`,
    '',
    table(['tool', 'median wall ms', 'min–max ms', 'files/s', 'MiB/s', 'peak RSS MiB', 'rules', 'findings', 'rules fired'], rows),
    '',
    `- hoop-lint / squawk wall time: **${fmt(r.ratios.wallTimeVsSquawk, 2)}×**; target ≤ ${r.targets.wallTimeVsSquawk.target}×: ${met(r.targets.wallTimeVsSquawk)}.` +
      (r.ratios.wallTimeVsSquawkNative ? ` Against squawk's native binary without its Node wrapper: ${fmt(r.ratios.wallTimeVsSquawkNative, 2)}×.` : ''),
    ...(r.ratios.cacheNothingChangedVsSquawk
      ? [
          `- With \`--cache\` (filled by the warm-up run), against squawk's time: nothing changed **${fmt(r.ratios.cacheNothingChangedVsSquawk, 2)}×**; ` +
            `the newest migration edited before each run (what a pull request that adds a migration costs: that file is linted, ` +
            `the files before it are replayed into the catalog from the cache) **${fmt(r.ratios.cacheNewestEditedVsSquawk, 2)}×**. ` +
            'squawk has no cache; these rows are not the cold comparison the target is about.',
        ]
      : []),
    ...(r.ratios.parseFloorVsSquawk
      ? [
          `- The floor: starting Node, loading libpg-query's WebAssembly and parsing each file once, with no facts, rules or ` +
            `output, takes **${fmt(r.ratios.parseFloorVsSquawk, 2)}×** squawk's whole run. On libpg-query (the real Postgres ` +
            "parser, which this project parses Postgres with by design) a cold run cannot reach squawk's time on this machine.",
        ]
      : []),
    `- "rules" is the number of rules each tool ships (${(r.tools as Json[])
      .filter((t) => t.compared)
      .map((t) => `${t.name}: ${t.rulesSource}`)
      .join('; ')}); "rules fired" counts the distinct rules with at least one finding on this corpus.`,
    '',
    'Commands timed:',
    ...commands,
    '',
    `Reproduce: \`${r.command}\` (machine: ${machine(r.machine)}; run ${r.date}).`,
  ].join('\n');
}

/** bench/decide/run.ts's results.json: hoop decide() vs Cedar per policy-set size. */
export function decideSection(r: Json): string {
  if (!r.sizes || typeof r.sizes !== 'object') return genericSection('decide', r);
  const rows = Object.values(r.sizes as Record<string, Json>).map((z) => [
    int(z.rules),
    int(z.hoop?.decisionsPerSecond),
    fmt(z.hoop?.medianMicros, 2),
    int(z.cedar?.decisionsPerSecond),
    fmt(z.cedar?.medianMicros, 2),
    `${fmt(z.ratio)}×`,
    `${fmt(z.medianRatio)}×`,
  ]);
  return [
    '## Policy decisions (decide)',
    '',
    `The compiled hoop decision module against Cedar (\`@cedar-policy/cedar-wasm\` ${r.cedarVersion ?? ''}, a pre-parsed policy set) ` +
      `on the same rules and already-extracted facts, in batches of ${r.batch ?? '?'} decisions for about ${r.secondsPerMeasurement ?? '?'} s per measurement.`,
    '',
    table(['rules', 'hoop decisions/s', 'hoop median µs', 'Cedar decisions/s', 'Cedar median µs', 'throughput ratio', 'median ratio'], rows),
    '',
    r.compile1000RulesMs !== undefined ? `- Compiling 1,000 rules (parse, check, generate, import): **${fmt(r.compile1000RulesMs)} ms**.` : '',
    '',
    `Reproduce: \`${r.command ?? DECIDE_COMMAND}\` (Node ${r.node ?? process.version}; run ${r.date ?? '?'}).`,
  ].join('\n');
}

const DECIDE_COMMAND = 'node --import tsx bench/decide/run.ts';

/** A bench this report does not know: its own markdown, its rows, or its scalar fields. */
export function genericSection(name: string, r: Json): string {
  const parts = [`## ${r.title ?? name} (${r.bench ?? name})`, ''];
  if (typeof r.markdown === 'string') parts.push(r.markdown.trim());
  else if (Array.isArray(r.rows) && r.rows.length > 0) {
    const header = Object.keys(r.rows[0]);
    parts.push(table(header, (r.rows as Json[]).map((row) => header.map((h) => cell(row[h])))));
  } else {
    const rows: string[][] = [];
    const walk = (v: unknown, path: string) => {
      if (v && typeof v === 'object' && !Array.isArray(v)) {
        for (const [k, x] of Object.entries(v)) if (!['machine', 'command', 'date', 'bench', 'title'].includes(k)) walk(x, path ? `${path}.${k}` : k);
      } else rows.push([path, cell(v)]);
    };
    walk(r, '');
    parts.push(table(['field', 'value'], rows));
  }
  parts.push('');
  if (r.command) parts.push(`Reproduce: \`${r.command}\`${r.machine ? ` (machine: ${machine(r.machine)}${r.date ? `; run ${r.date}` : ''})` : ''}.`);
  return parts.join('\n');
}

function cell(v: unknown): string {
  if (typeof v === 'number') return Number.isInteger(v) ? int(v) : fmt(v, 2);
  if (Array.isArray(v)) return v.map(cell).join(', ');
  if (v && typeof v === 'object') return `\`${JSON.stringify(v)}\``;
  return String(v ?? '–').replace(/\|/g, '\\|');
}

export function renderReport(results: Record<string, Json>): string {
  const order = ['facts', 'decide', 'lint', ...Object.keys(results).filter((k) => !['facts', 'decide', 'lint'].includes(k)).sort()];
  const sections = order
    .filter((k) => results[k])
    .map((k) =>
      k === 'facts' ? factsSection(results[k]) : k === 'lint' ? lintSection(results[k]) : k === 'decide' ? decideSection(results[k]) : genericSection(k, results[k]),
    );
  const any = Object.values(results)[0];
  return [
    '# Benchmarks',
    '',
    '<!-- generated by bench/report.ts from bench/results/*.json: edit the benches, not this file -->',
    '',
    'All numbers are medians of repeated runs on the machine below, measured by `npm run bench` ' +
      '(`bench/run.mjs`: build, corpus, facts, decide, lint, then this report). The machine may be shared with other work, ' +
      'so single runs vary widely; medians are what to compare, and each bench records the load average it ran under. The corpus is generated by `bench/corpus.ts` ' +
      'from a fixed seed (`node --import tsx bench/corpus.ts` writes it to `bench/.corpus/`), so every run measures the same text.',
    '',
    any?.machine ? `Machine: ${machine(any.machine)}.` : '',
    '',
    'The statement corpus talks about an 18-table SaaS schema: OLTP (point and join selects, list and aggregate queries, ' +
      'inserts with RETURNING, updates and deletes by key and in bulk, upserts, CTEs, data-modifying CTEs, JSON queries), DDL in ' +
      'migration style, PL/pgSQL functions, trigger functions and DO blocks, grants, and session statements. The migration files ' +
      'hold 1 to 40 statements (most 1 to 5), a third of them in BEGIN/COMMIT and some after `SET lock_timeout`, mixing safe recipes ' +
      '(CREATE INDEX CONCURRENTLY, NOT VALID then VALIDATE, nullable columns) with what linters flag (volatile defaults, NOT NULL ' +
      'without default, type changes, renames, drops, non-concurrent indexes, enum changes in transactions, backfills).',
    '',
    sections.join('\n\n'),
    '',
    '## Reproducing',
    '',
    '```sh',
    'npm ci',
    `${'npm run bench'.padEnd(56)} # everything, then rewrites this file`,
    ...order
      .filter((k) => results[k])
      .map((k) => `${results[k].command ?? (k === 'decide' ? DECIDE_COMMAND : `# ${k}`)}`.padEnd(56) + ` # ${k} only`),
    `${'node --import tsx bench/report.ts'.padEnd(56)} # this file from the results`,
    '```',
    '',
  ].join('\n');
}

function main() {
  const results: Record<string, Json> = {};
  if (existsSync(RESULTS))
    for (const f of readdirSync(RESULTS).filter((x) => x.endsWith('.json')).sort()) {
      results[f.replace(/\.json$/, '')] = JSON.parse(readFileSync(`${RESULTS}/${f}`, 'utf8')) as Json;
    }
  // the decision bench keeps its results beside it
  if (!results.decide && existsSync(DECIDE_RESULTS)) results.decide = JSON.parse(readFileSync(DECIDE_RESULTS, 'utf8')) as Json;
  if (Object.keys(results).length === 0) {
    console.error(`no results in ${RESULTS}: run the benches first (npm run bench)`);
    process.exit(2);
  }
  writeFileSync(OUT, renderReport(results));
  console.log(`wrote ${OUT} from ${Object.keys(results).join(', ')}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
