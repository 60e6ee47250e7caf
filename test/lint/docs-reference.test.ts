// docs/hoop-lint.md stays true: every option of `--help` is documented, and its sample config file
// loads and names only real rules.
import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { HELP } from '../../rules/cli-args.js';
import { loadConfig } from '../../rules/lint/config.js';
import { tempTree } from './helpers.js';
import { runWith } from '../../rules/cli.js';
import { defaultToolkit } from '../../rules/lint/toolkit.js';
import { memoryIo } from '../../runtime/io/cli-io.js';

const doc = readFileSync('docs/hoop-lint.md', 'utf8');

describe('docs/hoop-lint.md', () => {
  it('documents every option of --help', () => {
    const options = [...HELP.matchAll(/^\s+(?:-\w, )?(--[a-z-]+)/gm)].map((m) => m[1]!);
    expect(options.length).toBeGreaterThan(20);
    for (const o of options) expect(doc, o).toContain(o);
  });

  it('shows a config file that loads, with known rule ids', async () => {
    const json = /```json\n([\s\S]*?)```/.exec(doc)![1]!;
    const dir = tempTree({ 'policies/p.hoop': 'policy p {\n  rule r {\n    category style\n    when statement.writes\n    warn "w"\n  }\n}\n', 'db/schema.sql': 'CREATE TABLE t (id int);\n', 'm.sql': 'SELECT 1;\n' });
    writeFileSync(join(dir, 'hoop-lint.config.json'), json);
    const { config, errors } = loadConfig(join(dir, 'hoop-lint.config.json'));
    expect(errors).toEqual([]);
    expect(config).not.toBeNull();
    const m = memoryIo({ cwd: dir });
    const code = await runWith(['m.sql'], m.io, defaultToolkit());
    expect(m.stderr()).toBe('');
    expect(code).toBe(0);
  }, 60_000);
});
