// The engine with the real SQL runtime and policy compiler (a small policy of the test's own,
// so positions and fixes are checked against real facts without depending on the pack's wording).
import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runWith } from '../../rules/cli.js';
import { createLinter } from '../../rules/index.js';
import { defaultToolkit } from '../../rules/lint/toolkit.js';
import { memoryIo } from '../../runtime/io/cli-io.js';
import { tempTree } from './helpers.js';

const POLICY = `
policy guard {
  rule no_drop_table {
    category destructive
    severity error
    docs "https://example.test/no-drop-table"
    fix add_if_exists
    when any d in statement.ddl where d.operation == drop_table and not d.createdInFile
    deny "dropping \`{d.table}\` loses its rows"
  }
  rule unfiltered_write {
    category destructive
    when any a in statement.actions where a.action in [update, delete] and a.where != present
    deny "\`{a.action}\` on \`{a.target}\` has no effective WHERE clause"
  }
  rule index_concurrently {
    category lock
    severity warning
    fix add_concurrently
    when any d in statement.ddl where d.operation == create_index and not d.concurrently and not d.createdInFile
    warn "index on \`{d.table}\` without CONCURRENTLY"
  }
}
`;

async function cli(argv: string[], cwd: string, stdin?: string) {
  const m = memoryIo({ cwd, stdin });
  const code = await runWith(argv, m.io, defaultToolkit());
  return { code, stdout: m.stdout(), stderr: m.stderr() };
}

describe('with the real runtime and compiler', () => {
  it('locates findings inside escaped JSON strings exactly', async () => {
    const line = '{"tool": "run_sql", "sql": "DELETE FROM \\"users\\"\\n WHERE 1=1"}';
    const dir = tempTree({ 'policy/guard.hoop': POLICY, 'plan.json': line + '\n' });
    const r = await cli(['--no-builtin', '--policy', 'policy', '--format', 'json', 'plan.json'], dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    const msgs = JSON.parse(r.stdout)[0].messages;
    expect(msgs).toHaveLength(1);
    expect(msgs[0]).toMatchObject({ ruleId: 'guard.unfiltered_write', severity: 2, line: 1, column: line.indexOf('DELETE') + 1 });
    expect(msgs[0].message).toBe('`delete` on `public.users` has no effective WHERE clause');
  }, 60_000);

  it('lets a down migration drop what its up created, in one file and across golang-migrate files', async () => {
    const dir = tempTree({
      'policy/guard.hoop': POLICY,
      'db/20240101_widgets.sql': '-- migrate:up\nCREATE TABLE widgets (id bigint);\n-- migrate:down\nDROP TABLE widgets;\nDROP TABLE gadgets;\n',
      'gm/000001_t.up.sql': 'CREATE TABLE t (id bigint);\n',
      'gm/000001_t.down.sql': 'DROP TABLE t;\n',
      'gm/000002_u.down.sql': 'DROP TABLE t;\n',
    });
    const r = await cli(['--no-builtin', '--policy', 'policy', '--format', 'json', '.'], dir);
    const found = JSON.parse(r.stdout).flatMap((f: { filePath: string; messages: { ruleId: string; line: number }[] }) =>
      f.messages.map((m) => [f.filePath.slice(dir.length + 1), m.ruleId, m.line]),
    );
    expect(found).toEqual([
      ['db/20240101_widgets.sql', 'guard.no_drop_table', 5],
      ['gm/000002_u.down.sql', 'guard.no_drop_table', 1],
    ]);
  }, 60_000);

  it('applies fixes computed from real spans', async () => {
    const sql = 'CREATE INDEX idx_a ON accounts (email);\nDROP TABLE legacy;\n';
    const dir = tempTree({ 'policy/guard.hoop': POLICY, 'm.sql': sql });
    const r = await cli(['--no-builtin', '--policy', 'policy', '--fix', 'm.sql'], dir);
    expect(r.code).toBe(0);
    expect(readFileSync(join(dir, 'm.sql'), 'utf8')).toBe('CREATE INDEX CONCURRENTLY idx_a ON accounts (email);\nDROP TABLE IF EXISTS legacy;\n');
  }, 60_000);

  it('reports policy compile errors with their location and exit 2', async () => {
    const dir = tempTree({ 'policy/bad.hoop': 'policy p {\n  rule r {\n    category destructive\n    when statement.nope\n    deny "x"\n  }\n}\n', 'good/guard.hoop': POLICY, 'm.sql': 'DELETE FROM t;' });
    const r = await cli(['--no-builtin', '--policy', 'policy', '--policy', 'good', '--format', 'json', 'm.sql'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^policy\/bad\.hoop:4:\d+: error: .*\n$/);
    // the other policies still lint the files
    const out = JSON.parse(r.stdout) as { filePath: string; messages: { ruleId: string | null; fatal?: boolean }[] }[];
    expect(out.find((f) => f.filePath.endsWith('m.sql'))!.messages.map((m) => m.ruleId)).toEqual(['guard.unfiltered_write']);
    expect(out.find((f) => f.filePath.endsWith('bad.hoop'))!.messages[0]).toMatchObject({ fatal: true, ruleId: null });
  }, 60_000);

  it('loads compiled bundles with --policy and rejects tampered ones', async () => {
    const { buildBundle } = await import('../../compiler/index.js');
    const { bundle } = buildBundle([{ file: 'guard.hoop', text: POLICY }]);
    const dir = tempTree({ 'guard.bundle.js': bundle!, 'bad.bundle.js': bundle!.replace('loses its rows', 'is fine'), 'm.sql': 'DROP TABLE t;\n' });
    const r = await cli(['--no-builtin', '--policy', 'guard.bundle.js', '--format', 'json', 'm.sql'], dir);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)[0].messages.map((m: { ruleId: string; message: string }) => [m.ruleId, m.message])).toEqual([['guard.no_drop_table', 'dropping `public.t` loses its rows']]);
    const bad = await cli(['--no-builtin', '--policy', 'bad.bundle.js', 'm.sql'], dir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^bad\.bundle\.js:1:1: error: bundle was modified after it was built .*\(bundle\/tampered\)\n$/);
  }, 60_000);

  it('lintPlan gives per-tool-call verdicts on real facts', async () => {
    const dir = tempTree({ 'policy/guard.hoop': POLICY });
    const linter = await createLinter({ cwd: dir, builtin: false, policy: 'policy' });
    const r = await linter.lintPlan({ tool_calls: [{ id: 'a', function: { name: 'sql', arguments: JSON.stringify({ sql: 'SELECT 1' }) } }, { id: 'b', function: { name: 'sql', arguments: JSON.stringify({ sql: 'UPDATE t SET x = 1' }) } }] });
    expect(r.toolCalls.map((t) => [t.id, t.effect])).toEqual([
      ['a', 'allow'],
      ['b', 'deny'],
    ]);
  }, 60_000);
});

describe('schema knowledge', () => {
  const PII = `
policy pii {
  rule pii_out {
    category pii
    when statement.outputs any o where o.tags has pii
    warn "returns pii column \`{o.name}\`"
  }
}
tag pii on customers.contact
`;

  it('expands `*` from --schema DDL and earlier migrations of the same directory, with policy tags', async () => {
    const dir = tempTree({
      'policy/pii.hoop': PII,
      'schema.sql': 'CREATE TABLE customers (id bigint, contact text, notes text);\n',
      'q.sql': 'SELECT * FROM customers;\n',
      'db/1_a.up.sql': 'CREATE TABLE accounts (id bigint, email text);\n',
      'db/2_b.up.sql': 'SELECT * FROM accounts;\n',
    });
    const without = await cli(['--no-builtin', '--policy', 'policy', '--format', 'json', 'q.sql', 'db'], dir);
    const msgs = (out: string) => JSON.parse(out).flatMap((f: { filePath: string; messages: { message: string }[] }) => f.messages.map((m) => `${f.filePath.slice(dir.length + 1)}: ${m.message}`));
    // without the schema the `*` cannot be expanded: the table's tags make it pii as a whole
    expect(msgs(without.stdout)).toEqual(['db/2_b.up.sql: returns pii column `email`', 'q.sql: returns pii column `*`']);
    const withSchema = await cli(['--no-builtin', '--policy', 'policy', '--schema', 'schema.sql', '--format', 'json', 'q.sql'], dir);
    expect(msgs(withSchema.stdout)).toEqual(['q.sql: returns pii column `contact`']);
    // the schema can tag columns in their comments
    writeFileSync(join(dir, 'notes.sql'), 'SELECT id, notes FROM customers;\n');
    const untagged = await cli(['--no-builtin', '--policy', 'policy', '--schema', 'schema.sql', '--format', 'json', 'notes.sql'], dir);
    expect(msgs(untagged.stdout)).toEqual([]);
    writeFileSync(join(dir, 'schema.sql'), "CREATE TABLE customers (id bigint, contact text, notes text);\nCOMMENT ON COLUMN customers.notes IS 'free text; hoop:tags=pii';\n");
    const tagged = await cli(['--no-builtin', '--policy', 'policy', '--schema', 'schema.sql', '--format', 'json', 'notes.sql'], dir);
    expect(msgs(tagged.stdout)).toEqual(['notes.sql: returns pii column `notes`']);
  }, 60_000);
});

describe('the built-in rule pack on the examples', () => {
  it('flags the risky examples and stays quiet on the safe ones', async () => {
    const root = join(import.meta.dirname, '..', '..');
    const r = await cli(['--format', 'json', 'examples/migrations', 'examples/prompts', 'examples/plans'], root);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    const files = JSON.parse(r.stdout) as { filePath: string; messages: { ruleId: string }[] }[];
    const rules = Object.fromEntries(files.map((f) => [f.filePath.slice(root.length + 1 + 'examples/'.length), new Set(f.messages.map((m) => m.ruleId))]));
    // creating tables is safe; down migrations only undo what their up created
    const quiet = Object.entries(rules).filter(([, ids]) => ids.size === 0).map(([f]) => f);
    expect(quiet).toEqual([
      'migrations/flyway/V1__create_orders.sql',
      'migrations/golang-migrate/000001_create_accounts.down.sql',
      'migrations/golang-migrate/000001_create_accounts.up.sql',
      'migrations/golang-migrate/000002_index_account_email.down.sql',
      'migrations/golang-migrate/000003_account_plan.down.sql',
      'migrations/prisma/migrations/20240301000000_init/migration.sql',
    ]);
    const expected: Record<string, string[]> = {
      'migrations/dbmate/20240210093000_order_items.sql': ['require-concurrent-index-creation'],
      'migrations/flyway/V2__orders_account_fk.sql': ['adding-foreign-key-constraint'],
      'migrations/flyway/V3__drop_order_notes.sql': ['ban-drop-column'],
      'migrations/flyway/V4__rename_order_total.sql': ['renaming-column'],
      'migrations/golang-migrate/000002_index_account_email.up.sql': ['require-concurrent-index-creation'],
      'migrations/golang-migrate/000003_account_plan.up.sql': ['adding-required-field', 'changing-column-type'],
      'migrations/liquibase/changelog.sql': ['ban-drop-table'],
      'migrations/prisma/migrations/20240315000000_backfill_status/migration.sql': ['require-where', 'adding-not-nullable-field'],
      'plans/openai-tool-calls.json': ['require-where', 'ban-drop-table'],
      'plans/mcp-session.jsonl': ['ban-copy-program', 'ban-privileged-role', 'ban-drop-schema'],
      'plans/langchain-plan.yaml': ['require-where', 'require-concurrent-index-creation'],
      'prompts/nightly-cleanup.md': ['require-where', 'ban-truncate-cascade'],
      'prompts/schema-change-request.txt': ['changing-column-type'],
      'prompts/support-agent.prompt.yml': ['require-where'],
    };
    for (const [file, ids] of Object.entries(expected)) for (const id of ids) expect([file, rules[file]?.has(id)]).toEqual([file, true]);
  }, 120_000);
});
