// `hoop-policy check` and command-line errors: every problem reported as file:line:col with a
// code, exit codes 0/1/2, never a stack trace.
import { afterAll, describe, expect, it } from 'vitest';
import { cli, EXAMPLES, noStack, tempDir } from './cli-helpers.js';

const bad = tempDir({
  'a.hoop': `policy p {
  rule r1 {
    category destructive
    when statement.acitons has drop_table
    deny "x"
  }
  rule r2 {
    category nope
    when principal.kind == robot
    deny "y"
  }
}
`,
  'sub/b.hoop': `policy q {
  rule r3 {
    category destructive
    when statement.writes and
    deny "z"
  }
}
`,
});
afterAll(() => bad.cleanup());

describe('hoop-policy check', () => {
  it('accepts the example policy set', async () => {
    const r = await cli(['check', EXAMPLES], process.cwd());
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^ok: 4 files, 3 policies, 10 rules, 17 tests/);
    expect(r.code).toBe(0);
  });

  it('reports every error of several files with file:line:column, code and help', async () => {
    const r = await cli(['check', '.'], bad.dir);
    expect(r.code).toBe(1);
    const lines = r.stderr.split('\n').filter((l) => /: error\[/.test(l));
    expect(lines).toEqual([
      'a.hoop:4:20: error[policy/unknown-field]: unknown field `statement.acitons`',
      'a.hoop:8:14: error[policy/unknown-category]: unknown category `nope`',
      'a.hoop:9:28: error[policy/unknown-enum]: unknown PrincipalKind value `robot`',
      'sub/b.hoop:5:5: error[policy/syntax]: expected an expression, found `deny`',
    ]);
    expect(r.stderr).toContain('  help: did you mean `statement.actions`?');
    expect(r.stdout).toContain('4 errors');
    expect(noStack(r.stderr)).toBe(true);
  });

  it('prints ESLint-compatible JSON with --format json', async () => {
    const r = await cli(['check', '.', '--format', 'json'], bad.dir);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as { filePath: string; errorCount: number; messages: { ruleId: string; line: number; column: number; severity: number }[] }[];
    expect(out.map((f) => f.errorCount)).toEqual([3, 1]);
    expect(out[0]!.messages[0]).toMatchObject({ ruleId: 'policy/unknown-field', line: 4, column: 20, severity: 2 });
  });

  it('building a set with errors fails with exit 2 and writes nothing', async () => {
    const r = await cli(['build', '.', '-o', 'out.mjs'], bad.dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('a.hoop:4:20: error[policy/unknown-field]');
    expect(r.stderr).toContain('nothing was run');
    const again = await cli(['check', 'out.mjs'], bad.dir);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/^out\.mjs:1:1: error\[cli\/input\]: no such file or directory `out.mjs`/);
  });

  it('usage errors exit 2 with one error line and help, never a stack trace', async () => {
    const cases: [string[], RegExp][] = [
      [['frobnicate'], /^error\[cli\/unknown-command\]: unknown command `frobnicate`\n  help: /],
      [['check'], /^error\[cli\/usage\]: missing policy directory or files\n/],
      [['check', '.', '--bogus'], /^error\[cli\/usage\]: unknown option `--bogus`\n/],
      [['check', 'nope/'], /^nope\/:1:1: error\[cli\/input\]: no such file or directory `nope\/`\n/],
      [['build', '.'], /^error\[cli\/usage\]: missing `-o <bundle file>`\n/],
      [['explain', '.', '--sql'], /^error\[cli\/usage\]: option `--sql` needs a value\n/],
      [['check', '.', '--format', 'xml'], /^error\[cli\/usage\]: unknown format `xml`\n/],
    ];
    for (const [argv, re] of cases) {
      const r = await cli(argv, bad.dir);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.stderr).toMatch(re);
      expect(noStack(r.stderr)).toBe(true);
    }
  });

  it('prints usage for --help (exit 0) and without a command (exit 2)', async () => {
    expect((await cli(['--help'], bad.dir)).stdout).toContain('usage: hoop-policy');
    expect((await cli([], bad.dir)).code).toBe(2);
  });
});
