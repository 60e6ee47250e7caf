import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, tempTree } from './helpers.js';

const RISKY = 'CREATE INDEX idx_users_email ON users (email);\nDROP TABLE legacy;\n';

describe('hoop-lint CLI exit codes', () => {
  it('exits 0 on clean input, 1 on error findings, 0 with only warnings', async () => {
    const dir = tempTree({ 'clean.sql': 'SELECT 1;\n', 'warn.sql': 'CREATE INDEX i ON t (a);\n', 'bad/drop.sql': 'DROP TABLE t;\n' });
    expect((await cli(['clean.sql'], { cwd: dir })).code).toBe(0);
    expect((await cli(['warn.sql'], { cwd: dir })).code).toBe(0);
    const r = await cli([], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('bad/drop.sql');
    expect(r.stdout).toContain('pack.ban_drop_table');
  });

  it('exits 1 when warnings exceed --max-warnings', async () => {
    const dir = tempTree({ 'warn.sql': 'CREATE INDEX i ON t (a);\n' });
    const r = await cli(['--max-warnings', '0', 'warn.sql'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('too many warnings (1, at most 0 allowed)');
    expect((await cli(['--max-warnings', '1', 'warn.sql'], { cwd: dir })).code).toBe(0);
  });

  it('exits 2 on usage errors', async () => {
    const dir = tempTree({});
    for (const argv of [['--bogus'], ['--format', 'xml'], ['--rule', 'x'], ['--max-warnings', '-1'], ['--dialect', 'cobol', '.']]) {
      const r = await cli(argv, { cwd: dir });
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it('reports bad input as file:line:col with exit 2 and still lints the other files', async () => {
    const dir = tempTree({ 'a.json': '{"sql": "DROP TABLE t",\n  oops}', 'b.sql': 'DROP TABLE t;\n', 'c.yaml': 'sql: [unclosed\n' });
    writeFileSync(join(dir, 'd.sql'), Buffer.from([0x53, 0x00, 0x01, 0x02]));
    const r = await cli(['--format', 'json', '.'], { cwd: dir });
    expect(r.code).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toContain('a.json:2:3: error: expected a property name in double quotes, found `o` (input/invalid-json)');
    expect(lines.some((l) => l.startsWith('c.yaml:') && l.includes('(input/invalid-yaml)'))).toBe(true);
    expect(lines).toContain('d.sql:1:1: error: binary file (contains NUL bytes) (input/binary)');
    const json = JSON.parse(r.stdout);
    const b = json.find((x: { filePath: string }) => x.filePath.endsWith('b.sql'));
    expect(b.errorCount).toBe(1);
    const a = json.find((x: { filePath: string }) => x.filePath.endsWith('a.json'));
    expect(a.messages[0]).toMatchObject({ fatal: true, ruleId: null, severity: 2, line: 2, column: 3 });
  });

  it('reports a missing path with exit 2', async () => {
    const dir = tempTree({ 'b.sql': 'SELECT 1;' });
    const r = await cli(['nope.sql', 'b.sql'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('nope.sql:1:1: error: no such file or directory `nope.sql`');
  });

  it('prints version and help', async () => {
    const dir = tempTree({});
    const v = await cli(['--version'], { cwd: dir });
    expect(v.code).toBe(0);
    expect(v.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
    const h = await cli(['--help'], { cwd: dir });
    expect(h.stdout).toContain('Usage: hoop-lint');
  });
});

describe('output formats', () => {
  it('stylish shows the SQL line with a caret, the rule id and docs link', async () => {
    const dir = tempTree({ 'm.sql': RISKY });
    const r = await cli(['m.sql'], { cwd: dir });
    expect(r.stdout).toContain('m.sql');
    expect(r.stdout).toContain('2:1  error  dropping a table loses its data  pack.ban_drop_table');
    expect(r.stdout).toContain('│ DROP TABLE legacy;');
    expect(r.stdout).toContain('│ ^^^^^^^^^^');
    expect(r.stdout).toContain('docs: https://example.test/rules/pack.ban_drop_table');
    expect(r.stdout).toContain('2 problems (1 error, 1 warning)');
    expect(r.stdout).not.toContain('\x1b[');
    const colored = await cli(['--color', 'm.sql'], { cwd: dir });
    expect(colored.stdout).toContain('\x1b[31m');
  });

  it('json is ESLint-compatible', async () => {
    const dir = tempTree({ 'm.sql': RISKY, 'ok.sql': 'SELECT 1;' });
    const r = await cli(['--format', 'json'], { cwd: dir });
    const out = JSON.parse(r.stdout);
    expect(out).toHaveLength(2);
    const m = out[0];
    expect(m.filePath).toBe(join(dir, 'm.sql'));
    expect(m).toMatchObject({ errorCount: 1, warningCount: 1, fatalErrorCount: 0, fixableErrorCount: 1, fixableWarningCount: 1, suppressedMessages: [], usedDeprecatedRules: [] });
    expect(m.messages[0]).toMatchObject({ ruleId: 'pack.require_concurrent_index', severity: 1, line: 1, column: 1, endLine: 1, endColumn: 13, nodeType: null });
    expect(m.messages[0].fix).toEqual({ range: [12, 12], text: ' CONCURRENTLY' });
    expect(m.messages[1]).toMatchObject({ ruleId: 'pack.ban_drop_table', severity: 2, line: 2, column: 1 });
    expect(out[1]).toMatchObject({ messages: [], errorCount: 0, warningCount: 0 });
  });

  it('sarif is SARIF 2.1.0 with rule metadata and physical locations', async () => {
    const dir = tempTree({ 'm.sql': RISKY });
    const r = await cli(['--format', 'sarif'], { cwd: dir });
    const log = JSON.parse(r.stdout);
    expect(log.version).toBe('2.1.0');
    expect(log.$schema).toContain('sarif-2.1.0');
    const run = log.runs[0];
    expect(run.tool.driver.name).toBe('hoop-lint');
    const rule = run.tool.driver.rules.find((x: { id: string }) => x.id === 'pack.ban_drop_table');
    expect(rule).toMatchObject({
      shortDescription: { text: 'pack.ban_drop_table description' },
      helpUri: 'https://example.test/rules/pack.ban_drop_table',
      defaultConfiguration: { level: 'error' },
      properties: { category: 'destructive' },
    });
    expect(run.results).toHaveLength(2);
    for (const res of run.results) {
      expect(typeof res.message.text).toBe('string');
      expect(['error', 'warning', 'note']).toContain(res.level);
      expect(run.tool.driver.rules[res.ruleIndex].id).toBe(res.ruleId);
      const loc = res.locations[0].physicalLocation;
      expect(loc.artifactLocation.uri).toBe('m.sql');
      expect(loc.region.startLine).toBeGreaterThanOrEqual(1);
      expect(loc.region.startColumn).toBeGreaterThanOrEqual(1);
    }
    expect(run.results[1].locations[0].physicalLocation.region).toEqual({ startLine: 2, startColumn: 1, endLine: 2, endColumn: 11 });
  });

  it('github emits workflow annotations', async () => {
    const dir = tempTree({ 'db/m.sql': RISKY });
    const r = await cli(['--format', 'github'], { cwd: dir });
    expect(r.stdout.split('\n')).toContain('::error file=db/m.sql,line=2,col=1,endLine=2,endColumn=11,title=pack.ban_drop_table::dropping a table loses its data (https%3A//example.test/rules/pack.ban_drop_table)'.replace('https%3A', 'https:'));
    expect(r.stdout).toContain('::warning file=db/m.sql,line=1,col=1');
  });

  it('junit and gitlab reports', async () => {
    const dir = tempTree({ 'm.sql': RISKY, 'ok.sql': 'SELECT 1;' });
    const j = await cli(['--format', 'junit'], { cwd: dir });
    expect(j.stdout).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>/);
    expect(j.stdout).toContain('<testsuite name="m.sql" tests="2" failures="2" errors="0">');
    expect(j.stdout).toContain('<testcase name="ok.sql" classname="hoop-lint" />');
    expect((j.stdout.match(/<failure /g) ?? []).length).toBe(2);
    const g = await cli(['--format', 'gitlab'], { cwd: dir });
    const issues = JSON.parse(g.stdout);
    expect(issues).toHaveLength(2);
    expect(issues[1]).toMatchObject({ check_name: 'pack.ban_drop_table', severity: 'major', location: { path: 'm.sql', lines: { begin: 2 } } });
    expect(issues[1].fingerprint).toMatch(/^[0-9a-f]{32}$/);
    expect(new Set(issues.map((i: { fingerprint: string }) => i.fingerprint)).size).toBe(2);
  });

  it('--quiet reports errors only', async () => {
    const dir = tempTree({ 'm.sql': RISKY });
    const r = await cli(['--quiet', '--format', 'json'], { cwd: dir });
    expect(JSON.parse(r.stdout)[0].messages.map((m: { ruleId: string }) => m.ruleId)).toEqual(['pack.ban_drop_table']);
  });

  it('--list-rules lists rules with metadata', async () => {
    const dir = tempTree({});
    const r = await cli(['--list-rules', '--format', 'json'], { cwd: dir });
    expect(r.code).toBe(0);
    const rules = JSON.parse(r.stdout);
    const drop = rules.find((x: { id: string }) => x.id === 'pack.ban_drop_table');
    expect(drop).toMatchObject({ category: 'destructive', severity: 'error', dialects: null, description: 'pack.ban_drop_table description', docs: 'https://example.test/rules/pack.ban_drop_table', fix: 'add_if_exists' });
    expect(rules.some((x: { id: string }) => x.id === 'hoop-lint/unused-suppression')).toBe(true);
    const text = await cli(['--list-rules', '--rule', 'pack.ban_drop_table=off'], { cwd: dir });
    expect(text.stdout).toMatch(/pack\.ban_drop_table\s+off/);
  });
});

describe('--rule and config', () => {
  it('--rule changes severities and rejects unknown rules', async () => {
    const dir = tempTree({ 'm.sql': RISKY });
    expect((await cli(['--rule', 'pack.ban_drop_table=warn', 'm.sql'], { cwd: dir })).code).toBe(0);
    expect((await cli(['--rule', 'require_concurrent_index=error', '--rule', 'ban_drop_table=off', 'm.sql'], { cwd: dir })).code).toBe(1);
    const bad = await cli(['--rule', 'pack.ban_drop_tabel=off', 'm.sql'], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stdout).toContain('pack.ban_drop_table');
    expect(bad.stderr).toContain('unknown rule `pack.ban_drop_tabel` (did you mean `pack.ban_drop_table`?)');
  });

  it('finds the config by walking up and applies it', async () => {
    const dir = tempTree({
      'hoop-lint.config.json': JSON.stringify({ rules: { 'pack.ban_drop_table': 'off' }, ignore: ['skip/'] }),
      'sub/m.sql': RISKY,
      'skip/x.sql': 'DROP TABLE x;',
    });
    const r = await cli(['--format', 'json', '.'], { cwd: dir });
    const out = JSON.parse(r.stdout);
    expect(out.map((x: { filePath: string }) => x.filePath)).toEqual([join(dir, 'sub/m.sql')]);
    expect(out[0].messages.map((m: { ruleId: string }) => m.ruleId)).toEqual(['pack.require_concurrent_index']);
    const nested = await cli(['m.sql'], { cwd: join(dir, 'sub') });
    expect(nested.code).toBe(0);
  });

  it('reports config errors at the offending key', async () => {
    const cfg = '{\n  "rules": {\n    "pack.ban_drop_table": "off",\n    "pack.nope": "warn"\n  },\n  "dialekt": "postgres",\n  "extends": "loose",\n  "maxWarnings": "3"\n}\n';
    const dir = tempTree({ 'hoop-lint.config.json': cfg, 'm.sql': 'DROP TABLE t;' });
    const r = await cli(['m.sql'], { cwd: dir });
    expect(r.code).toBe(2);
    // the files are still linted (with the defaults)
    expect(r.stdout).toContain('pack.ban_drop_table');
    expect(r.stderr.trim().split('\n')).toEqual([
      'hoop-lint.config.json:6:3: error: unknown option `dialekt` (did you mean `dialect`?) (config/invalid)',
      'hoop-lint.config.json:7:14: error: `extends` must be one of `recommended`, `strict`, `agent` (config/invalid)',
      'hoop-lint.config.json:8:18: error: `maxWarnings` must be an integer (config/invalid)',
    ]);
    const fixed = cfg.replace('  "dialekt": "postgres",\n  "extends": "loose",\n  "maxWarnings": "3"\n', '  "dialect": "postgres"\n');
    writeFileSync(join(dir, 'hoop-lint.config.json'), fixed);
    const r2 = await cli(['m.sql'], { cwd: dir });
    expect(r2.code).toBe(2);
    expect(r2.stderr.trim()).toBe('hoop-lint.config.json:4:5: error: unknown rule `pack.nope` (see `hoop-lint --list-rules`) (config/unknown-rule)');
    // the known override still applies
    expect(r2.stdout).toBe('');
  });

  it('reports invalid JSON in the config with its position', async () => {
    const dir = tempTree({ 'hoop-lint.config.json': '{\n  "rules": {,}\n}', 'm.sql': 'SELECT 1;' });
    const r = await cli(['m.sql'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe('hoop-lint.config.json:2:13: error: expected a property name in double quotes, found `,` (config/invalid-json)');
    const missing = await cli(['--config', 'other.json', 'm.sql'], { cwd: dir });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('config file `other.json` does not exist');
  });

  it('--init writes a starter config and never overwrites one', async () => {
    const dir = tempTree({});
    const r = await cli(['--init'], { cwd: dir });
    expect(r.code).toBe(0);
    const text = readFileSync(join(dir, 'hoop-lint.config.json'), 'utf8');
    expect(JSON.parse(text).extends).toBe('recommended');
    writeFileSync(join(dir, 'hoop-lint.config.json'), '{"env": "staging"}');
    const again = await cli(['--init'], { cwd: dir });
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('already exists');
    expect(readFileSync(join(dir, 'hoop-lint.config.json'), 'utf8')).toBe('{"env": "staging"}');
    // the starter config is valid
    writeFileSync(join(dir, 'hoop-lint.config.json'), text);
    writeFileSync(join(dir, 'a.sql'), 'SELECT 1;');
    expect((await cli(['a.sql'], { cwd: dir })).code).toBe(0);
  });

  it('honours .gitignore when walking directories', async () => {
    const dir = tempTree({ '.gitignore': 'generated/\n*.tmp.sql\n', 'generated/x.sql': 'DROP TABLE x;', 'a.tmp.sql': 'DROP TABLE y;', 'keep.sql': 'SELECT 1;', 'nested/.gitignore': 'local.sql\n', 'nested/local.sql': 'DROP TABLE z;' });
    const r = await cli(['--format', 'json'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).map((x: { filePath: string }) => x.filePath)).toEqual([join(dir, 'keep.sql')]);
  });
});

describe('suppressions', () => {
  it('suppresses the next statement with a reason; reports missing reasons and unused ones', async () => {
    const sql = [
      '-- hoop-lint-disable-next-line ban_drop_table -- table is empty since 2023',
      'DROP TABLE legacy;', // suppressed
      '-- hoop-lint-disable-next-line pack.ban_drop_table',
      'DROP TABLE legacy2;', // suppressed, but no reason
      '-- hoop-lint-disable-next-line require_concurrent_index -- nothing here',
      'SELECT 1;', // unused
      'DROP TABLE other;', // reported
      '',
    ].join('\n');
    const dir = tempTree({ 'm.sql': sql });
    const r = await cli(['--format', 'json', 'm.sql'], { cwd: dir });
    const msgs = JSON.parse(r.stdout)[0].messages.map((m: { ruleId: string; line: number }) => [m.ruleId, m.line]);
    expect(msgs).toEqual([
      ['hoop-lint/suppression-missing-reason', 3],
      ['hoop-lint/unused-suppression', 5],
      ['pack.ban_drop_table', 7],
    ]);
  });

  it('covers a whole multi-line statement and whole files', async () => {
    const sql = ['-- hoop-lint-disable-file require_concurrent_index -- small table', '-- hoop-lint-disable-next-line ban_drop_table -- reviewed', '', 'DROP', '  TABLE legacy;', 'CREATE INDEX a ON t (x);', 'CREATE INDEX b ON t (y);', ''].join('\n');
    const dir = tempTree({ 'm.sql': sql });
    const r = await cli(['--format', 'json', 'm.sql'], { cwd: dir });
    expect(JSON.parse(r.stdout)[0].messages).toEqual([]);
    expect(r.code).toBe(0);
  });

  it('works in Markdown comments, YAML comments and inside JSON strings', async () => {
    const md = ['Run:', '<!-- hoop-lint-disable-next-line ban_drop_table -- staging only -->', '```sql', 'DROP TABLE cache;', '```', ''].join('\n');
    const yaml = ['steps:', '  # hoop-lint-disable-next-line unfiltered_delete -- table is a queue', '  - sql: DELETE FROM jobs', ''].join('\n');
    const json = JSON.stringify({ sql: '-- hoop-lint-disable-next-line ban_drop_table -- scratch table\nDROP TABLE scratch;\nDROP TABLE keep;' });
    const dir = tempTree({ 'p.md': md, 'plan.yaml': yaml, 'plan.json': json });
    const r = await cli(['--format', 'json', '.'], { cwd: dir });
    const out = JSON.parse(r.stdout);
    const byFile = Object.fromEntries(out.map((x: { filePath: string; messages: { ruleId: string }[] }) => [x.filePath.slice(dir.length + 1), x.messages.map((m) => m.ruleId)]));
    expect(byFile['p.md']).toEqual([]);
    expect(byFile['plan.yaml']).toEqual(['pack.agent_writes']);
    expect(byFile['plan.json']).toEqual(['pack.ban_drop_table']);
    const keep = out.find((x: { filePath: string }) => x.filePath.endsWith('plan.json')).messages[0];
    expect(keep.column).toBe(json.indexOf('DROP TABLE keep') + 1);
  });
});

describe('baseline', () => {
  it('writes the baseline when missing, then reports only new findings', async () => {
    const dir = tempTree({ 'm.sql': RISKY });
    const first = await cli(['--baseline', 'baseline.json', 'm.sql'], { cwd: dir });
    expect(first.code).toBe(0);
    expect(first.stderr).toContain('wrote baseline `baseline.json` with 2 findings');
    const data = JSON.parse(readFileSync(join(dir, 'baseline.json'), 'utf8'));
    expect(data.version).toBe(1);
    expect(data.entries).toHaveLength(2);
    // moving the statements keeps them baselined
    writeFileSync(join(dir, 'm.sql'), '-- header\n\n' + RISKY + 'DROP TABLE fresh;\n');
    const second = await cli(['--baseline', 'baseline.json', '--format', 'json', 'm.sql'], { cwd: dir });
    expect(second.code).toBe(1);
    const msgs = JSON.parse(second.stdout)[0].messages;
    expect(msgs.map((m: { ruleId: string; line: number }) => [m.ruleId, m.line])).toEqual([['pack.ban_drop_table', 5]]);
  });

  it('rejects a malformed baseline', async () => {
    const dir = tempTree({ 'm.sql': RISKY, 'b.json': '{"nope": true}' });
    const r = await cli(['--baseline', 'b.json', 'm.sql'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('is not a hoop-lint baseline');
  });
});

describe('--fix and --stdin', () => {
  it('applies fixes to .sql files only and writes only when changed', async () => {
    const md = '```sql\nCREATE INDEX i ON t (a);\n```\n';
    const dir = tempTree({ 'm.sql': RISKY, 'p.md': md, 'clean.sql': 'SELECT 1;\n' });
    const r = await cli(['--fix', '--format', 'json'], { cwd: dir });
    expect(readFileSync(join(dir, 'm.sql'), 'utf8')).toBe('CREATE INDEX CONCURRENTLY idx_users_email ON users (email);\nDROP TABLE IF EXISTS legacy;\n');
    expect(readFileSync(join(dir, 'p.md'), 'utf8')).toBe(md);
    const out = JSON.parse(r.stdout);
    expect(out.find((x: { filePath: string }) => x.filePath.endsWith('m.sql')).messages).toEqual([]);
    expect(r.stderr).toContain('fixed m.sql');
    expect(r.stderr).not.toContain('clean.sql');
    const again = await cli(['--fix'], { cwd: dir });
    expect(again.stderr).not.toContain('fixed');
  });

  it('lints standard input under --stdin-filename', async () => {
    const dir = tempTree({});
    const r = await cli(['--stdin', '--stdin-filename', 'plan.json', '--format', 'json'], { cwd: dir, stdin: '{"sql": "DELETE FROM users"}' });
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out[0].filePath).toBe(join(dir, 'plan.json'));
    expect(out[0].messages.map((m: { ruleId: string }) => m.ruleId)).toEqual(['pack.agent_writes', 'pack.unfiltered_delete']);
    expect(out[0].messages[1]).toMatchObject({ line: 1, column: 10 });
  });
});
