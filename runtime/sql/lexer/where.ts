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

function triviallyTrue(ts: Tok[]): boolean {
  // strip wrapping parentheses
  while (ts.length >= 2 && isPunct(ts[0], '(') && isPunct(ts[ts.length - 1], ')') && closesAtEnd(ts)) ts = ts.slice(1, -1);
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

function closesAtEnd(ts: Tok[]): boolean {
  // the first `(` closes at the last token, not earlier: `(a) = (a)` is not wrapped
  const d = ts[0].depth;
  for (let j = 1; j < ts.length - 1; j++) if (isPunct(ts[j], ')') && ts[j].depth === d) return false;
  return true;
}
