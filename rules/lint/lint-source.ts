// One file through the pipeline: read regions → analyse each (runtime) → decide per statement
// (decide.ts) → severities → suppressions → fingerprints. Migration chains share a catalog.
import type { DecisionInput } from '../../runtime/decision/types.js';
import type { AnalysisResult, Dialect } from '../../runtime/facts/types.js';
import { filePosition, mapEndOffset, mapOffset, sourceFile, type SourceFile } from '../inputs/offset-map.js';
import { fileDirection, migrationVersion } from '../inputs/migration.js';
import { decodeFile, readInput } from '../inputs/read.js';
import type { ToolCall } from '../inputs/region.js';
import { replayInput, type ReplayStatement } from '../../runtime/catalog/replay-input.js';
import type { ChainRecord } from './cache.js';
import { fileMarker, recordEffects } from './chain-split.js';
import { decideStatement, diagnosticFinding, regionDecisions, SYNTAX_ERROR } from './decide.js';
import type { Analyzer, LintCatalog, PolicyEngine, TagDeclaration } from './deps.js';
import { compareFindings, fingerprint, normalizeStatement, type Finding, type InputError } from './finding.js';
import { createdBy, implicitTransaction, markUndone, type RegionContext } from './migration-context.js';
import type { RuleTable } from './rule-table.js';
import { applySuppressions, findDirectives, ruleMatches } from './suppressions.js';

export interface LintSettings {
  env: string;
  dialect: Dialect;
  assumeInTransaction: boolean;
  requireSuppressionReason: boolean;
  /** judge every input as run by an agent (the `agent` preset) */
  agentPrincipal: boolean;
  /** ISO time the decisions see */
  now: string;
}

export interface LintDeps {
  analyzer: Analyzer;
  engines: PolicyEngine[];
  rules: RuleTable;
  settings: LintSettings;
  /** analysed `--schema` DDL, replayed into every fresh catalog */
  schema: AnalysisResult[];
  /** tags the schema declares in column comments (`COMMENT ON COLUMN users.email IS 'hoop:tags=pii,email'`) */
  schemaTags?: TagDeclaration[];
}

/** What the regions of a migration chain tell later files (a directory replayed in order). */
export interface ChainState {
  catalog: LintCatalog;
  /** objects each up migration created, by version, for its down migration */
  upCreated: Map<string, Set<string>>;
  /** when set, what each replay changed in the catalog is recorded (chain-split.ts checks it) */
  effects?: string[];
  /** the decisions' time, from `settings.now` */
  time?: DecisionInput['time'];
  /** `--cache`: each file's result carries what it tells later files of the chain */
  record?: boolean;
}

export interface FileResult {
  file: string;
  findings: Finding[];
  errors: InputError[];
  suppressed: number;
  statements: number;
  /** plans: every SQL-bearing string, findings or not */
  toolCalls?: ToolCall[];
  /** with `ChainState.record`: what the file tells later files of its chain (taken off before output) */
  chain?: ChainRecord;
}

export function newChain(deps: LintDeps): ChainState {
  const catalog = deps.analyzer.createCatalog();
  const tags = [...deps.engines.flatMap((e) => e.tags), ...(deps.schemaTags ?? [])];
  if (tags.length && deps.analyzer.applyTags) deps.analyzer.applyTags(catalog, tags);
  for (const r of deps.schema) catalog.replay(r);
  return { catalog, upCreated: new Map() };
}

/** Lints already-decoded text. `path` is the display path (also used for fingerprints). */
export async function lintText(path: string, text: string, deps: LintDeps, chain?: ChainState): Promise<FileResult> {
  const file = sourceFile(path, text);
  const state = chain ?? newChain(deps);
  const read = readInput(path, text);
  const errors: InputError[] = read.problems.map((p) => {
    const pos = filePosition(file, p.offset);
    return { file: path, line: pos.line, column: pos.column, code: p.code, message: p.message };
  });
  const raw: Finding[] = [];
  const statements: Array<{ start: number; end: number }> = [];
  // parsed once per chain, not once per file
  if (state.time?.iso !== deps.settings.now) {
    const time = new Date(deps.settings.now);
    state.time = { iso: deps.settings.now, hour: time.getUTCHours(), weekday: time.getUTCDay() };
  }
  const timeInfo = state.time;
  const upCreatedHere = new Set<string>();
  const replayed: ReplayStatement[] | null = state.record ? [] : null;
  const version = migrationVersion(path);
  state.effects?.push(fileMarker(path));

  for (const region of read.regions) {
    const dialect = region.dialect ?? deps.settings.dialect;
    let result: AnalysisResult;
    try {
      // a tool that wraps the migration in a transaction: the analysis starts inside it
      result = await deps.analyzer.analyze(region.text, { dialect, file: path, catalog: state.catalog, assumeInTransaction: implicitTransaction(region, deps.settings) });
    } catch (e) {
      const pos = filePosition(file, mapOffset(region.offsetMap, 0));
      errors.push({ file: path, line: pos.line, column: pos.column, code: 'input/analysis-failed', message: `analysis failed: ${String((e as Error)?.message ?? e).split('\n')[0]}` });
      continue;
    }
    // a guess that does not parse was prose or a fragment (`COPY ... TO PROGRAM`), not SQL
    if (region.guessed && (result.statements.length === 0 || result.statements.some((s) => !s.parsed || s.diagnostics.some((d) => d.severity === 'error')))) continue;
    const direction = region.origin === 'migration' ? (region.direction ?? fileDirection(path)) : null;
    const ctx: RegionContext = {
      direction,
      upCreated: direction === 'down' ? new Set([...upCreatedHere, ...((version && state.upCreated.get(version)) || [])]) : new Set(),
    };
    if (direction === 'up') {
      for (const s of result.statements) createdBy(s, upCreatedHere);
      state.catalog.replay(result);
      if (replayed) replayed.push(...replayInput(result).statements);
      if (state.effects) recordEffects(result, state.effects);
    }
    for (const d of result.diagnostics) diagnosticFinding(file, region, d, deps, raw);
    const rd = regionDecisions(file, region, ctx, deps, timeInfo);
    const count = result.statements.length;
    for (const original of result.statements) {
      const stmt = direction === 'down' ? markUndone(original, ctx.upCreated) : original;
      const stmtStart = mapOffset(region.offsetMap, stmt.span.start);
      const stmtEnd = mapEndOffset(region.offsetMap, stmt.span.end);
      statements.push({ start: stmtStart, end: stmtEnd });
      for (const d of stmt.diagnostics) diagnosticFinding(file, region, d, deps, raw);
      decideStatement(rd, stmt, count, raw);
    }
  }
  if (version && upCreatedHere.size) state.upCreated.set(version, upCreatedHere);

  // severities from the rule table; `off` drops the finding before suppressions see it
  const rated: Finding[] = [];
  for (const f of dedupe(raw)) {
    let sev = deps.rules.severity.get(f.ruleId) ?? f.severity;
    // prompts often hold sketches of SQL, and node-sql-parser rejects some valid SQL (diagnosticFinding
    // rates that a warning): a syntax error there is a warning unless the user says otherwise
    if (f.ruleId === SYNTAX_ERROR && (f.origin === 'prompt' || f.severity === 'warning') && sev === 'error' && !deps.rules.overridden.has(f.ruleId)) sev = 'warning';
    if (sev === 'off') continue;
    f.severity = sev; // findings are this call's own objects: no copy needed
    rated.push(f);
  }
  const directives = findDirectives(file, read.regions, read.kind === 'migration' ? 'sql' : /\.ya?ml$/i.test(path) ? 'yaml' : read.kind === 'plan' ? 'json' : 'markdown', deps.settings.dialect);
  const outcome = applySuppressions(path, rated, directives, statements, {
    requireReason: deps.settings.requireSuppressionReason,
    knownRule: (spec) => [...deps.rules.rules.keys()].some((id) => ruleMatches(spec, id)),
    // a suppression of a rule this configuration turns off is kept quiet: it may be meant for a stricter one
    enabled: (spec) => [...deps.rules.severity.entries()].some(([id, sev]) => sev !== 'off' && ruleMatches(spec, id)) || ![...deps.rules.rules.keys()].some((id) => ruleMatches(spec, id)),
  });
  const findings: Finding[] = outcome.kept;
  for (const f of outcome.directiveFindings) {
    const sev = deps.rules.severity.get(f.ruleId) ?? f.severity;
    if (sev === 'off') continue;
    f.severity = sev;
    findings.push(f);
  }
  findings.sort(compareFindings);
  for (const f of findings) f.sourceLine = lineText(file, f.line);
  const toolCalls: ToolCall[] = [];
  for (const r of read.regions) if (r.toolCall) toolCalls.push(r.toolCall);
  return {
    file: path,
    findings: withOccurrences(findings),
    errors,
    suppressed: outcome.suppressed.length,
    statements: statements.length,
    ...(toolCalls.length ? { toolCalls } : {}),
    ...(replayed ? { chain: { replay: { statements: replayed }, created: [...upCreatedHere] } } : {}),
  };
}

/** Decodes bytes, then lints; binary and non-UTF-8 files are input errors. */
export async function lintBytes(path: string, bytes: Uint8Array, deps: LintDeps, chain?: ChainState): Promise<FileResult> {
  const decoded = decodeFile(bytes);
  if (decoded.problem) {
    const result: FileResult = { file: path, findings: [], errors: [{ file: path, line: 1, column: 1, code: decoded.problem.code, message: decoded.problem.message }], suppressed: 0, statements: 0 };
    // it tells later files nothing
    if (chain?.record) result.chain = { replay: { statements: [] }, created: [] };
    return result;
  }
  return lintText(path, decoded.text, deps, chain);
}

/** Drops repeats of a finding (same rule, range and message), keeping the first. */
function dedupe(findings: Finding[]): Finding[] {
  if (findings.length < 2) return findings;
  // grouped by start offset: few findings share one, and no key strings are built
  const byStart = new Map<number, Finding[]>();
  const out: Finding[] = [];
  for (const f of findings) {
    const same = byStart.get(f.start);
    if (same === undefined) byStart.set(f.start, [f]);
    else if (same.some((g) => g.end === f.end && g.ruleId === f.ruleId && g.message === f.message)) continue;
    else same.push(f);
    out.push(f);
  }
  return out;
}

/** Fingerprints: rule + file + normalized statement, numbered when the same statement repeats. */
function withOccurrences(findings: Finding[]): Finding[] {
  const counts = new Map<string, number>();
  // a statement with several findings is normalized once
  const normalized = new Map<string, string>();
  for (const f of findings) {
    if (f.fingerprint) continue;
    const text = f.statement?.text ?? f.message;
    let norm = normalized.get(text);
    if (norm === undefined) normalized.set(text, (norm = normalizeStatement(text)));
    const base = fingerprint(f.ruleId, f.file, text, 0, norm);
    const n = counts.get(base) ?? 0;
    counts.set(base, n + 1);
    // the findings are this call's own objects: set in place rather than copied
    f.fingerprint = n === 0 ? base : fingerprint(f.ruleId, f.file, text, n, norm);
  }
  return findings;
}

function lineText(file: SourceFile, line: number): string {
  const starts = file.index.lineStarts;
  const start = starts[line - 1] ?? 0;
  const end = line < starts.length ? starts[line] : file.text.length;
  let stop = end;
  if (stop > start && file.text.charCodeAt(stop - 1) === 10) {
    stop--;
    if (stop > start && file.text.charCodeAt(stop - 1) === 13) stop--;
  }
  return file.text.slice(start, stop);
}
