// Postgres GRANT / REVOKE and ALTER DEFAULT PRIVILEGES read from tokens when no parser accepted
// the statement (fail closed): the same facts the libpg-query walker gives, so `GRANT ALL ON users
// TO PUBLIC garbage` still has a privilege fact (privileges `all`, grantees `public`) and the
// target `public.users`, and `ALTER DEFAULT PRIVILEGES GRANT ALL ON TABLES TO PUBLIC garbage` its
// `alter_default_privileges` fact.
import type { PrivilegeFact, Via } from '../../facts/types.js';
import { findWord, isName, isPunct, readName, stepOver, type Tok } from './cursor.js';
import { info, type HeadInfo } from './heads-common.js';
import type { Classifier } from './heads.js';
import { identPart, qualifyParts } from './names.js';

/** object keywords after ON, to the walker's objectType; the schema-qualified kinds are marked */
const OBJECT_TYPES: Record<string, [string, boolean]> = {
  TABLE: ['table', true],
  SEQUENCE: ['sequence', true],
  FUNCTION: ['function', true],
  PROCEDURE: ['procedure', true],
  ROUTINE: ['routine', true],
  TYPE: ['type', true],
  DOMAIN: ['domain', true],
  SCHEMA: ['schema', false],
  DATABASE: ['database', false],
  LANGUAGE: ['language', false],
  TABLESPACE: ['tablespace', false],
  PARAMETER: ['parameter', false],
};

const GRANT_OR_REVOKE = new Set(['GRANT', 'REVOKE']);

/** object kinds after ON in ALTER DEFAULT PRIVILEGES, to the walker's objectType (ROUTINES are functions) */
const DEFAULT_OBJECT_TYPES: Record<string, string> = {
  TABLES: 'table',
  SEQUENCES: 'sequence',
  FUNCTIONS: 'function',
  ROUTINES: 'function',
  TYPES: 'type',
  SCHEMAS: 'schema',
  LARGE: 'largeobject',
};

/** What a GRANT or REVOKE at toks[i] says, token indexes at its depth (-1: absent). */
interface GrantClause {
  revoke: boolean;
  on: number;
  toFrom: number;
  /** privileges on objects (ON before TO/FROM), not role membership */
  objectGrant: boolean;
  /** privilege names on objects (lower case, `all privileges` as `all`, each once), or the granted roles */
  names: string[];
  listEnd: number;
  grantees: string[];
  withOption: boolean;
}

/** A role as the walker names it: lower case, quoted or not (`PUBLIC` is `public`). */
function roleIdent(t: Tok): string {
  return identPart(t.text, t.kind === 'quoted_identifier').toLowerCase();
}

/** Reads GRANT/REVOKE at toks[i] up to `to`; `objectsOnly`: the privileges are on objects even
 * when ON is missing (ALTER DEFAULT PRIVILEGES never grants roles). */
function readGrantClause(toks: Tok[], i: number, to: number, objectsOnly: boolean): GrantClause {
  const t0 = toks[i];
  const d = t0.depth;
  const revoke = t0.up === 'REVOKE';
  let p = i + 1;
  let optionFor = false;
  if (revoke && (toks[p]?.up === 'GRANT' || toks[p]?.up === 'ADMIN') && toks[p + 1]?.up === 'OPTION' && toks[p + 2]?.up === 'FOR') {
    p += 3;
    optionFor = true;
  }
  const on = findWord(toks, p, to, 'ON', d);
  const toFrom = findWord(toks, p, to, revoke ? 'FROM' : 'TO', d);
  const onFirst = on >= 0 && (toFrom < 0 || on < toFrom);
  const objectGrant = objectsOnly || onFirst;

  // privileges (or granted roles): a comma list at the statement's depth, column lists dropped
  const names: string[] = [];
  let words: string[] = [];
  const flush = (): void => {
    const w = words.join(' ');
    const name = w === 'all privileges' ? 'all' : w;
    // the walker lists a privilege once (`SELECT (a), SELECT (b)`)
    if (w && !(objectGrant && names.includes(name))) names.push(name);
    words = [];
  };
  const listEnd = onFirst ? on : toFrom >= 0 ? toFrom : to;
  for (let k = p; k < listEnd; k++) {
    const t = toks[k];
    if (t.depth !== d) continue;
    if (isPunct(t, ',')) flush();
    else if (isName(t)) words.push(objectGrant ? t.text.toLowerCase() : roleIdent(t));
  }
  flush();

  // grantees: role names, PUBLIC as `public`, an optional GROUP before each
  const grantees: string[] = [];
  let g = toFrom >= 0 ? toFrom + 1 : to;
  while (g < to) {
    if (toks[g].up === 'GROUP') g++;
    const t = toks[g];
    if (!isName(t)) break;
    grantees.push(roleIdent(t));
    g++;
    if (!isPunct(toks[g], ',')) break;
    g++;
  }
  const withOption = optionFor || (!revoke && toks[g]?.up === 'WITH' && (toks[g + 1]?.up === 'GRANT' || toks[g + 1]?.up === 'ADMIN'));
  return { revoke, on, toFrom, objectGrant, names, listEnd, grantees, withOption };
}

export function postgresGrant(c: Classifier, toks: Tok[], i: number, to: number, via: Via, nested: boolean): HeadInfo {
  const t0 = toks[i];
  const { revoke, on, toFrom, objectGrant, names, listEnd, grantees, withOption } = readGrantClause(toks, i, to, false);
  const sp = c.sp(t0.start, toks[to - 1].end);

  if (!objectGrant) {
    const op = revoke ? 'revoke_role' : 'grant_role';
    for (const r of names) c.action(op, r, t0.start, toks[listEnd - 1]?.end ?? t0.end, via, nested);
    if (names.length === 0) c.action(op, null, t0.start, t0.end, via, nested);
    c.out.privileges.push({ kind: 'privilege', span: sp, operation: op, privileges: names, objectType: 'role', objects: names, grantees, withGrantOption: withOption, revoke });
    return info(op);
  }

  let k = on + 1;
  let objectType = 'table';
  let qualified = true;
  const u = toks[k]?.up ?? '';
  if (u === 'ALL' && toks[k + 2]?.up === 'IN' && toks[k + 3]?.up === 'SCHEMA') {
    // ALL TABLES IN SCHEMA s: the objects are schemas
    objectType = `all_${toks[k + 1].up.toLowerCase()}_in_schema`;
    qualified = false;
    k += 4;
  } else if (OBJECT_TYPES[u]) {
    [objectType, qualified] = OBJECT_TYPES[u];
    k++;
  }
  const objEnd = toFrom >= 0 ? toFrom : to;
  const objects: { name: string; start: number; end: number; parts: string[] }[] = [];
  while (k < objEnd) {
    const r = readName(toks, k, objEnd);
    if (!r) break;
    const name = qualified ? qualifyParts(r.parts, c.dialect).name : r.parts.join('.');
    objects.push({ name, start: r.start, end: r.end, parts: r.parts });
    k = r.next;
    if (isPunct(toks[k], '(')) k = Math.min(objEnd, stepOver(toks, k)); // a routine's argument types
    if (!isPunct(toks[k], ',')) break;
    k++;
  }
  const op = revoke ? 'revoke' : 'grant';
  for (const o of objects) {
    c.action(op, o.name, t0.start, o.end, via, nested);
    if (objectType === 'table') {
      const n = qualifyParts(o.parts, c.dialect);
      c.addTable(n.name, n.schema, n.table, 'ddl', o.start, o.end, false, o.parts.length >= 2);
    }
  }
  if (objects.length === 0) c.action(op, null, t0.start, toks[on].end, via, nested);
  const fact: PrivilegeFact = {
    kind: 'privilege',
    span: sp,
    operation: op,
    privileges: names,
    objectType,
    objects: objects.map((o) => o.name),
    grantees,
    withGrantOption: withOption,
    revoke,
  };
  c.out.privileges.push(fact);
  return info(op);
}

/** `ALTER DEFAULT PRIVILEGES [FOR ROLE r, ...] [IN SCHEMA s, ...] GRANT|REVOKE ... ON <kinds> TO|FROM
 * ...` at toks[i] (the ALTER): the walker's `alter_default_privileges` action (on the first schema)
 * and privilege fact (the schemas as its objects, `revoke` for REVOKE). */
export function postgresDefaultPrivileges(c: Classifier, toks: Tok[], i: number, to: number, via: Via, nested: boolean): HeadInfo {
  const t0 = toks[i];
  const d = t0.depth;
  const clause = findWord(toks, i + 2, to, GRANT_OR_REVOKE, d);
  const optionsEnd = clause >= 0 ? clause : to;
  const schemas: string[] = [];
  let end = toks[Math.min(i + 2, to - 1)].end;
  for (let k = i + 2; k + 1 < optionsEnd; k++) {
    if (toks[k].up !== 'IN' || toks[k + 1].up !== 'SCHEMA' || toks[k].depth !== d) continue;
    let s = k + 2;
    while (s < optionsEnd && isName(toks[s])) {
      schemas.push(identPart(toks[s].text, toks[s].kind === 'quoted_identifier'));
      end = toks[s].end;
      s++;
      if (!isPunct(toks[s], ',')) break;
      s++;
    }
    k = s - 1;
  }
  c.action('alter_default_privileges', schemas[0] ?? null, t0.start, end, via, nested);
  if (clause < 0) return info('alter_default_privileges');
  const g = readGrantClause(toks, clause, to, true);
  let objectType = 'unknown';
  if (g.on >= 0 && (g.toFrom < 0 || g.on < g.toFrom)) {
    const kind = toks[g.on + 1]?.up ?? '';
    // LARGE OBJECTS (Postgres 18)
    if (DEFAULT_OBJECT_TYPES[kind] && (kind !== 'LARGE' || toks[g.on + 2]?.up === 'OBJECTS')) objectType = DEFAULT_OBJECT_TYPES[kind];
  }
  c.out.privileges.push({
    kind: 'privilege',
    span: c.sp(t0.start, toks[to - 1].end),
    operation: 'alter_default_privileges',
    privileges: g.names,
    objectType,
    objects: schemas,
    grantees: g.grantees,
    withGrantOption: g.withOption,
    revoke: g.revoke,
  });
  return info('alter_default_privileges');
}

/** In ALTER DEFAULT PRIVILEGES at toks[from], the index of the FROM that names REVOKE's grantees
 * (never a table), or -1. */
export function defaultPrivilegesGranteeFrom(toks: readonly Tok[], from: number, to: number): number {
  if (toks[from]?.up !== 'ALTER' || toks[from + 1]?.up !== 'DEFAULT') return -1;
  const d = toks[from].depth;
  const r = findWord(toks, from + 2, to, GRANT_OR_REVOKE, d);
  return r >= 0 && toks[r].up === 'REVOKE' ? findWord(toks, r + 1, to, 'FROM', d) : -1;
}
