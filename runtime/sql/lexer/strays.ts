// Statement beginnings inside text no parser accepted (fail closed): `xyzzy garbage DROP TABLE
// users` may be a DROP behind garbage, so the classifier reads a statement from each keyword
// sequence that begins a dangerous one. Only sequences that rarely occur inside a valid statement
// count (`DELETE FROM`, not `ON DELETE`; `UPDATE t SET`, not `ON UPDATE SET NULL`).
import { isName, isPunct, type Tok } from './cursor.js';

const DROP_OBJECTS = new Set([
  'TABLE', 'VIEW', 'MATERIALIZED', 'SCHEMA', 'DATABASE', 'FUNCTION', 'PROCEDURE', 'ROUTINE', 'ROLE', 'USER', 'OWNED', 'SEQUENCE',
  'TYPE', 'DOMAIN', 'EXTENSION', 'INDEX', 'TRIGGER', 'POLICY', 'RULE', 'EVENT', 'SERVER', 'TABLESPACE', 'PUBLICATION', 'SUBSCRIPTION',
]);
/** after DROP inside an ALTER these are statements too; the others are clauses (`ALTER TABLE t DROP INDEX i`) */
const DROP_IN_ALTER = new Set(['TABLE', 'VIEW', 'MATERIALIZED', 'SCHEMA', 'DATABASE', 'OWNED', 'ROLE', 'USER']);
const ALTER_OBJECTS = new Set([
  'TABLE', 'ROLE', 'USER', 'SYSTEM', 'DATABASE', 'SCHEMA', 'DEFAULT', 'VIEW', 'MATERIALIZED', 'FUNCTION', 'PROCEDURE', 'TYPE',
  'EXTENSION', 'POLICY', 'SEQUENCE', 'INDEX', 'DOMAIN', 'SERVER', 'EVENT',
]);
const CREATE_OBJECTS = new Set([
  'TABLE', 'VIEW', 'MATERIALIZED', 'ROLE', 'USER', 'FUNCTION', 'PROCEDURE', 'TRIGGER', 'EXTENSION', 'SCHEMA', 'DATABASE', 'INDEX',
  'UNIQUE', 'OR', 'TEMP', 'TEMPORARY', 'UNLOGGED', 'RULE', 'POLICY', 'EVENT', 'SERVER', 'SEQUENCE', 'TYPE', 'DOMAIN', 'DEFINER',
]);

/** toks[k] begins a (dangerous) statement inside a statement whose first word is `head`. */
export function startsStatement(toks: readonly Tok[], k: number, to: number, head: string): boolean {
  const t = toks[k];
  const n = k + 1 < to ? toks[k + 1] : undefined;
  if (!n || isPunct(toks[k - 1], '.')) return false;
  switch (t.up) {
    case 'DROP':
      return head === 'ALTER' ? DROP_IN_ALTER.has(n.up) : DROP_OBJECTS.has(n.up);
    case 'DELETE':
      return n.up === 'FROM';
    case 'TRUNCATE':
      // not `BEFORE TRUNCATE ON t`, `GRANT TRUNCATE ON`, `INSERT OR TRUNCATE`
      return isName(n) && n.up !== 'ON' && n.up !== 'OR';
    case 'GRANT':
    case 'REVOKE':
      // not `WITH GRANT OPTION`, nor the GRANT inside ALTER DEFAULT PRIVILEGES
      return head !== 'ALTER' && n.up !== 'OPTION' && (isName(n) || n.kind === 'string');
    case 'UPDATE': {
      // UPDATE [ONLY] name [[AS] alias] SET
      let j = k + 1;
      if (toks[j]?.up === 'ONLY') j++;
      if (!isName(toks[j]) || toks[j].up === 'SET') return false;
      j++;
      while (isPunct(toks[j], '.') && isName(toks[j + 1])) j += 2;
      if (toks[j]?.up === 'AS') j++;
      if (isName(toks[j]) && toks[j].up !== 'SET') j++;
      return j < to && toks[j].up === 'SET';
    }
    case 'INSERT':
    case 'REPLACE':
    case 'MERGE':
      return n.up === 'INTO';
    case 'COPY':
      return isName(n) || isPunct(n, '(');
    case 'ALTER':
      return ALTER_OBJECTS.has(n.up);
    case 'CREATE':
      // MySQL privilege names (`GRANT CREATE VIEW ON`) are not statements
      return head !== 'GRANT' && head !== 'REVOKE' && CREATE_OBJECTS.has(n.up);
  }
  return false;
}
