import { describe, expect, it } from 'vitest';
import type { DecisionInput } from '../../runtime/decision/types.js';
import { lintText, newChain, type LintDeps } from '../../rules/lint/lint-source.js';
import { buildRuleTable } from '../../rules/lint/rule-table.js';
import { applyFixes, computeFix } from '../../rules/lint/fixes.js';
import { FAKE_RULES, fakeAnalyzer, fakeEngine } from './fakes.js';

function deps(options: { calls?: DecisionInput[]; overrides?: Array<{ id: string; setting: 'off' | 'warn' | 'error' | 'info' }>; preset?: 'recommended' | 'strict' | 'agent'; assumeInTransaction?: boolean } = {}): LintDeps {
  const engine = fakeEngine(FAKE_RULES, options.calls);
  const { table } = buildRuleTable(engine.rules, options.preset ?? 'recommended', options.overrides ?? []);
  return {
    analyzer: fakeAnalyzer(),
    engines: [engine],
    rules: table,
    schema: [],
    settings: {
      env: 'development',
      dialect: 'postgres',
      assumeInTransaction: options.assumeInTransaction ?? false,
      requireSuppressionReason: true,
      agentPrincipal: options.preset === 'agent',
      now: '2026-01-05T10:00:00.000Z',
    },
  };
}

describe('engine', () => {
  it('turns every fired rule into a finding at the rule span, skipping allow rules', async () => {
    const text = 'SELECT 1;\n\nDROP TABLE users;\n  CREATE INDEX i ON t (a);\n';
    const r = await lintText('m/001.sql', text, deps());
    expect(r.errors).toEqual([]);
    expect(r.findings.map((f) => [f.ruleId, f.line, f.column, f.endLine, f.endColumn, f.severity])).toEqual([
      ['pack.ban_drop_table', 3, 1, 3, 11, 'error'],
      ['pack.require_concurrent_index', 4, 3, 4, 15, 'warning'],
    ]);
    expect(r.findings[0]).toMatchObject({ category: 'destructive', effect: 'deny', docs: 'https://example.test/rules/pack.ban_drop_table', origin: 'migration', direction: 'up' });
    expect(r.findings[0].sourceLine).toBe('DROP TABLE users;');
  });

  it('builds decision inputs: source, principal, env, statement count', async () => {
    const calls: DecisionInput[] = [];
    await lintText('plan.json', '{"sql": "DELETE FROM a; DELETE FROM b"}', deps({ calls }));
    expect(calls).toHaveLength(2);
    expect(calls[0]).toMatchObject({ source: 'plan', principal: { kind: 'agent' }, connection: { env: 'development', dialect: 'postgres' }, request: { statementCount: 2 } });
    expect(calls[0].time).toEqual({ iso: '2026-01-05T10:00:00.000Z', hour: 10, weekday: 1 });
    calls.length = 0;
    await lintText('notes.md', '```sql\nDELETE FROM a;\n```\n', deps({ calls }));
    expect(calls[0]).toMatchObject({ source: 'prompt', principal: { kind: 'human' }, request: { statementCount: 1 } });
  });

  it('takes built-in rule severities from the preset; a rule the preset does not name is off', () => {
    const builtin = (id: string, severity: 'error' | 'warning') => ({ ...FAKE_RULES[0].info, id, severity, origin: 'builtin' as const });
    const rules = [builtin('ban-drop-table', 'error'), builtin('prefer-robust-stmts', 'warning'), builtin('not-in-any-preset', 'error')];
    const rec = buildRuleTable(rules, 'recommended', []).table.severity;
    expect([rec.get('ban-drop-table'), rec.get('prefer-robust-stmts'), rec.get('not-in-any-preset')]).toEqual(['error', 'off', 'off']);
    const strict = buildRuleTable(rules, 'strict', [{ id: 'ban_drop_table', setting: 'warn' }]).table.severity;
    expect([strict.get('ban-drop-table'), strict.get('prefer-robust-stmts')]).toEqual(['warning', 'warning']);
    // user policy rules keep their own severity under every preset
    expect(buildRuleTable([FAKE_RULES[1].info], 'agent', []).table.severity.get('pack.require_concurrent_index')).toBe('warning');
  });

  it('applies severities from overrides; off removes the finding', async () => {
    const text = 'CREATE INDEX i ON t (a);\nDROP TABLE t;\n';
    const off = await lintText('a.sql', text, deps({ overrides: [{ id: 'require_concurrent_index', setting: 'off' }, { id: 'pack.ban_drop_table', setting: 'warn' }] }));
    expect(off.findings.map((f) => [f.ruleId, f.severity])).toEqual([['pack.ban_drop_table', 'warning']]);
  });

  it('reports unknown rules in overrides', () => {
    const { unknown } = buildRuleTable(fakeEngine().rules, 'recommended', [{ id: 'pack.nope', setting: 'off' }]);
    expect(unknown.map((u) => u.id)).toEqual(['pack.nope']);
  });

  it('turns syntax errors into findings (warnings in prompts)', async () => {
    const sql = await lintText('a.sql', 'SELEC 1;\n', deps());
    expect(sql.findings.map((f) => [f.ruleId, f.severity, f.line, f.column])).toEqual([['hoop-lint/syntax-error', 'error', 1, 1]]);
    const md = await lintText('a.md', 'Try:\n```sql\nSELEC 1;\n```\n', deps());
    expect(md.findings.map((f) => [f.ruleId, f.severity, f.line])).toEqual([['hoop-lint/syntax-error', 'warning', 3]]);
  });

  it('drops guessed SQL that does not parse (prose, fragments) but reports errors in SQL blocks', async () => {
    const md = ['Run `SELECT * FRM t;` or `COPY ... TO PROGRAM` later.', '', 'SELECT * FRM t;', '', '```sql', 'SELECT * FRM t;', '```', ''].join('\n');
    const r = await lintText('a.md', md, deps());
    expect(r.findings.map((f) => [f.ruleId, f.line, f.severity])).toEqual([['hoop-lint/syntax-error', 6, 'warning']]);
  });

  it('ignores directives written as documentation in Markdown prose and code spans', async () => {
    const md = ['Suppress with `-- hoop-lint-disable-next-line <id> -- <reason>`.', '', '```sql', '-- hoop-lint-disable-next-line ban_drop_table -- scratch', 'DROP TABLE t;', '```', ''].join('\n');
    const r = await lintText('a.md', md, deps());
    expect(r.findings).toEqual([]);
    expect(r.suppressed).toBe(1);
  });

  it('keeps suppressions of rules this configuration turns off quiet', async () => {
    const sql = '-- hoop-lint-disable-next-line require_concurrent_index -- small table\nCREATE INDEX i ON t (a);\n-- hoop-lint-disable-next-line require_concurrent_index -- x\nSELECT 1;\n';
    const off = await lintText('a.sql', sql, deps({ overrides: [{ id: 'require_concurrent_index', setting: 'off' }] }));
    expect(off.findings).toEqual([]);
    const on = await lintText('a.sql', sql, deps());
    expect(on.findings.map((f) => [f.ruleId, f.line])).toEqual([['hoop-lint/unused-suppression', 3]]);
  });

  it('marks what the up migration created as created in the down direction', async () => {
    const calls: DecisionInput[] = [];
    const d = deps({ calls });
    const analyzer = d.analyzer;
    // an analyser that reports created tables, like the runtime does
    d.analyzer = {
      ...analyzer,
      analyze: async (text, o) => {
        const r = await analyzer.analyze(text, o);
        for (const s of r.statements) {
          const m = /^(CREATE|DROP) TABLE (\w+)/i.exec(s.text);
          if (!m) continue;
          const name = `public.${m[2]}`;
          const create = m[1].toUpperCase() === 'CREATE';
          s.actions.push({ kind: 'action', action: create ? 'create_table' : 'drop_table', span: s.span, target: name, nested: false, via: 'top' });
          s.tables.push({ kind: 'table', name, schema: 'public', table: m[2], access: ['ddl'], span: s.span, createdInFile: false, temporary: false, qualified: false });
        }
        return r;
      },
    };
    const text = '-- migrate:up\nCREATE TABLE widgets (id int);\n-- migrate:down\nDROP TABLE widgets;\nDROP TABLE gadgets;\n';
    const r = await lintText('db/migrations/20240101_widgets.sql', text, d);
    // the fake rule skips tables created in the file: only `gadgets` (not created by the up) is reported
    expect(r.findings.map((f) => [f.ruleId, f.line, f.direction])).toEqual([['pack.ban_drop_table', 5, 'down']]);
    const down = calls.filter((c) => /widgets/.test(c.statement.text) && /DROP/.test(c.statement.text));
    expect(down[0].statement.tables[0].createdInFile).toBe(true);

    // golang-migrate: the down file of the same version knows what its up created
    calls.length = 0;
    const chain = newChain(d);
    await lintText('db/1_widgets.up.sql', 'CREATE TABLE widgets (id int);', d, chain);
    const downFile = await lintText('db/1_widgets.down.sql', 'DROP TABLE widgets;', d, chain);
    expect(downFile.findings).toEqual([]);
    const other = await lintText('db/2_x.down.sql', 'DROP TABLE widgets;', d, chain);
    expect(other.findings.map((f) => f.ruleId)).toEqual(['pack.ban_drop_table']);
  });

  it('computes fixes from spans, not inside transactions', async () => {
    const text = 'CREATE UNIQUE INDEX idx ON t (a);\nDROP TABLE old;\nBEGIN;\nCREATE INDEX j ON t (b);\nCOMMIT;\n';
    const r = await lintText('a.sql', text, deps());
    const fixes = r.findings.filter((f) => f.fix).map((f) => f.fix!);
    expect(fixes.map((f) => f.name)).toEqual(['add_concurrently', 'add_if_exists']);
    const fixed = applyFixes(text, fixes);
    expect(fixed.text).toBe('CREATE UNIQUE INDEX CONCURRENTLY idx ON t (a);\nDROP TABLE IF EXISTS old;\nBEGIN;\nCREATE INDEX j ON t (b);\nCOMMIT;\n');
    const inTx = await lintText('a.sql', 'CREATE INDEX i ON t (a);', deps({ assumeInTransaction: true }));
    expect(inTx.findings[0].fix).toBeUndefined();
  });

  it('adds NOT VALID to a table constraint only: a column definition does not take it', () => {
    const fix = (text: string) => computeFix('add_not_valid', { text }, { inTransaction: false }, (o) => o);
    expect(fix('ALTER TABLE o ADD CONSTRAINT fk FOREIGN KEY (u) REFERENCES users (id)')?.edits).toEqual([{ start: 69, end: 69, text: ' NOT VALID' }]);
    expect(fix('ALTER TABLE o ADD FOREIGN KEY (u) REFERENCES users (id)')).not.toBeNull();
    expect(fix('ALTER TABLE o ADD CHECK (u > 0)')).not.toBeNull();
    expect(fix('ALTER TABLE o ADD COLUMN u bigint UNIQUE REFERENCES users (id)')).toBeNull();
    expect(fix('ALTER TABLE o ADD u bigint REFERENCES users (id)')).toBeNull();
    expect(fix('ALTER TABLE o ADD "check" int CHECK ("check" > 0)')).toBeNull();
  });

  it('gives findings stable fingerprints independent of line numbers and formatting', async () => {
    const a = await lintText('a.sql', 'DROP TABLE users;', deps());
    const b = await lintText('a.sql', '\n\n-- moved\ndrop   table USERS ;', deps());
    expect(a.findings[0].fingerprint).toBe(b.findings[0].fingerprint);
    const c = await lintText('a.sql', 'DROP TABLE users;\nDROP TABLE users;', deps());
    expect(new Set(c.findings.map((f) => f.fingerprint)).size).toBe(2);
  });
});
