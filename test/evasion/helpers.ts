// Helpers for the evasion suite: analyse SQL written to slip past a guardrail and look for the
// facts a policy needs, whatever statement (or nesting) they ended up in.
import { expect } from 'vitest';
import type { ActionFact, AnalysisResult, Dialect, StatementFacts } from '../../runtime/facts/types.js';
import { analyze, createCatalog, type Catalog } from '../../runtime/index.js';

export async function pg(text: string, catalog?: Catalog): Promise<AnalysisResult> {
  return analyze(text, { dialect: 'postgres', catalog });
}

export async function my(text: string, dialect: Dialect = 'mysql', catalog?: Catalog): Promise<AnalysisResult> {
  return analyze(text, { dialect, catalog });
}

/** A catalog filled by replaying migrations, as an application does. */
export async function catalogFrom(sql: string, dialect: Dialect = 'postgres'): Promise<Catalog> {
  const catalog = createCatalog();
  catalog.replay(await analyze(sql, { dialect }));
  return catalog;
}

/** The one statement of a text (fails when the text split into another number of statements). */
export function only(r: AnalysisResult): StatementFacts {
  expect(
    r.statements.map((s) => s.text),
    'expected exactly one statement',
  ).toHaveLength(1);
  return r.statements[0];
}

/** Every action of every statement. */
export function allActions(r: AnalysisResult): ActionFact[] {
  return r.statements.flatMap((s) => s.actions);
}

/** Compact view of actions for readable failure messages. */
export function summary(r: AnalysisResult | StatementFacts): string[] {
  const statements = r.kind === 'analysis' ? r.statements : [r];
  return statements.flatMap((s) =>
    s.actions.map(
      (a) =>
        `[${s.index}${s.parsed ? '' : ' unparsed'}] ${a.action} ${a.target ?? '-'} ${a.nested ? `nested/${a.via}` : 'top'}` +
        (a.where !== undefined ? ` where=${a.where}` : ''),
    ),
  );
}

/** Some action (in any statement when given a result) matches all the listed fields. */
export function expectAction(r: AnalysisResult | StatementFacts, match: Partial<ActionFact>): void {
  const list = r.kind === 'analysis' ? allActions(r) : r.actions;
  const found = list.some((a) => Object.entries(match).every(([k, v]) => (a as unknown as Record<string, unknown>)[k] === v));
  expect(found, `no action matching ${JSON.stringify(match)} in ${JSON.stringify(summary(r))}`).toBe(true);
}

/** No action (in any statement) has this name. */
export function expectNoAction(r: AnalysisResult | StatementFacts, action: string): void {
  const list = r.kind === 'analysis' ? allActions(r) : r.actions;
  expect(
    list.filter((a) => a.action === action).length,
    `unexpected ${action} in ${JSON.stringify(summary(r))}`,
  ).toBe(0);
}
