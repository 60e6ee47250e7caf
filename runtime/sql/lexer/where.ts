// Whether a WHERE clause (as tokens) is trivially true: `1=1`, `true`, `1`, `'a'='a'`, `x = x`,
// `NOT FALSE`, `2 > 1`, or any OR with such an operand. Conservative: anything else is `present`.
import type { WhereState } from '../../facts/types.js';
import { isPunct, type Tok } from './cursor.js';

export function whereStateOf(toks: readonly Tok[], from: number, to: number): WhereState {
  if (from >= to) return 'absent';
  const base = toks[from].depth;
  let start = from;
  for (let j = from; j <= to; j++) {
    if (j === to || (toks[j].depth === base && toks[j].up === 'OR')) {
      if (triviallyTrue(toks.slice(start, j))) return 'trivial';
      start = j + 1;
    }
  }
  return 'present';
}

function triviallyTrue(all: Tok[]): boolean {
  // strip wrapping parentheses (linear: each `(` is matched once)
  const match = new Int32Array(all.length).fill(-1);
  const open: number[] = [];
  for (let k = 0; k < all.length; k++) {
    if (isPunct(all[k], '(')) open.push(k);
    else if (isPunct(all[k], ')') && open.length > 0) match[open.pop() as number] = k;
  }
  let lo = 0;
  let hi = all.length - 1;
  while (hi - lo >= 1 && match[lo] === hi) {
    lo++;
    hi--;
  }
  const ts = all.slice(lo, hi + 1);
  if (ts.length === 1) {
    const t = ts[0];
    if (t.up === 'TRUE') return true;
    if (t.kind === 'number') return Number(t.text) !== 0 && !Number.isNaN(Number(t.text));
    if (t.kind === 'string') return /^'\s*[1-9]/.test(t.text) || /^'(t|true|y|yes|on)'$/i.test(t.text);
    return false;
  }
  if (ts.length === 2 && ts[0].up === 'NOT') return ts[1].up === 'FALSE' || (ts[1].kind === 'number' && Number(ts[1].text) === 0);
  if (ts.length === 3 && (ts[2].up === 'TRUE') && ts[1].up === 'IS') return triviallyTrue([ts[0]]);
  if (ts.length === 3 && ts[1].kind === 'operator') {
    const [a, op, b] = ts;
    const same = a.kind === b.kind && a.text.toLowerCase() === b.text.toLowerCase() && a.kind !== 'parameter' && a.kind !== 'variable';
    if (same && (op.text === '=' || op.text === '<=' || op.text === '>=' || op.text === '<=>' || op.text === '==')) return true;
    if (a.kind === 'number' && b.kind === 'number') {
      const x = Number(a.text);
      const y = Number(b.text);
      switch (op.text) {
        case '=':
        case '==':
          return x === y;
        case '<>':
        case '!=':
          return x !== y;
        case '<':
          return x < y;
        case '>':
          return x > y;
        case '<=':
          return x <= y;
        case '>=':
          return x >= y;
      }
    }
  }
  return false;
}
