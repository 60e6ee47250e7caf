// `hoop-policy`: check, format, test, build, explain policies; print SQL facts; make signing keys.
// Every error the user can cause is one line `file:line:col: error[code]: message` plus help,
// exit code 2; never a stack trace. Exit 1 means findings (check errors, failing tests,
// files fmt --check would change).
import { access, readFile, writeFile } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import { Ajv } from 'ajv';
import type { CliIo } from '../runtime/io/cli-io.js';
import { processIo } from '../runtime/io/cli-io.js';
import type { AnalysisResult, Diagnostic, Dialect } from '../runtime/facts/types.js';
import type { DecisionInput, Principal, Connection, Source } from '../runtime/decision/types.js';
import type { CheckedPolicySet } from './ast.js';
import { parseArgs, type ArgSpec, type ParsedArgs } from './cli-args.js';
import { collectPolicyFiles, type SourceFile } from './cli-files.js';
import { loadPolicySet } from './policy-set.js';
import { compileCheckedSet } from './index.js';
import { BundleError, generateSigningKeys, importBundle, signBundle, wrapBundle } from './bundle.js';
import { runPolicyTests } from './test-runner.js';
import { explain, renderExplanation } from './explain.js';
import { COMPILER_VERSION } from './version.js';

const DIALECTS: readonly Dialect[] = ['postgres', 'mysql', 'mariadb', 'sqlite', 'bigquery', 'snowflake', 'transactsql', 'redshift', 'db2', 'hive', 'flinksql', 'trino'];
const SOURCES: readonly Source[] = ['proxy', 'migration', 'prompt', 'plan', 'editor'];

const USAGE = `usage: hoop-policy <command> [options]

commands:
  check <dir|files...> [--format text|json]   parse and check policies (exit 1 on errors)
  fmt [--check] <dir|files...>                 format policies in place (--check: exit 1 if a file would change)
  test <dir|files...> [--coverage] [--format text|json]
                                               run the policies' test blocks
  build <dir|files...> -o <bundle.mjs> [--sign key.pem] [--stamp]
                                               compile to a bundle (and <bundle>.sig)
  explain <dir|files...> --sql "<sql>" [--principal '{...}'] [--connection '{...}']
          [--source proxy] [--dialect postgres] [--time <iso>] [--format text|json]
          [--assume-in-transaction[=always]]
                                               decide one request and show why
  facts <file.sql> [--dialect mysql] [--assume-in-transaction[=always]] | facts --sql "<sql>"
                                               print the SQL facts as JSON
  keygen [--out <prefix>]                      write an ed25519 key pair (<prefix>.key, <prefix>.pub)

options of explain and facts:
  --assume-in-transaction[=always]             analyse the SQL as run inside a transaction opened before it
                                               and committed after it (a migration tool that wraps each file
                                               in one); =always: the tool wraps even a lone statement
                                               (dbmate, Liquibase)
`;

class UsageError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly location: string | null = null,
    readonly help: string | null = null,
  ) {
    super(message);
  }
}

export async function run(argv: string[], io: CliIo = processIo()): Promise<number> {
  try {
    return await dispatch(argv, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`${e.location ? `${e.location}: ` : ''}error[${e.code}]: ${e.message}\n`);
      io.stderr(`  help: ${e.help ?? 'run `hoop-policy --help` for usage'}\n`);
      return 2;
    }
    if (e instanceof BundleError) {
      io.stderr(`error[${e.code}]: ${e.message}\n`);
      return 2;
    }
    const msg = e instanceof Error ? e.message.split('\n')[0] : String(e);
    io.stderr(`error[cli/internal]: ${msg}\n  help: this is a bug in hoop-policy; please report it\n`);
    return 2;
  }
}

async function dispatch(argv: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout(USAGE);
    return 0;
  }
  switch (command) {
    case undefined:
    case '--help':
    case '-h':
    case 'help':
      io.stdout(USAGE);
      return command === undefined ? 2 : 0;
    case '--version':
      io.stdout(`${COMPILER_VERSION}\n`);
      return 0;
    case 'check':
      return check(args(rest, { values: ['format'], flags: [] }), io);
    case 'fmt':
      return fmt(args(rest, { values: [], flags: ['check'] }), io);
    case 'test':
      return test(args(rest, { values: ['format'], flags: ['coverage'] }), io);
    case 'build':
      return build(args(rest, { values: ['out', 'sign'], flags: ['stamp'], short: { o: 'out' } }), io);
    case 'explain':
      return explainCmd(args(rest, { values: ['sql', 'principal', 'connection', 'source', 'dialect', 'time', 'format'], flags: [], optionalValues: ['assume-in-transaction'] }), io);
    case 'facts':
      return facts(args(rest, { values: ['sql', 'dialect'], flags: [], optionalValues: ['assume-in-transaction'] }), io);
    case 'keygen':
      return keygen(args(rest, { values: ['out'], flags: [] }), io);
    default:
      throw new UsageError('cli/unknown-command', `unknown command \`${command}\``, null, `commands: check, fmt, test, build, explain, facts, keygen`);
  }
}

function args(argv: string[], spec: ArgSpec): ParsedArgs {
  const r = parseArgs(argv, spec);
  if (!r.ok) throw new UsageError('cli/usage', r.error);
  return r.args;
}

function formatOption(a: ParsedArgs): 'text' | 'json' {
  const f = a.options.format ?? 'text';
  if (f !== 'text' && f !== 'json') throw new UsageError('cli/usage', `unknown format \`${f}\``, null, 'use `--format text` or `--format json`');
  return f;
}

function needTargets(a: ParsedArgs, what: string): string[] {
  if (a.positionals.length === 0) throw new UsageError('cli/usage', `missing ${what}`);
  return a.positionals;
}

async function readPolicies(targets: string[], io: CliIo): Promise<SourceFile[]> {
  const r = await collectPolicyFiles(targets, io.cwd);
  if (!r.ok) throw new UsageError('cli/input', r.error, `${r.file}:1:1`);
  if (r.files.length === 0) throw new UsageError('cli/input', 'no `.hoop` files found', `${targets[0]}:1:1`);
  return r.files;
}

export function formatDiagnostic(d: Diagnostic, file?: string): string {
  const where = `${d.file ?? file ?? '<input>'}:${d.span.line}:${d.span.column}`;
  let out = `${where}: ${d.severity}[${d.code}]: ${d.message}\n`;
  if (d.help) out += `  help: ${d.help}\n`;
  if (d.url) out += `  docs: ${d.url}\n`;
  return out;
}

function printDiagnostics(ds: readonly Diagnostic[], io: CliIo): void {
  for (const d of ds) io.stderr(formatDiagnostic(d));
}

/** Loads and checks; prints diagnostics; input errors end the command with exit 2. */
async function loadChecked(targets: string[], io: CliIo): Promise<{ set: CheckedPolicySet; files: SourceFile[] }> {
  const files = await readPolicies(targets, io);
  const loaded = loadPolicySet(files.map((f) => ({ file: f.file, text: f.text })));
  printDiagnostics(loaded.diagnostics, io);
  const errors = loaded.diagnostics.filter((d) => d.severity === 'error').length;
  if (errors > 0) throw new Exit(2, `${errors} error${errors === 1 ? '' : 's'} in policies; nothing was run`);
  return { set: loaded.value, files };
}

class Exit extends Error {
  constructor(
    readonly code: number,
    readonly summary: string,
  ) {
    super(summary);
  }
}

async function withExit(io: CliIo, f: () => Promise<number>): Promise<number> {
  try {
    return await f();
  } catch (e) {
    if (e instanceof Exit) {
      io.stderr(`${e.summary}\n`);
      return e.code;
    }
    throw e;
  }
}

// ---------------------------------------------------------------------------------------------

async function check(a: ParsedArgs, io: CliIo): Promise<number> {
  const format = formatOption(a);
  const files = await readPolicies(needTargets(a, 'policy directory or files'), io);
  const loaded = loadPolicySet(files.map((f) => ({ file: f.file, text: f.text })));
  const ds = loaded.diagnostics;
  const errors = ds.filter((d) => d.severity === 'error').length;
  const warnings = ds.length - errors;
  if (format === 'json') {
    io.stdout(JSON.stringify(eslintJson(files, ds), null, 2) + '\n');
  } else {
    printDiagnostics(ds, io);
    const rules = loaded.value.policies.reduce((n, p) => n + p.rules.length, 0);
    io.stdout(
      errors > 0
        ? `${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}\n`
        : `ok: ${files.length} file${files.length === 1 ? '' : 's'}, ${loaded.value.policies.length} policies, ${rules} rules, ${loaded.value.tests.length} tests${warnings ? `, ${warnings} warnings` : ''}\n`,
    );
  }
  return errors > 0 ? 1 : 0;
}

function eslintJson(files: SourceFile[], ds: readonly Diagnostic[]) {
  return files.map((f) => {
    const mine = ds.filter((d) => d.file === f.file);
    return {
      filePath: f.path,
      messages: mine.map((d) => ({
        ruleId: d.code,
        severity: d.severity === 'error' ? 2 : 1,
        message: d.message,
        line: d.span.line,
        column: d.span.column,
        endLine: d.span.endLine,
        endColumn: d.span.endColumn,
      })),
      errorCount: mine.filter((d) => d.severity === 'error').length,
      warningCount: mine.filter((d) => d.severity !== 'error').length,
      fixableErrorCount: 0,
      fixableWarningCount: 0,
    };
  });
}

async function fmt(a: ParsedArgs, io: CliIo): Promise<number> {
  const files = await readPolicies(needTargets(a, 'policy directory or files'), io);
  const { formatPolicyFile } = await import('./format.js');
  let changed = 0;
  let failed = 0;
  for (const f of files) {
    const r = formatPolicyFile(f.text, f.file);
    if (r.value === null || r.diagnostics.some((d) => d.severity === 'error')) {
      printDiagnostics(
        r.diagnostics.filter((d) => d.severity === 'error'),
        io,
      );
      failed++;
      continue;
    }
    if (r.value === f.text) continue;
    changed++;
    if (a.flags.has('check')) io.stdout(`would reformat ${f.file}\n`);
    else {
      await writeFile(f.path, r.value, 'utf8');
      io.stdout(`formatted ${f.file}\n`);
    }
  }
  if (failed > 0) {
    io.stderr(`${failed} file${failed === 1 ? '' : 's'} could not be parsed and ${failed === 1 ? 'was' : 'were'} left unchanged\n`);
    return 2;
  }
  return a.flags.has('check') && changed > 0 ? 1 : 0;
}

// the SQL runtime (and its parser WASM) loads only for commands that analyse SQL
async function loadAnalyze(): Promise<(text: string, options: { dialect: Dialect; file?: string; assumeInTransaction?: boolean | 'always' }) => Promise<AnalysisResult>> {
  const rt = await import('../runtime/index.js');
  return (text, options) => rt.analyze(text, options);
}

async function compiledDecide(set: CheckedPolicySet, files: SourceFile[]) {
  const { source } = compileCheckedSet(set, files);
  return (await importBundle(wrapBundle(source))).decide;
}

async function test(a: ParsedArgs, io: CliIo): Promise<number> {
  const format = formatOption(a);
  return withExit(io, async () => {
    const { set, files } = await loadChecked(needTargets(a, 'policy directory'), io);
    if (set.tests.length === 0) throw new Exit(2, 'no `test` blocks found');
    const report = await runPolicyTests(set, { analyze: await loadAnalyze(), decide: await compiledDecide(set, files) });
    if (format === 'json') {
      io.stdout(
        JSON.stringify(
          {
            passed: report.passed,
            failed: report.failed,
            results: report.results.map((r) => ({ name: r.name, file: r.file, line: r.span.line, column: r.span.column, passed: r.passed, failure: r.failure, expected: r.expected, actual: r.actual })),
            coverage: a.flags.has('coverage') ? report.coverage : undefined,
          },
          null,
          2,
        ) + '\n',
      );
    } else {
      for (const r of report.results) {
        if (r.passed) io.stdout(`ok    ${r.name}\n`);
        else io.stdout(`FAIL  ${r.file}:${r.span.line}:${r.span.column}: ${r.name}: ${r.failure}\n`);
      }
      io.stdout(`${report.passed} passed, ${report.failed} failed\n`);
      if (a.flags.has('coverage')) {
        const c = report.coverage;
        io.stdout(`coverage: ${c.rulesFired}/${c.rules} rules fired, ${c.clauses - c.clausesNeverDecisive.length}/${c.clauses} when/unless clauses decided both outcomes\n`);
        for (const r of c.rulesNeverFired) io.stdout(`  ${r.file}:${r.span.line}:${r.span.column}: rule \`${r.id}\` never fired\n`);
        for (const k of c.clausesNeverDecisive) {
          const what = k.missing.map((m) => (m === 'fire' ? (k.clause === 'when' ? 'made it fire' : 'let it fire') : 'kept it from firing')).join(' or ');
          io.stdout(`  ${k.file}:${k.span.line}:${k.span.column}: \`${k.clause}\` clause ${k.index + 1} of \`${k.rule}\` never ${what} on its own\n`);
        }
      }
    }
    return report.failed > 0 ? 1 : 0;
  });
}

const BUNDLE_HEADER = '// hoop-policy bundle';

async function build(a: ParsedArgs, io: CliIo): Promise<number> {
  const out = a.options.out;
  if (!out) throw new UsageError('cli/usage', 'missing `-o <bundle file>`');
  const outPath = isAbsolute(out) ? out : resolve(io.cwd, out);
  let key: string | undefined;
  if (a.options.sign !== undefined) {
    const keyPath = isAbsolute(a.options.sign) ? a.options.sign : resolve(io.cwd, a.options.sign);
    try {
      key = await readFile(keyPath, 'utf8');
    } catch {
      throw new UsageError('cli/input', `cannot read signing key \`${a.options.sign}\``, `${a.options.sign}:1:1`);
    }
  }
  // never overwrite something that is not a bundle we built
  const existing = await readFile(outPath, 'utf8').catch(() => null);
  if (existing !== null && !existing.startsWith(BUNDLE_HEADER)) {
    throw new UsageError('cli/refuse-overwrite', `\`${out}\` exists and is not a hoop-policy bundle`, `${out}:1:1`, 'choose another output path');
  }
  return withExit(io, async () => {
    const { set, files } = await loadChecked(needTargets(a, 'policy directory'), io);
    const { source, manifest } = compileCheckedSet(set, files, a.flags.has('stamp') ? { builtAt: new Date().toISOString() } : {});
    const bundle = wrapBundle(source);
    let signature: string | null = null;
    if (key !== undefined) {
      try {
        signature = signBundle(bundle, key);
      } catch {
        throw new UsageError('cli/input', 'signing key is not an ed25519 private key in PEM form', `${a.options.sign}:1:1`, 'create one with `hoop-policy keygen`');
      }
    }
    await writeFile(outPath, bundle, 'utf8');
    if (signature !== null) await writeFile(`${outPath}.sig`, signature + '\n', 'utf8');
    io.stdout(`built ${out}: ${manifest.rules.length} rules, ${manifest.policyHash}${signature ? `, signed (${out}.sig)` : ''}\n`);
    return 0;
  });
}

// ---------------------------------------------------------------------------------------------
// explain

const principalSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    id: { type: 'string' },
    kind: { enum: ['human', 'agent', 'service'] },
    groups: { type: 'array', items: { type: 'string' } },
    attributes: { type: 'object', additionalProperties: { type: ['string', 'number', 'boolean'] } },
  },
};
const connectionSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    name: { type: 'string' },
    env: { type: 'string' },
    dialect: { enum: DIALECTS },
    database: { type: 'string' },
  },
};

function jsonOption<T>(a: ParsedArgs, name: string, schema: object): Partial<T> {
  const raw = a.options[name];
  if (raw === undefined) return {};
  let v: unknown;
  try {
    v = JSON.parse(raw);
  } catch (e) {
    const m = /position (\d+)/.exec((e as Error).message);
    const col = m ? Number(m[1]) + 1 : 1;
    throw new UsageError('cli/invalid-json', `\`--${name}\` is not valid JSON`, `--${name}:1:${col}`, `example: --${name} '{"kind":"agent"}'`);
  }
  const validate = new Ajv({ strict: true, allowUnionTypes: true }).compile(schema);
  if (!validate(v)) {
    const err = validate.errors?.[0];
    const where = err?.instancePath ? `\`${err.instancePath.slice(1)}\` ` : '';
    const extra = err?.keyword === 'additionalProperties' ? ` (\`${(err.params as { additionalProperty: string }).additionalProperty}\`)` : '';
    throw new UsageError('cli/invalid-value', `\`--${name}\` ${where}${err?.message ?? 'is invalid'}${extra}`, `--${name}:1:1`);
  }
  return v as Partial<T>;
}

function dialectOption(a: ParsedArgs, fallback: Dialect): Dialect {
  const d = a.options.dialect;
  if (d === undefined) return fallback;
  if (!DIALECTS.includes(d as Dialect)) throw new UsageError('cli/usage', `unknown dialect \`${d}\``, null, `dialects: ${DIALECTS.join(', ')}`);
  return d as Dialect;
}

/** `--assume-in-transaction[=always]`: the runtime's `assumeInTransaction` */
function assumeOption(a: ParsedArgs): boolean | 'always' {
  const v = a.options['assume-in-transaction'];
  if (v === undefined) return a.flags.has('assume-in-transaction');
  if (v !== 'always') throw new UsageError('cli/usage', `unknown \`--assume-in-transaction\` value \`${v}\``, null, 'use `--assume-in-transaction` or `--assume-in-transaction=always`');
  return 'always';
}

async function explainCmd(a: ParsedArgs, io: CliIo): Promise<number> {
  const format = formatOption(a);
  const assumeInTransaction = assumeOption(a);
  const sql = a.options.sql;
  if (sql === undefined) throw new UsageError('cli/usage', 'missing `--sql "<statement>"`');
  const p = jsonOption<Principal>(a, 'principal', principalSchema);
  const c = jsonOption<Connection>(a, 'connection', connectionSchema);
  const source = (a.options.source ?? 'proxy') as Source;
  if (!SOURCES.includes(source)) throw new UsageError('cli/usage', `unknown source \`${source}\``, null, `sources: ${SOURCES.join(', ')}`);
  const dialect = dialectOption(a, c.dialect ?? 'postgres');
  let time = new Date();
  if (a.options.time !== undefined) {
    time = new Date(a.options.time);
    if (Number.isNaN(time.getTime())) throw new UsageError('cli/usage', `\`--time\` is not an ISO-8601 time: \`${a.options.time}\``);
  }
  return withExit(io, async () => {
    const { set, files } = await loadChecked(needTargets(a, 'policy directory'), io);
    const analysis = await (await loadAnalyze())(sql, { dialect, assumeInTransaction });
    const texts = new Map(files.map((f) => [f.file, f.text]));
    const results = analysis.statements.map((statement) => {
      const input: DecisionInput = {
        statement,
        principal: { id: p.id ?? 'cli', kind: p.kind ?? 'human', groups: p.groups ?? [], attributes: p.attributes ?? {} },
        connection: { name: c.name ?? 'cli', env: c.env ?? 'development', dialect, database: c.database ?? 'cli' },
        source,
        time: { iso: time.toISOString(), hour: time.getUTCHours(), weekday: time.getUTCDay() },
        request: { statementCount: analysis.statements.length },
      };
      return { statement: statement.text, explanation: explain(set, input, texts) };
    });
    if (format === 'json') io.stdout(JSON.stringify(results, null, 2) + '\n');
    else if (results.length === 0) io.stdout('no statements in `--sql`\n');
    else
      for (const [k, r] of results.entries()) {
        io.stdout(`statement ${k + 1}: ${r.statement.replace(/\s+/g, ' ').trim()}\n`);
        io.stdout(renderExplanation(r.explanation));
      }
    return 0;
  });
}

// ---------------------------------------------------------------------------------------------

async function facts(a: ParsedArgs, io: CliIo): Promise<number> {
  const dialect = dialectOption(a, 'postgres');
  const assumeInTransaction = assumeOption(a);
  const rt = await import('../runtime/index.js');
  await rt.loadPostgres();
  let analysis: AnalysisResult;
  if (a.options.sql !== undefined) {
    if (a.positionals.length > 0) throw new UsageError('cli/usage', 'give either a file or `--sql`, not both');
    analysis = rt.analyzeSync(a.options.sql, { dialect, assumeInTransaction });
  } else {
    const file = needTargets(a, 'SQL file (or `--sql "<statement>"`)')[0]!;
    let bytes: Uint8Array;
    try {
      bytes = await readFile(isAbsolute(file) ? file : resolve(io.cwd, file));
    } catch {
      throw new UsageError('cli/input', `cannot read \`${file}\``, `${file}:1:1`);
    }
    // bytes, not text: binary, oversized and invalid UTF-8 input get their own diagnostics
    analysis = rt.analyzeBytes(bytes, { dialect, file, assumeInTransaction });
  }
  io.stdout(JSON.stringify(analysis, null, 2) + '\n');
  // input that is not SQL text is a usage error: say so on one line, after the (partial) facts
  const bad = analysis.diagnostics.find((d) => d.code.startsWith('input/'));
  if (bad) {
    io.stderr(`${bad.file ?? '<sql>'}:${bad.span.line}:${bad.span.column}: error[${bad.code}]: ${bad.message}\n`);
    return 2;
  }
  return 0;
}

async function keygen(a: ParsedArgs, io: CliIo): Promise<number> {
  const prefix = a.options.out ?? 'hoop-policy';
  const base = isAbsolute(prefix) ? prefix : resolve(io.cwd, prefix);
  for (const p of [`${base}.key`, `${base}.pub`]) {
    const exists = await access(p).then(
      () => true,
      () => false,
    );
    if (exists) throw new UsageError('cli/refuse-overwrite', `\`${p}\` already exists; refusing to overwrite a key`, `${p}:1:1`, 'use `--out <prefix>` to write elsewhere');
  }
  const { privateKey, publicKey } = generateSigningKeys();
  await writeFile(`${base}.key`, privateKey, { encoding: 'utf8', mode: 0o600, flag: 'wx' });
  await writeFile(`${base}.pub`, publicKey, { encoding: 'utf8', flag: 'wx' });
  io.stdout(`wrote ${prefix}.key (private, keep secret) and ${prefix}.pub\n`);
  return 0;
}
