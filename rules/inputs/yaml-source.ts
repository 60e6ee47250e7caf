// YAML scalars back to source positions. `yaml` gives each scalar's source range; the decoded
// value differs from the source by quotes, escapes, indentation and folding, so each decoded
// character is aligned to the source: escapes decoded exactly, other characters found in order.

export interface CharRanges {
  starts: number[];
  ends: number[];
}

const DQ_ESCAPES: Record<string, string> = {
  '0': '\0',
  a: '\x07',
  b: '\b',
  t: '\t',
  '\t': '\t',
  n: '\n',
  v: '\v',
  f: '\f',
  r: '\r',
  e: '\x1b',
  ' ': ' ',
  '"': '"',
  '/': '/',
  '\\': '\\',
  N: '\x85',
  _: '\xa0',
  L: '\u2028',
  P: '\u2029',
};

/** Aligns `value` (decoded) with `src[start, end)` (the scalar as written). */
export function alignScalar(src: string, start: number, end: number, value: string, type: string | undefined): CharRanges {
  const starts: number[] = [];
  const ends: number[] = [];
  let p = start;
  if (type === 'QUOTE_DOUBLE' || type === 'QUOTE_SINGLE') p++;
  else if (type === 'BLOCK_LITERAL' || type === 'BLOCK_FOLDED') {
    const nl = src.indexOf('\n', p);
    p = nl < 0 || nl >= end ? end : nl + 1;
  }
  const dq = type === 'QUOTE_DOUBLE';
  for (let i = 0; i < value.length; i++) {
    const ch = value[i];
    if (dq && src[p] === '\\') {
      const e = src[p + 1];
      if (e === '\n' || e === '\r') {
        // escaped line break: no character; skip it and the next line's indentation
        p += e === '\r' && src[p + 2] === '\n' ? 3 : 2;
        while (p < end && (src[p] === ' ' || src[p] === '\t')) p++;
        i--;
        continue;
      }
      let len = 2;
      if (e === 'x') len = 4;
      else if (e === 'u') len = 6;
      else if (e === 'U') len = 10;
      else if (!(e in DQ_ESCAPES)) len = 1;
      starts.push(p);
      ends.push(p + len);
      p += len;
      continue;
    }
    if (type === 'QUOTE_SINGLE' && ch === "'" && src[p] === "'" && src[p + 1] === "'") {
      starts.push(p);
      ends.push(p + 2);
      p += 2;
      continue;
    }
    if (src[p] === ch) {
      starts.push(p);
      ends.push(p + 1);
      p++;
      continue;
    }
    // folding and indentation: find the character ahead (a folded space may come from a line break)
    let q = p;
    while (q < end && src[q] !== ch) {
      if (ch === ' ' && (src[q] === '\n' || src[q] === '\r')) break;
      q++;
    }
    if (q < end) {
      starts.push(q);
      ends.push(q + 1);
      p = q + 1;
    } else {
      starts.push(Math.min(p, end));
      ends.push(Math.min(p + 1, end));
    }
  }
  return { starts, ends };
}
