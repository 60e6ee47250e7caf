// Temp directories and in-process CLI runs for the lint tests.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { memoryIo } from '../../runtime/io/cli-io.js';
import { runWith } from '../../rules/cli.js';
import type { Toolkit } from '../../rules/lint/setup.js';
import { fakeToolkit } from './fakes.js';

export function tempTree(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'hoop-lint-'));
  for (const [name, text] of Object.entries(files)) {
    const p = join(dir, name);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, text);
  }
  return dir;
}

export async function cli(argv: string[], options: { cwd: string; stdin?: string; toolkit?: Toolkit }) {
  const m = memoryIo({ cwd: options.cwd, stdin: options.stdin });
  const code = await runWith(argv, m.io, options.toolkit ?? fakeToolkit());
  return { code, stdout: m.stdout(), stderr: m.stderr() };
}
