// Statement readers for privileges, session and side channels: GRANT/REVOKE, SET, EXPLAIN,
// PREPARE/EXECUTE (dynamic SQL), COPY, LOAD, and client backslash commands.
import type { Action, Via } from '../../facts/types.js';
import { findWord, isName, isPunct, readName, stringValue, type NameRead, type Tok } from './cursor.js';
import { functionInfo } from './functions.js';
import { postgresGrant } from './grant-postgres.js';
import { info, MYSQL_FAMILY, skipParens, VERBS, type HeadInfo } from './heads-common.js';
import type { Classifier } from './heads.js';
import { identPart, qualifyParts } from './names.js';

/** psql meta-commands whose argument may be `|command`: the output (or the query buffer) goes to a shell program */
const PSQL_PIPES = new Set(['o', 'out', 'g', 'gx', 'w', 'write']);
/** psql meta-commands that run the SQL of a file */
const PSQL_INCLUDES = new Set(['i', 'include', 'ir', 'include_relative']);

/** A client command: psql's `\copy ... program`, `\!`, `\gexec`, `\i file` and `\o |cmd`
 * (`\g |cmd`, `\w |cmd`) matter, as do the mysql client's `\!` / `system` (shell) and
 * `\.` / `source` (run a file). A shell program is a `program` function fact with an `other`
 * action on `shell`; a file of SQL nobody analysed is non-constant dynamic SQL. */
export function meta(c: Classifier, toks: Tok[]): HeadInfo {
  const t = toks[0];
  const kind = MYSQL_FAMILY.has(c.dialect) ? 'mysql_command' : 'psql_meta';
  if (!t) return info(kind);
  const line = c.source.slice(t.start, toks[toks.length - 1].end);
  // the mysql client's long forms `system cmd` and `source file` (the splitter reads them at a line start)
  const long = t.kind === 'word' ? (t.up === 'SYSTEM' ? '!' : t.up === 'SOURCE' ? '.' : t.up === 'PAGER' ? 'P' : null) : null;
  const cmd = long ?? (kind === 'mysql_command' ? /^\\(\S)/ : /^\\([a-zA-Z!?]+|\S)/).exec(line)?.[1] ?? '';
  const arg = line.slice(long !== null ? t.text.length : 1 + cmd.length).trim();
  const sp = c.sp(t.start, toks[toks.length - 1].end);
  const add = (action: Action, target: string | null): void => {
    c.out.actions.push({ kind: 'action', action, span: sp, target, nested: false, via: 'top' });
  };
  const shell = (name: string): void => {
    add('other', 'shell');
    c.out.functions.push({ kind: 'function', name, span: sp, dangerous: true, category: 'program', volatility: 'volatile' });
  };
  const opaque = (file: string): void => {
    add('dynamic_sql', file.replace(/;\s*$/, '') || null);
    c.out.dynamicSql.push({ kind: 'dynamic_sql', span: sp, via: 'other', constant: false });
  };
  if (cmd.toLowerCase() === 'copy') {
    const rest = line.slice(5);
    const m = /^\s*("(?:[^"]|"")*"|[\w$.]+)/.exec(rest);
    const dir = /\bfrom\b/i.test(rest) ? 'from' : 'to';
    const program = /\bprogram\b/i.test(rest);
    if (dir === 'from') add(program ? 'copy_from_program' : 'copy_from', null);
    else add(program ? 'copy_to_program' : 'copy_to_stdout', null);
    if (m && !m[1].startsWith('(')) {
      const parts = m[1].split('.').map((p) => (p.startsWith('"') ? p.slice(1, -1) : p.toLowerCase()));
      const n = qualifyParts(parts, c.dialect);
      const at = t.start + 5 + rest.indexOf(m[1]);
      c.addTable(n.name, n.schema, n.table, dir === 'from' ? 'write' : 'read', at, at + m[1].length, false);
      c.out.actions[c.out.actions.length - 1].target = n.name;
    }
  } else if (cmd === '!') {
    shell('\\!');
  } else if (cmd === '.' && kind === 'mysql_command') {
    opaque(arg);
  } else if (cmd === 'P' && kind === 'mysql_command' && arg !== '') {
    // `\P cmd` / `pager cmd`: every later result is piped into the command
    shell('\\P');
  } else if (kind === 'psql_meta' && PSQL_INCLUDES.has(cmd)) {
    opaque(arg);
  } else if (kind === 'psql_meta' && PSQL_PIPES.has(cmd) && /^(\([^)]*\)\s*)?\|/.test(arg)) {
    // `\g (format=csv) |cmd`: options in parentheses may come first
    shell(`\\${cmd}`);
  } else if (cmd === 'gexec') {
    add('dynamic_sql', null);
    c.out.dynamicSql.push({ kind: 'dynamic_sql', span: sp, via: 'other', constant: false });
  } else add('other', `\\${cmd}`);
  return info(kind);
}

export function grant(c: Classifier, toks: Tok[], i: number, to: number, via: Via, nested: boolean): HeadInfo {
  // Postgres: privilege facts too (the other dialects read theirs in mysql/privilege.ts)
  if (c.dialect === 'postgres' || c.dialect === 'redshift') return postgresGrant(c, toks, i, to, via, nested);
  const t0 = toks[i];
  const revoke = t0.up === 'REVOKE';
  const on = findWord(toks, i + 1, to, 'ON', t0.depth);
  if (on >= 0) {
    let k = on + 1;
    if (['TABLE', 'SCHEMA', 'DATABASE', 'FUNCTION', 'PROCEDURE', 'SEQUENCE', 'ALL'].includes(toks[k]?.up ?? '')) {
      if (toks[k].up === 'ALL') k += 3; // ALL TABLES IN SCHEMA
      else k++;
    }
    // the first object as written, names in normal form: `*.*`, `db.*`, `db.t`, `t`
    let target = '';
    let end = toks[on].end;
    for (; k < to && !isPunct(toks[k], ',') && toks[k].up !== 'TO' && toks[k].up !== 'FROM'; k++) {
      const t = toks[k];
      target += isName(t) ? identPart(t.text, t.kind === 'quoted_identifier') : t.text;
      end = t.end;
    }
    c.action(revoke ? 'revoke' : 'grant', target || null, t0.start, end, via, nested);
    return info(revoke ? 'revoke' : 'grant');
  }
  c.action(revoke ? 'revoke_role' : 'grant_role', null, t0.start, t0.end, via, nested);
  return info(revoke ? 'revoke_role' : 'grant_role');
}

export function set(c: Classifier, toks: Tok[], i: number, to: number, via: Via, nested: boolean): HeadInfo {
  const t0 = toks[i];
  let j = i + 1;
  const u = toks[j]?.up ?? '';
  if (u === 'ROLE') {
    c.action('set_role', toks[j + 1] ? toks[j + 1].text.toLowerCase() : null, t0.start, toks[j].end, via, nested);
    return info('set_role');
  }
  if (u === 'SESSION' && toks[j + 1]?.up === 'AUTHORIZATION') {
    c.action('set_session_authorization', toks[j + 2]?.text.toLowerCase() ?? null, t0.start, toks[j + 1].end, via, nested);
    return info('set_session_authorization');
  }
  if (u === 'TRANSACTION' || (u === 'SESSION' && toks[j + 1]?.up === 'CHARACTERISTICS')) {
    c.action('set_transaction', null, t0.start, toks[j].end, via, nested);
    return info('set_transaction');
  }
  if (u === 'PASSWORD') {
    c.action('alter_role', null, t0.start, toks[j].end, via, nested);
    return info('set_password');
  }
  let global = false;
  while (toks[j] && ['SESSION', 'LOCAL', 'GLOBAL', 'PERSIST', 'PERSIST_ONLY'].includes(toks[j].up)) {
    if (toks[j].up === 'GLOBAL' || toks[j].up === 'PERSIST' || toks[j].up === 'PERSIST_ONLY') global = true;
    j++;
  }
  let name: string | null = null;
  const v = toks[j];
  if (v && v.kind === 'variable') {
    const raw = v.text.toLowerCase();
    if (/^@@(global|persist|persist_only)\./.test(raw)) global = true;
    name = raw.replace(/^@@(global|session|local|persist|persist_only)\./, '').replace(/^@+/, '');
    if (!raw.startsWith('@@')) name = raw; // a user variable keeps its `@`
  } else if (v && isName(v)) {
    name = readName(toks, j, to)?.parts.join('.') ?? null;
  }
  const action: Action = global ? 'set_config' : 'set';
  c.action(action, name, t0.start, v?.end ?? t0.end, via, nested);
  return info(t0.up === 'RESET' ? 'reset' : 'set');
}

export function explain(c: Classifier, toks: Tok[], i: number, to: number, via: Via, nested: boolean): HeadInfo {
  const t0 = toks[i];
  let j = i + 1;
  let analyze = false;
  if (isPunct(toks[j], '(')) {
    const close = skipParens(toks, j, to);
    for (let k = j + 1; k < close - 1; k++) {
      if (toks[k].up === 'ANALYZE' || toks[k].up === 'ANALYSE') {
        const v = toks[k + 1]?.up;
        analyze = v !== 'FALSE' && v !== 'OFF' && toks[k + 1]?.text !== '0';
      }
    }
    j = close;
  }
  while (toks[j] && ['ANALYZE', 'ANALYSE', 'VERBOSE', 'EXTENDED', 'PARTITIONS', 'FORMAT', '=', 'JSON', 'TREE', 'TRADITIONAL', 'QUERY', 'PLAN'].includes(toks[j].up || toks[j].text)) {
    if (toks[j].up === 'ANALYZE' || toks[j].up === 'ANALYSE') analyze = true;
    j++;
  }
  if ((t0.up === 'DESCRIBE' || t0.up === 'DESC') && !VERBS.has(toks[j]?.up ?? '')) {
    const tb = c.table(toks, j, to, 'read');
    c.action('show', tb?.name ?? null, t0.start, tb?.read.end ?? t0.end, via, nested);
    return info('show');
  }
  if (toks[j]?.up === 'FOR' && toks[j + 1]?.up === 'CONNECTION') {
    c.action('explain', null, t0.start, t0.end, via, nested);
    return info('explain', { explain: { analyze: false } });
  }
  c.action(analyze ? 'explain_analyze' : 'explain', null, t0.start, t0.end, via, nested);
  if (analyze && j < to) {
    // EXPLAIN ANALYZE runs the statement
    const inner = c.range(toks, j, to, 'explain_analyze', true);
    return { ...inner, kind: 'explain', explain: { analyze: true } };
  }
  return info('explain', { explain: { analyze } });
}

export function prepare(c: Classifier, toks: Tok[], i: number, to: number, via: Via, nested: boolean): HeadInfo {
  const t0 = toks[i];
  if (toks[i + 1]?.up === 'TRANSACTION') {
    c.action('prepare_transaction', null, t0.start, toks[i + 1].end, via, nested);
    return info('prepare_transaction');
  }
  const o = c.objectName(toks, i + 1, to, false);
  c.action('prepare', o.name, t0.start, o.end, via, nested);
  let j = o.next;
  if (isPunct(toks[j], '(')) j = skipParens(toks, j, to);
  if (toks[j]?.up === 'AS') {
    c.range(toks, j + 1, to, 'prepare', true);
  } else if (toks[j]?.up === 'FROM') {
    const src = toks[j + 1];
    const constant = src?.kind === 'string';
    c.action('dynamic_sql', o.name, t0.start, src?.end ?? t0.end, via, nested);
    c.out.dynamicSql.push({ kind: 'dynamic_sql', span: c.sp(src?.start ?? t0.start, src?.end ?? t0.end), via: 'prepare', constant });
    if (constant) c.nestedText(src, 'dynamic');
  }
  return info('prepare');
}

export function execute(c: Classifier, toks: Tok[], i: number, to: number, via: Via, nested: boolean): HeadInfo {
  const t0 = toks[i];
  let j = i + 1;
  const immediate = toks[j]?.up === 'IMMEDIATE';
  if (immediate) j++;
  // EXEC ('...'), EXEC (@sql) (T-SQL); EXECUTE IMMEDIATE '...' / $$...$$ / :var (Snowflake, BigQuery, DB2);
  // PL/pgSQL EXECUTE '...'
  if (isPunct(toks[j], '(') || toks[j]?.kind === 'string' || toks[j]?.kind === 'variable' || (immediate && toks[j]?.kind === 'parameter')) {
    const src = isPunct(toks[j], '(') ? toks[j + 1] : toks[j];
    const constant = src?.kind === 'string';
    c.action('execute', null, t0.start, t0.end, via, nested);
    c.action('dynamic_sql', null, t0.start, src?.end ?? t0.end, via, nested);
    c.out.dynamicSql.push({ kind: 'dynamic_sql', span: c.sp(src?.start ?? t0.start, src?.end ?? t0.end), via: 'execute', constant });
    if (constant) c.nestedText(src, 'dynamic');
    return info('execute');
  }
  const o = c.objectName(toks, j, to, false);
  c.action('execute', o.name, t0.start, o.end, via, nested);
  if (o.name && /(^|\.)(sp_executesql|xp_cmdshell)$/.test(o.name)) {
    c.out.functions.push({ kind: 'function', name: o.name, span: c.sp(toks[j].start, o.end), dangerous: true, ...functionInfo(o.name) });
    if (o.name.endsWith('sp_executesql')) {
      const src = toks[o.next];
      c.out.dynamicSql.push({ kind: 'dynamic_sql', span: c.sp(src?.start ?? t0.start, src?.end ?? t0.end), via: 'exec_function', constant: src?.kind === 'string' });
      if (src?.kind === 'string') c.nestedText(src, 'dynamic');
    }
  }
  return info('execute');
}

export function copy(c: Classifier, toks: Tok[], i: number, to: number, via: Via, nested: boolean): HeadInfo {
  const t0 = toks[i];
  let j = i + 1;
  if (toks[j]?.up === 'INTO') return copyInto(c, toks, i, to, via, nested);
  let query: [number, number] | null = null;
  let tableName: string | null = null;
  let tableRead: NameRead | null = null;
  if (isPunct(toks[j], '(')) {
    const close = skipParens(toks, j, to);
    query = [j + 1, close - 1];
    j = close;
  } else {
    tableRead = readName(toks, j, to);
    if (tableRead) {
      j = tableRead.next;
      if (isPunct(toks[j], '(')) j = skipParens(toks, j, to);
    }
  }
  const dir = toks[j]?.up;
  const from = dir === 'FROM';
  if (tableRead) {
    const n = qualifyParts(tableRead.parts, c.dialect);
    tableName = n.name;
    c.addTable(n.name, n.schema, n.table, from ? 'write' : 'read', tableRead.start, tableRead.end, false);
  }
  const src = toks[j + 1];
  let action: Action;
  if (src?.up === 'PROGRAM') action = from ? 'copy_from_program' : 'copy_to_program';
  else if (src?.up === 'STDIN' || src?.up === 'STDOUT') action = from ? 'copy_from' : 'copy_to_stdout';
  else action = from ? 'copy_from_file' : 'copy_to_file';
  c.action(action, tableName, t0.start, (src ?? toks[to - 1]).end, via, nested);
  if (query) c.range(toks, query[0], query[1], 'copy', true);
  return info('copy');
}

/** Snowflake `COPY INTO <table> FROM @stage|'url'` loads files; `COPY INTO @stage|'url' FROM <table>|(query)` unloads. */
function copyInto(c: Classifier, toks: Tok[], i: number, to: number, via: Via, nested: boolean): HeadInfo {
  const t0 = toks[i];
  const dest = toks[i + 2];
  const external = (t: Tok | undefined): boolean => !!t && (t.kind === 'string' || t.kind === 'variable' || t.text.startsWith('@'));
  const from = findWord(toks, i + 2, to, 'FROM', t0.depth);
  if (dest && !external(dest)) {
    const tb = c.table(toks, i + 2, to, 'write');
    c.action('copy_from_file', tb?.name ?? null, t0.start, tb?.read.end ?? dest.end, via, nested);
    return info('copy');
  }
  const target = dest?.kind === 'string' ? stringValue(dest) : dest?.text ?? null;
  c.action('copy_to_file', target, t0.start, dest?.end ?? t0.end, via, nested);
  if (from >= 0 && isPunct(toks[from + 1], '(')) {
    const close = skipParens(toks, from + 1, to);
    c.range(toks, from + 2, close - 1, 'copy', true);
  } else if (from >= 0) c.table(toks, from + 1, to, 'read');
  return info('copy');
}

/** SQLite `ATTACH [DATABASE] 'file' AS name` opens or creates a database file on the server. */
export function attach(c: Classifier, toks: Tok[], i: number, to: number, via: Via, nested: boolean): HeadInfo {
  const t0 = toks[i];
  let j = i + 1;
  if (toks[j]?.up === 'DATABASE') j++;
  const f = toks[j];
  const file = f?.kind === 'string' ? stringValue(f) : null;
  c.action('use_database', file, t0.start, f?.end ?? t0.end, via, nested);
  c.action('write_server_file', file, t0.start, f?.end ?? t0.end, via, nested);
  return info('attach_database');
}

/** T-SQL `BULK INSERT t FROM 'file'`: a server-side file read into a table. */
export function bulkInsert(c: Classifier, toks: Tok[], i: number, to: number, via: Via, nested: boolean): HeadInfo {
  const t0 = toks[i];
  const tb = c.table(toks, i + 2, to, 'write');
  const from = findWord(toks, i + 2, to, 'FROM', t0.depth);
  const file = from >= 0 && toks[from + 1]?.kind === 'string' ? stringValue(toks[from + 1]) : null;
  c.action('load_data', tb?.name ?? null, t0.start, tb?.read.end ?? t0.end, via, nested);
  c.action('read_server_file', file, t0.start, (from >= 0 ? toks[from + 1] ?? toks[from] : toks[i + 1]).end, via, nested);
  return info('load_data');
}

/** BigQuery `EXPORT DATA OPTIONS (uri = ...) AS query`: the query's rows leave as files. */
export function exportData(c: Classifier, toks: Tok[], i: number, to: number, via: Via, nested: boolean): HeadInfo {
  const t0 = toks[i];
  c.action('copy_to_file', null, t0.start, toks[i + 1].end, via, nested);
  const as = findWord(toks, i + 2, to, 'AS', t0.depth);
  if (as >= 0) c.range(toks, as + 1, to, 'copy', true);
  return info('export_data');
}

export function load(c: Classifier, toks: Tok[], i: number, to: number, via: Via, nested: boolean): HeadInfo {
  const t0 = toks[i];
  const u = toks[i + 1]?.up;
  if (u === 'DATA' || u === 'XML') {
    const into = findWord(toks, i + 1, to, 'INTO');
    let k = into + 1;
    if (toks[k]?.up === 'TABLE') k++;
    const tb = into >= 0 ? c.table(toks, k, to, 'write') : null;
    c.action('load_data', tb?.name ?? null, t0.start, tb?.read.end ?? t0.end, via, nested);
    // without LOCAL the server reads its own file system
    if (findWord(toks, i + 1, into >= 0 ? into : to, 'LOCAL') < 0) c.action('read_server_file', null, t0.start, t0.end, via, nested);
    return info('load_data');
  }
  c.action('load_library', toks[i + 1]?.kind === 'string' ? stringValue(toks[i + 1]) : null, t0.start, toks[i + 1]?.end ?? t0.end, via, nested);
  return info('load');
}
