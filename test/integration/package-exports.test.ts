// What an installed package offers: `import { createLinter } from 'hoop-lint'` (the built bundle,
// as a user's agent framework imports it), and the runtime and compiler entry points.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';

function node(script: string) {
  return spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', cwd: process.cwd() });
}

describe('package exports', () => {
  it('lints an agent plan through the public API of the built package', () => {
    const r = node(`
      const { createLinter } = await import('hoop-lint');
      const linter = await createLinter({ preset: 'agent', env: 'production' });
      const plan = await linter.lintPlan({ tool_calls: [{ function: { name: 'run_sql', arguments: JSON.stringify({ sql: 'DELETE FROM users' }) } }] });
      console.log(JSON.stringify({ effect: plan.effect, rules: plan.findings.map((f) => f.ruleId) }));
    `);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual({ effect: 'deny', rules: ['require-where'] });
  }, 60_000);

  it('offers the runtime and the compiler', () => {
    const r = node(`
      const runtime = await import('hoop-lint/runtime');
      const compiler = await import('hoop-lint/compiler');
      await runtime.loadPostgres();
      const facts = runtime.analyzeSync('GRANT ALL ON users TO PUBLIC');
      console.log(JSON.stringify({ op: facts.statements[0].privileges[0].operation, compile: typeof compiler.compilePolicySet }));
    `);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual({ op: 'grant', compile: 'function' });
  }, 60_000);
});
