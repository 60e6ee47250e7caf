// One file through the pipeline: read regions → analyse each (runtime) → decide per statement
// (policy engines) → findings at original-file positions → severities → suppressions.
import type { AnalysisResult, Dialect, Span, StatementFacts } from '../../runtime/facts/types.js';
import type { DecisionInput, Principal, Source } from '../../runtime/decision/types.js';
import { filePosition, mapEndOffset, mapOffset, sourceFile, type SourceFile } from '../inputs/offset-map.js';
import { fileDirection, migrationVersion } from '../inputs/migration.js';
import { decodeFile, readInput } from '../inputs/read.js';
import type { Direction, SqlRegion, ToolCall } from '../inputs/region.js';
import type { Analyzer, LintCatalog, PolicyEngine } from './deps.js';
import { computeFix } from './fixes.js';
import { compareFindings, fingerprint, type Finding, type FixName, type InputError } from './finding.js';
import type { RuleTable } from './rule-table.js';
import { applySuppressions, findDirectives } from './suppressions.js';

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
}

/** What the regions of a migration chain tell later files (a directory replayed in order). */
export interface ChainState {
  catalog: LintCatalog;
  /** objects each up migration created, by version, for its down migration */
  upCreated: Map<string, Set<string>>;
}

export interface RegionContext {
  direction: Direction | null;
  /** what the up direction created (tables, `table.column`, index and constraint names) */
  upCreated: ReadonlySet<string>;
}

export interface FileResult {
  file: string;
  findings: Finding[];
  errors: InputError[];
  suppressed: number;
  statements: number;
  /** plans: every SQL-bearing string, findings or not */
  toolCalls?: ToolCall[];
}

export function newChain(deps: LintDeps): ChainState {
  const catalog = deps.analyzer.createCatalog();
  const tags = deps.engines.flatMap((e) => e.tags);
  if (tags.length && deps.analyzer.applyTags) deps.analyzer.applyTags(catalog, tags);
  for (const r of deps.schema) catalog.replay(r);
  return { catalog, upCreated: new Map() };
}

const CREATE_OPS = new Set(['create_table', 'create_table_as', 'create_index', 'create_view', 'create_materialized_view', 'create_type', 'create_schema', 'create_sequence', 'create_function', 'create_trigger', 'create_extension', 'create_domain']);

/** Objects a statement creates, in the keys `undoneByDown` looks for. */
function createdBy(s: StatementFacts, out: Set<string>): void {
  for (const a of s.actions) if (!a.nested && CREATE_OPS.has(a.action) && a.target) out.add(a.target);
  for (const t of s.tables) if (t.access.includes('ddl') && s.actions.some((a) => a.action === 'create_table' || a.action === 'create_table_as')) out.add(t.name);
  for (const d of s.ddl) {
    if (CREATE_OPS.has(d.operation) && d.table) out.add(d.table);
    if (d.operation === 'add_column' && d.table && d.column) out.add(`${d.table}.${d.column}`);
    if (d.objectName && (CREATE_OPS.has(d.operation) || d.operation.startsWith('add_'))) out.add(d.objectName);
  }
}

/** Marks the facts of a down statement that undo what the up created as `createdInFile`. */
function markUndone(s: StatementFacts, created: ReadonlySet<string>): StatementFacts {
  if (created.size === 0) return s;
  const hit = (name: string | null) => name !== null && (created.has(name) || created.has(name.replace(/^[^.]+\./, '')));
  return {
    ...s,
    tables: s.tables.map((t) => (hit(t.name) ? { ...t, createdInFile: true } : t)),
    ddl: s.ddl.map((d) =>
      hit(d.table) || (d.column !== null && hit(`${d.table}.${d.column}`)) || hit(d.objectName) ? { ...d, createdInFile: true } : d,
    ),
  };
}

/** Migration tools that wrap each migration in a transaction unless told otherwise. */
function implicitTransaction(region: SqlRegion, settings: LintSettings): boolean {
  if (region.origin !== 'migration' || region.noTransaction) return false;
  return settings.assumeInTransaction || region.flavor === 'dbmate' || region.flavor === 'liquibase';
}

function withTransaction(s: StatementFacts): StatementFacts {
  if (s.transaction.inExplicitTransaction) return s;
  return { ...s, transaction: { ...s.transaction, inExplicitTransaction: true, depth: Math.max(1, s.transaction.depth) } };
}

const SYNTAX_ERROR = 'hoop-lint/syntax-error';
const AGENT: Principal = { id: 'agent', kind: 'agent', groups: [], attributes: {} };
const HUMAN: Principal = { id: 'hoop-lint', kind: 'human', groups: [], attributes: {} };

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
  const time = new Date(deps.settings.now);
  const timeInfo = { iso: deps.settings.now, hour: time.getUTCHours(), weekday: time.getUTCDay() };
  const upCreatedHere = new Set<string>();
  const version = migrationVersion(path);

  for (const region of read.regions) {
    const dialect = region.dialect ?? deps.settings.dialect;
    let result: AnalysisResult;
    try {
      result = await deps.analyzer.analyze(region.text, { dialect, file: path, catalog: state.catalog });
    } catch (e) {
      const pos = filePosition(file, mapOffset(region.offsetMap, 0));
      errors.push({ file: path, line: pos.line, column: pos.column, code: 'input/analysis-failed', message: `analysis failed: ${String((e as Error)?.message ?? e).split('\n')[0]}` });
      continue;
    }
    const direction = region.origin === 'migration' ? (region.direction ?? fileDirection(path)) : null;
    const ctx: RegionContext = {
      direction,
      upCreated: direction === 'down' ? new Set([...upCreatedHere, ...((version && state.upCreated.get(version)) || [])]) : new Set(),
    };
    if (direction === 'up') {
      for (const s of result.statements) createdBy(s, upCreatedHere);
      state.catalog.replay(result);
    }
    const inTx = implicitTransaction(region, deps.settings);
    for (const d of result.diagnostics) raw.push(...diagnosticFinding(file, region, d, deps));
    for (const original of result.statements) {
      let stmt = direction === 'down' ? markUndone(original, ctx.upCreated) : original;
      if (inTx) stmt = withTransaction(stmt);
      const stmtStart = mapOffset(region.offsetMap, stmt.span.start);
      const stmtEnd = mapEndOffset(region.offsetMap, stmt.span.end);
      statements.push({ start: stmtStart, end: stmtEnd });
      for (const d of stmt.diagnostics) raw.push(...diagnosticFinding(file, region, d, deps));
      raw.push(...decideStatement(file, region, ctx, stmt, result.statements.length, deps, timeInfo));
    }
  }
  if (version && upCreatedHere.size) state.upCreated.set(version, upCreatedHere);

  // severities from the rule table; `off` drops the finding before suppressions see it
  const rated: Finding[] = [];
  for (const f of dedupe(raw)) {
    let sev = deps.rules.severity.get(f.ruleId) ?? f.severity;
    // prompts often hold sketches of SQL: a syntax error there is a warning unless the user says otherwise
    if (f.ruleId === SYNTAX_ERROR && f.origin === 'prompt' && sev === 'error' && !deps.rules.overridden.has(f.ruleId)) sev = 'warning';
    if (sev === 'off') continue;
    rated.push({ ...f, severity: sev });
  }
  const directives = findDirectives(file, read.regions);
  const outcome = applySuppressions(path, rated, directives, statements, {
    requireReason: deps.settings.requireSuppressionReason,
    knownRule: (spec) => [...deps.rules.rules.keys()].some((id) => id === spec || id.endsWith(`.${spec}`) || id.endsWith(`/${spec}`)),
  });
  const findings: Finding[] = [...outcome.kept];
  for (const f of outcome.directiveFindings) {
    const sev = deps.rules.severity.get(f.ruleId) ?? f.severity;
    if (sev !== 'off') findings.push({ ...f, severity: sev });
  }
  findings.sort(compareFindings);
  for (const f of findings) f.sourceLine = lineText(file, f.line);
  const toolCalls = read.regions.flatMap((r) => (r.toolCall ? [r.toolCall] : []));
  return {
    file: path,
    findings: withOccurrences(findings),
    errors,
    suppressed: outcome.suppressed.length,
    statements: statements.length,
    ...(toolCalls.length ? { toolCalls } : {}),
  };
}

/** Decodes bytes, then lints; binary and non-UTF-8 files are input errors. */
export async function lintBytes(path: string, bytes: Uint8Array, deps: LintDeps, chain?: ChainState): Promise<FileResult> {
  const decoded = decodeFile(bytes);
  if (decoded.problem) {
    return { file: path, findings: [], errors: [{ file: path, line: 1, column: 1, code: decoded.problem.code, message: decoded.problem.message }], suppressed: 0, statements: 0 };
  }
  return lintText(path, decoded.text, deps, chain);
}

function locate(file: SourceFile, region: SqlRegion, span: Span): Pick<Finding, 'line' | 'column' | 'endLine' | 'endColumn' | 'start' | 'end'> {
  const start = mapOffset(region.offsetMap, span.start);
  const end = Math.max(start, mapEndOffset(region.offsetMap, span.end));
  const a = filePosition(file, start);
  const b = filePosition(file, end);
  return { start, end, line: a.line, column: a.column, endLine: b.line, endColumn: b.column };
}

function regionInfo(region: SqlRegion, direction: Direction | null): Pick<Finding, 'origin' | 'direction' | 'toolCall'> {
  return {
    origin: region.origin,
    ...(direction ? { direction } : {}),
    ...(region.toolCall ? { toolCall: region.toolCall } : {}),
  };
}

function decideStatement(
  file: SourceFile,
  region: SqlRegion,
  ctx: RegionContext,
  stmt: StatementFacts,
  statementCount: number,
  deps: LintDeps,
  time: DecisionInput['time'],
): Finding[] {
  const source: Source = region.origin;
  const dialect = stmt.dialect;
  const input: DecisionInput = {
    statement: stmt,
    principal: region.origin === 'plan' || deps.settings.agentPrincipal ? AGENT : HUMAN,
    connection: { name: 'hoop-lint', env: deps.settings.env, dialect, database: '' },
    source,
    time,
    request: { statementCount },
  };
  const stmtText = region.text.slice(stmt.span.start, stmt.span.end);
  const stmtStart = mapOffset(region.offsetMap, stmt.span.start);
  const statement = { text: stmtText, line: filePosition(file, stmtStart).line, start: stmtStart };
  const out: Finding[] = [];
  for (const engine of deps.engines) {
    const decision = engine.decide(input);
    for (const fired of decision.fired) {
      if (fired.effect === 'allow') continue; // an exception, not a problem
      // `on unparsed` entries repeat what the syntax-error finding already says
      if (fired.rule === '@unparsed' && stmt.diagnostics.some((d) => d.severity === 'error')) continue;
      const info = deps.rules.rules.get(fired.id);
      const span = fired.span && fired.span.end >= fired.span.start && fired.span.end > 0 ? fired.span : stmt.span;
      const finding: Finding = {
        ruleId: fired.id,
        category: fired.category || info?.category || 'robustness',
        severity: fired.severity ?? info?.severity ?? 'warning',
        message: fired.message || info?.description || fired.id,
        file: file.path,
        ...locate(file, region, span),
        docs: fired.docs ?? info?.docs ?? null,
        effect: fired.effect,
        statement,
        fingerprint: '',
        ...regionInfo(region, ctx.direction),
      };
      const fixName: FixName | null = info?.fix ?? null;
      if (fixName && region.origin === 'migration') {
        const fix = computeFix(fixName, { text: stmtText }, { inTransaction: stmt.transaction.inExplicitTransaction }, (o) =>
          mapOffset(region.offsetMap, stmt.span.start + o),
        );
        if (fix) finding.fix = fix;
      }
      out.push(finding);
    }
  }
  return out;
}

function diagnosticFinding(file: SourceFile, region: SqlRegion, d: AnalysisResult['diagnostics'][number], deps: LintDeps): Finding[] {
  if (d.severity !== 'error') return [];
  const ruleId = SYNTAX_ERROR;
  const info = deps.rules.rules.get(ruleId);
  return [
    {
      ruleId,
      category: 'syntax',
      severity: 'error',
      message: `${d.message}${d.code && d.code !== 'sql/syntax-error' ? ` (${d.code})` : ''}`,
      file: file.path,
      ...locate(file, region, d.span),
      docs: info?.docs ?? null,
      effect: 'check',
      statement: null,
      fingerprint: '',
      ...regionInfo(region, region.origin === 'migration' ? (region.direction ?? null) : null),
    },
  ];
}

function dedupe(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const k = `${f.ruleId}\0${f.start}\0${f.end}\0${f.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** Fingerprints: rule + file + normalized statement, numbered when the same statement repeats. */
function withOccurrences(findings: Finding[]): Finding[] {
  const counts = new Map<string, number>();
  return findings.map((f) => {
    if (f.fingerprint) return f;
    const text = f.statement?.text ?? f.message;
    const base = fingerprint(f.ruleId, f.file, text);
    const n = counts.get(base) ?? 0;
    counts.set(base, n + 1);
    return { ...f, fingerprint: n === 0 ? base : fingerprint(f.ruleId, f.file, text, n) };
  });
}

function lineText(file: SourceFile, line: number): string {
  const starts = file.index.lineStarts;
  const start = starts[line - 1] ?? 0;
  const end = line < starts.length ? starts[line] : file.text.length;
  return file.text.slice(start, end).replace(/\r?\n$/, '');
}
