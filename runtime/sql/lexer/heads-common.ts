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

/** Words that begin an option of MySQL / MariaDB `ALTER DATABASE|SCHEMA [db] option ...`: when one
 * follows DATABASE unquoted, the name is left out (the current database is altered). */
const MYSQL_DATABASE_OPTIONS = new Set(['DEFAULT', 'CHARACTER', 'CHAR', 'CHARSET', 'COLLATE', 'ENCRYPTION', 'READ', 'COMMENT']);

/** Whether toks[j] is where the options of a MySQL-family ALTER DATABASE start (no name written). */
export function mysqlDatabaseOption(toks: readonly Tok[], j: number, to: number): boolean {
  const t = toks[j];
  return t === undefined || j >= to || (t.kind === 'word' && MYSQL_DATABASE_OPTIONS.has(t.up));
}

/** Index just after the `)` matching the `(` at toks[j]. */
export function skipParens(toks: Tok[], j: number, to: number): number {
  const d = toks[j].depth;
  for (let k = j + 1; k < to; k++) if (isPunct(toks[k], ')') && toks[k].depth === d) return k + 1;
  return to;
}
