// Region offsets back to the original file. A region is either a verbatim slice of the file
// (`base`), or text decoded from an escaped string (`table`: one original offset per region
// offset, plus one for the end), so a finding in JSON-in-a-JSON-string still lands on the
// exact character of the file.
import { lineIndex, position, type LineIndex } from '../../runtime/text/spans.js';

export type OffsetMap =
  | { kind: 'slice'; base: number }
  /** `starts[i]`/`ends[i]`: original range of region character i; `starts[n]` = original end */
  | { kind: 'table'; starts: Uint32Array; ends: Uint32Array };

export function sliceMap(base: number): OffsetMap {
  return { kind: 'slice', base };
}

/** Builds a table map from per-character original ranges; `end` is where the text ends in the file. */
export function tableMap(starts: ArrayLike<number>, ends: ArrayLike<number>, end: number): OffsetMap {
  const n = starts.length;
  const s = new Uint32Array(n + 1);
  const e = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    s[i] = starts[i];
    e[i] = ends[i];
  }
  s[n] = end;
  return { kind: 'table', starts: s, ends: e };
}

export function mapOffset(map: OffsetMap, offset: number): number {
  if (map.kind === 'slice') return map.base + offset;
  const t = map.starts;
  return t[Math.max(0, Math.min(offset, t.length - 1))];
}

/** Region end offsets are exclusive: the end of the last character covered, so an escape
 * (`\n` = two source characters) at the end of a span is covered whole. */
export function mapEndOffset(map: OffsetMap, end: number): number {
  if (map.kind === 'slice') return map.base + end;
  if (end <= 0 || map.ends.length === 0) return mapOffset(map, 0);
  return map.ends[Math.min(end, map.ends.length) - 1];
}

/** Composes `inner` (region → intermediate text) with `outer` (intermediate → file). */
export function composeMaps(inner: OffsetMap, outer: OffsetMap, innerLength: number): OffsetMap {
  if (inner.kind === 'slice' && outer.kind === 'slice') return sliceMap(inner.base + outer.base);
  const starts = new Array<number>(innerLength);
  const ends = new Array<number>(innerLength);
  for (let i = 0; i < innerLength; i++) {
    starts[i] = mapOffset(outer, mapOffset(inner, i));
    ends[i] = mapEndOffset(outer, mapEndOffset(inner, i + 1));
  }
  return tableMap(starts, ends, mapOffset(outer, mapOffset(inner, innerLength)));
}
export interface FilePosition {
  offset: number;
  line: number;
  column: number;
}

export interface SourceFile {
  path: string;
  text: string;
  index: LineIndex;
}

export function sourceFile(path: string, text: string): SourceFile {
  return { path, text, index: lineIndex(text) };
}

export function filePosition(file: SourceFile, offset: number): FilePosition {
  const p = position(file.index, offset);
  return { offset, line: p.line, column: p.column };
}
