// One statement of one region through the policy engines: every fired rule (but `allow`) becomes a
// Finding located in the original file, with a mechanical fix when the rule declares one.
import type { AnalysisResult, Span, StatementFacts } from '../../runtime/facts/types.js';
import type { DecisionInput, Principal, Source } from '../../runtime/decision/types.js';
import { filePosition, mapEndOffset, mapOffset, type SourceFile } from '../inputs/offset-map.js';
import type { Direction, SqlRegion } from '../inputs/region.js';
import { computeFix } from './fixes.js';
import type { Finding, FixName } from './finding.js';
import type { LintDeps } from './lint-source.js';
import type { RegionContext } from './migration-context.js';

export const SYNTAX_ERROR = 'hoop-lint/syntax-error';
const AGENT: Principal = { id: 'agent', kind: 'agent', groups: [], attributes: {} };
const HUMAN: Principal = { id: 'hoop-lint', kind: 'human', groups: [], attributes: {} };

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

export function decideStatement(
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

export function diagnosticFinding(file: SourceFile, region: SqlRegion, d: AnalysisResult['diagnostics'][number], deps: LintDeps): Finding[] {
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

