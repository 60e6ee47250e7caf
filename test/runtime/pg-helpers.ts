// Shared helpers for the Postgres analysis tests: analyse, pick the statement, and read spans back.
import type { ActionFact, AnalysisResult, Span, StatementFacts } from '../../runtime/facts/types.js';
import { analyzeSync, type AnalyzeOptions } from '../../runtime/index.js';

export function run(text: string, options?: AnalyzeOptions): AnalysisResult {
  return analyzeSync(text, options);
}

/** The only (or the i-th) statement of the text. */
export function stmt(text: string, i = 0, options?: AnalyzeOptions): StatementFacts {
  const r = analyzeSync(text, options);
  const s = r.statements[i];
  if (!s) throw new Error(`no statement ${i} in ${JSON.stringify(text)}`);
  return s;
}

export function slice(text: string, span: Span): string {
  return text.slice(span.start, span.end);
}

export function actions(s: StatementFacts): string[] {
  return s.actions.map((a) => a.action);
}

export function action(s: StatementFacts, name: string): ActionFact {
  const a = s.actions.find((x) => x.action === name);
  if (!a) throw new Error(`no ${name} action in ${JSON.stringify(s.actions.map((x) => x.action))}`);
  return a;
}

/** Every span of every fact of the result, for bounds checks. */
export function allSpans(r: AnalysisResult): Span[] {
  const out: Span[] = [];
  for (const d of r.diagnostics) out.push(d.span);
  for (const s of r.statements) {
    out.push(s.span);
    for (const list of [s.actions, s.tables, s.columns, s.outputs, s.functions, s.dynamicSql, s.privileges, s.roles, s.ddl, s.diagnostics]) {
      for (const f of list as { span: Span }[]) out.push(f.span);
    }
  }
  return out;
}
