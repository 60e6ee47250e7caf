// Shared by every dialect's pattern extraction (LIKE, ILIKE, SIMILAR TO, regex).
import type { PatternOperator } from '../facts/types.js';

/** Leading wildcard of a constant pattern: `%` or `_` for LIKE and SIMILAR TO, no `^` anchor for a
 * regex. Such a pattern cannot use a B-tree index: every row is read. */
export function leadingWildcard(operator: PatternOperator, pattern: string): boolean {
  if (operator === 'regex') return !pattern.startsWith('^');
  return pattern.startsWith('%') || pattern.startsWith('_');
}
