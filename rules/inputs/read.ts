// Which reader reads which file, by name: migrations, prompts, plans.
import type { Dialect } from '../../runtime/facts/types.js';
import { readMigration } from './migration.js';
import { readPlan } from './plan.js';
import { readPrompt } from './prompt.js';
import type { InputKind, ReadResult } from './region.js';

export function inputKind(path: string): InputKind | null {
  const p = path.toLowerCase();
  if (p.endsWith('.sql')) return 'migration';
  if (/\.prompt\.ya?ml$/.test(p)) return 'prompt';
  if (p.endsWith('.md') || p.endsWith('.markdown') || p.endsWith('.mdx') || p.endsWith('.txt') || p.endsWith('.prompt')) return 'prompt';
  if (p.endsWith('.json') || p.endsWith('.jsonl') || p.endsWith('.ndjson') || p.endsWith('.yaml') || p.endsWith('.yml')) return 'plan';
  return null;
}

/** Files a directory walk picks up (explicitly named files of other kinds are read as SQL). */
export function isLintable(path: string): boolean {
  return inputKind(path) !== null;
}

export function readInput(path: string, text: string, dialect?: Dialect): ReadResult {
  const kind = inputKind(path) ?? 'migration';
  if (kind === 'migration') return readMigration(path, text, dialect);
  if (kind === 'prompt') {
    if (/\.ya?ml$/i.test(path)) return readPlan(path, text, dialect, 'prompt');
    return readPrompt(text, dialect);
  }
  return readPlan(path, text, dialect, 'plan');
}

// one decoder for every file: without `stream` a decode keeps no state between calls
const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** Decodes file bytes; binary or non-UTF-8 content is an input problem, not SQL. */
export function decodeFile(bytes: Uint8Array): { text: string; problem: { code: string; message: string; offset: number } | null } {
  const probe = bytes.subarray(0, 8000);
  const nul = probe.indexOf(0);
  if (nul >= 0) return { text: '', problem: { code: 'input/binary', message: 'binary file (contains NUL bytes)', offset: 0 } };
  try {
    let text = UTF8.decode(bytes);
    if (text.charCodeAt(0) === 0xfeff) text = ' ' + text.slice(1); // keep offsets: the BOM becomes a space
    return { text, problem: null };
  } catch {
    return { text: '', problem: { code: 'input/invalid-utf8', message: 'file is not valid UTF-8', offset: 0 } };
  }
}
