// `hoop-policy test`: runs test blocks against the compiled module, reports failures with their
// location, and coverage (rules never fired, clauses that never decided an outcome).
import { afterAll, describe, expect, it } from 'vitest';
import { cli, EXAMPLES, tempDir } from './cli-helpers.js';

const t = tempDir({
  'p.hoop': `policy guard {
  applies when connection.env == "production"

  rule no_drop {
    category destructive
    when statement.actions has drop_table
    unless principal.groups has "dba"
    deny "no dropping"
  }

  rule agent_delete {
    category robustness
    when principal.kind == agent and statement.actions has delete
    review by ["dba"] min 2 expires 10m
  }

  rule never_tested {
    category lock
    when statement.actions has truncate
    warn "truncate"
  }
}

test "drop is denied" {
  sql "DROP TABLE t"
  connection { env "production" }
  expect deny fired [guard.no_drop]
}

test "wrong expectation" {
  sql "DELETE FROM t WHERE id = 1"
  principal { kind agent }
  connection { env "production" }
  expect deny
}

test "outside production everything goes" {
  sql "DROP TABLE t; DELETE FROM t"
  expect allow
}
`,
});
afterAll(() => t.cleanup());

describe('hoop-policy test', () => {
  it('passes the example policy tests with full rule coverage', async () => {
    const r = await cli(['test', EXAMPLES, '--coverage'], process.cwd());
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('17 passed, 0 failed');
    expect(r.stdout).toContain('coverage: 10/10 rules fired, 13/13 when/unless clauses decided both outcomes');
    expect(r.code).toBe(0);
  });

  it('reports a failing test with its location and exits 1', async () => {
    const r = await cli(['test', '.'], t.dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('ok    drop is denied');
    expect(r.stdout).toContain('p.hoop:30:1: wrong expectation: expected `deny`, got `review`; fired: [guard.agent_delete]');
    expect(r.stdout).toContain('2 passed, 1 failed');
  });

  it('reports rules never fired and clauses never decisive with --coverage', async () => {
    const r = await cli(['test', '.', '--coverage'], t.dir);
    expect(r.stdout).toContain('coverage: 2/3 rules fired');
    expect(r.stdout).toMatch(/p\.hoop:17:3: rule `guard\.never_tested` never fired/);
    expect(r.stdout).toMatch(/p\.hoop:19:10: `when` clause 1 of `guard\.never_tested` never made it fire on its own/);
    // `unless principal.groups has "dba"` never decided anything: no test had a dba drop a table
    expect(r.stdout).toMatch(/p\.hoop:7:12: `unless` clause 1 of `guard\.no_drop` never kept it from firing on its own/);
    // the agent rule's single `when` both fired (agent delete) and blocked (human drop): covered
    expect(r.stdout).not.toMatch(/clause \d of `guard\.agent_delete`/);
    expect(r.stdout).toContain('2/4 when/unless clauses decided both outcomes');
  });

  it('gives machine-readable results with --format json', async () => {
    const r = await cli(['test', '.', '--coverage', '--format', 'json'], t.dir);
    const j = JSON.parse(r.stdout) as { passed: number; failed: number; results: { name: string; passed: boolean }[]; coverage: { rulesFired: number } };
    expect(j.failed).toBe(1);
    expect(j.results.find((x) => x.name === 'wrong expectation')!.passed).toBe(false);
    expect(j.coverage.rulesFired).toBe(2);
  });

  it('a directory without tests is an input error', async () => {
    const u = tempDir({ 'p.hoop': 'policy p {\n  rule r {\n    category style\n    when statement.writes\n    warn "w"\n  }\n}\n' });
    const r = await cli(['test', '.'], u.dir);
    u.cleanup();
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no `test` blocks found');
  });

  it('analyses a test\'s SQL inside the migration tool\'s transaction with `assumeInTransaction`', async () => {
    const policy = `policy migrations {
  rule index_in_tool_transaction {
    category lock
    when statement.actions has create_index and statement.transaction.assumed
    deny "CREATE INDEX CONCURRENTLY cannot run inside the migration tool's transaction"
  }

  rule lone_statement_wrapped {
    category lock
    when statement.transaction.inExplicitTransaction and statement.transaction.assumedAlways
    warn "even a lone statement runs in the tool's transaction"
  }
}
`;
    const test = (name: string, item: string, expectation: string) => `test "${name}" {\n  sql "CREATE INDEX CONCURRENTLY i ON t (a)"\n${item}  expect ${expectation}\n}\n`;
    const u = tempDir({
      'p.hoop': policy + test('wrapped', '  assumeInTransaction true\n', 'deny fired [migrations.index_in_tool_transaction]') + test('always wrapped', '  assumeInTransaction always\n', 'deny fired [migrations.index_in_tool_transaction, migrations.lone_statement_wrapped]') + test('not wrapped', '  assumeInTransaction false\n', 'allow') + test('default', '', 'allow'),
    });
    const r = await cli(['test', '.'], u.dir);
    // the same expectations without the item: only the analysis option makes them hold
    const v = tempDir({ 'p.hoop': policy + test('wrapped', '', 'deny fired [migrations.index_in_tool_transaction]') + test('always wrapped', '', 'deny fired [migrations.index_in_tool_transaction, migrations.lone_statement_wrapped]') });
    const without = await cli(['test', '.'], v.dir);
    u.cleanup();
    v.cleanup();
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('4 passed, 0 failed');
    expect(r.code).toBe(0);
    expect(without.stdout).toContain('wrapped: expected `deny`, got `allow`');
    expect(without.stdout).toContain('0 passed, 2 failed');
    expect(without.code).toBe(1);
  });
});
