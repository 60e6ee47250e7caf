// Statement readers for schema changes: DROP, CREATE, ALTER (with the ALTER TABLE clauses), RENAME.
import type { Action, Via } from '../../facts/types.js';
import { alterClauseAction } from './alter-clauses.js';
import { findWord, isName, isPunct, readName, type Tok } from './cursor.js';
import { postgresDefaultPrivileges } from './grant-postgres.js';
import { info, mysqlDatabaseOption, MYSQL_FAMILY, skipParens, type HeadInfo } from './heads-common.js';
import type { Classifier } from './heads.js';
import { qualifyParts } from './names.js';

const CREATE_MODIFIERS = new Set([
  'OR', 'REPLACE', 'TEMP', 'TEMPORARY', 'UNLOGGED', 'GLOBAL', 'LOCAL', 'TRANSIENT', 'VOLATILE', 'UNIQUE',
  'RECURSIVE', 'SECURE', 'EXTERNAL', 'AGGREGATE', 'TRUSTED', 'PROCEDURAL', 'CONSTRAINT', 'FULLTEXT', 'SPATIAL',
  'ONLINE', 'OFFLINE', 'UNDEFINED', 'MERGE', 'TEMPTABLE', 'CONCURRENTLY', 'CLUSTERED', 'NONCLUSTERED', 'NO', 'FORCE',
]);
const DROP_TYPES: Record<string, Action> = {
  TABLE: 'drop_table',
  VIEW: 'drop_view',
  INDEX: 'drop_index',
  DATABASE: 'drop_database',
  SCHEMA: 'drop_schema',
  FUNCTION: 'drop_function',
  PROCEDURE: 'drop_function',
  TRIGGER: 'drop_trigger',
  SEQUENCE: 'drop_sequence',
  EXTENSION: 'drop_extension',
  ROLE: 'drop_role',
  USER: 'drop_role',
  GROUP: 'drop_role',
  POLICY: 'drop_policy',
  TYPE: 'drop_type',
  DOMAIN: 'drop_domain',
  RULE: 'drop_rule',
};
const CREATE_TYPES: Record<string, Action> = {
  TABLE: 'create_table',
  INDEX: 'create_index',
  VIEW: 'create_view',
  SCHEMA: 'create_schema',
  DATABASE: 'create_database',
  FUNCTION: 'create_function',
  PROCEDURE: 'create_function',
  TRIGGER: 'create_trigger',
  RULE: 'create_rule',
  TYPE: 'create_type',
  DOMAIN: 'create_domain',
  EXTENSION: 'create_extension',
  SEQUENCE: 'create_sequence',
  ROLE: 'create_role',
  USER: 'create_role',
  GROUP: 'create_role',
  POLICY: 'create_policy',
};
/** Objects whose names are schema-qualified like tables. */
const SCHEMA_OBJECTS = new Set(['TABLE', 'VIEW', 'INDEX', 'FUNCTION', 'PROCEDURE', 'TRIGGER', 'SEQUENCE', 'TYPE', 'DOMAIN', 'MATERIALIZED']);

export function drop(c: Classifier, toks: Tok[], i: number, to: number, via: Via, nested: boolean): HeadInfo {
  const t0 = toks[i];
  let j = i + 1;
  while (toks[j] && (toks[j].up === 'TEMPORARY' || toks[j].up === 'TEMP')) j++;
  let typeWord = toks[j]?.up ?? '';
  if (typeWord === 'MATERIALIZED' && toks[j + 1]?.up === 'VIEW') {
    j++;
    typeWord = 'MATERIALIZED';
  }
  let action: Action | undefined = DROP_TYPES[typeWord] ?? (typeWord === 'MATERIALIZED' ? 'drop_view' : undefined);
  if (action === 'drop_schema' && MYSQL_FAMILY.has(c.dialect)) action = 'drop_database';
  const kind = action ?? `drop_${typeWord.toLowerCase() || 'unknown'}`;
  j++;
  if (toks[j]?.up === 'CONCURRENTLY') j++;
  if (toks[j]?.up === 'IF' && toks[j + 1]?.up === 'EXISTS') j += 2;
  const isTable = typeWord === 'TABLE';
  let any = false;
  while (j < to) {
    let name: string | null;
    let end: number;
    if (isTable) {
      const tb = c.table(toks, j, to, 'ddl');
      if (!tb) break;
      name = tb.name;
      end = tb.read.end;
      j = tb.read.next;
    } else {
      const o = c.objectName(toks, j, to, SCHEMA_OBJECTS.has(typeWord));
      if (!o.name) break;
      name = o.name;
      end = o.end;
      j = o.next;
    }
    c.action(action ?? 'other', name, any ? end - (name?.length ?? 0) : t0.start, end, via, nested);
    any = true;
    if (isPunct(toks[j], '(')) j = skipParens(toks, j, to); // DROP FUNCTION f(int)
    if (!isPunct(toks[j], ',')) break;
    j++;
  }
  if (typeWord === 'INDEX') {
    // MySQL `DROP INDEX i ON t`
    const on = findWord(toks, i + 1, to, 'ON', 0);
    if (on >= 0) c.table(toks, on + 1, to, 'ddl');
  }
  if (!any) c.action(action ?? 'other', null, t0.start, toks[Math.min(j, to - 1)]?.end ?? t0.end, via, nested);
  return info(kind);
}

export function create(c: Classifier, toks: Tok[], i: number, to: number, via: Via, nested: boolean): HeadInfo {
  const t0 = toks[i];
  let j = i + 1;
  let temporary = false;
  for (;;) {
    const u = toks[j]?.up ?? '';
    if (u === 'TEMP' || u === 'TEMPORARY' || u === 'GLOBAL' || u === 'LOCAL') temporary = temporary || u !== 'GLOBAL';
    if (CREATE_MODIFIERS.has(u)) {
      j++;
      continue;
    }
    // MySQL: ALGORITHM = x, DEFINER = user, SQL SECURITY x
    if ((u === 'ALGORITHM' || u === 'DEFINER') && toks[j + 1]?.text === '=') {
      j += 3;
      if (isPunct(toks[j], '(')) j = skipParens(toks, j, to); // CURRENT_USER()
      while (toks[j] && toks[j].kind === 'variable') j++; // @host
      continue;
    }
    if (u === 'SQL' && toks[j + 1]?.up === 'SECURITY') {
      j += 3;
      continue;
    }
    break;
  }
  let typeWord = toks[j]?.up ?? '';
  if (typeWord === 'MATERIALIZED' && toks[j + 1]?.up === 'VIEW') j++;
  if (typeWord === 'KEY' || typeWord === 'CLUSTERED') typeWord = 'INDEX';
  let action: Action | undefined = typeWord === 'MATERIALIZED' ? 'create_materialized_view' : CREATE_TYPES[typeWord];
  if (action === 'create_schema' && MYSQL_FAMILY.has(c.dialect)) action = 'create_database';
  j++;
  if (toks[j]?.up === 'CONCURRENTLY') j++;
  if (toks[j]?.up === 'IF' && toks[j + 1]?.up === 'NOT' && toks[j + 2]?.up === 'EXISTS') j += 3;
  let kind: string = action ?? `create_${typeWord.toLowerCase() || 'unknown'}`;
  if (typeWord === 'PROCEDURE') kind = 'create_procedure';
  if (typeWord === 'TABLE') {
    const tb = c.table(toks, j, to, 'ddl', temporary);
    const asAt = findWord(toks, tb?.read.next ?? j, to, new Set(['AS', 'SELECT']), toks[i].depth);
    const ctas = asAt >= 0 && (toks[asAt].up === 'SELECT' || ['SELECT', 'WITH', 'VALUES', 'TABLE'].includes(toks[asAt + 1]?.up ?? '') || isPunct(toks[asAt + 1], '('));
    action = ctas ? 'create_table_as' : 'create_table';
    kind = action;
    c.action(action, tb?.name ?? null, t0.start, tb?.read.end ?? t0.end, via, nested);
    const like = findWord(toks, j, to, 'LIKE', toks[i].depth);
    if (like >= 0) c.table(toks, like + 1, to, 'read');
    if (ctas) {
      const sel = toks[asAt].up === 'SELECT' ? asAt : asAt + 1;
      c.range(toks, sel, to, 'create_table_as', true);
    }
    references(c, toks, j, to);
    return info(kind);
  }
  if (typeWord === 'INDEX') {
    const on = findWord(toks, j, to, 'ON', toks[i].depth);
    let tableName: string | null = null;
    let end = t0.end;
    if (on >= 0) {
      let k = on + 1;
      if (toks[k]?.up === 'ONLY') k++;
      const tb = c.table(toks, k, to, 'ddl');
      tableName = tb?.name ?? null;
      end = tb?.read.end ?? end;
    }
    let target = tableName;
    if (on > j && isName(toks[j])) {
      const idx = readName(toks, j, on);
      if (idx) target = qualifyParts(idx.parts.length === 1 && tableName && tableName.includes('.') ? [tableName.slice(0, tableName.lastIndexOf('.')), idx.parts[0]] : idx.parts, c.dialect).name;
    }
    c.action('create_index', target, t0.start, end, via, nested);
    return info('create_index');
  }
  const o = c.objectName(toks, j, to, SCHEMA_OBJECTS.has(typeWord));
  c.action(action ?? 'other', o.name, t0.start, o.end, via, nested);
  if (typeWord === 'FUNCTION' && findWord(toks, j, to, 'SONAME') >= 0) {
    // a MySQL UDF from a shared library (lib_mysqludf_sys and friends)
    c.action('load_library', o.name, t0.start, o.end, via, nested);
  }
  if (typeWord === 'VIEW' || typeWord === 'MATERIALIZED') {
    const as = findWord(toks, o.next, to, 'AS', toks[i].depth);
    if (as >= 0) c.range(toks, as + 1, to, 'subquery', true);
  }
  if (typeWord === 'TRIGGER') {
    const on = findWord(toks, o.next, to, 'ON', toks[i].depth);
    if (on >= 0) c.table(toks, on + 1, to, 'ddl');
  }
  if (typeWord === 'POLICY') {
    const on = findWord(toks, o.next, to, 'ON', toks[i].depth);
    if (on >= 0) c.table(toks, on + 1, to, 'ddl');
  }
  if (typeWord === 'RULE') {
    // CREATE RULE r AS ON <event> TO <table>
    const t = findWord(toks, o.next, to, 'TO', toks[i].depth);
    if (t >= 0) c.table(toks, t + 1, to, 'ddl');
  }
  return info(kind);
}

/** REFERENCES t in column or constraint definitions: the referenced table is read. */
export function references(c: Classifier, toks: Tok[], from: number, to: number): void {
  for (let k = from; k < to; k++) if (toks[k].up === 'REFERENCES') c.table(toks, k + 1, to, 'read');
}

export function alter(c: Classifier, toks: Tok[], i: number, to: number, via: Via, nested: boolean): HeadInfo {
  const t0 = toks[i];
  let j = i + 1;
  while (toks[j] && ['ONLINE', 'OFFLINE', 'IGNORE'].includes(toks[j].up)) j++;
  const typeWord = toks[j]?.up ?? '';
  j++;
  if (typeWord === 'TABLE') {
    if (toks[j]?.up === 'IF' && toks[j + 1]?.up === 'EXISTS') j += 2;
    if (toks[j]?.up === 'ONLY') j++;
    const tb = c.table(toks, j, to, 'ddl');
    const target = tb?.name ?? null;
    c.action('alter_table', target, t0.start, tb?.read.end ?? t0.end, via, nested);
    if (tb) alterClauses(c, toks, tb.read.next, to, target, via, nested);
    references(c, toks, j, to);
    return info('alter_table');
  }
  // Postgres: the privilege fact too, as for GRANT
  if (typeWord === 'DEFAULT' && (c.dialect === 'postgres' || c.dialect === 'redshift')) return postgresDefaultPrivileges(c, toks, i, to, via, nested);
  // MySQL and MariaDB: SCHEMA is DATABASE, and its name may be left out (`ALTER DATABASE CHARACTER SET x`)
  const mysqlDatabase = MYSQL_FAMILY.has(c.dialect) && (typeWord === 'DATABASE' || typeWord === 'SCHEMA');
  const o = mysqlDatabase && mysqlDatabaseOption(toks, j, to) ? { name: null, next: j, end: toks[j - 1].end } : c.objectName(toks, j, to, SCHEMA_OBJECTS.has(typeWord));
  let action: Action = 'other';
  let kind = `alter_${typeWord.toLowerCase() || 'unknown'}`;
  if (typeWord === 'DATABASE' || mysqlDatabase) action = 'alter_database';
  if (mysqlDatabase) kind = 'alter_database';
  if (typeWord === 'USER' || typeWord === 'ROLE' || typeWord === 'GROUP') action = 'alter_role';
  else if (typeWord === 'SYSTEM') action = 'alter_system';
  else if (typeWord === 'DEFAULT') {
    action = 'alter_default_privileges';
    kind = 'alter_default_privileges';
  } else if (typeWord === 'TYPE') action = findWord(toks, j, to, 'VALUE') >= 0 ? 'alter_enum' : 'alter_type';
  else if (typeWord === 'DOMAIN') action = 'alter_domain';
  else if (typeWord === 'SEQUENCE') action = 'alter_sequence';
  else if (typeWord === 'POLICY') action = 'alter_policy';
  else if (typeWord === 'INDEX' && findWord(toks, o.next, to, 'RENAME') >= 0) action = 'rename_index';
  else if (typeWord === 'SCHEMA' && !mysqlDatabase && findWord(toks, j, to, 'RENAME') >= 0) action = 'rename_schema';
  if (findWord(toks, o.next, to, 'OWNER') >= 0) action = 'alter_owner';
  c.action(action, action === 'alter_system' ? (toks[j + 1]?.text.toLowerCase() ?? null) : o.name, t0.start, o.end, via, nested);
  return info(kind);
}

/** The comma-separated clauses of ALTER TABLE, each to its sub-action. */
export function alterClauses(c: Classifier, toks: Tok[], from: number, to: number, target: string | null, via: Via, nested: boolean): void {
  const d = toks[from]?.depth ?? 0;
  let start = from;
  for (let k = from; k <= to; k++) {
    if (k < to && !(isPunct(toks[k], ',') && toks[k].depth === d)) continue;
    if (start < k) {
      const act = alterClauseAction(toks, start, k);
      for (const a of act) {
        // an index added by ALTER TABLE is the object created (file state records it), not the table
        const obj = a === 'create_index' ? indexName(c, toks, start, k, target) : target;
        c.action(a, obj, toks[start].start, toks[k - 1].end, via, nested);
      }
    }
    start = k + 1;
  }
}

/** `ADD [UNIQUE] INDEX|KEY name (...)`: the index name qualified like its table, or null when unnamed. */
export function indexName(c: Classifier, toks: Tok[], from: number, to: number, table: string | null): string | null {
  const k = findWord(toks, from, to, new Set(['INDEX', 'KEY']));
  if (k < 0 || !isName(toks[k + 1]) || k + 1 >= to) return null;
  const name = readName(toks, k + 1, to);
  if (!name) return null;
  const schema = table && table.includes('.') ? table.slice(0, table.lastIndexOf('.')) : null;
  return qualifyParts(name.parts.length === 1 && schema ? [schema, name.parts[0]] : name.parts, c.dialect).name;
}

export function rename(c: Classifier, toks: Tok[], i: number, to: number, via: Via, nested: boolean): HeadInfo {
  const t0 = toks[i];
  let j = i + 1;
  if (toks[j]?.up === 'TABLE' || toks[j]?.up === 'TABLES') j++;
  else if (toks[j]?.up === 'USER') {
    c.action('alter_role', null, t0.start, t0.end, via, nested);
    return info('rename_user');
  }
  let any = false;
  while (j < to) {
    const tb = c.table(toks, j, to, 'ddl');
    if (!tb) break;
    c.action('rename_table', tb.name, any ? tb.read.start : t0.start, tb.read.end, via, nested);
    any = true;
    j = tb.read.next;
    while (j < to && !isPunct(toks[j], ',')) j++;
    j++;
  }
  if (!any) c.action('rename_table', null, t0.start, t0.end, via, nested);
  return info('rename_table');
}
