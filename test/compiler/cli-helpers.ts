// Shared setup for the hoop-policy CLI tests: temp directories and in-process runs.
import { cpSync, mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { run } from '../../compiler/cli.js';
import { memoryIo } from '../../runtime/io/cli-io.js';

export const EXAMPLES = resolve(dirname(fileURLToPath(import.meta.url)), '../../examples/policies');

export function tempDir(files: Record<string, string> = {}, withExamples = false): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'hoop-cli-'));
  if (withExamples) cpSync(EXAMPLES, join(dir, 'policies'), { recursive: true });
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export async function cli(argv: string[], cwd: string) {
  const m = memoryIo({ cwd });
  const code = await run(argv, m.io);
  return { code, stdout: m.stdout(), stderr: m.stderr() };
}

/** No output of a CLI run may look like a stack trace. */
export function noStack(text: string): boolean {
  return !/\n\s+at .+\(.*:\d+:\d+\)/.test(text) && !/^\s+at /m.test(text);
}
