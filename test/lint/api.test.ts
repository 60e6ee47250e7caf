import { describe, expect, it } from 'vitest';
import { createLinter, lintPlan, lintText, LintSetupError } from '../../rules/index.js';
import { fakeToolkit } from './fakes.js';
import { tempTree } from './helpers.js';

const toolkit = fakeToolkit();

describe('programmatic API', () => {
  it('lintPlan gives a verdict per tool call and for the plan', async () => {
    const plan = {
      messages: [
        {
          role: 'assistant',
          tool_calls: [
            { id: 'call_a', type: 'function', function: { name: 'run_sql', arguments: JSON.stringify({ sql: 'SELECT count(*) FROM users' }) } },
            { id: 'call_b', type: 'function', function: { name: 'run_sql', arguments: JSON.stringify({ sql: 'DELETE FROM users' }) } },
          ],
        },
      ],
    };
    const r = await lintPlan(plan, { toolkit });
    expect(r.effect).toBe('deny');
    expect(r.ok).toBe(false);
    expect(r.toolCalls.map((t) => [t.id, t.tool, t.effect, t.findings.map((f) => f.ruleId)])).toEqual([
      ['call_a', 'run_sql', 'allow', []],
      ['call_b', 'run_sql', 'deny', ['pack.agent_writes', 'pack.unfiltered_delete']],
    ]);
    expect(r.file).toBe('plan.json');
  });

  it('lintPlan reads JSONL and YAML text', async () => {
    const jsonl = '{"sql":"SELECT 1"}\n{"sql":"DROP TABLE t"}\n';
    expect((await lintPlan(jsonl, { toolkit })).toolCalls.map((t) => t.effect)).toEqual(['allow', 'deny']);
    const yaml = 'steps:\n  - sql: DELETE FROM jobs WHERE id = 1\n';
    const y = await lintPlan(yaml, { toolkit });
    expect(y.file).toBe('plan.yaml');
    expect(y.toolCalls.map((t) => t.effect)).toEqual(['review']);
  });

  it('lintText uses the filename to pick the reader', async () => {
    const sql = await lintText('DROP TABLE t;', { toolkit, filename: 'db/001.sql' });
    expect(sql.findings.map((f) => [f.ruleId, f.file, f.line])).toEqual([['pack.ban_drop_table', 'db/001.sql', 1]]);
    const md = await lintText('Run `DROP TABLE t;` later.', { toolkit, filename: 'notes.md' });
    expect(md.findings.map((f) => [f.ruleId, f.column])).toEqual([['pack.ban_drop_table', 6]]);
  });

  it('a linter reuses its setup and honours rule settings', async () => {
    const linter = await createLinter({ toolkit, rules: { ban_drop_table: 'off' } });
    expect((await linter.lintText('DROP TABLE t;')).findings).toEqual([]);
    expect(linter.rules.some((r) => r.id === 'pack.ban_drop_table')).toBe(true);
  });

  it('lintPaths lints a tree and config discovery is opt-in', async () => {
    const dir = tempTree({ 'hoop-lint.config.json': '{"rules": {"pack.ban_drop_table": "off"}}', 'a.sql': 'DROP TABLE t;', 'b.md': 'no sql here' });
    const plain = await (await createLinter({ toolkit, cwd: dir })).lintPaths(['.']);
    expect(plain.map((r) => [r.file, r.findings.length])).toEqual([['a.sql', 1], ['b.md', 0]]);
    const configured = await (await createLinter({ toolkit, cwd: dir, config: true })).lintPaths(['.']);
    expect(configured.map((r) => [r.file, r.findings.length])).toEqual([['a.sql', 0], ['b.md', 0]]);
  });

  it('setup problems throw LintSetupError with located errors', async () => {
    await expect(createLinter({ toolkit, rules: { 'pack.nope': 'off' } })).rejects.toBeInstanceOf(LintSetupError);
    const dir = tempTree({ 'cfg.json': '{"rules": 3}' });
    await expect(createLinter({ toolkit, cwd: dir, config: 'cfg.json' })).rejects.toThrow(/cfg\.json:1:11: error: `rules` must be an object/);
  });
});
