// The linter's output model: one Finding per fired rule (or engine check), located in the
// original file. Plain data, so findings cross worker threads and go straight to formatters.
import * as crypto from 'node:crypto';
import { createHash } from 'node:crypto';

export type FindingSeverity = 'error' | 'warning' | 'info';

export type FixName = 'add_concurrently' | 'add_if_exists' | 'add_if_not_exists' | 'add_not_valid';
export const FIX_NAMES: readonly FixName[] = ['add_concurrently', 'add_if_exists', 'add_if_not_exists', 'add_not_valid'];

/** A text edit in original-file offsets. */
export interface TextEdit {
  start: number;
  end: number;
  text: string;
}

export interface Fix {
  name: FixName;
  description: string;
  edits: TextEdit[];
}

export interface Finding {
  ruleId: string;
  category: string;
  severity: FindingSeverity;
  message: string;
  /** path as given or relative to cwd, `/` separated */
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** original-file offsets of the location */
  start: number;
  end: number;
  docs: string | null;
  /** the policy effect that produced it (`deny`, `review`, ...), `check` for engine findings */
  effect: string;
  /** the statement the finding is about: text (for fingerprints) and where it starts */
  statement: { text: string; line: number; start: number } | null;
  fix?: Fix;
  /** the text of the first line of the location, for output that shows the SQL */
  sourceLine?: string;
  /** stable across line moves: rule + file + normalized statement text */
  fingerprint: string;
  origin?: 'migration' | 'prompt' | 'plan';
  direction?: 'up' | 'down';
  toolCall?: { index: number; field: string; tool: string | null; id: string | null };
}

/** Collapses whitespace and case outside quotes, drops comments: formatting changes keep the fingerprint. */
export function normalizeStatement(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '-' && text[i + 1] === '-') {
      while (i < text.length && text[i] !== '\n') i++;
      continue;
    }
    if (c === '/' && text[i + 1] === '*') {
      const e = text.indexOf('*/', i + 2);
      i = e < 0 ? text.length : e + 2;
      continue;
    }
    if (c === "'" || c === '"' || c === '`') {
      let j = i + 1;
      while (j < text.length && text[j] !== c) j++;
      out += text.slice(i, j + 1);
      i = j + 1;
      continue;
    }
    if (/\s/.test(c)) {
      if (out && !out.endsWith(' ')) out += ' ';
      i++;
      continue;
    }
    out += c.toLowerCase();
    i++;
  }
  return out.trim().replace(/\s*;$/, '');
}

// one-shot hashing (Node >= 20.12) is about 3x cheaper than a Hash object for these short texts
const oneShot = (crypto as { hash?: (algorithm: string, data: string, encoding: 'hex') => string }).hash;

/** `normalized`: `normalizeStatement(statementText)`, when the caller has it already. */
export function fingerprint(ruleId: string, file: string, statementText: string, occurrence = 0, normalized = normalizeStatement(statementText)): string {
  // the same bytes either way: the parts joined with NUL separators
  const data = occurrence > 0 ? `${ruleId}\0${file}\0${normalized}\0${occurrence}` : `${ruleId}\0${file}\0${normalized}`;
  return (oneShot ? oneShot('sha256', data, 'hex') : createHash('sha256').update(data).digest('hex')).slice(0, 32);
}

export function compareFindings(a: Finding, b: Finding): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  return a.line - b.line || a.column - b.column || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0) || a.endLine - b.endLine || a.endColumn - b.endColumn;
}

/** Problems that are not findings: the input could not be read (exit code 2). */
export interface InputError {
  file: string;
  line: number;
  column: number;
  code: string;
  message: string;
}

export function formatInputError(e: InputError): string {
  return `${e.file}:${e.line}:${e.column}: error: ${e.message} (${e.code})`;
}
