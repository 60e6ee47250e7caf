// Diagnostics of the policy compiler: one constructor that enforces the house style (stable code,
// docs link, separate help) and "did you mean" suggestions by edit distance.
import type { Diagnostic, Severity, Span } from '../runtime/facts/types.js';

export type { Diagnostic };

export const DOCS_BASE = 'https://hoop.dev/docs/policy/errors#';

/** Every code the front end emits; the docs page has one section per code. */
export type PolicyCode =
  | 'policy/syntax'
  | 'policy/internal'
  | 'policy/unterminated-string'
  | 'policy/invalid-escape'
  | 'policy/unknown-item'
  | 'policy/duplicate-item'
  | 'policy/invalid-name'
  | 'policy/unknown-field'
  | 'policy/type-mismatch'
  | 'policy/unknown-enum'
  | 'policy/unknown-category'
  | 'policy/unknown-dialect'
  | 'policy/unknown-source'
  | 'policy/unknown-severity'
  | 'policy/unknown-strategy'
  | 'policy/unknown-fix'
  | 'policy/unknown-function'
  | 'policy/unknown-rule'
  | 'policy/unknown-effect'
  | 'policy/invalid-effect'
  | 'policy/invalid-regex'
  | 'policy/invalid-value'
  | 'policy/invalid-template'
  | 'policy/duplicate-rule'
  | 'policy/duplicate-policy'
  | 'policy/duplicate-test'
  | 'policy/missing-effect'
  | 'policy/missing-category'
  | 'policy/missing-when'
  | 'policy/missing-item'
  | 'policy/always-true'
  | 'policy/never-true'
  | 'policy/shadowed-rule'
  | 'policy/unused-tag'
  | 'policy/unused-variable'
  | 'policy/shadowed-variable';

export function diagnostic(
  code: PolicyCode,
  message: string,
  span: Span,
  opts: { severity?: Severity; help?: string; file?: string } = {},
): Diagnostic {
  const d: Diagnostic = {
    kind: 'diagnostic',
    code,
    severity: opts.severity ?? 'error',
    message,
    span,
    url: DOCS_BASE + code,
  };
  if (opts.help !== undefined) d.help = opts.help;
  if (opts.file !== undefined) d.file = opts.file;
  return d;
}

/** Optimal string alignment distance (Levenshtein plus adjacent transpositions, so `acitons` is 1
 * from `actions`). Stops early once every entry of a row exceeds `max`. */
export function editDistance(a: string, b: string, max = Infinity): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const n = b.length;
  let prev2 = new Array<number>(n + 1).fill(0);
  let prev = new Array<number>(n + 1);
  let cur = new Array<number>(n + 1);
  for (let j = 0; j <= n; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = cur[0];
    for (let j = 1; j <= n; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a.charCodeAt(i - 1) === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === b.charCodeAt(j - 1)) {
        v = Math.min(v, prev2[j - 2] + 1);
      }
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return prev[n];
}

/** The closest candidate to `word`, if close enough to be a plausible typo. */
export function didYouMean(word: string, candidates: Iterable<string>): string | null {
  const lower = word.toLowerCase();
  const max = Math.max(1, Math.floor(word.length * 0.4));
  let best: string | null = null;
  let bestDist = max + 1;
  for (const c of candidates) {
    if (c === word) continue;
    const d = c.toLowerCase() === lower ? 0 : editDistance(lower, c.toLowerCase(), max);
    if (d < bestDist) {
      best = c;
      bestDist = d;
    }
  }
  return best;
}

/** `did you mean `x`?` help text, or undefined when nothing is close */
export function suggestion(word: string, candidates: Iterable<string>): string | undefined {
  const s = didYouMean(word, candidates);
  return s === null ? undefined : `did you mean \`${s}\`?`;
}

/** Quote user input for a message: backticks, shortened, one line. */
export function quote(text: string): string {
  let t = text.replace(/[\r\n\t]+/g, ' ');
  if (t.length > 60) t = t.slice(0, 57) + '...';
  return '`' + t.replace(/`/g, "'") + '`';
}

/** Sort by position (file, offset) and drop exact duplicates (same code, same place). */
export function sortDiagnostics(ds: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  const out: Diagnostic[] = [];
  for (const d of ds) {
    const k = `${d.file ?? ''}\u0000${d.span.start}\u0000${d.code}\u0000${d.message}`;
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(d);
  }
  return out.sort((a, b) => (a.file ?? '').localeCompare(b.file ?? '') || a.span.start - b.span.start || a.span.end - b.span.end);
}
