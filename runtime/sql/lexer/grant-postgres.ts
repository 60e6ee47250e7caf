// Postgres GRANT / REVOKE read from tokens when no parser accepted the statement (fail closed):
// the same facts the libpg-query walker gives, so `GRANT ALL ON users TO PUBLIC garbage` still
// has a privilege fact (privileges `all`, grantees `public`) and the target `public.users`.
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

export function postgresGrant(c: Classifier, toks: Tok[], i: number, to: number, via: Via, nested: boolean): HeadInfo {
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
  const objectGrant = on >= 0 && (toFrom < 0 || on < toFrom);

  // privileges (or granted roles): a comma list at the statement's depth, column lists dropped
  const names: string[] = [];
  let words: string[] = [];
  const flush = (): void => {
    const w = words.join(' ');
    if (w) names.push(w === 'all privileges' ? 'all' : w);
    words = [];
  };
  const listEnd = objectGrant ? on : toFrom >= 0 ? toFrom : to;
  for (let k = p; k < listEnd; k++) {
    const t = toks[k];
    if (t.depth !== d) continue;
    if (isPunct(t, ',')) flush();
    else if (isName(t)) words.push(objectGrant ? t.text.toLowerCase() : identPart(t.text, t.kind === 'quoted_identifier'));
  }
  flush();

  // grantees: role names, PUBLIC as `public`, an optional GROUP before each
  const grantees: string[] = [];
  let g = toFrom >= 0 ? toFrom + 1 : to;
  while (g < to) {
    if (toks[g].up === 'GROUP') g++;
    const t = toks[g];
    if (!isName(t)) break;
    grantees.push(identPart(t.text, t.kind === 'quoted_identifier'));
    g++;
    if (!isPunct(toks[g], ',')) break;
    g++;
  }
  const withOption = optionFor || (!revoke && toks[g]?.up === 'WITH' && (toks[g + 1]?.up === 'GRANT' || toks[g + 1]?.up === 'ADMIN'));
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
