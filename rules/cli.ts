// `hoop-lint [paths...]`: lints migrations, prompts and agent plans. Exit codes: 0 clean,
// 1 error findings (or more warnings than --max-warnings), 2 usage, config or input errors.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { processIo, type CliIo } from '../runtime/io/cli-io.js';
import { FORMATS, HELP, parseArgs, type CliArgs } from './cli-args.js';
import { FORMATTERS } from './format/index.js';
import { countBySeverity, type Report } from './format/report.js';
import { readBaseline, filterBaselined, writeBaseline } from './lint/baseline.js';
import { CONFIG_FILE, STARTER_CONFIG, emptyConfig, findConfig, loadConfig, type LoadedConfig } from './lint/config.js';
import { cachePath, DEFAULT_CACHE_FILE } from './lint/cache.js';
import { collectFiles, displayPath } from './lint/files.js';
import { applyFixes } from './lint/fixes.js';
import { formatInputError, type Finding, type InputError } from './lint/finding.js';
import { buildSpec } from './lint/options.js';
import { formatRules } from './lint/list-rules.js';
import { lintRun } from './lint/run.js';
import { createDeps, type Toolkit } from './lint/setup.js';
import { baselineWasmOnly } from './lint/wasm-tiering.js';
import { VERSION } from './version.js';

export async function run(argv: string[], io: CliIo = processIo()): Promise<number> {
  baselineWasmOnly();
  const { defaultToolkit } = await import('./lint/toolkit.js');
  return runWith(argv, io, defaultToolkit());
}

/** `run` with the runtime and policies supplied (tests pass doubles). */
export async function runWith(argv: string[], io: CliIo, toolkit: Toolkit): Promise<number> {
  try {
    return await main(argv, io, toolkit);
  } catch (e) {
    // never a stack trace: one line, exit 2
    io.stderr(`hoop-lint: error: ${String((e as Error)?.message ?? e).split('\n')[0]}\n`);
    return 2;
  }
}

function printErrors(io: CliIo, errors: InputError[]): void {
  for (const e of errors) io.stderr(formatInputError({ ...e, file: isAbsolute(e.file) ? displayPath(io.cwd, e.file) : e.file }) + '\n');
}

async function main(argv: string[], io: CliIo, toolkit: Toolkit): Promise<number> {
  const { args, errors: argErrors } = parseArgs(argv);
  if (argErrors.length) {
    for (const e of argErrors) io.stderr(`hoop-lint: error: ${e}\n`);
    return 2;
  }
  if (args.help) {
    io.stdout(HELP);
    return 0;
  }
  if (args.version) {
    io.stdout(`${VERSION}\n`);
    return 0;
  }
  if (args.init) return init(io);

  // a bad config is reported (exit 2) and the files are still linted, with the defaults
  const found = loadConfigFor(io, args);
  const configErrors = 'errors' in found ? found.errors : [];
  const loaded = 'errors' in found ? emptyConfig(io.cwd) : found;
  const { spec, errors: specErrors } = buildSpec(io.cwd, loaded, {
    dialect: args.dialect,
    env: args.env,
    policies: args.policies,
    schema: args.schema,
    builtin: args.builtin,
    rules: args.rules,
    assumeInTransaction: args.assumeInTransaction,
  });
  if (!spec) {
    printErrors(io, specErrors);
    return 2;
  }

  if (args.listRules) {
    const { deps, errors } = await createDeps({ ...spec, schema: [] }, toolkit);
    io.stdout(formatRules([...deps.rules.rules.values()], deps.rules.severity, args.format === 'json' ? 'json' : 'text'));
    printErrors(io, [...configErrors, ...errors]);
    return configErrors.length || errors.length ? 2 : 0;
  }

  if (args.fix && args.stdin) {
    io.stderr('hoop-lint: error: `--fix` cannot be used with `--stdin` (fixes are written to files)\n');
    return 2;
  }

  const color = args.color ?? (io.isTTY && !io.env.NO_COLOR);
  const collected = args.stdin
    ? { targets: [], errors: [] as InputError[] }
    : collectFiles(io.cwd, args.paths.length ? args.paths : ['.'], { ignore: loaded.config.ignore ?? [], ignoreBase: loaded.dir });
  const stdin = args.stdin ? { path: args.stdinFilename ?? 'stdin.sql', text: await io.readStdin() } : undefined;

  const started = Date.now();
  let progressShown = false;
  const outcome = await lintRun({
    spec,
    targets: collected.targets,
    stdin,
    toolkit,
    ...(args.cache ? { cache: cacheFor(io.cwd, args.cacheLocation) } : {}),
    parallel: args.jobs === undefined ? 'auto' : args.jobs === 1 ? 'off' : args.jobs,
    onProgress: (done, total) => {
      if (!io.isTTY || Date.now() - started < 2000) return;
      progressShown = true;
      io.stderr(`\rhoop-lint: ${done}/${total} files`);
    },
  });
  if (progressShown) io.stderr('\r\x1b[K');
  for (const w of outcome.warnings) io.stderr(`hoop-lint: warning: ${w}\n`);
  const inputErrors = [...configErrors, ...outcome.setupErrors, ...collected.errors, ...outcome.results.flatMap((r) => r.errors)];
  let findings = outcome.results.flatMap((r) => r.findings);

  if (args.fix) findings = applyFileFixes(io, collected.targets, findings);

  if (args.baseline !== undefined) {
    const path = resolve(io.cwd, args.baseline);
    if (!existsSync(path)) {
      writeBaseline(path, findings);
      io.stderr(`hoop-lint: wrote baseline \`${args.baseline}\` with ${findings.length} finding${findings.length === 1 ? '' : 's'}\n`);
      printErrors(io, inputErrors);
      return inputErrors.length ? 2 : 0;
    }
    const { baseline, error } = readBaseline(path);
    if (!baseline) {
      io.stderr(`${args.baseline}:1:1: error: ${error} (baseline/invalid)\n`);
      return 2;
    }
    findings = filterBaselined(findings, baseline).kept;
  }

  const counts = countBySeverity(findings);
  const shown = args.quiet ? findings.filter((f) => f.severity === 'error') : findings;
  const report: Report = {
    files: [...(stdin ? [stdin.path] : []), ...collected.targets.map((t) => t.path)].sort(),
    findings: shown,
    errors: inputErrors,
    rules: outcome.deps.rules.rules,
    cwd: io.cwd,
    version: VERSION,
  };
  const text = FORMATTERS[FORMATS.includes(args.format) ? args.format : 'stylish'](report, { color });
  if (args.outputFile) writeFileSync(resolve(io.cwd, args.outputFile), text);
  else if (text) io.stdout(text);
  printErrors(io, inputErrors);

  const maxWarnings = args.maxWarnings ?? loaded.config.maxWarnings;
  if (inputErrors.length) return 2;
  if (counts.errors > 0) return 1;
  if (maxWarnings !== undefined && counts.warnings > maxWarnings) {
    io.stderr(`hoop-lint: too many warnings (${counts.warnings}, at most ${maxWarnings} allowed)\n`);
    return 1;
  }
  return 0;
}

function cacheFor(cwd: string, location: string | undefined): { path: string; display: string } {
  // resolve() drops a trailing slash, which says the location is a directory
  const raw = location ?? DEFAULT_CACHE_FILE;
  const path = cachePath(resolve(cwd, raw) + (/[\\/]$/.test(raw) ? '/' : ''));
  return { path, display: displayPath(cwd, path) };
}

function loadConfigFor(io: CliIo, args: CliArgs): LoadedConfig | { errors: InputError[] } {
  const path = args.config !== undefined ? resolve(io.cwd, args.config) : findConfig(io.cwd);
  if (path === null) return emptyConfig(io.cwd);
  if (args.config !== undefined && !existsSync(path)) {
    return { errors: [{ file: args.config, line: 1, column: 1, code: 'config/not-found', message: `config file \`${args.config}\` does not exist` }] };
  }
  const { config, errors } = loadConfig(path);
  if (!config) return { errors: errors.map((e) => ({ ...e, file: displayPath(io.cwd, e.file) })) };
  return config;
}

function init(io: CliIo): number {
  const path = resolve(io.cwd, CONFIG_FILE);
  if (existsSync(path)) {
    io.stderr(`${CONFIG_FILE}:1:1: error: \`${CONFIG_FILE}\` already exists; not overwriting it (config/exists)\n`);
    return 2;
  }
  writeFileSync(path, STARTER_CONFIG);
  io.stdout(`wrote ${CONFIG_FILE}\n`);
  return 0;
}

/** Applies fixes to .sql files only, writing a file only when its text changed; returns the findings left. */
function applyFileFixes(io: CliIo, targets: { abs: string; path: string }[], findings: Finding[]): Finding[] {
  const byPath = new Map(targets.map((t) => [t.path, t.abs]));
  const fixable = new Map<string, Finding[]>();
  for (const f of findings) {
    if (!f.fix || !f.file.toLowerCase().endsWith('.sql') || !byPath.has(f.file)) continue;
    fixable.set(f.file, [...(fixable.get(f.file) ?? []), f]);
  }
  const fixed = new Set<Finding>();
  for (const [file, list] of fixable) {
    const abs = byPath.get(file)!;
    const before = readFileSync(abs, 'utf8');
    const { text, applied } = applyFixes(before, list.map((f) => f.fix!));
    const appliedSet = new Set(applied);
    for (const f of list) if (appliedSet.has(f.fix!) || list.some((g) => g !== f && appliedSet.has(g.fix!) && sameEdits(g, f))) fixed.add(f);
    if (text !== before) {
      writeFileSync(abs, text);
      io.stderr(`hoop-lint: fixed ${file}\n`);
    }
  }
  return findings.filter((f) => !fixed.has(f));
}

function sameEdits(a: Finding, b: Finding): boolean {
  return JSON.stringify(a.fix?.edits) === JSON.stringify(b.fix?.edits);
}
