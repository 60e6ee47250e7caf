// The README's promise: the examples lint with real findings in every kind of input, and the
// sample policy set and the built-in pack check, stay formatted and pass their own tests.
import { describe, expect, it } from 'vitest';
import { run as lint } from '../../rules/cli.js';
import { run as policy } from '../../compiler/cli.js';
import { memoryIo } from '../../runtime/io/cli-io.js';

interface EslintFile {
  filePath: string;
  messages: { ruleId: string; severity: number; line: number; column: number }[];
}

describe('examples/', () => {
  it('lints migrations, prompts and plans with findings in each, located in the original files', async () => {
    const m = memoryIo();
    const code = await lint(['examples/', '--policy', 'examples/policies', '--format', 'json'], m.io);
    expect(m.stderr()).toBe('');
    expect(code).toBe(1);
    const files = JSON.parse(m.stdout()) as EslintFile[];
    const withFindings = files.filter((f) => f.messages.length > 0).map((f) => f.filePath);
    for (const dir of ['migrations', 'prompts', 'plans']) {
      expect(withFindings.some((p) => p.includes(`examples/${dir}/`)), dir).toBe(true);
    }
    const ids = new Set(files.flatMap((f) => f.messages.map((x) => x.ruleId)));
    // built-in rules and the sample policy both contribute
    expect(ids.has('require-concurrent-index-creation')).toBe(true);
    expect(ids.has('require-where')).toBe(true);
    expect([...ids].some((id) => id.startsWith('agent_approvals.'))).toBe(true);
    for (const f of files) for (const x of f.messages) expect(x.line).toBeGreaterThan(0);
  });

  for (const dir of ['examples/policies', 'rules/pack']) {
    it(`${dir} checks clean and is formatted`, async () => {
      const check = memoryIo();
      expect(await policy(['check', dir], check.io), check.stdout() + check.stderr()).toBe(0);
      const fmt = memoryIo();
      expect(await policy(['fmt', '--check', dir], fmt.io), fmt.stdout() + fmt.stderr()).toBe(0);
    });
  }

  it('examples/policies passes its own tests', async () => {
    const m = memoryIo();
    expect(await policy(['test', 'examples/policies'], m.io), m.stdout() + m.stderr()).toBe(0);
  });
});
