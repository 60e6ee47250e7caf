// Fact extraction benchmark: our analyser (`analyzeSync`, facts included) against two JS SQL
// parsers that only build an AST, on the same generated Postgres statements, in one process.
//
//   node --expose-gc --import tsx bench/facts.ts [--rounds N] [--quick]
//
// Every round times each statement of the corpus once per subject (subjects in rotating order,
// a GC between subjects). Reported: statements/s (median over rounds of corpus size / round
// wall time), the median per-statement time (median over statements of each statement's median
// over rounds), the same median for the typical OLTP subset, and the accept rate. The libpg-query
// row (the parser we build on, without facts) is there to show what fact extraction costs.
import { mkdirSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parse as pgsqlAstParse } from 'pgsql-ast-parser';
import NodeSqlParser from 'node-sql-parser';
import { loadModule, parseSync } from 'libpg-query';
import { analyzeSync, loadPostgres } from '../runtime/index.js';
import { DEFAULT_SEED, generateStatements, type CorpusStatement } from './corpus.js';
import { measure, summarize, type Subject } from './measure.js';
import { loadNow, machineInfo } from './stats.js';

export const FACTS_COMMAND = 'node --expose-gc --import tsx bench/facts.ts';
const TARGET_SPEEDUP_VS_PGSQL_AST_PARSER = 10;
const TARGET_TYPICAL_OLTP_MEDIAN_US = 40;

async function main() {
  const args = process.argv.slice(2);
  const quick = args.includes('--quick');
  const roundsArg = args.indexOf('--rounds');
  const rounds = roundsArg >= 0 ? Number(args[roundsArg + 1]) : quick ? 3 : 9;
  const statements = generateStatements();

  await loadPostgres();
  await loadModule();
  const nodeSqlParser = new NodeSqlParser.Parser();
  const subjects: Subject[] = [
    {
      name: 'hoop-lint analyzeSync',
      package: 'hoop-lint',
      produces: 'parse + full statement facts',
      run: (sql) => {
        const res = analyzeSync(sql, { dialect: 'postgres' });
        const st = res.statements;
        return st.length === 1 && st[0].parsed && !res.diagnostics.some((d) => d.severity === 'error');
      },
    },
    {
      name: 'libpg-query parseSync (reference)',
      package: 'libpg-query',
      produces: 'Postgres parse tree only (the parser we build on)',
      run: (sql) => parseSync(sql).stmts?.length === 1,
    },
    {
      name: 'pgsql-ast-parser parse',
      package: 'pgsql-ast-parser',
      produces: 'AST only',
      run: (sql) => pgsqlAstParse(sql).length === 1,
    },
    {
      name: 'node-sql-parser astify',
      package: 'node-sql-parser',
      produces: 'AST only',
      run: (sql) => {
        nodeSqlParser.astify(sql, { database: 'PostgresQL' });
        return true;
      },
    },
  ];

  const machine = machineInfo();
  const started = Date.now();
  const m = measure(subjects, statements, rounds);
  const results = summarize(subjects, statements, m, [0, 2, 3]);
  const [ours, , pgsqlAst, nsp] = results;
  const categories: Record<string, number> = {};
  for (const s of statements) categories[s.category] = (categories[s.category] ?? 0) + 1;

  const report = {
    bench: 'facts',
    title: 'Fact extraction vs JS SQL parsers',
    date: new Date().toISOString(),
    command: FACTS_COMMAND + (roundsArg >= 0 ? ` --rounds ${rounds}` : quick ? ' --quick' : ''),
    durationSec: (Date.now() - started) / 1000,
    machine,
    loadAverageAtEnd: loadNow(),
    corpus: {
      generator: 'bench/corpus.ts generateStatements()',
      seed: DEFAULT_SEED,
      statements: statements.length,
      typicalOltp: statements.filter((s) => s.typical).length,
      categories,
    },
    rounds,
    gcBetweenSubjects: Boolean(gc),
    subjects: results,
    ratios: {
      statementsPerSecVsPgsqlAstParser: ours.statementsPerSec.median / pgsqlAst.statementsPerSec.median,
      statementsPerSecVsNodeSqlParser: ours.statementsPerSec.median / nsp.statementsPerSec.median,
      fromMediansVsPgsqlAstParser: ours.statementsPerSecFromMedians / pgsqlAst.statementsPerSecFromMedians,
      commonSubsetVsPgsqlAstParser: ours.common.statementsPerSec / pgsqlAst.common.statementsPerSec,
      commonSubsetVsNodeSqlParser: ours.common.statementsPerSec / nsp.common.statementsPerSec,
      medianUsVsPgsqlAstParser: pgsqlAst.medianUs / ours.medianUs,
    },
    targets: {
      speedupVsPgsqlAstParser: {
        target: TARGET_SPEEDUP_VS_PGSQL_AST_PARSER,
        actual: ours.statementsPerSec.median / pgsqlAst.statementsPerSec.median,
        met: ours.statementsPerSec.median / pgsqlAst.statementsPerSec.median >= TARGET_SPEEDUP_VS_PGSQL_AST_PARSER,
      },
      typicalOltpMedianUs: {
        target: TARGET_TYPICAL_OLTP_MEDIAN_US,
        actual: ours.typicalOltpMedianUs,
        met: ours.typicalOltpMedianUs < TARGET_TYPICAL_OLTP_MEDIAN_US,
      },
    },
  };
  mkdirSync('bench/results', { recursive: true });
  writeFileSync('bench/results/facts.json', `${JSON.stringify(report, null, 2)}\n`);
  for (const r of results) {
    console.log(
      `${r.name.padEnd(36)} ${Math.round(r.statementsPerSec.median).toString().padStart(8)} st/s  ` +
        `median ${r.medianUs.toFixed(1).padStart(7)} µs  typical OLTP ${r.typicalOltpMedianUs.toFixed(1).padStart(7)} µs  ` +
        `accepts ${(r.acceptRate * 100).toFixed(1)}%`,
    );
  }
  console.log(
    `vs pgsql-ast-parser: ${report.ratios.statementsPerSecVsPgsqlAstParser.toFixed(1)}× statements/s ` +
      `(target ≥ ${TARGET_SPEEDUP_VS_PGSQL_AST_PARSER}×); typical OLTP median ${ours.typicalOltpMedianUs.toFixed(1)} µs (target < ${TARGET_TYPICAL_OLTP_MEDIAN_US} µs)`,
  );
  console.log('wrote bench/results/facts.json');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
