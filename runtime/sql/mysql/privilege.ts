// GRANT / REVOKE and account facts (PrivilegeFact, RoleFact) for the node-sql-parser dialects,
// read from tokens: node-sql-parser rejects common forms such as `GRANT ALL PRIVILEGES ON *.*`.
// Accounts are written `user@host` (quotes removed, lowercased).
import type { PrivilegeFact, RoleAttribute, RoleFact, Span } from '../../facts/types.js';
import { findWord, isName, isPunct, stringValue, type Tok } from '../lexer/cursor.js';
import { unquote } from '../lexer/names.js';

const OBJECT_TYPES = new Set(['TABLE', 'FUNCTION', 'PROCEDURE', 'DATABASE', 'SCHEMA', 'SEQUENCE', 'VIEW', 'WAREHOUSE', 'ROLE']);

/** An account or role name at toks[i]: `'bob'@'%'`, `bob@localhost`, `"Admin"`, `PUBLIC`. */
export function readAccount(toks: Tok[], i: number): { name: string; next: number } | null {
  const t = toks[i];
  if (!t) return null;
  let user: string;
  if (t.kind === 'string') user = stringValue(t);
  else if (t.kind === 'quoted_identifier') user = unquote(t.text);
  else if (t.kind === 'word') user = t.text;
  else return null;
  let next = i + 1;
  const h = toks[next];
  if (h && h.kind === 'variable' && h.text.startsWith('@') && !h.text.startsWith('@@')) {
    let host = h.text.slice(1);
    if (/^['"`]/.test(host)) host = host.slice(1, host.length > 1 && /['"`]$/.test(host) ? -1 : undefined);
    user += '@' + host;
    next++;
  }
  return { name: user.toLowerCase(), next };
}

function list(toks: Tok[], from: number, to: number): { name: string; next: number }[] {
  const out: { name: string; next: number }[] = [];
  let j = from;
  while (j < to) {
    const a = readAccount(toks, j);
    if (!a) break;
    out.push(a);
    j = a.next;
    if (!isPunct(toks[j], ',')) break;
    j++;
  }
  return out;
}

export function privilegeFacts(toks: Tok[], sp: (start: number, end: number) => Span): PrivilegeFact[] {
  const head = toks[0]?.up;
  if (head !== 'GRANT' && head !== 'REVOKE') return [];
  const revoke = head === 'REVOKE';
  const on = findWord(toks, 1, toks.length, 'ON', 0);
  const toFrom = findWord(toks, 1, toks.length, revoke ? 'FROM' : 'TO', 0);
  const span = sp(toks[0].start, toks[toks.length - 1].end);
  const withGrant = /\bWITH\s+(GRANT|ADMIN)\s+OPTION\b/i.test(toks.map((t) => t.text).join(' ')) || (revoke && toks[1]?.up === 'GRANT' && toks[2]?.up === 'OPTION');
  const granteeEnd = findWord(toks, toFrom + 1, toks.length, new Set(['WITH', 'REQUIRE', 'IDENTIFIED', 'GRANTED', 'AS', 'CASCADE', 'RESTRICT']), 0);
  const grantees = toFrom >= 0 ? list(toks, toFrom + 1, granteeEnd < 0 ? toks.length : granteeEnd).map((a) => a.name) : [];
  if (on < 0) {
    // role grant: GRANT r1, r2 TO u
    const roles = list(toks, 1, toFrom < 0 ? toks.length : toFrom).map((a) => a.name);
    return [
      { kind: 'privilege', span, operation: revoke ? 'revoke_role' : 'grant_role', privileges: roles, objectType: 'role', objects: [], grantees, withGrantOption: withGrant, revoke },
    ];
  }
  // privileges: comma list at depth 0 between GRANT and ON, columns in parentheses dropped
  const privileges: string[] = [];
  let words: string[] = [];
  let start = 1;
  if (revoke && toks[1]?.up === 'GRANT' && toks[2]?.up === 'OPTION' && toks[3]?.up === 'FOR') start = 4;
  for (let k = start; k <= on; k++) {
    const t = toks[k];
    if (k === on || (isPunct(t, ',') && t.depth === 0)) {
      const p = words.join(' ').toLowerCase();
      if (p) privileges.push(p === 'all privileges' ? 'all' : p);
      words = [];
    } else if (t.depth === 0 && t.kind === 'word') words.push(t.text);
  }
  let j = on + 1;
  let objectType = '';
  if (toks[j] && OBJECT_TYPES.has(toks[j].up)) {
    objectType = toks[j].up.toLowerCase();
    j++;
  }
  const objEnd = toFrom < 0 ? toks.length : toFrom;
  const objects: string[] = [];
  let cur = '';
  for (let k = j; k <= objEnd; k++) {
    const t = toks[k];
    if (k === objEnd || isPunct(t, ',')) {
      if (cur) objects.push(cur);
      cur = '';
    } else cur += isName(t) ? (t.kind === 'quoted_identifier' ? unquote(t.text) : t.text.toLowerCase()) : t.text;
  }
  if (!objectType) {
    const o = objects[0] ?? '';
    objectType = o === '*' || o === '*.*' ? 'global' : o.endsWith('.*') ? 'database' : 'table';
  }
  return [{ kind: 'privilege', span, operation: revoke ? 'revoke' : 'grant', privileges, objectType, objects, grantees, withGrantOption: withGrant, revoke }];
}

export function roleFacts(toks: Tok[], sp: (start: number, end: number) => Span): RoleFact[] {
  const w0 = toks[0]?.up;
  const w1 = toks[1]?.up;
  const span = sp(toks[0]?.start ?? 0, toks[toks.length - 1]?.end ?? 0);
  const accounts = (from: number): string[] => {
    let j = from;
    if (toks[j]?.up === 'IF') j += toks[j + 1]?.up === 'NOT' ? 3 : 2;
    const out: string[] = [];
    while (j < toks.length) {
      const a = readAccount(toks, j);
      if (!a) break;
      out.push(a.name);
      j = a.next;
      // skip IDENTIFIED BY '...' and options up to the next comma at depth 0
      while (j < toks.length && !(isPunct(toks[j], ',') && toks[j].depth === 0)) j++;
      j++;
    }
    return out;
  };
  const attributes = (): RoleAttribute[] => {
    const attrs: RoleAttribute[] = [];
    if (findWord(toks, 1, toks.length, new Set(['IDENTIFIED', 'PASSWORD'])) >= 0) attrs.push('password');
    if (findWord(toks, 1, toks.length, 'SUPERUSER') >= 0) attrs.push('superuser');
    return attrs;
  };
  if ((w0 === 'CREATE' || w0 === 'ALTER' || w0 === 'DROP') && (w1 === 'USER' || w1 === 'ROLE')) {
    const op = w0 === 'CREATE' ? 'create_role' : w0 === 'ALTER' ? 'alter_role' : 'drop_role';
    const attrs = op === 'drop_role' ? [] : attributes();
    return accounts(2).map((role) => ({ kind: 'role', span, operation: op, role, attributes: attrs }));
  }
  if (w0 === 'SET' && w1 === 'ROLE') {
    const a = readAccount(toks, 2);
    return a ? [{ kind: 'role', span, operation: 'set_role', role: a.name, attributes: [] }] : [];
  }
  return [];
}
