// One statement of one region through the policy engines: every fired rule (but `allow`) becomes a
// Finding located in the original file, with a mechanical fix when the rule declares one.
import type { AnalysisResult, Span, StatementFacts } from '../../runtime/facts/types.js';
import type { DecisionInput, Principal, Source } from '../../runtime/decision/types.js';
import { position } from '../../runtime/text/spans.js';
import { mapEndOffset, mapOffset, type SourceFile } from '../inputs/offset-map.js';
import type { Direction, SqlRegion } from '../inputs/region.js';
import { computeFix } from './fixes.js';
import type { Finding, FixName } from './finding.js';
import type { LintDeps } from './lint-source.js';
import type { RegionContext } from './migration-context.js';

export const SYNTAX_ERROR = 'hoop-lint/syntax-error';
const AGENT: Principal = { id: 'agent', kind: 'agent', groups: [], attributes: {} };
const HUMAN: Principal = { id: 'hoop-lint', kind: 'human', groups: [], attributes: {} };

/** What every statement of a region shares in its decisions and findings, built once per region. */
export interface RegionDecisions {
  file: SourceFile;
  region: SqlRegion;
  direction: Direction | null;
  deps: LintDeps;
  principal: Principal;
  time: DecisionInput['time'];
  /** the connection of the last statement's dialect (a region has one dialect, as a rule) */
  connection: DecisionInput['connection'];
}

export function regionDecisions(file: SourceFile, region: SqlRegion, ctx: RegionContext, deps: LintDeps, time: DecisionInput['time']): RegionDecisions {
  return {
    file,
    region,
    direction: ctx.direction,
    deps,
    principal: region.origin === 'plan' || deps.settings.agentPrincipal ? AGENT : HUMAN,
    time,
    connection: { name: 'hoop-lint', env: deps.settings.env, dialect: region.dialect ?? deps.settings.dialect, database: '' },
  };
}

/** A finding located at `span` of the region; the fields in the order output has always had. */
function regionFinding(
  rd: Pick<RegionDecisions, 'file' | 'region'>,
  direction: Direction | null,
  span: Span,
  ruleId: string,
  category: string,
  severity: Finding['severity'],
  message: string,
  docs: string | null,
  effect: string,
  statement: Finding['statement'],
): Finding {
  const { file, region } = rd;
  const map = region.offsetMap;
  const start = mapOffset(map, span.start);
  const end = Math.max(start, mapEndOffset(map, span.end));
  const a = position(file.index, start);
  const b = end === start ? a : position(file.index, end);
  const finding: Finding = {
    ruleId,
    category,
    severity,
    message,
    file: file.path,
    start,
    end,
    line: a.line,
    column: a.column,
    endLine: b.line,
    endColumn: b.column,
    docs,
    effect,
    statement,
    fingerprint: '',
    origin: region.origin,
  };
  if (direction) finding.direction = direction;
  if (region.toolCall) finding.toolCall = region.toolCall;
  return finding;
}

/** Decides one statement; its findings are appended to `out`. */
export function decideStatement(rd: RegionDecisions, stmt: StatementFacts, statementCount: number, out: Finding[]): void {
  const { region, deps } = rd;
  const dialect = stmt.dialect;
  if (rd.connection.dialect !== dialect) rd.connection = { name: 'hoop-lint', env: deps.settings.env, dialect, database: '' };
  const input: DecisionInput = {
    statement: stmt,
    principal: rd.principal,
    connection: rd.connection,
    source: region.origin as Source,
    time: rd.time,
    request: { statementCount },
  };
  let statement: Finding['statement'] = null;
  for (const engine of deps.engines) {
    const decision = engine.decide(input);
    for (const fired of decision.fired) {
      if (fired.effect === 'allow') continue; // an exception, not a problem
      // `on unparsed` entries repeat what the syntax-error finding already says
      if (fired.rule === '@unparsed' && stmt.diagnostics.some((d) => d.severity === 'error')) continue;
      if (statement === null) {
        const stmtStart = mapOffset(region.offsetMap, stmt.span.start);
        statement = { text: region.text.slice(stmt.span.start, stmt.span.end), line: position(rd.file.index, stmtStart).line, start: stmtStart };
      }
      const info = deps.rules.rules.get(fired.id);
      const span = fired.span && fired.span.end >= fired.span.start && fired.span.end > 0 ? fired.span : stmt.span;
      const finding = regionFinding(
        rd,
        rd.direction,
        span,
        fired.id,
        fired.category || info?.category || 'robustness',
        fired.severity ?? info?.severity ?? 'warning',
        fired.message || info?.description || fired.id,
        fired.docs ?? info?.docs ?? null,
        fired.effect,
        statement,
      );
      const fixName: FixName | null = info?.fix ?? null;
      if (fixName && region.origin === 'migration') {
        const fix = computeFix(fixName, { text: statement.text }, { inTransaction: stmt.transaction.inExplicitTransaction }, (o) =>
          mapOffset(region.offsetMap, stmt.span.start + o),
        );
        if (fix) finding.fix = fix;
      }
      out.push(finding);
    }
  }
}

/** A syntax-error finding for an error diagnostic, appended to `out`. */
export function diagnosticFinding(file: SourceFile, region: SqlRegion, d: AnalysisResult['diagnostics'][number], deps: LintDeps, out: Finding[]): void {
  if (d.severity !== 'error') return;
  const ruleId = SYNTAX_ERROR;
  const info = deps.rules.rules.get(ruleId);
  out.push(
    regionFinding(
      { file, region },
      region.origin === 'migration' ? (region.direction ?? null) : null,
      d.span,
      ruleId,
      'syntax',
      // a rejection by node-sql-parser may be valid SQL that parser does not read: a warning (lint-source.ts)
      d.code === 'sql/unsupported-syntax' ? 'warning' : 'error',
      `${d.message}${d.code && d.code !== 'sql/syntax-error' && d.code !== 'sql/unsupported-syntax' ? ` (${d.code})` : ''}`,
      info?.docs ?? null,
      'check',
      null,
    ),
  );
}
