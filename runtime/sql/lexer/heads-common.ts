// Shared by the classifier's statement readers (heads*.ts).
import type { Dialect, WhereState } from '../../facts/types.js';
import { isPunct, type Tok } from './cursor.js';

export interface HeadInfo {
  kind: string;
  where: WhereState | null;
  limit: number | 'all' | 'param' | null;
  returning: boolean;
  dataModifyingCte: boolean;
  explain: { analyze: boolean } | null;
}

export function info(kind: string, extra: Partial<HeadInfo> = {}): HeadInfo {
  return { kind, where: null, limit: null, returning: false, dataModifyingCte: false, explain: null, ...extra };
}

/** Words that begin a statement inside a body (used to find nested statements). */
export const VERBS = new Set([
  'SELECT', 'INSERT', 'UPDATE', 'DELETE', 'REPLACE', 'MERGE', 'DROP', 'CREATE', 'ALTER', 'TRUNCATE', 'GRANT',
  'REVOKE', 'CALL', 'LOAD', 'PREPARE', 'EXECUTE', 'EXEC', 'COPY', 'RENAME', 'WITH', 'LOCK', 'PERFORM', 'DO',
  'VALUES', 'SET', 'COMMIT', 'ROLLBACK', 'START', 'SAVEPOINT',
]);
export const MYSQL_FAMILY = new Set<Dialect>(['mysql', 'mariadb']);

/** Index just after the `)` matching the `(` at toks[j]. */
export function skipParens(toks: Tok[], j: number, to: number): number {
  const d = toks[j].depth;
  for (let k = j + 1; k < to; k++) if (isPunct(toks[k], ')') && toks[k].depth === d) return k + 1;
  return to;
}
