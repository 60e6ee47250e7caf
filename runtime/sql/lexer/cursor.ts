// Significant tokens of one statement, with upper-cased words and paren depth, plus the small
// readers the classifier needs (qualified names, literal values, depth-0 keyword search).
import type { Dialect } from '../../facts/types.js';
import { identPart } from './names.js';
import { tokensIn } from './lexer.js';
import type { Token, TokenKind } from './tokens.js';

export interface Tok {
  kind: TokenKind;
  start: number;
  end: number;
  /** source text */
  text: string;
  /** upper-cased text of a word, '' otherwise */
  up: string;
  /** parenthesis depth at this token (a `(` has the outer depth, its content one more) */
  depth: number;
  /** for a `(`: index of its matching `)` (or the end of the list when unclosed); -1 otherwise */
  match: number;
}

export function significant(source: string, tokens: readonly Token[]): Tok[] {
  const out: Tok[] = [];
  const open: number[] = [];
  let depth = 0;
  for (const t of tokens) {
    if (t.kind === 'whitespace' || t.kind === 'comment' || t.kind === 'exec_marker') continue;
    const text = source.slice(t.start, t.end);
    if (t.kind === 'punctuation' && text === ')') {
      depth = Math.max(0, depth - 1);
      const o = open.pop();
      if (o !== undefined) out[o].match = out.length;
    }
    out.push({ kind: t.kind, start: t.start, end: t.end, text, up: t.kind === 'word' ? text.toUpperCase() : '', depth, match: -1 });
    if (t.kind === 'punctuation' && text === '(') {
      open.push(out.length - 1);
      depth++;
    }
  }
  for (const o of open) out[o].match = out.length;
  return out;
}

/** The index after toks[j] skipping a whole parenthesised group when toks[j] opens one. */
export function stepOver(toks: readonly Tok[], j: number): number {
  const m = toks[j].match;
  return m > j ? m + 1 : j + 1;
}

export function significantIn(source: string, start: number, end: number, dialect: Dialect, inExec = false): { all: Token[]; sig: Tok[] } {
  const all = tokensIn(source, start, end, dialect, inExec);
  return { all, sig: significant(source, all) };
}

export function isName(t: Tok | undefined): boolean {
  return !!t && (t.kind === 'word' || t.kind === 'quoted_identifier');
}

export function isPunct(t: Tok | undefined, p: string): boolean {
  return !!t && t.kind === 'punctuation' && t.text === p;
}

export interface NameRead {
  parts: string[];
  start: number;
  end: number;
  /** index of the first token after the name */
  next: number;
}

/** `a.b.c` (words or quoted identifiers) starting at toks[i], parts in normal form. */
export function readName(toks: readonly Tok[], i: number, to: number): NameRead | null {
  const first = toks[i];
  if (i >= to || !isName(first)) return null;
  const parts = [identPart(first.text, first.kind === 'quoted_identifier')];
  let j = i + 1;
  let end = first.end;
  while (j + 1 < to && isPunct(toks[j], '.') && isName(toks[j + 1])) {
    const t = toks[j + 1];
    parts.push(identPart(t.text, t.kind === 'quoted_identifier'));
    end = t.end;
    j += 2;
  }
  // a MySQL/T-SQL name written as one word with a dot inside never occurs; `db.*` ends here
  return { parts, start: first.start, end, next: j };
}

/** Index of the first token in [from, to) at paren depth `depth` whose word is one of `words`, or -1. */
export function findWord(toks: readonly Tok[], from: number, to: number, words: ReadonlySet<string> | string, depth?: number): number {
  for (let j = from; j < to; j++) {
    const t = toks[j];
    if (depth !== undefined && t.depth !== depth) continue;
    if (t.up === '') continue;
    if (typeof words === 'string' ? t.up === words : words.has(t.up)) return j;
  }
  return -1;
}

/** The value of a string literal token (quotes removed, doubled quotes undone; escapes kept as written). */
export function stringValue(t: Tok): string {
  let s = t.text;
  if (s.startsWith('E') || s.startsWith('e')) s = s.slice(1);
  if (s.startsWith('$')) {
    const close = s.indexOf('$', 1);
    const tag = s.slice(0, close + 1);
    return s.slice(tag.length, s.length - (s.endsWith(tag) && s.length >= 2 * tag.length ? tag.length : 0));
  }
  const q = s.charAt(0);
  const inner = s.length >= 2 && s.endsWith(q) ? s.slice(1, -1) : s.slice(1);
  return inner.split(q + q).join(q);
}

/** Offset where the content of a string token starts (after E, the quote or the $tag$). */
export function stringContentStart(t: Tok): number {
  let s = t.text;
  let off = 0;
  if (s.startsWith('E') || s.startsWith('e')) {
    s = s.slice(1);
    off = 1;
  }
  if (s.startsWith('$')) return t.start + off + s.indexOf('$', 1) + 1;
  return t.start + off + 1;
}
