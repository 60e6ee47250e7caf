// Runs a policy set's `test` blocks: analyses each test's SQL with the runtime, decides every
// statement (with the compiled module when given, else the interpreter), combines them per test,
// compares with `expect`, and measures coverage with the interpreter's trace: rules no test fired
// and `when`/`unless` clauses that never decided an outcome.
import type { CheckedPolicySet, CheckedTest, Expr } from './ast.js';
import type { AnalysisResult, Dialect, Span } from '../runtime/facts/types.js';
import type { Decision, DecisionInput } from '../runtime/decision/types.js';
import { combineDecisions } from './combine.js';
import { traceDecision, type DecisionTrace } from './interpret.js';

export type Analyze = (text: string, options: { dialect: Dialect; assumeInTransaction?: boolean | 'always' }) => Promise<AnalysisResult>;

export interface TestResult {
  name: string;
  file: string;
  span: Span;
  passed: boolean;
  expected: { effect: string; fired: string[] | null };
  actual: { effect: string; fired: string[] };
  /** one line, set when the test failed */
  failure: string | null;
  decision: Decision;
}

export interface ClauseLocation {
  rule: string;
  clause: 'when' | 'unless';
  /** 0-based among the rule's clauses of that kind */
  index: number;
  file: string;
  span: Span;
  /** the outcomes this clause never decided on its own: `fire` (it made the rule fire, or for
   * `unless` let it fire) and `block` (it kept the rule from firing) */
  missing: ('fire' | 'block')[];
}

export interface Coverage {
  rules: number;
  rulesFired: number;
  rulesNeverFired: { id: string; file: string; span: Span }[];
  clauses: number;
  clausesNeverDecisive: ClauseLocation[];
}

export interface TestRunReport {
  results: TestResult[];
  passed: number;
  failed: number;
  coverage: Coverage;
}

export interface RunOptions {
  analyze: Analyze;
  /** the compiled module's decide; the interpreter decides when absent */
  decide?: (input: DecisionInput) => Decision;
}

/** Fixed request time for tests: Monday 2026-01-05 12:00 UTC. */
export const TEST_TIME = { iso: '2026-01-05T12:00:00.000Z', hour: 12, weekday: 1 };

export function testInput(test: CheckedTest, statement: DecisionInput['statement'], statementCount: number, dialect: Dialect): DecisionInput {
  const p = test.principal;
  const c = test.connection;
  return {
    statement,
    principal: { id: p.id ?? 'test', kind: p.kind ?? 'human', groups: p.groups ?? [], attributes: p.attributes ?? {} },
    connection: { name: c.name ?? 'test', env: c.env ?? 'development', dialect, database: c.database ?? 'test' },
    source: test.source ?? 'proxy',
    time: timeOf(test.time),
    request: { statementCount: test.request.statementCount ?? statementCount },
  };
}

function timeOf(t: CheckedTest['time']): DecisionInput['time'] {
  if (t.iso !== undefined) {
    const d = new Date(t.iso);
    if (!Number.isNaN(d.getTime())) return { iso: d.toISOString(), hour: t.hour ?? d.getUTCHours(), weekday: t.weekday ?? d.getUTCDay() };
  }
  return { iso: TEST_TIME.iso, hour: t.hour ?? TEST_TIME.hour, weekday: t.weekday ?? TEST_TIME.weekday };
}

export function testDialect(test: CheckedTest): Dialect {
  return test.dialect ?? test.connection.dialect ?? 'postgres';
}

const realIds = (d: Decision) => [...new Set(d.fired.filter((f) => !f.rule.startsWith('@')).map((f) => f.id))];

export async function runPolicyTests(set: CheckedPolicySet, options: RunOptions): Promise<TestRunReport> {
  const traces: DecisionTrace[] = [];
  const results: TestResult[] = [];
  for (const test of set.tests) {
    const dialect = testDialect(test);
    const analysis = await options.analyze(test.sql, { dialect, assumeInTransaction: test.assumeInTransaction });
    const decisions: Decision[] = [];
    for (const st of analysis.statements) {
      const input = testInput(test, st, analysis.statements.length, dialect);
      const trace = traceDecision(set, input);
      traces.push(trace);
      decisions.push(options.decide ? options.decide(input) : trace.decision);
    }
    const decision = combineDecisions(decisions);
    const fired = realIds(decision);
    const exp = test.expect;
    const problems: string[] = [];
    if (decision.effect !== exp.effect) problems.push(`expected \`${exp.effect}\`, got \`${decision.effect}\``);
    if (exp.fired !== null) {
      const missing = exp.fired.filter((id) => !fired.includes(id));
      const extra = fired.filter((id) => !exp.fired!.includes(id));
      if (missing.length > 0) problems.push(`expected ${missing.map((m) => `\`${m}\``).join(', ')} to fire`);
      if (extra.length > 0) problems.push(`${extra.map((m) => `\`${m}\``).join(', ')} also fired`);
    }
    if (problems.length > 0) problems.push(`fired: [${fired.join(', ')}]`);
    results.push({
      name: test.name,
      file: test.file,
      span: test.span,
      passed: problems.length === 0,
      expected: { effect: exp.effect, fired: exp.fired },
      actual: { effect: decision.effect, fired },
      failure: problems.length === 0 ? null : problems.join('; '),
      decision,
    });
  }
  const passed = results.filter((r) => r.passed).length;
  return { results, passed, failed: results.length - passed, coverage: coverage(set, traces) };
}

/** Clause coverage in the MC/DC sense: a clause decided an outcome when it alone flipped it.
 * A `when` clause decides when every other `when` holds (its value is then the rule's: `fire`
 * when true, `block` when false) and, to fire, no `unless` holds; an `unless` clause decides when
 * every `when` holds and every other `unless` does not (`block` when true, `fire` when false).
 * A clause missing either outcome across all tests is reported: that logic is untested. */
export function coverage(set: CheckedPolicySet, traces: readonly DecisionTrace[]): Coverage {
  const fired = new Set<string>();
  const seen = new Set<string>();
  for (const t of traces) {
    for (const p of t.policies) {
      for (const r of p.rules) {
        if (r.fired) fired.add(r.id);
        if (r.skipped) continue;
        const anyUnless = r.unless.some(Boolean);
        r.when.forEach((v, k) => {
          if (!r.when.every((w, j) => j === k || w)) return;
          if (!v) seen.add(`${r.id}\u0000when\u0000${k}\u0000block`);
          else if (!anyUnless) seen.add(`${r.id}\u0000when\u0000${k}\u0000fire`);
        });
        if (r.when.every(Boolean))
          r.unless.forEach((v, k) => {
            if (r.unless.every((u, j) => j === k || !u)) seen.add(`${r.id}\u0000unless\u0000${k}\u0000${v ? 'block' : 'fire'}`);
          });
      }
    }
  }
  const rules = set.policies.flatMap((p) => p.rules);
  const never: ClauseLocation[] = [];
  let clauses = 0;
  for (const r of rules) {
    const check = (kind: 'when' | 'unless', list: Expr[]) =>
      list.forEach((e, k) => {
        clauses++;
        const missing = (['fire', 'block'] as const).filter((o) => !seen.has(`${r.id}\u0000${kind}\u0000${k}\u0000${o}`));
        if (missing.length > 0) never.push({ rule: r.id, clause: kind, index: k, file: r.file, span: e.span, missing: [...missing] });
      });
    check('when', r.when);
    check('unless', r.unless);
  }
  return {
    rules: rules.length,
    rulesFired: rules.filter((r) => fired.has(r.id)).length,
    rulesNeverFired: rules.filter((r) => !fired.has(r.id)).map((r) => ({ id: r.id, file: r.file, span: r.span })),
    clauses,
    clausesNeverDecisive: never,
  };
}
