// `hoop-policy fmt`: rewrites only files whose formatting changes and that parsed; --check exits 1.
import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { cli, EXAMPLES, tempDir } from './cli-helpers.js';

const UGLY = `policy   p {
    applies when connection.env=="production"
  rule r {
        category destructive
  when statement.actions has drop_table
      deny "no"
  }
}
`;
const BROKEN = 'policy q {\n  rule r {\n    when statement.writes and\n    deny "z"\n  }\n}\n';

let cleanup: () => void = () => {};
afterEach(() => cleanup());

describe('hoop-policy fmt', () => {
  it('the examples are formatted (fmt --check passes)', async () => {
    const r = await cli(['fmt', '--check', EXAMPLES], process.cwd());
    expect(r.stdout + r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  it('--check reports files that would change and exits 1 without writing', async () => {
    const t = tempDir({ 'ugly.hoop': UGLY });
    cleanup = t.cleanup;
    const r = await cli(['fmt', '--check', '.'], t.dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('would reformat ugly.hoop\n');
    expect(readFileSync(join(t.dir, 'ugly.hoop'), 'utf8')).toBe(UGLY);
  });

  it('rewrites a changed file once; a second run leaves it alone', async () => {
    const t = tempDir({ 'ugly.hoop': UGLY }, true);
    cleanup = t.cleanup;
    const before = statSync(join(t.dir, 'policies/production.hoop')).mtimeMs;
    const r = await cli(['fmt', '.'], t.dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('formatted ugly.hoop\n');
    const formatted = readFileSync(join(t.dir, 'ugly.hoop'), 'utf8');
    expect(formatted).not.toBe(UGLY);
    expect(formatted).toContain('applies when connection.env == "production"');
    expect(statSync(join(t.dir, 'policies/production.hoop')).mtimeMs).toBe(before);
    const again = await cli(['fmt', '--check', '.'], t.dir);
    expect(again.code).toBe(0);
    expect((await cli(['check', '.'], t.dir)).code).toBe(0);
  });

  it('never writes a file that does not parse, and exits 2', async () => {
    const t = tempDir({ 'broken.hoop': BROKEN, 'ugly.hoop': UGLY });
    cleanup = t.cleanup;
    const r = await cli(['fmt', '.'], t.dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^broken\.hoop:4:5: error\[policy\/syntax\]: /m);
    expect(readFileSync(join(t.dir, 'broken.hoop'), 'utf8')).toBe(BROKEN);
    // the file that parsed is still formatted
    expect(readFileSync(join(t.dir, 'ugly.hoop'), 'utf8')).not.toBe(UGLY);
  });
});
