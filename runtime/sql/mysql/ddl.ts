// Schema-change facts (DdlFact) for MySQL, MariaDB and the other node-sql-parser dialects, read
// from tokens so they exist whether or not the grammar accepted the statement.
//
// Locks, in the Postgres vocabulary of LockLevel (MySQL's online DDL has its own):
//   LOCK=NONE                  → 'NONE'        (reads and writes go on)
//   LOCK=SHARED                → 'SHARE'       (reads go on, writes wait)
//   LOCK=EXCLUSIVE             → 'ACCESS EXCLUSIVE'
//   ALGORITHM=INSTANT|INPLACE  → 'METADATA'    (only the brief exclusive metadata lock at start and end)
//   ALGORITHM=COPY             → 'SHARE' and a rewrite (the table copy blocks writes)
//   no clause                  → by operation: a column type change (MODIFY/CHANGE/ALTER ... TYPE)
//                                copies the table ('SHARE', rewrite); other ALTER TABLE operations
//                                run in place ('METADATA'); DROP, TRUNCATE and RENAME TABLE take
//                                an exclusive metadata lock ('ACCESS EXCLUSIVE').
import { ddlFact } from '../ddl-fact.js';
import type { Action, DdlFact, Dialect, LockLevel, Span, Volatility } from '../../facts/types.js';
import type { FileState } from '../file-state.js';
import { findWord, isName, isPunct, readName, type Tok } from '../lexer/cursor.js';
import { alterClauseAction } from '../lexer/alter-clauses.js';
import { qualifyParts } from '../lexer/names.js';
import { MYSQL_FAMILY, mysqlDatabaseOption } from '../lexer/heads-common.js';
import { charsetKeyword, charsetOptions, nationalCharset } from './charset.js';

export interface DdlContext {
  dialect: Dialect;
  file: FileState;
  span(start: number, end: number): Span;
}

const COLUMN_ATTRIBUTES = new Set([
  'NOT', 'NULL', 'DEFAULT', 'PRIMARY', 'UNIQUE', 'AUTO_INCREMENT', 'AUTOINCREMENT', 'COMMENT', 'REFERENCES', 'CHECK',
  'GENERATED', 'AS', 'COLLATE', 'CHARACTER', 'CHARSET', 'FIRST', 'AFTER', 'KEY', 'ON', 'INVISIBLE', 'VISIBLE',
  'CONSTRAINT', 'STORED', 'VIRTUAL', 'IDENTITY', 'COLUMN_FORMAT', 'STORAGE', 'SRID', 'ENCODE', 'ASCII', 'UNICODE',
  // Redshift column attributes
  'DISTKEY', 'SORTKEY',
]);

function base(ctx: DdlContext, operation: Action, table: string | null, span: Span): DdlFact {
  return ddlFact(operation, table, span, { createdInFile: table !== null && ctx.file.created.has(table), lock: 'METADATA' });
}

/** DdlFacts of one statement's tokens (top level only). */
export function ddlFacts(toks: Tok[], ctx: DdlContext): DdlFact[] {
  const w0 = toks[0]?.up ?? '';
  if (w0 === 'ALTER' && toks[1]?.up === 'TABLE') return alterTable(toks, ctx);
  if (w0 === 'ALTER' && (toks[1]?.up === 'DATABASE' || toks[1]?.up === 'SCHEMA') && MYSQL_FAMILY.has(ctx.dialect)) return alterDatabase(toks, ctx);
  if (w0 === 'CREATE') return create(toks, ctx);
  if (w0 === 'DROP') return drop(toks, ctx);
  if (w0 === 'TRUNCATE') return tableList(toks, toks[1]?.up === 'TABLE' ? 2 : 1, 'truncate', ctx);
  if (w0 === 'RENAME' && (toks[1]?.up === 'TABLE' || toks[1]?.up === 'TABLES')) return renameTables(toks, ctx);
  return [];
}

function qualified(toks: Tok[], i: number, dialect: Dialect): { name: string; start: number; end: number; next: number } | null {
  const r = readName(toks, i, toks.length);
  if (!r) return null;
  return { name: qualifyParts(r.parts, dialect).name, start: r.start, end: r.end, next: r.next };
}

/** ALGORITHM= and LOCK= clauses anywhere at depth 0. */
function onlineOptions(toks: Tok[]): { algorithm: string | null; lock: string | null } {
  let algorithm: string | null = null;
  let lock: string | null = null;
  for (let k = 0; k < toks.length; k++) {
    const t = toks[k];
    if (t.depth !== 0) continue;
    if (t.up === 'ALGORITHM' || t.up === 'LOCK') {
      const v = toks[k + 1]?.text === '=' ? toks[k + 2] : toks[k + 1];
      if (!v) continue;
      if (t.up === 'ALGORITHM') algorithm = v.text.toUpperCase();
      else lock = v.text.toUpperCase();
    }
  }
  return { algorithm, lock };
}

function lockFor(operation: Action, online: { algorithm: string | null; lock: string | null }): { lock: LockLevel; rewrite: boolean } {
  const copies = operation === 'alter_column_type';
  let lock: LockLevel = copies ? 'SHARE' : 'METADATA';
  let rewrite = copies || operation === 'add_primary_key' || operation === 'drop_column';
  if (online.algorithm === 'INSTANT' || online.algorithm === 'INPLACE') lock = 'METADATA';
  if (online.algorithm === 'INSTANT') rewrite = false;
  if (online.algorithm === 'COPY') {
    lock = 'SHARE';
    rewrite = true;
  }
  if (online.lock === 'NONE') lock = 'NONE';
  else if (online.lock === 'SHARED') lock = 'SHARE';
  else if (online.lock === 'EXCLUSIVE') lock = 'ACCESS EXCLUSIVE';
  return { lock, rewrite };
}

const SCANS = new Set<Action>(['create_index', 'add_unique', 'add_primary_key', 'add_foreign_key', 'add_check', 'alter_column_type', 'set_not_null']);

function alterTable(toks: Tok[], ctx: DdlContext): DdlFact[] {
  let j = 2;
  const ifExists = toks[j]?.up === 'IF' && toks[j + 1]?.up === 'EXISTS';
  if (ifExists) j += 2;
  const t = qualified(toks, j, ctx.dialect);
  if (!t) return [];
  const online = onlineOptions(toks);
  const out: DdlFact[] = [];
  let start = t.next;
  for (let k = t.next; k <= toks.length; k++) {
    if (k < toks.length && !(isPunct(toks[k], ',') && toks[k].depth === 0)) continue;
    if (start < k) {
      let actions = alterClauseAction(toks, start, k);
      if (actions.length > 1 && actions[0] === 'add_constraint') actions = actions.slice(1);
      const options = actions.length === 0 || actions[0] === 'other' ? tableCharset(toks, start, k, t.name, online, ctx) : null;
      if (options) out.push(options);
      for (const operation of actions) {
        if (operation === 'other') continue;
        const f = base(ctx, operation, t.name, ctx.span(toks[start].start, toks[k - 1].end));
        const l = lockFor(operation, online);
        f.lock = l.lock;
        f.rewrite = l.rewrite;
        f.scan = SCANS.has(operation) || l.rewrite;
        f.ifExists = ifExists;
        clauseDetails(toks, start, k, operation, f, ctx.dialect);
        out.push(f);
      }
    }
    start = k + 1;
  }
  return out;
}

/** Table options of an ALTER TABLE clause that change the character set or collation: `CONVERT
 * TO CHARACTER SET x` converts every column (MySQL copies the table, writes wait); `[DEFAULT]
 * CHARSET x` / `COLLATE x` set the default for new columns (in place, writes wait). Null when the
 * clause sets neither. */
function tableCharset(toks: Tok[], from: number, to: number, table: string, online: ReturnType<typeof onlineOptions>, ctx: DdlContext): DdlFact | null {
  const o = charsetOptions(toks, from, to, toks[from].depth, ctx.dialect);
  if (o.charset === null && o.collation === null) return null;
  const f = base(ctx, 'alter_table', table, ctx.span(toks[from].start, toks[to - 1].end));
  f.charset = o.charset;
  f.collation = o.collation;
  f.lock = 'SHARE';
  f.rewrite = o.convert;
  if (online.algorithm === 'INSTANT' || online.algorithm === 'INPLACE') f.lock = 'METADATA';
  if (online.algorithm === 'COPY') f.rewrite = true;
  if (online.lock === 'NONE') f.lock = 'NONE';
  else if (online.lock === 'EXCLUSIVE') f.lock = 'ACCESS EXCLUSIVE';
  f.scan = f.rewrite;
  return f;
}

/** Column, type, default, constraint details of one ALTER TABLE clause. */
function clauseDetails(toks: Tok[], from: number, to: number, operation: Action, f: DdlFact, dialect: Dialect): void {
  const words = (k: number): string => (k < to ? toks[k].up : '');
  let k = from + 1;
  if (words(k) === 'COLUMN') k++;
  if (words(k) === 'IF') k += words(k + 1) === 'NOT' ? 3 : 2;
  f.cascade = findWord(toks, from, to, 'CASCADE', toks[from].depth) >= 0 && findWord(toks, from, to, 'DELETE') < 0;
  f.onDeleteCascade = /\bON\s+DELETE\s+CASCADE\b/i.test(toks.slice(from, to).map((t) => t.text).join(' '));
  const colName = (i: number): string | null => (i < to && isName(toks[i]) ? readName(toks, i, to)?.parts.at(-1) ?? null : null);
  switch (operation) {
    case 'add_column':
      f.column = colName(k);
      columnDefinition(toks, k + 1, to, f, dialect);
      return;
    case 'alter_column_type':
      if (words(from) === 'CHANGE') {
        f.column = colName(k + 1);
        columnDefinition(toks, k + 2, to, f, dialect);
      } else if (words(from) === 'MODIFY') {
        f.column = colName(k);
        columnDefinition(toks, k + 1, to, f, dialect);
      } else {
        f.column = colName(k);
        const ty = findWord(toks, k, to, 'TYPE');
        if (ty >= 0) columnDefinition(toks, ty + 1, to, f, dialect);
      }
      return;
    case 'drop_column':
    case 'rename_column':
    case 'set_not_null':
    case 'drop_not_null':
    case 'set_default':
    case 'drop_default':
      f.column = colName(k);
      if (operation === 'set_not_null') f.notNull = true;
      if (operation === 'set_default') {
        f.hasDefault = true;
        const d = findWord(toks, k, to, 'DEFAULT');
        f.defaultVolatility = volatilityOf(toks, d + 1, to);
      }
      return;
    case 'create_index':
    case 'drop_index':
    case 'add_foreign_key':
    case 'add_primary_key':
    case 'add_unique':
    case 'add_check':
    case 'drop_constraint': {
      const c = findWord(toks, from, to, 'CONSTRAINT');
      if (c >= 0 && isName(toks[c + 1]) && !['FOREIGN', 'PRIMARY', 'UNIQUE', 'CHECK'].includes(toks[c + 1].up)) f.objectName = colName(c + 1);
      const idx = findWord(toks, from, to, new Set(['INDEX', 'KEY']));
      if (!f.objectName && idx >= 0 && isName(toks[idx + 1]) && !isPunct(toks[idx + 1], '(')) f.objectName = colName(idx + 1);
      f.constraintType =
        operation === 'add_foreign_key' ? 'foreign_key'
        : operation === 'add_primary_key' ? 'primary_key'
        : operation === 'add_unique' ? 'unique'
        : operation === 'add_check' ? 'check'
        : operation === 'create_index' && findWord(toks, from, to, 'UNIQUE') >= 0 ? 'unique'
        // DROP FOREIGN KEY / PRIMARY KEY / CHECK name the kind of what they drop
        : operation === 'drop_constraint' && findWord(toks, from, to, 'FOREIGN') >= 0 ? 'foreign_key'
        : operation === 'drop_constraint' && findWord(toks, from, to, 'PRIMARY') >= 0 ? 'primary_key'
        : operation === 'drop_constraint' && findWord(toks, from, to, 'CHECK') >= 0 ? 'check'
        : null;
      if (operation !== 'add_check' && operation !== 'drop_constraint' && operation !== 'drop_index') {
        // the key list: the first parenthesis of the clause (after FOREIGN KEY for a foreign key)
        const fk = findWord(toks, from, to, 'FOREIGN', toks[from].depth);
        f.columns = keyColumns(toks, findPunct(toks, fk >= 0 ? fk : from, to, '('), to);
        f.column = f.columns.length === 1 ? f.columns[0] : null;
      }
      if (operation === 'add_foreign_key') {
        const r = findWord(toks, from, to, 'REFERENCES');
        const ref = r >= 0 && isName(toks[r + 1]) ? readName(toks, r + 1, to) : null;
        if (ref) f.referencedTable = qualifyParts(ref.parts, 'mysql').name;
      }
      return;
    }
  }
}

/** strongest first: the one reported when a column carries several inline constraints */
const INLINE_RANK: Record<string, number> = { primary_key: 3, unique: 2, check: 1 };

/** Type, NOT NULL, DEFAULT, AUTO_INCREMENT / GENERATED ... STORED, inline PRIMARY KEY / UNIQUE /
 * CHECK, character set and collation of a column definition. */
function columnDefinition(toks: Tok[], from: number, to: number, f: DdlFact, dialect: Dialect): void {
  let k = from;
  const depth = toks[from]?.depth ?? 0;
  const parts: string[] = [];
  const constraint = (c: 'primary_key' | 'unique' | 'check'): void => {
    if (f.constraintType === null || INLINE_RANK[c] > (INLINE_RANK[f.constraintType] ?? 0)) f.constraintType = c;
  };
  // the type ends at the first attribute (`CHAR SET x` after the type is `CHARACTER SET x`)
  while (k < to && !(toks[k].up !== '' && COLUMN_ATTRIBUTES.has(toks[k].up)) && !(k > from && charsetKeyword(toks, k) >= 0) && !(isPunct(toks[k], ',') && toks[k].depth === depth)) {
    const t = toks[k];
    const text = t.kind === 'word' ? t.text.toLowerCase() : t.text;
    if (parts.length > 0 && t.kind === 'word' && !parts[parts.length - 1].endsWith('(')) parts.push(' ');
    parts.push(text);
    k++;
  }
  f.columnType = parts.join('').replace(/\s*,\s*/g, ',') || null;
  for (let j = k; j < to; j++) {
    const u = toks[j].up;
    if (u === 'NOT' && toks[j + 1]?.up === 'NULL') f.notNull = true;
    else if (u === 'DEFAULT') {
      f.hasDefault = true;
      f.defaultVolatility = volatilityOf(toks, j + 1, to);
    } else if (u === 'AUTO_INCREMENT' || u === 'AUTOINCREMENT' || u === 'IDENTITY') f.generated = u === 'IDENTITY' ? 'identity' : 'serial';
    else if (u === 'STORED') f.generated = 'stored';
    else if (u === 'PRIMARY' && toks[j + 1]?.up === 'KEY') f.notNull = true;
    if (toks[j].depth !== depth) continue;
    // a column's KEY alone is PRIMARY KEY
    if (u === 'PRIMARY' || (u === 'KEY' && toks[j - 1]?.up !== 'PRIMARY' && toks[j - 1]?.up !== 'UNIQUE')) {
      constraint('primary_key');
      f.notNull = true;
    } else if (u === 'UNIQUE') constraint('unique');
    else if (u === 'CHECK') constraint('check');
  }
  if (f.columnType && /^serial\b/.test(f.columnType)) f.generated = 'serial';
  const o = charsetOptions(toks, k, to, depth, dialect);
  const shorthand = findWord(toks, k, to, new Set(['ASCII', 'UNICODE']), depth);
  // ASCII is CHARACTER SET latin1, UNICODE is CHARACTER SET ucs2
  const implied = shorthand < 0 ? null : toks[shorthand].up === 'ASCII' ? 'latin1' : 'ucs2';
  f.charset = o.charset ?? implied ?? nationalCharset(f.columnType, dialect);
  f.collation = o.collation;
  // an inline constraint is on the column itself
  f.columns = f.constraintType !== null && f.column !== null ? [f.column] : [];
}

const STABLE_DEFAULTS = new Set(['CURRENT_TIMESTAMP', 'NOW', 'LOCALTIME', 'LOCALTIMESTAMP', 'CURRENT_DATE', 'CURRENT_TIME', 'CURDATE', 'CURTIME', 'UTC_TIMESTAMP']);

function volatilityOf(toks: Tok[], at: number, to: number): Volatility | null {
  const t = toks[at];
  if (!t || at >= to) return null;
  if (t.kind === 'string' || t.kind === 'number' || t.up === 'NULL' || t.up === 'TRUE' || t.up === 'FALSE') return 'immutable';
  if (t.text === '-' && toks[at + 1]?.kind === 'number') return 'immutable';
  if (STABLE_DEFAULTS.has(t.up)) return 'stable';
  if (isPunct(t, '(')) return volatilityOf(toks, at + 1, to);
  return 'volatile';
}

function create(toks: Tok[], ctx: DdlContext): DdlFact[] {
  let j = 1;
  let unique = false;
  while (toks[j] && ['OR', 'REPLACE', 'TEMPORARY', 'TEMP', 'UNIQUE', 'FULLTEXT', 'SPATIAL', 'ONLINE', 'OFFLINE'].includes(toks[j].up)) {
    if (toks[j].up === 'UNIQUE') unique = true;
    j++;
  }
  const type = toks[j]?.up;
  j++;
  const ifNotExists = toks[j]?.up === 'IF' && toks[j + 1]?.up === 'NOT';
  if (ifNotExists) j += 3;
  if (type === 'TABLE') {
    const t = qualified(toks, j, ctx.dialect);
    if (!t) return [];
    const query = findWord(toks, t.next, toks.length, new Set(['SELECT', 'AS']), 0);
    const ctas = query >= 0;
    const f = base(ctx, ctas ? 'create_table_as' : 'create_table', t.name, ctx.span(toks[0].start, t.end));
    f.lock = 'NONE';
    f.ifNotExists = ifNotExists;
    // table options (`DEFAULT CHARSET=x COLLATE=y`) follow the element list, before any query
    const o = charsetOptions(toks, t.next, ctas ? query : toks.length, 0, ctx.dialect);
    f.charset = o.charset;
    f.collation = o.collation;
    if (ctas) return [f];
    // the table creates itself, with one fact per column and table constraint as for Postgres
    f.createdInFile = true;
    return [f, ...createTableElements(toks, t.next, f, ctx)];
  }
  if (type === 'DATABASE' || type === 'SCHEMA') {
    if (!MYSQL_FAMILY.has(ctx.dialect)) return [];
    const r = readName(toks, j, toks.length);
    if (!r) return [];
    const f = base(ctx, 'create_database', r.parts.join('.'), ctx.span(toks[0].start, r.end));
    f.lock = 'NONE';
    f.createdInFile = true;
    f.ifNotExists = ifNotExists;
    const o = charsetOptions(toks, r.next, toks.length, 0, ctx.dialect);
    f.charset = o.charset;
    f.collation = o.collation;
    return [f];
  }
  if (type === 'INDEX') {
    const on = findWord(toks, j, toks.length, 'ON', 0);
    if (on < 0) return [];
    const t = qualified(toks, on + 1, ctx.dialect);
    const f = base(ctx, 'create_index', t?.name ?? null, ctx.span(toks[0].start, t?.end ?? toks[on].end));
    const l = lockFor('create_index', onlineOptions(toks));
    f.lock = l.lock;
    f.scan = true;
    f.ifNotExists = ifNotExists;
    f.objectName = on > j && isName(toks[j]) ? readName(toks, j, on)?.parts.at(-1) ?? null : null;
    f.constraintType = unique ? 'unique' : null;
    if (t) {
      f.columns = keyColumns(toks, findPunct(toks, t.next, toks.length, '('), toks.length);
      f.column = f.columns.length === 1 ? f.columns[0] : null;
    }
    return [f];
  }
  return [];
}

/** `ALTER DATABASE|SCHEMA [db] [DEFAULT] CHARACTER SET x [DEFAULT] COLLATE y | READ ONLY ... | ENCRYPTION ...`
 * (MySQL, MariaDB; node-sql-parser has no grammar for it): the new defaults of the database, as
 * for CREATE DATABASE; the table is null when the name is left out (the current database). Tables
 * already there keep their character set: no table is locked or copied. */
function alterDatabase(toks: Tok[], ctx: DdlContext): DdlFact[] {
  const r = mysqlDatabaseOption(toks, 2, toks.length) ? null : readName(toks, 2, toks.length);
  const next = r ? r.next : 2;
  const f = base(ctx, 'alter_database', r ? r.parts.join('.') : null, ctx.span(toks[0].start, r?.end ?? toks[1].end));
  f.lock = 'NONE';
  const o = charsetOptions(toks, next, toks.length, 0, ctx.dialect);
  f.charset = o.charset;
  f.collation = o.collation;
  return [f];
}

const TABLE_CONSTRAINTS: Record<string, NonNullable<DdlFact['constraintType']>> = {
  PRIMARY: 'primary_key',
  UNIQUE: 'unique',
  FOREIGN: 'foreign_key',
  CHECK: 'check',
};

const ANGLE_TYPES = new Set<Dialect>(['bigquery', 'hive', 'flinksql']);

/** The columns and table constraints of `CREATE TABLE t (...)` (the list opening at toks[open]),
 * each a `create_table` fact like the table's. Indexes (`KEY`, `INDEX`, `FULLTEXT`, `SPATIAL`)
 * are no constraint, `LIKE other` copies columns the statement does not name: both give none. */
function createTableElements(toks: Tok[], open: number, table: DdlFact, ctx: DdlContext): DdlFact[] {
  if (!isPunct(toks[open], '(')) return [];
  const close = Math.min(toks[open].match, toks.length);
  const depth = toks[open].depth + 1;
  // BigQuery, Hive and Flink SQL write nested types in angle brackets (`STRUCT<a INT64, b STRING>`,
  // `MAP<STRING, INT>`), whose commas the element list cannot be cut at: only the table fact
  if (!MYSQL_FAMILY.has(ctx.dialect) && ANGLE_TYPES.has(ctx.dialect)) {
    for (let k = open + 1; k < close; k++) if (toks[k].depth === depth && toks[k].kind === 'operator' && /[<>]/.test(toks[k].text)) return [];
  }
  const out: DdlFact[] = [];
  let start = open + 1;
  for (let k = start; k <= close; k++) {
    if (k < close && !(isPunct(toks[k], ',') && toks[k].depth === depth)) continue;
    if (start < k) {
      const f = tableElement(toks, start, k, table, ctx);
      if (f) out.push(f);
    }
    start = k + 1;
  }
  return out;
}

function tableElement(toks: Tok[], from: number, to: number, table: DdlFact, ctx: DdlContext): DdlFact | null {
  const f = base(ctx, 'create_table', table.table, ctx.span(toks[from].start, toks[to - 1].end));
  Object.assign(f, { lock: 'NONE', createdInFile: true, ifNotExists: table.ifNotExists });
  let k = from;
  if (toks[k].up === 'CONSTRAINT') {
    k++;
    if (isName(toks[k]) && !TABLE_CONSTRAINTS[toks[k].up]) f.objectName = readName(toks, k, to)?.parts.at(-1) ?? null;
    if (f.objectName !== null) k++;
  }
  const kind = TABLE_CONSTRAINTS[toks[k]?.up ?? ''];
  if (kind && (kind !== 'check' || isPunct(toks[k + 1], '('))) {
    f.constraintType = kind;
    f.columns = kind === 'check' ? [] : keyColumns(toks, findPunct(toks, k, to, '('), to);
    f.column = f.columns.length === 1 ? f.columns[0] : null;
    f.notNull = kind === 'primary_key';
    // UNIQUE [KEY | INDEX] name: the index name is the constraint's
    let n = k + 1;
    if (toks[n]?.up === 'KEY' || toks[n]?.up === 'INDEX') n++;
    if (kind === 'unique' && f.objectName === null && n < to && isName(toks[n]) && toks[n].up !== 'USING') f.objectName = readName(toks, n, to)?.parts.at(-1) ?? null;
    if (kind === 'foreign_key') {
      const r = findWord(toks, k, to, 'REFERENCES');
      const ref = r >= 0 && isName(toks[r + 1]) ? readName(toks, r + 1, to) : null;
      if (ref) f.referencedTable = qualifyParts(ref.parts, ctx.dialect).name;
      f.onDeleteCascade = /\bON\s+DELETE\s+CASCADE\b/i.test(toks.slice(k, to).map((t) => t.text).join(' '));
    }
    return f;
  }
  if (f.objectName !== null || ['KEY', 'INDEX', 'FULLTEXT', 'LIKE'].includes(toks[k].up)) return null;
  // SPATIAL and PERIOD are not reserved: a column may have the name
  if ((toks[k].up === 'SPATIAL' && ['KEY', 'INDEX'].includes(toks[k + 1]?.up ?? '')) || (toks[k].up === 'PERIOD' && toks[k + 1]?.up === 'FOR')) return null;
  const name = readName(toks, k, to);
  if (!name) return null;
  f.column = name.parts.at(-1) ?? null;
  columnDefinition(toks, name.next, to, f, ctx.dialect);
  // an inline REFERENCES is a foreign key everywhere but in MySQL and MariaDB, which ignore it
  const r = MYSQL_FAMILY.has(ctx.dialect) ? -1 : findWord(toks, name.next, to, 'REFERENCES', toks[from].depth);
  if (r >= 0) {
    if (f.constraintType === null || f.constraintType === 'check') f.constraintType = 'foreign_key';
    f.columns = [f.column ?? ''];
    const ref = isName(toks[r + 1]) ? readName(toks, r + 1, to) : null;
    if (ref) f.referencedTable = qualifyParts(ref.parts, ctx.dialect).name;
    f.onDeleteCascade = /\bON\s+DELETE\s+CASCADE\b/i.test(toks.slice(r, to).map((t) => t.text).join(' '));
  }
  return f;
}

/** The columns of the key list opening at toks[list] (`(a, b(10) DESC)`: a, b); none when an
 * element is an expression (`((lower(a)))`) or there is no list. */
function keyColumns(toks: Tok[], list: number, to: number): string[] {
  if (list < 0 || !isPunct(toks[list], '(')) return [];
  const end = Math.min(toks[list].match < 0 ? to : toks[list].match, to);
  const depth = toks[list].depth + 1;
  const out: string[] = [];
  for (let c = list + 1; c < end; c++) {
    if (!(c === list + 1 || (isPunct(toks[c - 1], ',') && toks[c - 1].depth === depth))) continue;
    const name = isName(toks[c]) ? readName(toks, c, end) : null;
    if (!name) return [];
    out.push(name.parts.at(-1) ?? '');
  }
  return out;
}

function findPunct(toks: Tok[], from: number, to: number, p: string): number {
  for (let k = from; k < to; k++) if (isPunct(toks[k], p)) return k;
  return -1;
}

const DROP_OPS: Record<string, Action> = {
  TABLE: 'drop_table',
  DATABASE: 'drop_database',
  SCHEMA: 'drop_database',
  VIEW: 'drop_view',
  INDEX: 'drop_index',
};

function drop(toks: Tok[], ctx: DdlContext): DdlFact[] {
  let j = 1;
  if (toks[j]?.up === 'TEMPORARY') j++;
  const op = DROP_OPS[toks[j]?.up ?? ''];
  if (!op) return [];
  j++;
  const ifExists = toks[j]?.up === 'IF' && toks[j + 1]?.up === 'EXISTS';
  if (ifExists) j += 2;
  const cascade = findWord(toks, j, toks.length, 'CASCADE', 0) >= 0;
  if (op === 'drop_index') {
    const idx = readName(toks, j, toks.length);
    const on = findWord(toks, j, toks.length, 'ON', 0);
    const t = on >= 0 ? qualified(toks, on + 1, ctx.dialect) : null;
    const f = base(ctx, op, t?.name ?? null, ctx.span(toks[0].start, (t ?? idx)?.end ?? toks[0].end));
    f.objectName = idx?.parts.at(-1) ?? null;
    f.ifExists = ifExists;
    f.lock = lockFor('drop_index', onlineOptions(toks)).lock;
    return [f];
  }
  const out = tableList(toks, j, op, ctx, op === 'drop_database');
  for (const f of out) {
    f.ifExists = ifExists;
    f.cascade = cascade;
  }
  return out;
}

/** One fact per name in a comma list starting at toks[j], each with an exclusive metadata lock. */
function tableList(toks: Tok[], j: number, op: Action, ctx: DdlContext, bare = false): DdlFact[] {
  const out: DdlFact[] = [];
  while (j < toks.length) {
    const r = readName(toks, j, toks.length);
    if (!r) break;
    const name = bare ? r.parts.join('.') : qualifyParts(r.parts, ctx.dialect).name;
    const f = base(ctx, op, name, ctx.span(r.start, r.end));
    f.lock = 'ACCESS EXCLUSIVE';
    out.push(f);
    j = r.next;
    if (!isPunct(toks[j], ',')) break;
    j++;
  }
  return out;
}

function renameTables(toks: Tok[], ctx: DdlContext): DdlFact[] {
  const out: DdlFact[] = [];
  let j = 2;
  while (j < toks.length) {
    const from = qualified(toks, j, ctx.dialect);
    if (!from || toks[from.next]?.up !== 'TO') break;
    const to = qualified(toks, from.next + 1, ctx.dialect);
    const f = base(ctx, 'rename_table', from.name, ctx.span(from.start, to?.end ?? from.end));
    f.lock = 'ACCESS EXCLUSIVE';
    f.objectName = to?.name ?? null;
    out.push(f);
    j = to ? to.next : from.next + 1;
    if (!isPunct(toks[j], ',')) break;
    j++;
  }
  return out;
}
