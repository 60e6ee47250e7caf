// `hoop-policy explain` (decision plus the clause values that led to it) and `facts`.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, EXAMPLES, noStack, tempDir } from './cli-helpers.js';

const t = tempDir({ 'q.sql': 'SELECT id FROM users;\nDELETE FROM orders;\n', 'idx.sql': 'CREATE INDEX CONCURRENTLY i ON t (a);\n' });
// a policy that reads the transaction the statement runs in
const tx = tempDir({
  'tx.hoop': `policy tx {
  default allow
  rule concurrent_in_transaction {
    category lock
    when statement.transaction.inExplicitTransaction and statement.ddl has_any [create_index]
    deny "index built inside a transaction"
  }
}
`,
});
afterAll(() => tx.cleanup());
const bytes = tempDir({});
writeFileSync(join(bytes.dir, 'binary.sql'), Buffer.from([0x53, 0x45, 0x00, 0x01, 0xff]));
writeFileSync(join(bytes.dir, 'latin1.sql'), Buffer.from('SELECT 1;\nSELECT \'caf\xe9\';', 'latin1'));
afterAll(() => bytes.cleanup());
afterAll(() => t.cleanup());

describe('hoop-policy explain', () => {
  it('explains a decision clause by clause', async () => {
    const r = await cli(
      ['explain', EXAMPLES, '--sql', 'DELETE FROM orders', '--principal', '{"id":"bot","kind":"agent"}', '--connection', '{"env":"production"}'],
      process.cwd(),
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('decision: deny');
    expect(r.stdout).toContain('deny prod_guardrails.unfiltered_write (examples/policies/production.hoop:18): `delete` on `public.orders` has no effective WHERE clause');
    expect(r.stdout).toContain('rule prod_guardrails.unfiltered_write: fired (deny)');
    expect(r.stdout).toContain('when any a in statement.actions where a.action in [update, delete] and a.where != present  => true');
    expect(r.stdout).toContain('rule agent_approvals.agent_writes_need_review: fired (review)');
  });

  it('prints JSON with --format json, one entry per statement', async () => {
    const r = await cli(['explain', EXAMPLES, '--sql', 'SELECT email FROM users; DROP TABLE x', '--connection', '{"env":"production"}', '--format', 'json'], process.cwd());
    const j = JSON.parse(r.stdout) as { statement: string; explanation: { decision: { effect: string; masks: unknown[] }; policies: { policy: string; applies: boolean }[] } }[];
    expect(j.map((x) => x.explanation.decision.effect)).toEqual(['mask', 'deny']);
    expect(j[0]!.explanation.decision.masks).toEqual([{ selector: 'tagged pii', strategy: 'partial', outputs: [0] }]);
    expect(j[0]!.explanation.policies.find((p) => p.policy === 'agent_approvals')!.applies).toBe(false);
  });

  it('analyses the SQL inside the migration tool\'s transaction with --assume-in-transaction', async () => {
    const sql = 'CREATE INDEX CONCURRENTLY i ON t (a)';
    const plain = await cli(['explain', 'tx.hoop', '--sql', sql, '--format', 'json'], tx.dir);
    expect(plain.stderr).toBe('');
    type Explained = { explanation: { decision: { effect: string } } }[];
    expect((JSON.parse(plain.stdout) as Explained)[0]!.explanation.decision.effect).toBe('allow');
    const wrapped = await cli(['explain', 'tx.hoop', '--sql', sql, '--assume-in-transaction', '--format', 'json'], tx.dir);
    expect(wrapped.stderr).toBe('');
    expect((JSON.parse(wrapped.stdout) as Explained)[0]!.explanation.decision.effect).toBe('deny');
  });

  it('rejects bad --principal / --connection input with a located one-line error', async () => {
    const bad = await cli(['explain', EXAMPLES, '--sql', 'SELECT 1', '--principal', '{"kind":agent}'], process.cwd());
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^--principal:1:\d+: error\[cli\/invalid-json\]: `--principal` is not valid JSON\n  help: /);
    const kind = await cli(['explain', EXAMPLES, '--sql', 'SELECT 1', '--principal', '{"kind":"robot"}'], process.cwd());
    expect(kind.stderr).toMatch(/^--principal:1:1: error\[cli\/invalid-value\]: `--principal` `kind` must be equal to one of the allowed values/);
    const extra = await cli(['explain', EXAMPLES, '--sql', 'SELECT 1', '--connection', '{"environment":"prod"}'], process.cwd());
    expect(extra.stderr).toMatch(/must NOT have additional properties \(`environment`\)/);
    const src = await cli(['explain', EXAMPLES, '--sql', 'SELECT 1', '--source', 'cron'], process.cwd());
    expect(src.stderr).toMatch(/^error\[cli\/usage\]: unknown source `cron`/);
    expect(noStack(bad.stderr + kind.stderr + extra.stderr + src.stderr)).toBe(true);
  });
});

describe('hoop-policy facts', () => {
  it('prints the analysis of a file as JSON', async () => {
    const r = await cli(['facts', 'q.sql'], t.dir);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as { kind: string; file: string; statements: { actions: { action: string }[]; where: string | null }[] };
    expect(j.kind).toBe('analysis');
    expect(j.file).toBe('q.sql');
    expect(j.statements.map((s) => s.actions[0]!.action)).toEqual(['select', 'delete']);
  });

  it('analyses --sql text in the given dialect', async () => {
    const r = await cli(['facts', '--sql', 'SELECT * FROM t INTO OUTFILE "/tmp/x"', '--dialect', 'mysql'], t.dir);
    const j = JSON.parse(r.stdout) as { dialect: string };
    expect(j.dialect).toBe('mysql');
  });

  it('analyses as inside an assumed transaction with --assume-in-transaction[=always]', async () => {
    type Tx = { statements: { transaction: { inExplicitTransaction: boolean; depth: number; assumed: boolean; assumedAlways: boolean } }[] };
    const tx = async (argv: string[]) => {
      const r = await cli(argv, t.dir);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      return (JSON.parse(r.stdout) as Tx).statements.map((s) => s.transaction);
    };
    expect(await tx(['facts', 'idx.sql'])).toMatchObject([{ inExplicitTransaction: false, depth: 0, assumed: false, assumedAlways: false }]);
    expect(await tx(['facts', 'idx.sql', '--assume-in-transaction'])).toMatchObject([{ inExplicitTransaction: true, depth: 1, assumed: true, assumedAlways: false }]);
    expect(await tx(['facts', '--assume-in-transaction=always', 'idx.sql'])).toMatchObject([{ inExplicitTransaction: true, depth: 1, assumed: true, assumedAlways: true }]);
    expect(await tx(['facts', '--sql', 'BEGIN; SELECT 1', '--assume-in-transaction'])).toMatchObject([{ depth: 1, assumed: true }, { depth: 2, assumed: true }]);
    const bad = await cli(['facts', 'idx.sql', '--assume-in-transaction=yes'], t.dir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^error\[cli\/usage\]: unknown `--assume-in-transaction` value `yes`\n  help: /);
  });

  it('rejects a missing file, an unknown dialect, and both inputs at once', async () => {
    expect((await cli(['facts', 'missing.sql'], t.dir)).stderr).toMatch(/^missing\.sql:1:1: error\[cli\/input\]: cannot read `missing\.sql`/);
    expect((await cli(['facts', '--sql', 'x', '--dialect', 'oracle'], t.dir)).stderr).toMatch(/^error\[cli\/usage\]: unknown dialect `oracle`/);
    const both = await cli(['facts', 'q.sql', '--sql', 'x'], t.dir);
    expect(both.code).toBe(2);
  });

  it('refuses binary and invalid UTF-8 files with a located one-line error, exit 2, facts still printed', async () => {
    const bin = await cli(['facts', 'binary.sql'], bytes.dir);
    expect(bin.code).toBe(2);
    expect(bin.stderr).toMatch(/^binary\.sql:1:1: error\[input\/binary\]: input contains NUL bytes/);
    expect((JSON.parse(bin.stdout) as { statements: unknown[] }).statements).toEqual([]);
    const latin = await cli(['facts', 'latin1.sql'], bytes.dir);
    expect(latin.code).toBe(2);
    expect(latin.stderr).toMatch(/^latin1\.sql:2:12: error\[input\/invalid-utf8\]/);
    expect((JSON.parse(latin.stdout) as { statements: unknown[] }).statements).toHaveLength(2);
    expect(noStack(bin.stderr + latin.stderr)).toBe(true);
  });
});
