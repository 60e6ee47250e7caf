// Offsets to lines and columns, and libpg-query's UTF-8 byte offsets to UTF-16 offsets.
// Built once per analysed text; lookups are binary searches, so spans cost O(log lines).
import type { Span } from '../facts/types.js';

export interface LineIndex {
  readonly text: string;
  /** offset of the first character of each line */
  readonly lineStarts: number[];
}

export function lineIndex(text: string): LineIndex {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) lineStarts.push(i + 1);
    else if (c === 13) {
      if (text.charCodeAt(i + 1) === 10) i++;
      lineStarts.push(i + 1);
    }
  }
  return { text, lineStarts };
}

/** 1-based line and column of a UTF-16 offset (clamped into the text) */
export function position(index: LineIndex, offset: number): { line: number; column: number } {
  const o = Math.max(0, Math.min(offset, index.text.length));
  const starts = index.lineStarts;
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= o) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: o - starts[lo] + 1 };
}

export function span(index: LineIndex, start: number, end: number): Span {
  const s = Math.max(0, Math.min(start, index.text.length));
  const e = Math.max(s, Math.min(end, index.text.length));
  // position() inlined: no temporary objects for the spans every fact carries
  const starts = index.lineStarts;
  const a = lineOf(starts, s);
  const b = e === s ? a : lineOf(starts, e);
  return { start: s, end: e, line: a + 1, column: s - starts[a] + 1, endLine: b + 1, endColumn: e - starts[b] + 1 };
}

/** 0-based line of an offset already clamped into the text */
function lineOf(starts: number[], o: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= o) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Maps UTF-8 byte offsets of `text` to UTF-16 offsets. ASCII text maps to itself with no table. */
export interface ByteMap {
  toUtf16(byteOffset: number): number;
}

/** ASCII: byte offsets are UTF-16 offsets (a class: one shape, no closure per statement) */
class AsciiByteMap implements ByteMap {
  constructor(private readonly length: number) {}
  toUtf16(b: number): number {
    return Math.max(0, Math.min(b, this.length));
  }
}

export function byteMap(text: string): ByteMap {
  // fast path: pure ASCII (the common case for SQL)
  let ascii = true;
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) > 0x7f) {
      ascii = false;
      break;
    }
  }
  if (ascii) return new AsciiByteMap(text.length);
  // byteAt[i] = byte offset of UTF-16 index i; search it for the inverse
  const byteAt = new Uint32Array(text.length + 1);
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    byteAt[i] = bytes;
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        byteAt[i + 1] = bytes; // low surrogate shares the code point's start
        bytes += 4;
        i++;
        continue;
      }
      bytes += 3;
    } else bytes += 3;
  }
  byteAt[text.length] = bytes;
  return {
    toUtf16(b: number): number {
      let lo = 0;
      let hi = text.length;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (byteAt[mid] <= b) lo = mid;
        else hi = mid - 1;
      }
      return lo;
    },
  };
}
