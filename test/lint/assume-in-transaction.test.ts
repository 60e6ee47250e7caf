// `assumeInTransaction` (config), `--assume-in-transaction` / `--no-assume-in-transaction` (CLI):
// migrations are analysed inside the transaction their tool wraps them in, with the built-in pack.
import { describe, expect, it } from 'vitest';
import { runWith } from '../../rules/cli.js';
import { createLinter } from '../../rules/index.js';
import { defaultToolkit } from '../../rules/lint/toolkit.js';
import { memoryIo } from '../../runtime/io/cli-io.js';
import { cli as fakeCli, tempTree } from './helpers.js';

const CONCURRENT = 'ban-concurrent-index-creation-in-transaction';
const TWO_STEP = 'CREATE UNIQUE INDEX CONCURRENTLY orders_code_idx ON orders (code);\nALTER TABLE orders ADD CONSTRAINT orders_code_key UNIQUE USING INDEX orders_code_idx;\n';

async function cli(argv: string[], cwd: string) {
  const m = memoryIo({ cwd });
  const code = await runWith(argv, m.io, defaultToolkit());
  return { code, stdout: m.stdout(), stderr: m.stderr() };
}

/** `rule-id@line` of every finding of a `--format json` run. */
function found(stdout: string): string[] {
  return (JSON.parse(stdout) as Array<{ messages: Array<{ ruleId: string; line: number }> }>).flatMap((f) => f.messages.map((m) => `${m.ruleId}@${m.line}`));
}

async function ids(text: string, options: { assumeInTransaction?: boolean; filename?: string; preset?: 'strict' } = {}): Promise<string[]> {
  const linter = await createLinter({ assumeInTransaction: options.assumeInTransaction, preset: options.preset, now: '2026-01-07T12:00:00Z' });
  const r = await linter.lintText(text, options.filename ?? 'm.sql');
  return r.findings.map((f) => `${f.ruleId}@${f.line}`);
}

describe('assumeInTransaction with the built-in pack', () => {
  it('the flag, the config key and the flag that overrides it', async () => {
    const dir = tempTree({ 'm.sql': TWO_STEP });
    const plain = await cli(['--format', 'json', 'm.sql'], dir);
    expect(found(plain.stdout)).not.toContain(`${CONCURRENT}@1`);
    const flag = await cli(['--format', 'json', '--assume-in-transaction', 'm.sql'], dir);
    expect(flag.stderr).toBe('');
    expect(found(flag.stdout)).toContain(`${CONCURRENT}@1`);

    const configured = tempTree({ 'm.sql': TWO_STEP, 'hoop-lint.config.json': '{ "assumeInTransaction": true }\n' });
    expect(found((await cli(['--format', 'json', 'm.sql'], configured)).stdout)).toContain(`${CONCURRENT}@1`);
    const overridden = await cli(['--format', 'json', '--no-assume-in-transaction', 'm.sql'], configured);
    expect(overridden.stderr).toBe('');
    expect(found(overridden.stdout)).not.toContain(`${CONCURRENT}@1`);
  }, 60_000);

  it('holds the locks of earlier statements from the first one', async () => {
    const sql = "ALTER TABLE orders ADD COLUMN note text;\nUPDATE orders SET note = '' WHERE id < 1000;\n";
    expect(await ids(sql)).not.toContain('ban-statements-after-access-exclusive@2');
    expect(await ids(sql, { assumeInTransaction: true })).toContain('ban-statements-after-access-exclusive@2');
  }, 60_000);

  it('a lone concurrent statement is left to the tool, as squawk does; COMMIT ends the tool transaction', async () => {
    expect(await ids('CREATE INDEX CONCURRENTLY orders_a_idx ON orders (a);\n', { assumeInTransaction: true })).not.toContain(`${CONCURRENT}@1`);
    const split = 'COMMIT;\nCREATE INDEX CONCURRENTLY orders_a_idx ON orders (a);\nBEGIN;\nALTER TABLE orders ADD COLUMN b int;\n';
    const r = await ids(split, { assumeInTransaction: true, preset: 'strict' });
    expect(r).not.toContain(`${CONCURRENT}@2`);
    expect(r).not.toContain('ban-uncommitted-transaction@3');
    expect(r).toContain('ban-commit-in-script@1');
    // without the option the same file leaves its last transaction open
    expect(await ids(split, { preset: 'strict' })).toContain('ban-uncommitted-transaction@3');
  }, 60_000);

  it('a BEGIN in the file nests, and its COMMIT ends the tool transaction', async () => {
    const sql = "BEGIN;\nUPDATE settings SET value = 'on' WHERE key = 'x';\nCOMMIT;\n";
    const r = await ids(sql, { assumeInTransaction: true, preset: 'strict' });
    expect(r).toContain('transaction-nesting@1');
    expect(r).toContain('ban-commit-in-script@3');
    const plain = await ids(sql, { preset: 'strict' });
    expect(plain).not.toContain('transaction-nesting@1');
    expect(plain).not.toContain('ban-commit-in-script@3');
  }, 60_000);

  it('dbmate migrations are wrapped unless `transaction:false`; prompts never', async () => {
    const body = 'CREATE INDEX CONCURRENTLY orders_a_idx ON orders (a);\nALTER TABLE orders ADD COLUMN b int;\n';
    expect(await ids(`-- migrate:up\n${body}`, { filename: '20240101_x.sql' })).toContain(`${CONCURRENT}@2`);
    expect(await ids(`-- migrate:up transaction:false\n${body}`, { filename: '20240101_x.sql' })).not.toContain(`${CONCURRENT}@2`);
    const prompt = "Run this:\n\n```sql\nALTER TABLE orders ADD COLUMN note text;\nUPDATE orders SET note = '' WHERE id < 1000;\n```\n";
    expect(await ids(prompt, { assumeInTransaction: true, filename: 'ask.md' })).not.toContain('ban-statements-after-access-exclusive@5');
  }, 60_000);

  it('a lone CONCURRENTLY is reported in dbmate (which wraps it anyway), not with the plain option (Flyway runs it alone)', async () => {
    const lone = 'CREATE INDEX CONCURRENTLY orders_a_idx ON orders (a);\n';
    expect(await ids(`-- migrate:up\n${lone}`, { filename: '20240101_x.sql' })).toContain(`${CONCURRENT}@2`);
    expect(await ids(`-- migrate:up transaction:false\n${lone}`, { filename: '20240101_x.sql' })).not.toContain(`${CONCURRENT}@2`);
    expect(await ids(lone, { assumeInTransaction: true })).not.toContain(`${CONCURRENT}@1`);
  }, 60_000);

  it('the config key must be a boolean, reported at its value', async () => {
    const dir = tempTree({ 'hoop-lint.config.json': '{\n  "assumeInTransaction": "yes"\n}\n', 'm.sql': 'SELECT 1;' });
    const r = await fakeCli(['m.sql'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe('hoop-lint.config.json:2:26: error: `assumeInTransaction` must be a boolean (config/invalid)');
  });
});
