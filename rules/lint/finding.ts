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
  // one pass over char codes, ASCII runs lowercased as a whole (per-character for the rest, so
  // context-dependent case mappings such as a final sigma come out as they always did)
  let out = '';
  let space = true; // `out` is empty or ends with the collapsed space
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 45 /* - */ && text.charCodeAt(i + 1) === 45) {
      const e = text.indexOf('\n', i + 2);
      i = e < 0 ? n : e;
      continue;
    }
    if (c === 47 /* / */ && text.charCodeAt(i + 1) === 42 /* * */) {
      const e = text.indexOf('*/', i + 2);
      i = e < 0 ? n : e + 2;
      continue;
    }
    if (c === 39 || c === 34 || c === 96 /* ' " ` */) {
      const e = text.indexOf(text[i], i + 1);
      const j = e < 0 ? n : e;
      const quoted = text.slice(i, j + 1);
      out += quoted;
      space = quoted.charCodeAt(quoted.length - 1) === 32;
      i = j + 1;
      continue;
    }
    if (isSpace(c)) {
      if (!space) {
        out += ' ';
        space = true;
      }
      i++;
      continue;
    }
    if (c >= 128) {
      out += text[i].toLowerCase();
      space = false;
      i++;
      continue;
    }
    let j = i + 1;
    for (; j < n; j++) {
      const d = text.charCodeAt(j);
      if (d >= 128 || d === 39 || d === 34 || d === 96 || d <= 32) break;
      if (d === 45 && text.charCodeAt(j + 1) === 45) break;
      if (d === 47 && text.charCodeAt(j + 1) === 42) break;
    }
    out += text.slice(i, j).toLowerCase();
    space = false;
    i = j;
  }
  // `trim().replace(/\s*;$/, '')` without a regex scan of the whole text
  const t = out.trim();
  return t.charCodeAt(t.length - 1) === 59 /* ; */ ? t.slice(0, -1).trimEnd() : t;
}

/** The code units `/\s/` matches. */
function isSpace(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13);
  if (c < 160) return false;
  return c === 160 || c === 5760 || (c >= 8192 && c <= 8202) || c === 8232 || c === 8233 || c === 8239 || c === 8287 || c === 12288 || c === 65279;
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
