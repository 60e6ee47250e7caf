// Migration files: plain SQL, golang-migrate (`*.up.sql`/`*.down.sql`), Flyway (`V1__x.sql`,
// undo `U1__x.sql`), Prisma (`migration.sql`), Liquibase formatted SQL (`--rollback` lines are the
// down direction) and dbmate (`-- migrate:up` / `-- migrate:down`). Regions that are parts of a
// file keep the file's length, with the other parts blanked (newlines kept), so offsets map 1:1.
import { basename } from 'node:path';
import type { Dialect } from '../../runtime/facts/types.js';
import { sliceMap } from './offset-map.js';
import type { Direction, MigrationFlavor, ReadResult, SqlRegion } from './region.js';

export function migrationFlavor(path: string, text: string): MigrationFlavor {
  const name = basename(path);
  if (/^\s*--\s*liquibase\s+formatted\s+sql/i.test(text)) return 'liquibase';
  if (/^--\s*migrate:(up|down)\b/im.test(text)) return 'dbmate';
  if (/\.(up|down)\.sql$/i.test(name)) return 'golang-migrate';
  if (/^[VUR]\d*(?:[._]\d+)*__.+\.sql$/.test(name) || /^R__.+\.sql$/.test(name)) return 'flyway';
  if (name === 'migration.sql') return 'prisma';
  return 'plain';
}

/** The direction of a whole migration file from its name (dbmate and Liquibase files hold both). */
export function fileDirection(path: string): Direction {
  const name = basename(path);
  if (/\.down\.sql$/i.test(name) || /^U\d/.test(name)) return 'down';
  return 'up';
}

export function readMigration(path: string, text: string, dialect?: Dialect): ReadResult {
  const flavor = migrationFlavor(path, text);
  const base = { origin: 'migration' as const, offsetMap: sliceMap(0), flavor, ...(dialect ? { dialect } : {}) };
  if (flavor === 'dbmate') return { kind: 'migration', regions: dbmateRegions(text, base), problems: [] };
  if (flavor === 'liquibase') return { kind: 'migration', regions: liquibaseRegions(text, base), problems: [] };
  return { kind: 'migration', regions: [{ ...base, text, direction: fileDirection(path) }], problems: [] };
}

/** Replaces every character outside `keep` ranges by a space, keeping line breaks. */
export function blankOutside(text: string, keep: Array<[number, number]>): string {
  const out = text.split('');
  let k = 0;
  const sorted = [...keep].sort((a, b) => a[0] - b[0]);
  for (let i = 0; i < out.length; i++) {
    while (k < sorted.length && sorted[k][1] <= i) k++;
    const inside = k < sorted.length && sorted[k][0] <= i && i < sorted[k][1];
    if (!inside && out[i] !== '\n' && out[i] !== '\r') out[i] = ' ';
  }
  return out.join('');
}

interface Line {
  start: number;
  end: number;
  text: string;
}

function lines(text: string): Line[] {
  const out: Line[] = [];
  const re = /[^\n]*(\n|$)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) && m[0] !== '') {
    const body = m[0].replace(/\r?\n$/, '');
    out.push({ start: m.index, end: m.index + body.length, text: body });
    if (re.lastIndex >= text.length) break;
  }
  return out;
}

type RegionBase = Omit<SqlRegion, 'text' | 'direction'>;

function dbmateRegions(text: string, base: RegionBase): SqlRegion[] {
  const up: Array<[number, number]> = [];
  const down: Array<[number, number]> = [];
  let current: Array<[number, number]> | null = null;
  let upNoTx = false;
  let downNoTx = false;
  let sectionStart = 0;
  for (const line of lines(text)) {
    const m = /^--\s*migrate:(up|down)\b(.*)$/i.exec(line.text);
    if (m) {
      if (current) current.push([sectionStart, line.start]);
      current = m[1].toLowerCase() === 'up' ? up : down;
      const noTx = /transaction\s*:\s*false/i.test(m[2]);
      if (current === up) upNoTx = noTx;
      else downNoTx = noTx;
      sectionStart = line.end;
    }
  }
  if (current) current.push([sectionStart, text.length]);
  const regions: SqlRegion[] = [];
  if (up.length) regions.push({ ...base, text: blankOutside(text, up), direction: 'up', ...(upNoTx ? { noTransaction: true } : {}) });
  if (down.length)
    regions.push({ ...base, text: blankOutside(text, down), direction: 'down', ...(downNoTx ? { noTransaction: true } : {}) });
  return regions;
}

function liquibaseRegions(text: string, base: RegionBase): SqlRegion[] {
  // up: everything but the rollback lines (which are comments anyway); down: only what follows `--rollback`
  const rollback: Array<[number, number]> = [];
  const rollbackLines: Array<[number, number]> = [];
  let noTx = false;
  for (const line of lines(text)) {
    const m = /^(\s*--\s*rollback\s?)(.*)$/i.exec(line.text);
    if (m) {
      rollbackLines.push([line.start, line.end]);
      rollback.push([line.start + m[1].length, line.end]);
    }
    if (/^\s*--\s*changeset\b.*runInTransaction\s*:\s*false/i.test(line.text)) noTx = true;
  }
  const upKeep: Array<[number, number]> = [];
  let prev = 0;
  for (const [s, e] of rollbackLines) {
    upKeep.push([prev, s]);
    prev = e;
  }
  upKeep.push([prev, text.length]);
  const regions: SqlRegion[] = [
    { ...base, text: rollbackLines.length ? blankOutside(text, upKeep) : text, direction: 'up', ...(noTx ? { noTransaction: true } : {}) },
  ];
  const downText = blankOutside(text, rollback);
  if (rollback.length && downText.trim() !== '') regions.push({ ...base, text: downText, direction: 'down' });
  return regions;
}

/** Version-aware order of migration files: `2_x` before `10_x`, an up before its down. */
export function compareMigrationPaths(a: string, b: string): number {
  return compareChunks(a, chunks(a), b, chunks(b));
}

/** Sorts items by the migration order of their paths, splitting each path once. */
export function sortByMigrationPath<T>(items: T[], pathOf: (item: T) => string): T[] {
  const keyed = items.map((item) => {
    const path = pathOf(item);
    return { item, path, chunks: chunks(path) };
  });
  keyed.sort((a, b) => compareChunks(a.path, a.chunks, b.path, b.chunks));
  for (let i = 0; i < keyed.length; i++) items[i] = keyed[i].item;
  return items;
}

function compareChunks(a: string, ka: Array<string | number>, b: string, kb: Array<string | number>): number {
  for (let i = 0; i < Math.min(ka.length, kb.length); i++) {
    const x = ka[i];
    const y = kb[i];
    if (typeof x === 'number' && typeof y === 'number') {
      if (x !== y) return x - y;
    } else if (x !== y) return String(x) < String(y) ? -1 : 1;
  }
  if (ka.length !== kb.length) return ka.length - kb.length;
  return a < b ? -1 : a > b ? 1 : 0;
}

function chunks(path: string): Array<string | number> {
  // `.up.sql` sorts before `.down.sql` of the same version; Flyway `V` before `U`
  const normalized = path
    .replace(/\.up\.sql$/i, '.0up.sql')
    .replace(/\.down\.sql$/i, '.1down.sql')
    .replace(/(^|\/)U(\d)/g, '$1V$2~');
  return normalized.split(/(\d+)/).filter((c) => c !== '').map((c) => (/^\d+$/.test(c) ? Number(c) : c.toLowerCase()));
}

/** The key pairing a down migration with its up (`0003` for `0003_x.down.sql`, `3` for `U3__x.sql`). */
export function migrationVersion(path: string): string | null {
  const name = basename(path);
  const m = /^[VU]?(\d+(?:[._]\d+)*)/.exec(name);
  return m ? m[1].replace(/^0+(?=\d)/, '') : null;
}
