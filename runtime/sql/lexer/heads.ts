// The keyword-driven classifier behind classifyUnparsed: reads a statement's leading keywords
// into a kind and actions, its table names into table facts, and recurses into the statements
// it carries (CTE bodies, EXPLAIN ANALYZE, COPY (query), PREPARE, routine and DO bodies).
// The statement readers live by family in heads-dml.ts, heads-ddl.ts and heads-other.ts.
import type { Access, Action, Dialect, Span, TableFact, Via, WhereState } from '../../facts/types.js';
import type { FileState } from '../file-state.js';
import type { FactSink } from '../sink.js';
import { span, type LineIndex } from '../../text/spans.js';
import { findWord, isName, isPunct, readName, significantIn, stepOver, stringContentStart, stringValue, type NameRead, type Tok } from './cursor.js';
import { functionAction, functionInfo } from './functions.js';
import { info, VERBS, type HeadInfo } from './heads-common.js';
import { alter, create, drop, rename } from './heads-ddl.js';
import { deleteStatement, insert, merge, select, truncate, update, withStatement } from './heads-dml.js';
import { attach, bulkInsert, copy, execute, explain, exportData, grant, load, meta, prepare, set } from './heads-other.js';
import { defaultPrivilegesGranteeFrom } from './grant-postgres.js';
import { qualifyParts } from './names.js';
import { startsStatement } from './strays.js';

export type { HeadInfo } from './heads-common.js';

/** Tokens after which a nested statement may begin inside a compound body. */
const BODY_OPENERS = new Set(['BEGIN', 'THEN', 'ELSE', 'LOOP', 'REPEAT', 'DO', 'ATOMIC', 'ROW', 'ALSO', 'INSTEAD']);
/** Words that end a table reference list (never an alias). */
const NOT_ALIAS = new Set([
  'WHERE', 'JOIN', 'INNER', 'LEFT', 'RIGHT', 'FULL', 'CROSS', 'NATURAL', 'ON', 'USING', 'GROUP', 'ORDER', 'LIMIT',
  'HAVING', 'UNION', 'EXCEPT', 'INTERSECT', 'SET', 'WINDOW', 'RETURNING', 'FOR', 'OFFSET', 'FETCH', 'LATERAL',
  'STRAIGHT_JOIN', 'PARTITION', 'INTO', 'VALUES', 'WHEN', 'THEN', 'OUTER', 'AND', 'OR', 'TABLESAMPLE', 'USE',
  'FORCE', 'IGNORE', 'SELECT', 'FROM', 'AS', 'WITH', 'DEFAULT', 'QUALIFY', 'CONNECT', 'START', 'LOCK', 'SEMI', 'ANTI',
]);
/** Words that end a FROM clause at its depth. */
const FROM_END = new Set(['WHERE', 'GROUP', 'ORDER', 'LIMIT', 'HAVING', 'UNION', 'EXCEPT', 'INTERSECT', 'WINDOW', 'RETURNING', 'FOR', 'OFFSET', 'FETCH', 'INTO', 'QUALIFY', 'SET', 'VALUES', 'SELECT']);
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
  UNLOCK: ['unlock_tables', 'other'],
  FLUSH: ['flush', 'other'],
  KILL: ['kill', 'other'],
  OPTIMIZE: ['optimize', 'other'],
  REPAIR: ['repair', 'other'],
  HANDLER: ['handler', 'other'],
  SHUTDOWN: ['shutdown', 'other'],
  UNINSTALL: ['uninstall', 'other'],
};

export class Classifier {
  /** CTE names of the statement: never tables */
  readonly ctes = new Set<string>();
  /** recursion depth (nested bodies and texts), bounded */
  depthGuard = 0;
  /** table facts by name (statements can list thousands of tables) */
  readonly tableIndex = new Map<string, TableFact>();
  /** a statement was read after garbage (`strays`): its actions may repeat ones already found */
  private strayFound = false;

  constructor(
    readonly source: string,
    readonly dialect: Dialect,
    readonly lines: LineIndex,
    readonly file: FileState,
    readonly out: FactSink,
    readonly statementSpan: Span,
  ) {}

  /** A whole statement: its head, then table references and dangerous calls anywhere in it. */
  /** A client backslash command (psql meta-command, mysql client command). */
  meta(toks: Tok[]): HeadInfo {
    return meta(this, toks);
  }

  statement(toks: Tok[]): HeadInfo {
    if (toks.length === 0) return info('unknown');
    const head = this.range(toks, 0, toks.length, 'top', false);
    // every statement does something: what the readers could not name is `other`
    if (!this.out.actions.some((a) => !a.nested)) this.action('other', null, toks[0].start, toks[0].end, 'top', false);
    this.scanReferences(toks, 0, toks.length);
    this.bodies(toks, head.kind);
    if (this.strayFound) this.dedupeActions();
    return head;
  }

  sp(start: number, end: number): Span {
    return span(this.lines, start, end);
  }

  action(action: Action, target: string | null, start: number, end: number, via: Via, nested: boolean, extra: { where?: WhereState; limit?: number | null } = {}): void {
    this.out.actions.push({ kind: 'action', action, span: this.sp(start, end), target, nested, via, ...extra });
  }

  addTable(name: string, schema: string | null, table: string, access: Access, start: number, end: number, temporary: boolean, qualified = false): TableFact {
    const existing = this.tableIndex.get(name);
    if (existing) {
      if (!existing.access.includes(access)) existing.access.push(access);
      existing.temporary ||= temporary;
      existing.qualified &&= qualified;
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
      qualified,
    };
    this.out.tables.push(fact);
    this.tableIndex.set(name, fact);
    return fact;
  }

  /** A table name read at toks[i]; null when it is not a name (or a CTE). */
  table(toks: Tok[], i: number, to: number, access: Access, temporary = false): { name: string; read: NameRead } | null {
    const read = readName(toks, i, to);
    if (!read) return null;
    if (read.parts.length === 1 && this.ctes.has(read.parts[0])) return { name: read.parts[0], read };
    const n = qualifyParts(read.parts, this.dialect);
    this.addTable(n.name, n.schema, n.table, access, read.start, read.end, temporary, read.parts.length >= 2);
    return { name: n.name, read };
  }

  /** An object name (not a table fact): schema-qualified like a table when `qualified`. */
  objectName(toks: Tok[], i: number, to: number, qualified: boolean): { name: string | null; next: number; end: number } {
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
      const w = toks[i].up;
      const t0 = toks[i];
      switch (w) {
        case 'SELECT':
        case 'VALUES':
          return select(this, toks, i, to, via, nested);
        case 'TABLE': {
          this.action('select', null, t0.start, t0.end, via, nested);
          this.table(toks, i + 1, to, 'read');
          return info('select');
        }
        case 'WITH':
          return withStatement(this, toks, i, to, via, nested);
        case 'INSERT':
        case 'REPLACE':
        case 'UPSERT':
          return insert(this, toks, i, to, via, nested);
        case 'UPDATE':
          return update(this, toks, i, to, via, nested);
        case 'DELETE':
          return deleteStatement(this, toks, i, to, via, nested);
        case 'MERGE':
          return merge(this, toks, i, to, via, nested);
        case 'TRUNCATE':
          return truncate(this, toks, i, to, via, nested);
        case 'DROP':
          return drop(this, toks, i, to, via, nested);
        case 'CREATE':
          return create(this, toks, i, to, via, nested);
        case 'ALTER':
          return alter(this, toks, i, to, via, nested);
        case 'RENAME':
          return rename(this, toks, i, to, via, nested);
        case 'GRANT':
        case 'REVOKE':
          return grant(this, toks, i, to, via, nested);
        case 'BEGIN':
        case 'START': {
          if (w === 'START' && toks[i + 1]?.up !== 'TRANSACTION') return this.unknown(toks, i, via, nested, to);
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
          return set(this, toks, i, to, via, nested);
        case 'EXPLAIN':
        case 'DESCRIBE':
        case 'DESC':
          return explain(this, toks, i, to, via, nested);
        case 'PREPARE':
          return prepare(this, toks, i, to, via, nested);
        case 'EXECUTE':
        case 'EXEC':
          return execute(this, toks, i, to, via, nested);
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
          return copy(this, toks, i, to, via, nested);
        case 'ATTACH':
          return attach(this, toks, i, to, via, nested);
        case 'BULK':
          if (toks[i + 1]?.up === 'INSERT') return bulkInsert(this, toks, i, to, via, nested);
          return this.unknown(toks, i, via, nested, to);
        case 'EXPORT':
          if (toks[i + 1]?.up === 'DATA') return exportData(this, toks, i, to, via, nested);
          return this.unknown(toks, i, via, nested, to);
        case 'LOAD':
          return load(this, toks, i, to, via, nested);
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
          return select(this, toks, i, to, via, nested);
      }
      const simple = SIMPLE[w];
      if (w === 'VACUUM') {
        // SQLite `VACUUM [schema] INTO 'file'` writes a copy of the whole database to a file
        const into = findWord(toks, i + 1, Math.min(to, i + 3), 'INTO');
        const f = into >= 0 ? toks[into + 1] : undefined;
        if (f && f.kind === 'string') {
          this.action('vacuum', null, t0.start, t0.end, via, nested);
          this.action('write_server_file', stringValue(f), t0.start, f.end, via, nested);
          return info('vacuum');
        }
      }
      if (simple) {
        if (w === 'SHOW' && toks[i + 1]?.up === 'GRANTS') {
          this.action('show', null, t0.start, t0.end, via, nested);
          return info('show');
        }
        this.action(simple[1], null, t0.start, t0.end, via, nested);
        return info(simple[0]);
      }
      return this.unknown(toks, i, via, nested, to);
    } finally {
      this.depthGuard--;
    }
  }

  /** An unknown head: an `other` action, and (fail closed) the statements that begin after it,
   * as in `xyzzy garbage DROP TABLE users`; the kind stays `unknown`. */
  unknown(toks: Tok[], i: number, via: Via, nested: boolean, to = toks.length): HeadInfo {
    const t = toks[i];
    this.action('other', null, t.start, t.end, via, nested);
    const stray = this.strays(toks, i + 1, to, via, nested, '');
    return stray ? { ...stray, kind: 'unknown' } : info('unknown');
  }

  /** Statements beginning inside toks[from, to) of a statement no parser accepted (its first word
   * `head`), each read from its keywords up to the next one; actions already found (in a CTE, a
   * body) are not repeated. Returns the first one's head, or null when there is none. */
  strays(toks: Tok[], from: number, to: number, via: Via, nested: boolean, head: string): HeadInfo | null {
    if (head === 'EXPLAIN' || head === 'DESCRIBE' || head === 'DESC') return null; // EXPLAIN's statement does not run
    if (head === 'GRANT' || head === 'REVOKE') {
      // privilege names come before TO / FROM
      const k = findWord(toks, from, to, head === 'GRANT' ? 'TO' : 'FROM', toks[from - 1]?.depth ?? 0);
      if (k < 0) return null;
      from = k + 1;
    }
    const starts: number[] = [];
    for (let k = from; k < to; k++) if (toks[k].up !== '' && startsStatement(toks, k, to, head)) starts.push(k);
    if (starts.length === 0) return null;
    this.strayFound = true;
    let first: HeadInfo | null = null;
    for (let s = 0; s < starts.length; s++) {
      const h = this.range(toks, starts[s], s + 1 < starts.length ? starts[s + 1] : to, via, nested);
      first ??= h;
    }
    return first;
  }

  /** For a statement no parser accepted, after `statement`: statements beginning after its head
   * (`SELECT 1 <bad bytes> DROP TABLE users`), fail closed. */
  strayStatements(toks: Tok[]): void {
    if (toks.length < 2 || !this.strays(toks, 1, toks.length, 'top', false, toks[0].up)) return;
    this.dedupeActions();
  }

  /** Keep the first of actions with the same action, target and start (a stray statement found
   * again by the reader of a CTE or body keeps its nesting). */
  private dedupeActions(): void {
    const seen = new Set<string>();
    const list = this.out.actions;
    let n = 0;
    for (const a of list) {
      const k = `${a.action}\u0000${a.target}\u0000${a.span.start}`;
      if (seen.has(k)) continue;
      seen.add(k);
      list[n++] = a;
    }
    list.length = n;
  }


  /** FROM/JOIN/USING references (read) and dangerous calls anywhere in toks[from, to). */
  scanReferences(toks: Tok[], from: number, to: number): void {
    const granteeFrom = defaultPrivilegesGranteeFrom(toks, from, to);
    for (let k = from; k < to; k++) {
      const t = toks[k];
      if (t.up === 'FROM' || t.up === 'JOIN' || (t.up === 'USING' && !isPunct(toks[k + 1], '('))) {
        if (t.up === 'FROM' && isDeleteFrom(toks, k)) continue;
        // REVOKE ... FROM names grantees (also in ALTER DEFAULT PRIVILEGES)
        if (t.up === 'FROM' && ((toks[from]?.up === 'REVOKE' && t.depth === toks[from].depth) || k === granteeFrom)) continue;
        // IS DISTINCT FROM, COPY ... FROM PROGRAM/STDIN/'file'
        if (t.up === 'FROM' && (toks[k - 1]?.up === 'DISTINCT' || toks[k + 1]?.up === 'PROGRAM' || toks[k + 1]?.up === 'STDIN' || toks[k + 1]?.kind === 'string')) continue;
        let j = k + 1;
        for (;;) {
          while (toks[j] && (toks[j].up === 'ONLY' || toks[j].up === 'LATERAL')) j++;
          if (isPunct(toks[j], '(')) {
            // a derived table (its own FROM is read when the scan gets there) or a parenthesised join
            j = Math.min(to, stepOver(toks, j));
          } else {
            if (!isName(toks[j]) || NOT_ALIAS.has(toks[j].up)) break;
            const read = readName(toks, j, to);
            if (!read) break;
            if (isPunct(toks[read.next], '(')) {
              j = Math.min(to, stepOver(toks, read.next)); // a function in FROM
            } else {
              this.table(toks, j, to, 'read');
              j = read.next;
            }
          }
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
          const side = functionAction(name);
          if (side) this.action(side, null, t.start, t.end, 'top', false);
        }
      } else if (t.up === 'WAITFOR' && (toks[k + 1]?.up === 'DELAY' || toks[k + 1]?.up === 'TIME')) {
        this.out.functions.push({ kind: 'function', name: 'waitfor', span: this.sp(t.start, t.end), dangerous: true, category: 'sleep', volatility: 'volatile' });
      }
    }
  }

  /** `FROM a JOIN b ON ..., c`: names after commas at the FROM clause's depth, up to the clause's end. */
  fromCommas(toks: Tok[], k: number, to: number): void {
    const d = toks[k].depth;
    let seenJoin = false;
    for (let j = k + 1; j < to; j = stepOver(toks, j)) {
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
  bodies(toks: Tok[], kind: string): void {
    const routine = kind === 'create_function' || kind === 'create_procedure' || kind === 'create_trigger' || kind === 'create_event' || kind === 'do' || kind === 'create_rule';
    if (!routine) return;
    const via: Via = kind === 'do' ? 'do_block' : kind === 'create_trigger' ? 'trigger' : kind === 'create_rule' ? 'rule' : 'function_body';
    this.compound(toks, 1, toks.length, via);
    for (let k = 0; k < toks.length; k++) {
      const t = toks[k];
      if (t.kind !== 'string') continue;
      // dollar-quoted bodies, and plain-string bodies (`AS 'DELETE FROM t'`) of routines
      if (t.text.startsWith('$') || (toks[k - 1]?.up === 'AS' && kind !== 'do')) this.nestedText(t, via);
    }
  }

  /** Nested statements in toks[from, to): each begins after `;` or a body keyword. */
  compound(toks: Tok[], from: number, to: number, via: Via): void {
    let seenBody = false;
    for (let k = from; k < to; k++) {
      const t = toks[k];
      if (!VERBS.has(t.up)) continue;
      const prev = toks[k - 1];
      const opener = (x: Tok | undefined): boolean => !!x && BODY_OPENERS.has(x.up);
      const starts =
        isPunct(prev, ';') ||
        opener(prev) ||
        (isPunct(prev, '(') && opener(toks[k - 2])) || // DO INSTEAD (UPDATE ...)
        isPunct(prev, ':') || // a label
        (!seenBody && isPunct(prev, ')') && t.up !== 'SET'); // a routine's single-statement body
      if (!starts || t.up === 'DO' || (t.up === 'SET' && !isPunct(prev, ';') && !(prev && BODY_OPENERS.has(prev.up)))) continue;
      seenBody = true;
      let end = k + 1;
      while (end < to && !isPunct(toks[end], ';')) end++;
      this.range(toks, k, end, via, true);
      this.scanReferences(toks, k, end);
    }
  }

  /** SQL text inside a string token (dollar-quoted body, PREPARE FROM '...'), analysed as nested statements. */
  nestedText(t: Tok, via: Via): void {
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

  compoundText(sig: Tok[], via: Via): void {
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

