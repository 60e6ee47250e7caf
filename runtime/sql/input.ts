// Raw bytes in: refuse what is not SQL text before any parsing. Too large (> 50 MB) and binary
// (NUL bytes: no Postgres or MySQL client can send them in a query) give one error diagnostic
// and no statements. Invalid UTF-8 is decoded lossily (U+FFFD) and analysed, with an error
// diagnostic at the first bad byte: the statements stay visible to policies instead of
// vanishing, and the error lets callers block. A leading byte-order mark is dropped (spans
// are offsets into the decoded text without it).
import type { AnalysisResult, Diagnostic } from '../facts/types.js';
import { lineIndex, span } from '../text/spans.js';
import { analyzeSync, type AnalyzeOptions } from './analyze.js';

export const MAX_INPUT_BYTES = 50 * 1024 * 1024;

/** Byte index of the first invalid UTF-8 sequence, or -1. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  const n = bytes.length;
  let i = 0;
  while (i < n) {
    const b = bytes[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) {
      need = 1;
      min = 0x80;
    } else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      min = 0x800;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      min = 0x10000;
    } else return i;
    if (i + need >= n) return i;
    let cp = b & (need === 1 ? 0x1f : need === 2 ? 0x0f : 0x07);
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}

function inputError(code: string, message: string, options: AnalyzeOptions): AnalysisResult {
  const d: Diagnostic = { kind: 'diagnostic', code, severity: 'error', message, span: span(lineIndex(''), 0, 0) };
  if (options.file != null) d.file = options.file;
  return { kind: 'analysis', dialect: options.dialect ?? 'postgres', file: options.file ?? null, statements: [], diagnostics: [d] };
}

/** Analyse raw bytes (a file, a network payload). Never throws, except for an unloaded Postgres parser. */
export function analyzeBytes(bytes: Uint8Array, options: AnalyzeOptions = {}): AnalysisResult {
  if (bytes.length > MAX_INPUT_BYTES) {
    return inputError('input/too-large', `input is ${bytes.length} bytes, more than the ${MAX_INPUT_BYTES} byte limit`, options);
  }
  if (bytes.indexOf(0) >= 0) {
    return inputError('input/binary', 'input contains NUL bytes: it is binary, not sql text', options);
  }
  const bad = firstInvalidUtf8(bytes);
  const text = new TextDecoder('utf-8').decode(bytes);
  const result = analyzeSync(text, options);
  if (bad >= 0) {
    let at = new TextDecoder('utf-8').decode(bytes.subarray(0, bad)).length;
    if (at > text.length) at = text.length;
    const d: Diagnostic = {
      kind: 'diagnostic',
      code: 'input/invalid-utf8',
      severity: 'error',
      message: `input is not valid utf-8 (first bad byte at offset ${bad}); invalid bytes were replaced with U+FFFD`,
      span: span(lineIndex(text), at, Math.min(text.length, at + 1)),
    };
    if (options.file != null) d.file = options.file;
    result.diagnostics.unshift(d);
  }
  return result;
}
