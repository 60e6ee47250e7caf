// The test runner hands a test's `assumeInTransaction` to the analysis, so a test can decide on
// statements inside the transaction a migration tool opens around a file without BEGIN.
import { describe, expect, it } from 'vitest';
import { check } from './front-helpers.js';
import { runPolicyTests, type Analyze } from '../../compiler/test-runner.js';
import { analyze } from '../../runtime/index.js';

const text = `policy migrations {
  rule in_tool_transaction {
    category lock
    when statement.transaction.inExplicitTransaction and statement.transaction.assumed
    warn "runs inside the migration tool's transaction"
  }
}

test "a file without BEGIN in a wrapping tool" {
  sql "ALTER TABLE t ADD COLUMN b int; UPDATE t SET b = 1"
  assumeInTransaction true
  expect warn fired [migrations.in_tool_transaction]
}

test "the same file run as it is" {
  sql "ALTER TABLE t ADD COLUMN b int; UPDATE t SET b = 1"
  expect allow
}
`;

describe('runPolicyTests with assumeInTransaction', () => {
  it('analyses the SQL inside the assumed transaction only when the test says so', async () => {
    const set = check(text);
    expect(set.diagnostics).toEqual([]);
    const seen: unknown[] = [];
    const spy: Analyze = (sql, options) => {
      seen.push(options.assumeInTransaction);
      return analyze(sql, options);
    };
    const report = await runPolicyTests(set.value, { analyze: spy });
    expect(seen).toEqual([true, false]);
    expect(report.results.map((r) => [r.name, r.passed, r.actual.effect, r.failure])).toEqual([
      ['a file without BEGIN in a wrapping tool', true, 'warn', null],
      ['the same file run as it is', true, 'allow', null],
    ]);
  });
});
