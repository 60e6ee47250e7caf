// Identifiers as long as written. libpg-query truncates identifiers to 63 bytes (NAMEDATALEN - 1)
// before any fact is built, so their real length comes from our own lexer's tokens of the
// statement text. Only schema changes are measured: they are where names are given. SQL held in
// strings of the statement (function and DO bodies, constant EXECUTE and dblink strings: the
// extractor records them as EmbeddedSql) is measured too, in its decoded form, and placed back
// in the original text.
import type { Dialect, IdentifierFact, Span, StatementFacts } from '../facts/types.js';
import { span, type LineIndex } from '../text/spans.js';
import { isIdentPart, tokensIn } from './lexer/lexer.js';
import { identPart } from './lexer/names.js';
import { stringContent } from './string-content.js';

/** Postgres keeps 63 bytes; one more is the shortest name it truncates. */
const MIN_BYTES = 64;
/** 3 bytes per UTF-16 unit at most: a token shorter than this cannot reach MIN_BYTES */
const MIN_UNITS = Math.ceil(MIN_BYTES / 3);

/** SQL held in a string of a statement, as the parser read it, and where it is written. */
export interface EmbeddedSql {
  /** the SQL, the string's escapes resolved */
  code: string;
  /** offset in the original text where `code` is written verbatim (dollar quotes, a string without
   * escapes), else -1 */
  start: number;
  /** else: offset of the string token holding it (its quote, `E` or `$tag$`), in the original text
   * or, with a `parent`, in the parent's code; -1 when not known */
  token: number;
  /** the string this one is written in (an EXECUTE string in a body that is not verbatim) */
  parent: EmbeddedSql | null;
  /** where an identifier points when it cannot be placed exactly: the string, or the statement */
  fallback: Span;
}

function utf8Bytes(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/**
 * Whether text[from, to) may hold an identifier of MIN_BYTES UTF-8 bytes or more: a run of
 * identifier characters, or the content of a quoted name (`"`, backtick, `[`), that long when
 * every character beyond ASCII counts its most (3 bytes per UTF-16 unit). Cheaper than lexing, and
 * never wrong when it says no (a word lies within one run, a quoted name starts at its quote):
 * most statements have no long name and are not lexed at all.
 */
export function mayHoldLongToken(text: string, from: number, to: number): boolean {
  let run = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (isIdentPart(c)) {
      run += c < 0x80 ? 1 : 3;
      if (run >= MIN_BYTES) return true;
      continue;
    }
    run = 0;
    if (c !== 34 && c !== 96 && c !== 91) continue;
    // a quoted name: short when its closing quote (a doubled one continues it) comes soon; a word
    // skipped with it would have made it long
    const close = c === 91 ? 93 : c;
    let bytes = 0;
    let j = i + 1;
    for (;;) {
      if (j >= to || bytes >= MIN_BYTES) return true;
      const d = text.charCodeAt(j);
      if (d === close) {
        if (text.charCodeAt(j + 1) !== close) break;
        j++;
      }
      bytes += d < 0x80 ? 1 : 3;
      j++;
    }
    i = j;
  }
  return false;
}

/** The long identifiers among the tokens of text[from, to); `place` maps token offsets to spans.
 * `checked`: mayHoldLongToken said yes already. */
function collect(text: string, from: number, to: number, dialect: Dialect, place: (start: number, end: number) => Span, out: IdentifierFact[], checked = false): void {
  if (!checked && !mayHoldLongToken(text, from, to)) return;
  for (const t of tokensIn(text, from, to, dialect)) {
    if (t.kind !== 'word' && t.kind !== 'quoted_identifier') continue;
    if (t.end - t.start < MIN_UNITS) continue;
    const name = identPart(text.slice(t.start, t.end), t.kind === 'quoted_identifier');
    const bytes = utf8Bytes(name);
    if (bytes < MIN_BYTES) continue;
    out.push({ kind: 'identifier', name, bytes, characters: [...name].length, span: place(t.start, t.end) });
  }
}

/** Fill `longIdentifiers` of a schema-changing statement from the tokens of its text, after those
 * of its embedded SQL when the extractor measured them (measureEmbedded), in text order. */
export function measureIdentifiers(facts: StatementFacts, text: string, dialect: Dialect, lines: LineIndex): void {
  if (!facts.isDdl) return;
  const out: IdentifierFact[] = [];
  collect(text, facts.span.start, facts.span.end, dialect, (s, e) => span(lines, s, e), out);
  const nested = facts.longIdentifiers;
  if (nested.length === 0) facts.longIdentifiers = out;
  else if (out.length > 0) facts.longIdentifiers = [...out, ...nested].sort((a, b) => a.span.start - b.span.start);
}

/** Where a piece of embedded SQL is written: its code, and the offset in the original text of each
 * code unit (`map`), or the one offset it starts at (`start`), or neither (placed at `fallback`). */
interface Placed {
  code: string;
  start: number;
  map: Int32Array | null;
}

function place(e: EmbeddedSql, text: string, memo: Map<EmbeddedSql, Placed | null>): Placed | null {
  if (e.start >= 0) return { code: e.code, start: e.start, map: null };
  if (e.token < 0) return null;
  if (memo.has(e)) return memo.get(e)!;
  let result: Placed | null = null;
  const parent = e.parent ? place(e.parent, text, memo) : { code: text, start: 0, map: null };
  if (parent) {
    const s = stringContent(parent.code, e.token);
    if (s && s.code === e.code) {
      const pmap = parent.map;
      if (s.map === null && pmap === null) result = { code: e.code, start: parent.start + s.start, map: null };
      else {
        // compose: code unit → parent code offset → original offset
        const map = new Int32Array(e.code.length + 1);
        for (let i = 0; i <= e.code.length; i++) {
          const inParent = s.map ? s.map[i] : s.start + i;
          map[i] = pmap ? pmap[inParent] : parent.start + inParent;
        }
        result = { code: e.code, start: -1, map };
      }
    }
  }
  memo.set(e, result);
  return result;
}

/** `longIdentifiers` of the SQL embedded in a schema-changing Postgres statement's strings. */
export function measureEmbedded(facts: StatementFacts, text: string, lines: LineIndex, embedded: readonly EmbeddedSql[]): void {
  if (!facts.isDdl || embedded.length === 0) return;
  const out: IdentifierFact[] = [];
  const memo = new Map<EmbeddedSql, Placed | null>();
  const at = (s: number, e: number) => span(lines, s, e);
  for (const e of embedded) {
    // nothing long in it: no need to find where it is
    if (!mayHoldLongToken(e.code, 0, e.code.length)) continue;
    const p = place(e, text, memo);
    if (p && p.map === null) collect(text, p.start, p.start + p.code.length, 'postgres', at, out, true);
    else if (p && p.map) {
      const map = p.map;
      collect(p.code, 0, p.code.length, 'postgres', (s, t) => span(lines, map[s], map[t]), out, true);
    } else collect(e.code, 0, e.code.length, 'postgres', () => e.fallback, out, true);
  }
  if (out.length > 1) out.sort((a, b) => a.span.start - b.span.start);
  facts.longIdentifiers = out;
}
