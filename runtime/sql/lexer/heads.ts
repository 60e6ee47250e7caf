// The keyword-driven classifier behind classifyUnparsed: reads a statement's leading keywords
// into a kind and actions, its table names into table facts, and recurses into the statements
// it carries (CTE bodies, EXPLAIN ANALYZE, COPY (query), PREPARE, routine and DO bodies).
import type {
  Access,
  Action,
  Dialect,
  Span,
  TableFact,
  Via,
  WhereState,
} from '../../facts/types.js';
import type { FileState } from '../file-state.js';
import type { FactSink } from '../sink.js';
import { span, type LineIndex } from '../../text/spans.js';
import { findWord, isName, isPunct, readName, significantIn, stringContentStart, stringValue, type NameRead, type Tok } from './cursor.js';
import { functionInfo } from './functions.js';
import { qualifyParts } from './names.js';
import { whereStateOf } from './where.js';

export interface HeadInfo {
  kind: string;
  where: WhereState | null;
  limit: number | 'all' | 'param' | null;
  returning: boolean;
  dataModifyingCte: boolean;
  explain: { analyze: boolean } | null;
}

function info(kind: string, extra: Partial<HeadInfo> = {}): HeadInfo {
  return { kind, where: null, limit: null, returning: false, dataModifyingCte: false, explain: null, ...extra };
}

/** Words that begin a statement inside a body (used to find nested statements). */
const VERBS = new Set([
  'SELECT', 'INSERT', 'UPDATE', 'DELETE', 'REPLACE', 'MERGE', 'DROP', 'CREATE', 'ALTER', 'TRUNCATE', 'GRANT',
  'REVOKE', 'CALL', 'LOAD', 'PREPARE', 'EXECUTE', 'EXEC', 'COPY', 'RENAME', 'WITH', 'LOCK', 'PERFORM', 'DO',
  'VALUES', 'SET', 'COMMIT', 'ROLLBACK', 'START', 'SAVEPOINT',
]);
/** Tokens after which a nested statement may begin inside a compound body. */
const BODY_OPENERS = new Set(['BEGIN', 'THEN', 'ELSE', 'LOOP', 'REPEAT', 'DO', 'ATOMIC', 'ROW']);
/** Words that end a table reference list (never an alias). */
const NOT_ALIAS = new Set([
  'WHERE', 'JOIN', 'INNER', 'LEFT', 'RIGHT', 'FULL', 'CROSS', 'NATURAL', 'ON', 'USING', 'GROUP', 'ORDER', 'LIMIT',
  'HAVING', 'UNION', 'EXCEPT', 'INTERSECT', 'SET', 'WINDOW', 'RETURNING', 'FOR', 'OFFSET', 'FETCH', 'LATERAL',
  'STRAIGHT_JOIN', 'PARTITION', 'INTO', 'VALUES', 'WHEN', 'THEN', 'OUTER', 'AND', 'OR', 'TABLESAMPLE', 'USE',
  'FORCE', 'IGNORE', 'SELECT', 'FROM', 'AS', 'WITH', 'DEFAULT', 'QUALIFY', 'CONNECT', 'START', 'LOCK', 'SEMI', 'ANTI',
]);
/** Words that end a FROM clause at its depth. */
const FROM_END = new Set(['WHERE', 'GROUP', 'ORDER', 'LIMIT', 'HAVING', 'UNION', 'EXCEPT', 'INTERSECT', 'WINDOW', 'RETURNING', 'FOR', 'OFFSET', 'FETCH', 'INTO', 'QUALIFY', 'SET', 'VALUES', 'SELECT']);
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
const SIMPLE: Record<string, [string, Action]> = {
  SHOW: ['show', 'show'],
  VACUUM: ['vacuum', 'vacuum'],
  ANALYZE: ['analyze', 'analyze'],
  ANALYSE: ['analyze', 'analyze'],
  CLUSTER: ['cluster', 'cluster'],
  REINDEX: ['reindex', 'reindex'],
  CHECKPOINT: ['checkpoint', 'checkpoint'],
  DISCARD: ['discard', 'discard'],
  LISTEN: ['listen', 'listen'],
  UNLISTEN: ['unlisten', 'listen'],
  NOTIFY: ['notify', 'notify'],
  DEALLOCATE: ['deallocate', 'deallocate'],
  SAVEPOINT: ['savepoint', 'savepoint'],
  COMMIT: ['commit', 'commit'],
  END: ['commit', 'commit'],
  ABORT: ['rollback', 'rollback'],
  INSTALL: ['install', 'load_library'],
};
const MYSQL_FAMILY = new Set<Dialect>(['mysql', 'mariadb']);

export class Classifier {
  private readonly ctes = new Set<string>();
  private depthGuard = 0;

  constructor(
    private readonly source: string,
    private readonly dialect: Dialect,
    private readonly lines: LineIndex,
    private readonly file: FileState,
    private readonly out: FactSink,
    private readonly statementSpan: Span,
  ) {}

  /** A whole statement: its head, then table references and dangerous calls anywhere in it. */
  statement(toks: Tok[]): HeadInfo {
    if (toks.length === 0) return info('unknown');
    const head = this.range(toks, 0, toks.length, 'top', false);
    this.scanReferences(toks, 0, toks.length);
    this.bodies(toks, head.kind);
    return head;
  }

  /** A psql backslash command: client-side, but `\copy ... program`, `\!` and `\gexec` matter. */
  meta(toks: Tok[]): HeadInfo {
    const t = toks[0];
    if (!t) return info('psql_meta');
    const line = t.text;
    const cmd = (/^\\([a-zA-Z!?]+|\S)/.exec(line)?.[1] ?? '').toLowerCase();
    const sp = this.sp(t.start, t.end);
    const add = (action: Action, target: string | null): void => {
      this.out.actions.push({ kind: 'action', action, span: sp, target, nested: false, via: 'top' });
    };
    if (cmd === 'copy') {
      const rest = line.slice(5);
      const m = /^\s*("(?:[^"]|"")*"|[\w$.]+)/.exec(rest);
      const dir = /\bfrom\b/i.test(rest) ? 'from' : 'to';
      const program = /\bprogram\b/i.test(rest);
      if (dir === 'from') add(program ? 'copy_from_program' : 'copy_from', null);
      else add(program ? 'copy_to_program' : 'copy_to_stdout', null);
      if (m && !m[1].startsWith('(')) {
        const parts = m[1].split('.').map((p) => (p.startsWith('"') ? p.slice(1, -1) : p.toLowerCase()));
        const n = qualifyParts(parts, this.dialect);
        const at = t.start + 5 + rest.indexOf(m[1]);
        this.addTable(n.name, n.schema, n.table, dir === 'from' ? 'write' : 'read', at, at + m[1].length, false);
        this.out.actions[this.out.actions.length - 1].target = n.name;
      }
    } else if (cmd === '!') {
      add('other', 'shell');
      this.out.functions.push({ kind: 'function', name: '\\!', span: sp, dangerous: true, category: 'program', volatility: 'volatile' });
    } else if (cmd === 'gexec') {
      add('dynamic_sql', null);
      this.out.dynamicSql.push({ kind: 'dynamic_sql', span: sp, via: 'other', constant: false });
    } else add('other', `\\${cmd}`);
    return info('psql_meta');
  }

  private sp(start: number, end: number): Span {
    return span(this.lines, start, end);
  }

  private action(action: Action, target: string | null, start: number, end: number, via: Via, nested: boolean, extra: { where?: WhereState; limit?: number | null } = {}): void {
    this.out.actions.push({ kind: 'action', action, span: this.sp(start, end), target, nested, via, ...extra });
  }

  private addTable(name: string, schema: string | null, table: string, access: Access, start: number, end: number, temporary: boolean): TableFact {
    const existing = this.out.tables.find((t) => t.name === name);
    if (existing) {
      if (!existing.access.includes(access)) existing.access.push(access);
      existing.temporary ||= temporary;
      return existing;
    }
    const fact: TableFact = {
      kind: 'table',
      name,
      schema,
      table,
      access: [access],
      span: this.sp(start, end),
      createdInFile: this.file.created.has(name),
      temporary,
    };
    this.out.tables.push(fact);
    return fact;
  }

  /** A table name read at toks[i]; null when it is not a name (or a CTE). */
  private table(toks: Tok[], i: number, to: number, access: Access, temporary = false): { name: string; read: NameRead } | null {
    const read = readName(toks, i, to);
    if (!read) return null;
    if (read.parts.length === 1 && this.ctes.has(read.parts[0])) return { name: read.parts[0], read };
    const n = qualifyParts(read.parts, this.dialect);
    this.addTable(n.name, n.schema, n.table, access, read.start, read.end, temporary);
    return { name: n.name, read };
  }

  /** An object name (not a table fact): schema-qualified like a table when `qualified`. */
  private objectName(toks: Tok[], i: number, to: number, qualified: boolean): { name: string | null; next: number; end: number } {
    const t = toks[i];
    if (t && t.kind === 'string') {
      // MySQL accounts: 'user'@'host'
      let name = stringValue(t);
      let next = i + 1;
      let end = t.end;
      const at = toks[next];
      if (at && (at.kind === 'variable' || at.text === '@')) {
        name += at.text.startsWith('@') && at.text.length > 1 ? '@' + at.text.slice(1).replace(/^['"`]|['"`]$/g, '') : '@';
        end = at.end;
        next++;
        if (at.text === '@' && toks[next]) {
          name += stringValue(toks[next]);
          end = toks[next].end;
          next++;
        }
      }
      return { name, next, end };
    }
    const read = readName(toks, i, to);
    if (!read) return { name: null, next: i, end: t?.end ?? this.statementSpan.end };
    const name = qualified ? qualifyParts(read.parts, this.dialect).name : read.parts.join('.');
    return { name, next: read.next, end: read.end };
  }

  /** Kind and actions of the statement in toks[from, to); targets become table facts. */
  range(toks: Tok[], from: number, to: number, via: Via, nested: boolean): HeadInfo {
    if (++this.depthGuard > 64) return info('unknown');
    try {
      let i = from;
      while (i < to && isPunct(toks[i], '(')) i++;
      if (i >= to) return info('unknown');
      // a label (`lbl: BEGIN`) in a compound body
      const w = toks[i].up;
      const t0 = toks[i];
      switch (w) {
        case 'SELECT':
        case 'VALUES':
          return this.select(toks, i, to, via, nested);
        case 'TABLE': {
          this.action('select', null, t0.start, t0.end, via, nested);
          this.table(toks, i + 1, to, 'read');
          return info('select');
        }
        case 'WITH':
          return this.with(toks, i, to, via, nested);
        case 'INSERT':
        case 'REPLACE':
        case 'UPSERT':
          return this.insert(toks, i, to, via, nested);
        case 'UPDATE':
          return this.update(toks, i, to, via, nested);
        case 'DELETE':
          return this.delete(toks, i, to, via, nested);
        case 'MERGE':
          return this.merge(toks, i, to, via, nested);
        case 'TRUNCATE':
          return this.truncate(toks, i, to, via, nested);
        case 'DROP':
          return this.drop(toks, i, to, via, nested);
        case 'CREATE':
          return this.create(toks, i, to, via, nested);
        case 'ALTER':
          return this.alter(toks, i, to, via, nested);
        case 'RENAME':
          return this.rename(toks, i, to, via, nested);
        case 'GRANT':
        case 'REVOKE':
          return this.grant(toks, i, to, via, nested);
        case 'BEGIN':
        case 'START': {
          if (w === 'START' && toks[i + 1]?.up !== 'TRANSACTION') return this.unknown(toks, i, via, nested);
          this.action('begin', null, t0.start, t0.end, via, nested);
          return info('begin');
        }
        case 'ROLLBACK': {
          const toSave = findWord(toks, i + 1, to, 'TO') >= 0;
          this.action(toSave ? 'savepoint' : 'rollback', null, t0.start, t0.end, via, nested);
          return info(toSave ? 'rollback_to_savepoint' : 'rollback');
        }
        case 'RELEASE':
          this.action('other', null, t0.start, t0.end, via, nested);
          return info('release_savepoint');
        case 'SET':
        case 'RESET':
          return this.set(toks, i, to, via, nested);
        case 'EXPLAIN':
        case 'DESCRIBE':
        case 'DESC':
          return this.explain(toks, i, to, via, nested);
        case 'PREPARE':
          return this.prepare(toks, i, to, via, nested);
        case 'EXECUTE':
        case 'EXEC':
          return this.execute(toks, i, to, via, nested);
        case 'CALL': {
          const o = this.objectName(toks, i + 1, to, true);
          this.action('call', o.name, t0.start, o.end, via, nested);
          return info('call');
        }
        case 'DO': {
          this.action('other', null, t0.start, t0.end, via, nested);
          return info('do');
        }
        case 'COPY':
          return this.copy(toks, i, to, via, nested);
        case 'LOAD':
          return this.load(toks, i, to, via, nested);
        case 'LOCK': {
          let j = i + 1;
          if (toks[j]?.up === 'TABLE' || toks[j]?.up === 'TABLES') j++;
          for (;;) {
            if (toks[j]?.up === 'ONLY') j++;
            const tb = this.table(toks, j, to, 'read');
            if (!tb) break;
            this.action('lock_table', tb.name, t0.start, tb.read.end, via, nested);
            j = tb.read.next;
            while (j < to && !isPunct(toks[j], ',')) j++;
            if (j >= to) break;
            j++;
          }
          return info('lock_table');
        }
        case 'USE': {
          const o = this.objectName(toks, i + 1, to, false);
          this.action('use_database', o.name, t0.start, o.end, via, nested);
          return info('use');
        }
        case 'COMMENT':
          this.action('comment', null, t0.start, t0.end, via, nested);
          return info('comment');
        case 'REFRESH': {
          const j = findWord(toks, i + 1, to, 'VIEW');
          const o = j >= 0 ? this.objectName(toks, j + 1 + (toks[j + 1]?.up === 'CONCURRENTLY' ? 1 : 0), to, true) : { name: null, end: t0.end };
          this.action('refresh_materialized_view', o.name, t0.start, o.end, via, nested);
          return info('refresh_materialized_view');
        }
        case 'PERFORM':
          return this.select(toks, i, to, via, nested);
      }
      const simple = SIMPLE[w];
      if (simple) {
        if (w === 'SHOW' && toks[i + 1]?.up === 'GRANTS') {
          this.action('show', null, t0.start, t0.end, via, nested);
          return info('show');
        }
        this.action(simple[1], null, t0.start, t0.end, via, nested);
        return info(simple[0]);
      }
      return this.unknown(toks, i, via, nested);
    } finally {
      this.depthGuard--;
    }
  }

  private unknown(toks: Tok[], i: number, via: Via, nested: boolean): HeadInfo {
    const t = toks[i];
    this.action('other', null, t.start, t.end, via, nested);
    return info('unknown');
  }

  private statementLimit(toks: Tok[], from: number, to: number, depth: number): number | 'all' | 'param' | null {
    const j = findWord(toks, from, to, 'LIMIT', depth);
    if (j < 0) return null;
    const v = toks[j + 1];
    if (!v) return null;
    if (v.up === 'ALL') return 'all';
    if (v.kind === 'parameter' || v.kind === 'variable') return 'param';
    if (v.kind === 'number') {
      // MySQL `LIMIT offset, count`
      if (isPunct(toks[j + 2], ',') && toks[j + 3]?.kind === 'number') return Number(toks[j + 3].text);
      return Number(v.text);
    }
    return null;
  }

  private select(toks: Tok[], i: number, to: number, via: Via, nested: boolean): HeadInfo {
    const t0 = toks[i];
    const d = t0.depth;
    this.action('select', null, t0.start, t0.end, via, nested);
    let kind = 'select';
    const into = findWord(toks, i + 1, to, 'INTO', d);
    if (into >= 0) {
      const next = toks[into + 1];
      if (next && (next.up === 'OUTFILE' || next.up === 'DUMPFILE')) {
        const file = toks[into + 2]?.kind === 'string' ? stringValue(toks[into + 2]) : null;
        const end = toks[into + 2]?.end ?? next.end;
        this.action('into_outfile', file, toks[into].start, end, via, nested);
        this.action('write_server_file', file, toks[into].start, end, via, nested);
        kind = 'select_into_outfile';
      } else if (next && isName(next) && !MYSQL_FAMILY.has(this.dialect)) {
        let j = into + 1;
        const temp = next.up === 'TEMP' || next.up === 'TEMPORARY';
        while (toks[j] && (toks[j].up === 'TEMP' || toks[j].up === 'TEMPORARY' || toks[j].up === 'UNLOGGED' || toks[j].up === 'TABLE')) j++;
        const tb = this.table(toks, j, to, 'write', temp);
        if (tb) {
          const fact = this.out.tables.find((t) => t.name === tb.name);
          if (fact && !fact.access.includes('ddl')) fact.access.push('ddl');
          this.action('select_into', tb.name, toks[into].start, tb.read.end, via, nested);
          kind = 'select_into';
        }
      }
    }
    return info(kind, { limit: this.statementLimit(toks, i + 1, to, d) });
  }

  private with(toks: Tok[], i: number, to: number, via: Via, nested: boolean): HeadInfo {
    const d = toks[i].depth;
    let j = i + 1;
    if (toks[j]?.up === 'RECURSIVE') j++;
    let modifying = false;
    while (j < to) {
      const nameTok = toks[j];
      if (!isName(nameTok)) break;
      const name = readName(toks, j, to);
      if (!name) break;
      this.ctes.add(name.parts[name.parts.length - 1]);
      j = name.next;
      if (isPunct(toks[j], '(')) j = this.skipParens(toks, j, to);
      if (toks[j]?.up !== 'AS') break;
      j++;
      while (toks[j] && (toks[j].up === 'NOT' || toks[j].up === 'MATERIALIZED')) j++;
      if (!isPunct(toks[j], '(')) break;
      const close = this.skipParens(toks, j, to);
      const bodyHead = toks[j + 1]?.up;
      if (bodyHead === 'INSERT' || bodyHead === 'UPDATE' || bodyHead === 'DELETE' || bodyHead === 'MERGE') {
        modifying = true;
        this.range(toks, j + 1, close - 1, 'cte', true);
      }
      j = close;
      if (isPunct(toks[j], ',')) j++;
      else break;
    }
    // the main statement
    while (j < to && toks[j].depth !== d) j++;
    if (j >= to) return info('unknown', { dataModifyingCte: modifying });
    const main = this.range(toks, j, to, via, nested);
    return { ...main, dataModifyingCte: modifying || main.dataModifyingCte };
  }

  /** Index just after the `)` matching the `(` at toks[j]. */
  private skipParens(toks: Tok[], j: number, to: number): number {
    const d = toks[j].depth;
    for (let k = j + 1; k < to; k++) if (isPunct(toks[k], ')') && toks[k].depth === d) return k + 1;
    return to;
  }

  private insert(toks: Tok[], i: number, to: number, via: Via, nested: boolean): HeadInfo {
    const t0 = toks[i];
    const d = t0.depth;
    let upsert = t0.up === 'REPLACE' || t0.up === 'UPSERT';
    let j = i + 1;
    while (j < to && ['LOW_PRIORITY', 'DELAYED', 'HIGH_PRIORITY', 'IGNORE', 'INTO', 'OVERWRITE', 'TABLE', 'OR', 'REPLACE', 'ROLLBACK', 'ABORT', 'FAIL'].includes(toks[j].up)) {
      if (toks[j].up === 'REPLACE') upsert = true;
      j++;
    }
    const tb = this.table(toks, j, to, 'write');
    const target = tb?.name ?? null;
    const end = tb?.read.end ?? t0.end;
    this.action('insert', target, t0.start, end, via, nested);
    const onDup = findWord(toks, j, to, 'DUPLICATE', d);
    const onConflict = findWord(toks, j, to, 'CONFLICT', d);
    if (onDup >= 0) upsert = true;
    if (onConflict >= 0 && toks[findWord(toks, onConflict, to, 'DO', d) + 1]?.up === 'UPDATE') upsert = true;
    if (upsert) this.action('upsert', target, t0.start, end, via, nested);
    const sel = findWord(toks, j, to, new Set(['SELECT', 'WITH', 'TABLE']), d);
    if (sel >= 0 && toks[sel].up !== 'TABLE') this.action('select', null, toks[sel].start, toks[sel].end, 'subquery', true);
    const returning = findWord(toks, j, to, 'RETURNING', d) >= 0;
    return info(t0.up === 'REPLACE' ? 'replace' : 'insert', { returning });
  }

  private update(toks: Tok[], i: number, to: number, via: Via, nested: boolean): HeadInfo {
    const t0 = toks[i];
    const d = t0.depth;
    let j = i + 1;
    while (j < to && ['LOW_PRIORITY', 'IGNORE', 'ONLY', 'OR', 'ROLLBACK', 'ABORT', 'REPLACE', 'FAIL'].includes(toks[j].up)) j++;
    const tb = this.table(toks, j, to, 'write');
    const where = this.whereOf(toks, j, to, d);
    const limit = this.statementLimit(toks, j, to, d);
    this.action('update', tb?.name ?? null, t0.start, tb?.read.end ?? t0.end, via, nested, { where, limit: typeof limit === 'number' ? limit : null });
    return info('update', { where, limit, returning: findWord(toks, j, to, 'RETURNING', d) >= 0 });
  }

  private whereOf(toks: Tok[], from: number, to: number, d: number): WhereState {
    const w = findWord(toks, from, to, 'WHERE', d);
    if (w < 0) return 'absent';
    let end = w + 1;
    while (end < to && !(toks[end].depth === d && ['LIMIT', 'ORDER', 'RETURNING', 'GROUP', 'WINDOW', 'OPTION'].includes(toks[end].up)) && toks[end].depth >= d) end++;
    if (toks[w + 1]?.up === 'CURRENT' && toks[w + 2]?.up === 'OF') return 'present';
    return whereStateOf(toks, w + 1, end);
  }

  private delete(toks: Tok[], i: number, to: number, via: Via, nested: boolean): HeadInfo {
    const t0 = toks[i];
    const d = t0.depth;
    let j = i + 1;
    while (j < to && ['LOW_PRIORITY', 'QUICK', 'IGNORE'].includes(toks[j].up)) j++;
    const targets: { name: string; end: number }[] = [];
    if (toks[j]?.up !== 'FROM') {
      // MySQL multi-table `DELETE t1, t2 FROM ...` (or `DELETE t FROM`), T-SQL `DELETE t WHERE`
      for (;;) {
        const tb = this.table(toks, j, to, 'write');
        if (!tb) break;
        targets.push({ name: tb.name, end: tb.read.end });
        j = tb.read.next;
        if (isPunct(toks[j], '.') && toks[j + 1]?.text === '*') j += 2;
        if (!isPunct(toks[j], ',')) break;
        j++;
      }
    }
    if (toks[j]?.up === 'FROM') {
      j++;
      if (toks[j]?.up === 'ONLY') j++;
      if (targets.length === 0) {
        const tb = this.table(toks, j, to, 'write');
        if (tb) {
          targets.push({ name: tb.name, end: tb.read.end });
          j = tb.read.next;
        }
      }
    }
    const where = this.whereOf(toks, j, to, d);
    const limit = this.statementLimit(toks, j, to, d);
    if (targets.length === 0) targets.push({ name: '', end: t0.end });
    for (const t of targets) {
      this.action('delete', t.name || null, t0.start, t.end, via, nested, { where, limit: typeof limit === 'number' ? limit : null });
    }
    return info('delete', { where, limit, returning: findWord(toks, j, to, 'RETURNING', d) >= 0 });
  }

  private merge(toks: Tok[], i: number, to: number, via: Via, nested: boolean): HeadInfo {
    const t0 = toks[i];
    let j = i + 1;
    if (toks[j]?.up === 'INTO') j++;
    const tb = this.table(toks, j, to, 'write');
    const target = tb?.name ?? null;
    this.action('merge', target, t0.start, tb?.read.end ?? t0.end, via, nested, { where: 'present' });
    for (let k = j; k < to; k++) {
      if (toks[k].up !== 'THEN') continue;
      const n = toks[k + 1];
      if (!n) break;
      const act: Action | null = n.up === 'DELETE' ? 'delete' : n.up === 'UPDATE' ? 'update' : n.up === 'INSERT' ? 'insert' : null;
      if (act) this.action(act, target, n.start, n.end, 'merge', true, act === 'insert' ? {} : { where: 'present' });
    }
    return info('merge', { where: 'present' });
  }

  private truncate(toks: Tok[], i: number, to: number, via: Via, nested: boolean): HeadInfo {
    const t0 = toks[i];
    let j = i + 1;
    if (toks[j]?.up === 'TABLE') j++;
    for (;;) {
      if (toks[j]?.up === 'ONLY') j++;
      const tb = this.table(toks, j, to, 'write');
      if (!tb) break;
      this.action('truncate', tb.name, t0.start, tb.read.end, via, nested);
      j = tb.read.next;
      if (isPunct(toks[j], '*')) j++;
      if (!isPunct(toks[j], ',')) break;
      j++;
    }
    if (!this.out.actions.some((a) => a.action === 'truncate')) this.action('truncate', null, t0.start, t0.end, via, nested);
    return info('truncate');
  }

  private drop(toks: Tok[], i: number, to: number, via: Via, nested: boolean): HeadInfo {
    const t0 = toks[i];
    let j = i + 1;
    while (toks[j] && (toks[j].up === 'TEMPORARY' || toks[j].up === 'TEMP')) j++;
    let typeWord = toks[j]?.up ?? '';
    if (typeWord === 'MATERIALIZED' && toks[j + 1]?.up === 'VIEW') {
      j++;
      typeWord = 'MATERIALIZED';
    }
    let action: Action | undefined = DROP_TYPES[typeWord] ?? (typeWord === 'MATERIALIZED' ? 'drop_view' : undefined);
    if (action === 'drop_schema' && MYSQL_FAMILY.has(this.dialect)) action = 'drop_database';
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
        const tb = this.table(toks, j, to, 'ddl');
        if (!tb) break;
        name = tb.name;
        end = tb.read.end;
        j = tb.read.next;
      } else {
        const o = this.objectName(toks, j, to, SCHEMA_OBJECTS.has(typeWord));
        if (!o.name) break;
        name = o.name;
        end = o.end;
        j = o.next;
      }
      this.action(action ?? 'other', name, any ? end - (name?.length ?? 0) : t0.start, end, via, nested);
      any = true;
      if (isPunct(toks[j], '(')) j = this.skipParens(toks, j, to); // DROP FUNCTION f(int)
      if (!isPunct(toks[j], ',')) break;
      j++;
    }
    if (typeWord === 'INDEX') {
      // MySQL `DROP INDEX i ON t`
      const on = findWord(toks, i + 1, to, 'ON', 0);
      if (on >= 0) this.table(toks, on + 1, to, 'ddl');
    }
    if (!any) this.action(action ?? 'other', null, t0.start, toks[Math.min(j, to - 1)]?.end ?? t0.end, via, nested);
    return info(kind);
  }

  private create(toks: Tok[], i: number, to: number, via: Via, nested: boolean): HeadInfo {
    const t0 = toks[i];
    let j = i + 1;
    let temporary = false;
    for (;;) {
      const u = toks[j]?.up ?? '';
      if (u === 'TEMP' || u === 'TEMPORARY' || u === 'GLOBAL' || u === 'LOCAL') temporary = temporary || u !== 'GLOBAL';
      if (CREATE_MODIFIERS.has(u) && !(u === 'UNIQUE' && false)) {
        j++;
        continue;
      }
      // MySQL: ALGORITHM = x, DEFINER = user, SQL SECURITY x
      if ((u === 'ALGORITHM' || u === 'DEFINER') && toks[j + 1]?.text === '=') {
        j += 3;
        while (toks[j] && (toks[j].kind === 'variable' || toks[j].text === '@' || (toks[j - 1]?.text === '@' && toks[j].kind !== 'word'))) j++;
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
    if (action === 'create_schema' && MYSQL_FAMILY.has(this.dialect)) action = 'create_database';
    j++;
    if (toks[j]?.up === 'CONCURRENTLY') j++;
    if (toks[j]?.up === 'IF' && toks[j + 1]?.up === 'NOT' && toks[j + 2]?.up === 'EXISTS') j += 3;
    let kind: string = action ?? `create_${typeWord.toLowerCase() || 'unknown'}`;
    if (typeWord === 'PROCEDURE') kind = 'create_procedure';
    if (typeWord === 'TABLE') {
      const tb = this.table(toks, j, to, 'ddl', temporary);
      const asAt = findWord(toks, tb?.read.next ?? j, to, new Set(['AS', 'SELECT']), toks[i].depth);
      const ctas = asAt >= 0 && (toks[asAt].up === 'SELECT' || ['SELECT', 'WITH', 'VALUES', 'TABLE'].includes(toks[asAt + 1]?.up ?? '') || isPunct(toks[asAt + 1], '('));
      action = ctas ? 'create_table_as' : 'create_table';
      kind = action;
      this.action(action, tb?.name ?? null, t0.start, tb?.read.end ?? t0.end, via, nested);
      const like = findWord(toks, j, to, 'LIKE', toks[i].depth);
      if (like >= 0) this.table(toks, like + 1, to, 'read');
      if (ctas) {
        const sel = toks[asAt].up === 'SELECT' ? asAt : asAt + 1;
        this.range(toks, sel, to, 'create_table_as', true);
      }
      this.references(toks, j, to);
      return info(kind);
    }
    if (typeWord === 'INDEX') {
      const on = findWord(toks, j, to, 'ON', toks[i].depth);
      let tableName: string | null = null;
      let end = t0.end;
      if (on >= 0) {
        let k = on + 1;
        if (toks[k]?.up === 'ONLY') k++;
        const tb = this.table(toks, k, to, 'ddl');
        tableName = tb?.name ?? null;
        end = tb?.read.end ?? end;
      }
      let target = tableName;
      if (on > j && isName(toks[j])) {
        const idx = readName(toks, j, on);
        if (idx) target = qualifyParts(idx.parts.length === 1 && tableName && tableName.includes('.') ? [tableName.slice(0, tableName.lastIndexOf('.')), idx.parts[0]] : idx.parts, this.dialect).name;
      }
      this.action('create_index', target, t0.start, end, via, nested);
      return info('create_index');
    }
    const o = this.objectName(toks, j, to, SCHEMA_OBJECTS.has(typeWord));
    this.action(action ?? 'other', o.name, t0.start, o.end, via, nested);
    if (typeWord === 'FUNCTION' && findWord(toks, j, to, 'SONAME') >= 0) {
      // a MySQL UDF from a shared library (lib_mysqludf_sys and friends)
      this.action('load_library', o.name, t0.start, o.end, via, nested);
    }
    if (typeWord === 'VIEW' || typeWord === 'MATERIALIZED') {
      const as = findWord(toks, o.next, to, 'AS', toks[i].depth);
      if (as >= 0) this.range(toks, as + 1, to, 'subquery', true);
    }
    if (typeWord === 'TRIGGER') {
      const on = findWord(toks, o.next, to, 'ON', toks[i].depth);
      if (on >= 0) this.table(toks, on + 1, to, 'ddl');
    }
    if (typeWord === 'POLICY' || typeWord === 'RULE') {
      const on = findWord(toks, o.next, to, 'ON', toks[i].depth);
      if (on >= 0) this.table(toks, on + 1, to, 'ddl');
    }
    return info(kind);
  }

  /** REFERENCES t in column or constraint definitions: the referenced table is read. */
  private references(toks: Tok[], from: number, to: number): void {
    for (let k = from; k < to; k++) if (toks[k].up === 'REFERENCES') this.table(toks, k + 1, to, 'read');
  }

  private alter(toks: Tok[], i: number, to: number, via: Via, nested: boolean): HeadInfo {
    const t0 = toks[i];
    let j = i + 1;
    while (toks[j] && ['ONLINE', 'OFFLINE', 'IGNORE'].includes(toks[j].up)) j++;
    const typeWord = toks[j]?.up ?? '';
    j++;
    if (typeWord === 'TABLE') {
      if (toks[j]?.up === 'IF' && toks[j + 1]?.up === 'EXISTS') j += 2;
      if (toks[j]?.up === 'ONLY') j++;
      const tb = this.table(toks, j, to, 'ddl');
      const target = tb?.name ?? null;
      this.action('alter_table', target, t0.start, tb?.read.end ?? t0.end, via, nested);
      if (tb) this.alterClauses(toks, tb.read.next, to, target, via, nested);
      this.references(toks, j, to);
      return info('alter_table');
    }
    const o = this.objectName(toks, j, to, SCHEMA_OBJECTS.has(typeWord));
    let action: Action = 'other';
    let kind = `alter_${typeWord.toLowerCase() || 'unknown'}`;
    if (typeWord === 'USER' || typeWord === 'ROLE' || typeWord === 'GROUP') action = 'alter_role';
    else if (typeWord === 'SYSTEM') action = 'alter_system';
    else if (typeWord === 'DEFAULT') {
      action = 'alter_default_privileges';
      kind = 'alter_default_privileges';
    } else if (typeWord === 'TYPE') action = findWord(toks, j, to, 'VALUE') >= 0 ? 'alter_enum' : 'alter_type';
    else if (typeWord === 'DOMAIN') action = 'alter_domain';
    else if (typeWord === 'SEQUENCE') action = 'alter_sequence';
    else if (typeWord === 'SCHEMA' && findWord(toks, j, to, 'RENAME') >= 0) action = 'rename_schema';
    if (findWord(toks, o.next, to, 'OWNER') >= 0) action = 'alter_owner';
    this.action(action, action === 'alter_system' ? (toks[j + 1]?.text.toLowerCase() ?? null) : o.name, t0.start, o.end, via, nested);
    return info(kind);
  }

  /** The comma-separated clauses of ALTER TABLE, each to its sub-action. */
  private alterClauses(toks: Tok[], from: number, to: number, target: string | null, via: Via, nested: boolean): void {
    const d = toks[from]?.depth ?? 0;
    let start = from;
    for (let k = from; k <= to; k++) {
      if (k < to && !(isPunct(toks[k], ',') && toks[k].depth === d)) continue;
      if (start < k) {
        const act = alterClauseAction(toks, start, k);
        for (const a of act) {
          // an index added by ALTER TABLE is the object created (file state records it), not the table
          const obj = a === 'create_index' ? this.indexName(toks, start, k, target) : target;
          this.action(a, obj, toks[start].start, toks[k - 1].end, via, nested);
        }
      }
      start = k + 1;
    }
  }

  /** `ADD [UNIQUE] INDEX|KEY name (...)`: the index name qualified like its table, or null when unnamed. */
  private indexName(toks: Tok[], from: number, to: number, table: string | null): string | null {
    const k = findWord(toks, from, to, new Set(['INDEX', 'KEY']));
    if (k < 0 || !isName(toks[k + 1]) || k + 1 >= to) return null;
    const name = readName(toks, k + 1, to);
    if (!name) return null;
    const schema = table && table.includes('.') ? table.slice(0, table.lastIndexOf('.')) : null;
    return qualifyParts(name.parts.length === 1 && schema ? [schema, name.parts[0]] : name.parts, this.dialect).name;
  }

  private rename(toks: Tok[], i: number, to: number, via: Via, nested: boolean): HeadInfo {
    const t0 = toks[i];
    let j = i + 1;
    if (toks[j]?.up === 'TABLE' || toks[j]?.up === 'TABLES') j++;
    else if (toks[j]?.up === 'USER') {
      this.action('alter_role', null, t0.start, t0.end, via, nested);
      return info('rename_user');
    }
    while (j < to) {
      const tb = this.table(toks, j, to, 'ddl');
      if (!tb) break;
      const first = !this.out.actions.some((a) => a.action === 'rename_table');
      this.action('rename_table', tb.name, first ? t0.start : tb.read.start, tb.read.end, via, nested);
      j = tb.read.next;
      while (j < to && !isPunct(toks[j], ',')) j++;
      j++;
    }
    if (!this.out.actions.some((a) => a.action === 'rename_table')) this.action('rename_table', null, t0.start, t0.end, via, nested);
    return info('rename_table');
  }

  private grant(toks: Tok[], i: number, to: number, via: Via, nested: boolean): HeadInfo {
    const t0 = toks[i];
    const revoke = t0.up === 'REVOKE';
    const on = findWord(toks, i + 1, to, 'ON', t0.depth);
    if (on >= 0) {
      let k = on + 1;
      if (['TABLE', 'SCHEMA', 'DATABASE', 'FUNCTION', 'PROCEDURE', 'SEQUENCE', 'ALL'].includes(toks[k]?.up ?? '')) {
        if (toks[k].up === 'ALL') k += 3; // ALL TABLES IN SCHEMA
        else k++;
      }
      const o = this.objectName(toks, k, to, false);
      let target = o.name;
      if (isPunct(toks[k], '*') || (o.name && toks[o.next - 0]?.text === '*')) target = toks.slice(k, Math.min(to, k + 3)).map((t) => t.text).join('').replace(/\s/g, '');
      if (target && /\*/.test(target)) target = target.replace(/[^*.\w]/g, '');
      this.action(revoke ? 'revoke' : 'grant', target, t0.start, toks[Math.max(on, o.next - 1)]?.end ?? t0.end, via, nested);
      return info(revoke ? 'revoke' : 'grant');
    }
    this.action(revoke ? 'revoke_role' : 'grant_role', null, t0.start, t0.end, via, nested);
    return info(revoke ? 'revoke_role' : 'grant_role');
  }

  private set(toks: Tok[], i: number, to: number, via: Via, nested: boolean): HeadInfo {
    const t0 = toks[i];
    let j = i + 1;
    const u = toks[j]?.up ?? '';
    if (u === 'ROLE') {
      this.action('set_role', toks[j + 1] ? toks[j + 1].text.toLowerCase() : null, t0.start, toks[j].end, via, nested);
      return info('set_role');
    }
    if (u === 'SESSION' && toks[j + 1]?.up === 'AUTHORIZATION') {
      this.action('set_session_authorization', toks[j + 2]?.text.toLowerCase() ?? null, t0.start, toks[j + 1].end, via, nested);
      return info('set_session_authorization');
    }
    if (u === 'TRANSACTION' || (u === 'SESSION' && toks[j + 1]?.up === 'CHARACTERISTICS')) {
      this.action('set_transaction', null, t0.start, toks[j].end, via, nested);
      return info('set_transaction');
    }
    if (u === 'PASSWORD') {
      this.action('alter_role', null, t0.start, toks[j].end, via, nested);
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
    this.action(action, name, t0.start, v?.end ?? t0.end, via, nested);
    return info(t0.up === 'RESET' ? 'reset' : 'set');
  }

  private explain(toks: Tok[], i: number, to: number, via: Via, nested: boolean): HeadInfo {
    const t0 = toks[i];
    let j = i + 1;
    let analyze = false;
    if (isPunct(toks[j], '(')) {
      const close = this.skipParens(toks, j, to);
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
      const tb = this.table(toks, j, to, 'read');
      this.action('show', tb?.name ?? null, t0.start, tb?.read.end ?? t0.end, via, nested);
      return info('show');
    }
    if (toks[j]?.up === 'FOR' && toks[j + 1]?.up === 'CONNECTION') {
      this.action('explain', null, t0.start, t0.end, via, nested);
      return info('explain', { explain: { analyze: false } });
    }
    this.action(analyze ? 'explain_analyze' : 'explain', null, t0.start, t0.end, via, nested);
    if (analyze && j < to) {
      // EXPLAIN ANALYZE runs the statement
      const inner = this.range(toks, j, to, 'explain_analyze', true);
      return { ...inner, kind: 'explain', explain: { analyze: true } };
    }
    return info('explain', { explain: { analyze } });
  }

  private prepare(toks: Tok[], i: number, to: number, via: Via, nested: boolean): HeadInfo {
    const t0 = toks[i];
    if (toks[i + 1]?.up === 'TRANSACTION') {
      this.action('prepare_transaction', null, t0.start, toks[i + 1].end, via, nested);
      return info('prepare_transaction');
    }
    const o = this.objectName(toks, i + 1, to, false);
    this.action('prepare', o.name, t0.start, o.end, via, nested);
    let j = o.next;
    if (isPunct(toks[j], '(')) j = this.skipParens(toks, j, to);
    if (toks[j]?.up === 'AS') {
      this.range(toks, j + 1, to, 'prepare', true);
    } else if (toks[j]?.up === 'FROM') {
      const src = toks[j + 1];
      const constant = src?.kind === 'string';
      this.action('dynamic_sql', o.name, t0.start, src?.end ?? t0.end, via, nested);
      this.out.dynamicSql.push({ kind: 'dynamic_sql', span: this.sp(src?.start ?? t0.start, src?.end ?? t0.end), via: 'prepare', constant });
      if (constant) this.nestedText(src, 'dynamic');
    }
    return info('prepare');
  }

  private execute(toks: Tok[], i: number, to: number, via: Via, nested: boolean): HeadInfo {
    const t0 = toks[i];
    let j = i + 1;
    // T-SQL EXEC ('...') / EXEC (@sql) / EXEC sp_executesql N'...'
    if (isPunct(toks[j], '(') || toks[j]?.kind === 'string' || toks[j]?.kind === 'variable') {
      const src = isPunct(toks[j], '(') ? toks[j + 1] : toks[j];
      const constant = src?.kind === 'string';
      this.action('execute', null, t0.start, t0.end, via, nested);
      this.action('dynamic_sql', null, t0.start, src?.end ?? t0.end, via, nested);
      this.out.dynamicSql.push({ kind: 'dynamic_sql', span: this.sp(src?.start ?? t0.start, src?.end ?? t0.end), via: 'execute', constant });
      if (constant) this.nestedText(src, 'dynamic');
      return info('execute');
    }
    if (toks[j]?.up === 'IMMEDIATE') j++;
    const o = this.objectName(toks, j, to, false);
    this.action('execute', o.name, t0.start, o.end, via, nested);
    if (o.name && /(^|\.)(sp_executesql|xp_cmdshell)$/.test(o.name)) {
      this.out.functions.push({ kind: 'function', name: o.name, span: this.sp(toks[j].start, o.end), dangerous: true, ...functionInfo(o.name) });
      if (o.name.endsWith('sp_executesql')) {
        const src = toks[o.next];
        this.out.dynamicSql.push({ kind: 'dynamic_sql', span: this.sp(src?.start ?? t0.start, src?.end ?? t0.end), via: 'exec_function', constant: src?.kind === 'string' });
        if (src?.kind === 'string') this.nestedText(src, 'dynamic');
      }
    }
    return info('execute');
  }

  private copy(toks: Tok[], i: number, to: number, via: Via, nested: boolean): HeadInfo {
    const t0 = toks[i];
    let j = i + 1;
    let query: [number, number] | null = null;
    let tableName: string | null = null;
    let tableRead: NameRead | null = null;
    if (isPunct(toks[j], '(')) {
      const close = this.skipParens(toks, j, to);
      query = [j + 1, close - 1];
      j = close;
    } else {
      tableRead = readName(toks, j, to);
      if (tableRead) {
        j = tableRead.next;
        if (isPunct(toks[j], '(')) j = this.skipParens(toks, j, to);
      }
    }
    const dir = toks[j]?.up;
    const from = dir === 'FROM';
    if (tableRead) {
      const n = qualifyParts(tableRead.parts, this.dialect);
      tableName = n.name;
      this.addTable(n.name, n.schema, n.table, from ? 'write' : 'read', tableRead.start, tableRead.end, false);
    }
    const src = toks[j + 1];
    let action: Action;
    if (src?.up === 'PROGRAM') action = from ? 'copy_from_program' : 'copy_to_program';
    else if (src?.up === 'STDIN' || src?.up === 'STDOUT') action = from ? 'copy_from' : 'copy_to_stdout';
    else action = from ? 'copy_from_file' : 'copy_to_file';
    this.action(action, tableName, t0.start, (src ?? toks[to - 1]).end, via, nested);
    if (query) this.range(toks, query[0], query[1], 'copy', true);
    return info('copy');
  }

  private load(toks: Tok[], i: number, to: number, via: Via, nested: boolean): HeadInfo {
    const t0 = toks[i];
    const u = toks[i + 1]?.up;
    if (u === 'DATA' || u === 'XML') {
      const into = findWord(toks, i + 1, to, 'INTO');
      let k = into + 1;
      if (toks[k]?.up === 'TABLE') k++;
      const tb = into >= 0 ? this.table(toks, k, to, 'write') : null;
      this.action('load_data', tb?.name ?? null, t0.start, tb?.read.end ?? t0.end, via, nested);
      // without LOCAL the server reads its own file system
      if (findWord(toks, i + 1, into >= 0 ? into : to, 'LOCAL') < 0) this.action('read_server_file', null, t0.start, t0.end, via, nested);
      return info('load_data');
    }
    this.action('load_library', toks[i + 1]?.kind === 'string' ? stringValue(toks[i + 1]) : null, t0.start, toks[i + 1]?.end ?? t0.end, via, nested);
    return info('load');
  }

  /** FROM/JOIN/USING references (read) and dangerous calls anywhere in toks[from, to). */
  scanReferences(toks: Tok[], from: number, to: number): void {
    for (let k = from; k < to; k++) {
      const t = toks[k];
      if (t.up === 'FROM' || t.up === 'JOIN' || (t.up === 'USING' && !isPunct(toks[k + 1], '('))) {
        if (t.up === 'FROM' && isDeleteFrom(toks, k)) continue;
        // IS DISTINCT FROM, COPY ... FROM PROGRAM/STDIN/'file'
        if (t.up === 'FROM' && (toks[k - 1]?.up === 'DISTINCT' || toks[k + 1]?.up === 'PROGRAM' || toks[k + 1]?.up === 'STDIN' || toks[k + 1]?.kind === 'string')) continue;
        let j = k + 1;
        for (;;) {
          while (toks[j] && (toks[j].up === 'ONLY' || toks[j].up === 'LATERAL')) j++;
          if (!isName(toks[j]) || NOT_ALIAS.has(toks[j].up)) break;
          const read = readName(toks, j, to);
          if (!read) break;
          if (isPunct(toks[read.next], '(')) break; // a function in FROM
          this.table(toks, j, to, 'read');
          j = read.next;
          if (isPunct(toks[j], '*')) j++;
          if (toks[j]?.up === 'AS') j++;
          if (isName(toks[j]) && !NOT_ALIAS.has(toks[j].up)) j++;
          if (t.up !== 'JOIN' && isPunct(toks[j], ',')) {
            j++;
            continue;
          }
          break;
        }
        if (t.up === 'FROM') this.fromCommas(toks, k, to);
        continue;
      }
      if (t.kind === 'word' && isPunct(toks[k + 1], '(') && !isPunct(toks[k - 1], '.')) {
        const name = t.text.toLowerCase();
        const fi = functionInfo(name);
        if (fi.category !== 'none') {
          this.out.functions.push({ kind: 'function', name, span: this.sp(t.start, t.end), dangerous: true, ...fi });
          if (name === 'load_file') this.action('read_server_file', null, t.start, t.end, 'top', false);
        }
      } else if (t.up === 'WAITFOR' && (toks[k + 1]?.up === 'DELAY' || toks[k + 1]?.up === 'TIME')) {
        this.out.functions.push({ kind: 'function', name: 'waitfor', span: this.sp(t.start, t.end), dangerous: true, category: 'sleep', volatility: 'volatile' });
      }
    }
  }

  /** `FROM a JOIN b ON ..., c`: names after commas at the FROM clause's depth, up to the clause's end. */
  private fromCommas(toks: Tok[], k: number, to: number): void {
    const d = toks[k].depth;
    let seenJoin = false;
    for (let j = k + 1; j < to; j++) {
      const t = toks[j];
      if (t.depth < d) return;
      if (t.depth !== d) continue;
      if (FROM_END.has(t.up) || isPunct(t, ';')) return;
      if (t.up === 'JOIN') seenJoin = true;
      // commas before any JOIN are read by the plain list reader
      if (seenJoin && isPunct(t, ',') && isName(toks[j + 1]) && !NOT_ALIAS.has(toks[j + 1].up)) {
        const read = readName(toks, j + 1, to);
        if (read && !isPunct(toks[read.next], '(')) this.table(toks, j + 1, to, 'read');
      }
    }
  }

  /** Statements inside a compound body or a dollar-quoted routine / DO body, as nested actions. */
  private bodies(toks: Tok[], kind: string): void {
    const routine = kind === 'create_function' || kind === 'create_procedure' || kind === 'create_trigger' || kind === 'create_event' || kind === 'do';
    if (!routine) return;
    const via: Via = kind === 'do' ? 'do_block' : kind === 'create_trigger' ? 'trigger' : 'function_body';
    this.compound(toks, 1, toks.length, via);
    for (const t of toks) {
      if (t.kind === 'string' && t.text.startsWith('$')) this.nestedText(t, via);
      // SQL-language routine bodies in plain strings: AS 'DELETE FROM t'
    }
  }

  /** Nested statements in toks[from, to): each begins after `;` or a body keyword. */
  private compound(toks: Tok[], from: number, to: number, via: Via): void {
    let seenBody = false;
    for (let k = from; k < to; k++) {
      const t = toks[k];
      if (!VERBS.has(t.up)) continue;
      const prev = toks[k - 1];
      const starts = isPunct(prev, ';') || (prev && BODY_OPENERS.has(prev.up)) || (prev && isPunct(prev, ':') ) || (!seenBody && prev && isPunct(prev, ')') && t.up !== 'SET');
      if (!starts || t.up === 'DO' || (t.up === 'SET' && !isPunct(prev, ';') && !(prev && BODY_OPENERS.has(prev.up)))) continue;
      seenBody = true;
      let end = k + 1;
      while (end < to && !isPunct(toks[end], ';')) end++;
      this.range(toks, k, end, via, true);
      this.scanReferences(toks, k, end);
    }
  }

  /** SQL text inside a string token (dollar-quoted body, PREPARE FROM '...'), analysed as nested statements. */
  private nestedText(t: Tok, via: Via): void {
    if (this.depthGuard > 8) return;
    const start = stringContentStart(t);
    let end = t.end;
    if (t.text.startsWith('$')) {
      const tag = t.text.slice(0, t.text.indexOf('$', 1) + 1);
      if (t.text.endsWith(tag) && t.text.length >= 2 * tag.length) end -= tag.length;
    } else if (end > start) end -= 1;
    if (end <= start) return;
    const plain = !t.text.startsWith('$') && /\\|''/.test(t.text);
    if (plain) {
      // escapes change offsets: analyse the value, keep spans on the string token
      const value = stringValue(t);
      const lx = significantIn(value, 0, value.length, this.dialect).sig.map((x) => ({ ...x, start: t.start, end: t.end }));
      this.depthGuard++;
      this.compoundText(lx, via);
      this.depthGuard--;
      return;
    }
    const { sig } = significantIn(this.source, start, end, this.dialect);
    this.depthGuard++;
    this.compoundText(sig, via);
    this.depthGuard--;
  }

  private compoundText(sig: Tok[], via: Via): void {
    if (sig.length === 0) return;
    // the text itself is a statement list: classify its first statement, then the rest
    let end = 0;
    while (end < sig.length && !isPunct(sig[end], ';')) end++;
    if (VERBS.has(sig[0].up)) {
      this.range(sig, 0, end, via, true);
      this.scanReferences(sig, 0, end);
    }
    this.compound(sig, 1, sig.length, via);
  }
}

function isDeleteFrom(toks: Tok[], k: number): boolean {
  let j = k - 1;
  while (j >= 0 && ['LOW_PRIORITY', 'QUICK', 'IGNORE'].includes(toks[j].up)) j--;
  return toks[j]?.up === 'DELETE';
}

/** The sub-actions of one ALTER TABLE clause. */
export function alterClauseAction(toks: Tok[], from: number, to: number): Action[] {
  const w = (k: number): string => (from + k < to ? toks[from + k].up : '');
  const a = w(0);
  const b = w(1);
  if (a === 'ADD') {
    let k = 1;
    if (b === 'CONSTRAINT') k = isName(toks[from + 2]) && !['FOREIGN', 'PRIMARY', 'UNIQUE', 'CHECK', 'EXCLUDE'].includes(w(2)) ? 3 : 2;
    const c = w(k);
    if (c === 'FOREIGN') return ['add_constraint', 'add_foreign_key'];
    if (c === 'PRIMARY') return ['add_constraint', 'add_primary_key'];
    if (c === 'UNIQUE') return ['add_constraint', 'add_unique'];
    if (c === 'CHECK') return ['add_constraint', 'add_check'];
    if (c === 'EXCLUDE') return ['add_constraint', 'add_exclusion'];
    if (c === 'INDEX' || c === 'KEY' || c === 'FULLTEXT' || c === 'SPATIAL') return ['create_index'];
    if (c === 'PARTITION') return ['other'];
    return ['add_column'];
  }
  if (a === 'DROP') {
    if (b === 'COLUMN') return ['drop_column'];
    if (b === 'CONSTRAINT' || b === 'FOREIGN' || b === 'CHECK' || b === 'PRIMARY') return ['drop_constraint'];
    if (b === 'INDEX' || b === 'KEY') return ['drop_index'];
    if (b === 'PARTITION') return ['other'];
    if (b === 'DEFAULT') return ['drop_default'];
    return ['drop_column'];
  }
  if (a === 'RENAME') {
    if (b === 'TO' || b === 'AS') return ['rename_table'];
    if (b === 'INDEX' || b === 'KEY' || b === 'CONSTRAINT') return ['other'];
    return ['rename_column'];
  }
  if (a === 'MODIFY') return ['alter_column_type'];
  if (a === 'CHANGE') {
    let k = 1;
    if (b === 'COLUMN') k = 2;
    const oldName = toks[from + k]?.text.toLowerCase();
    const newName = toks[from + k + 1]?.text.toLowerCase();
    return oldName && newName && oldName !== newName ? ['rename_column', 'alter_column_type'] : ['alter_column_type'];
  }
  if (a === 'ALTER') {
    const k = b === 'COLUMN' ? 3 : 2;
    const c = w(k);
    const d = w(k + 1);
    if (c === 'TYPE' || (c === 'SET' && d === 'DATA')) return ['alter_column_type'];
    if (c === 'SET' && d === 'NOT') return ['set_not_null'];
    if (c === 'DROP' && d === 'NOT') return ['drop_not_null'];
    if (c === 'SET' && d === 'DEFAULT') return ['set_default'];
    if (c === 'DROP' && d === 'DEFAULT') return ['drop_default'];
    return ['other'];
  }
  if (a === 'VALIDATE') return ['validate_constraint'];
  if (a === 'ATTACH') return ['attach_partition'];
  if (a === 'DETACH') return ['detach_partition'];
  if (a === 'OWNER') return ['alter_owner'];
  if ((a === 'ENABLE' || a === 'FORCE') && b === 'ROW') return ['enable_rls'];
  if ((a === 'DISABLE' || a === 'NO') && (b === 'ROW' || b === 'FORCE')) return ['disable_rls'];
  if (a === 'ALGORITHM' || a === 'LOCK') return [];
  return ['other'];
}
