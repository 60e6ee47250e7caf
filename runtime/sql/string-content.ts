// The content of a Postgres string constant token as the server reads it ('...' with doubled
// quotes, E'...' with backslash escapes, $tag$...$tag$), with the offset in the text of every
// character: SQL held in a string is measured (long-identifiers.ts) in its decoded form, and what
// is found there is placed back in the text the string was written in.

export interface StringContent {
  /** the value of the string */
  code: string;
  /** offset in the text of `code[0]` when the value appears there verbatim, else -1 */
  start: number;
  /** when not verbatim: `map[i]` is the offset in the text where `code[i]` is written (its escape
   * sequence starts there), `map[code.length]` the closing quote */
  map: Int32Array | null;
}

/** Decodes the string token starting at `at` (its opening quote, `E`, or `$tag$`); null when there
 * is no string constant there or it is not closed (U&'...' and B'...' are not read). */
export function stringContent(text: string, at: number): StringContent | null {
  const c = text.charCodeAt(at);
  if (c === 36) return dollarQuoted(text, at);
  if (c === 39) return quoted(text, at + 1, false);
  if ((c === 69 || c === 101) && text.charCodeAt(at + 1) === 39) return quoted(text, at + 2, true);
  return null;
}

function dollarQuoted(text: string, at: number): StringContent | null {
  let i = at + 1;
  while (i < text.length && text.charCodeAt(i) !== 36) {
    const d = text.charCodeAt(i);
    // tag characters: letters, digits (not first), `_`, and anything beyond ASCII
    if (!((d >= 97 && d <= 122) || (d >= 65 && d <= 90) || d === 95 || d >= 0x80 || (i > at + 1 && d >= 48 && d <= 57))) return null;
    i++;
  }
  if (i >= text.length) return null;
  const tag = text.slice(at, i + 1);
  const end = text.indexOf(tag, i + 1);
  if (end < 0) return null;
  return { code: text.slice(i + 1, end), start: i + 1, map: null };
}

/** '...' from `from` (after the quote): doubled quotes are one quote; with `escapes` (E'...') backslash
 * sequences too. Verbatim (no copy of offsets) while nothing was unescaped. */
function quoted(text: string, from: number, escapes: boolean): StringContent | null {
  // the common case: no doubled quote, no backslash
  let i = from;
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 39) {
      if (text.charCodeAt(i + 1) === 39) break;
      return { code: text.slice(from, i), start: from, map: null };
    }
    if (escapes && c === 92) break;
  }
  if (i >= text.length) return null;
  const units: number[] = [];
  const offsets: number[] = [];
  for (let k = from; k < i; k++) {
    units.push(text.charCodeAt(k));
    offsets.push(k);
  }
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 39) {
      if (text.charCodeAt(i + 1) !== 39) break;
      units.push(39);
      offsets.push(i);
      i += 2;
    } else if (escapes && c === 92 && i + 1 < text.length) {
      const next = escape(text, i + 1);
      const cp = next.value;
      if (cp > 0xffff) {
        units.push(0xd800 + ((cp - 0x10000) >> 10), 0xdc00 + ((cp - 0x10000) & 0x3ff));
        offsets.push(i, i);
      } else {
        units.push(cp);
        offsets.push(i);
      }
      i = next.end;
    } else {
      units.push(c);
      offsets.push(i);
      i++;
    }
  }
  if (i >= text.length) return null;
  offsets.push(i);
  let code = '';
  for (let k = 0; k < units.length; k += 4096) code += String.fromCharCode(...units.slice(k, k + 4096));
  return { code, start: -1, map: Int32Array.from(offsets) };
}

const SIMPLE: Record<string, number> = { b: 8, f: 12, n: 10, r: 13, t: 9 };

/** The character of the backslash sequence whose letter is at `at`, and where the sequence ends. */
function escape(text: string, at: number): { value: number; end: number } {
  const ch = text[at];
  if (ch in SIMPLE) return { value: SIMPLE[ch], end: at + 1 };
  if (ch >= '0' && ch <= '7') return digits(text, at, 3, 8, 0);
  if (ch === 'x' && isHex(text.charCodeAt(at + 1))) return digits(text, at + 1, 2, 16, 0);
  if (ch === 'u' || ch === 'U') {
    const n = ch === 'u' ? 4 : 8;
    let ok = true;
    for (let k = 1; k <= n; k++) if (!isHex(text.charCodeAt(at + k))) ok = false;
    if (ok) {
      const value = parseInt(text.slice(at + 1, at + 1 + n), 16);
      if (value <= 0x10ffff) return { value, end: at + 1 + n };
    }
  }
  // any other character stands for itself (`\\`, `\'`)
  const cp = text.codePointAt(at) ?? 0;
  return { value: cp, end: at + (cp > 0xffff ? 2 : 1) };
}

function digits(text: string, at: number, max: number, radix: number, value: number): { value: number; end: number } {
  let i = at;
  for (; i < at + max && i < text.length; i++) {
    const d = parseInt(text[i], radix);
    if (Number.isNaN(d)) break;
    value = value * radix + d;
  }
  return { value, end: i };
}

function isHex(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
}
