// A minimal PgHelpers for testing the DDL and privilege extractors on their own: real
// libpg-query parse trees, spans from byte locations, `public` as the default schema, and the
// file's created objects in a Set shared across the statements of one call.
import { loadModule, parseSync } from 'libpg-query';
import type { DdlFact, Span } from '../../runtime/facts/types.js';
import { emptySink, type FactSink } from '../../runtime/sql/sink.js';
import type { PgHelpers } from '../../runtime/sql/postgres/helpers.js';
import type { ColumnTypeLookup } from '../../runtime/sql/postgres/ddl-common.js';
import { extractDdl } from '../../runtime/sql/postgres/ddl.js';
import { extractPrivilege } from '../../runtime/sql/postgres/privilege.js';
import { byteMap, lineIndex, span as spanOf } from '../../runtime/text/spans.js';

let loaded: Promise<void> | null = null;
export function loadParser(): Promise<void> {
  loaded ??= loadModule().then(() => undefined);
  return loaded;
}

export interface TestStatement {
  nodeType: string;
  node: any;
  handled: boolean;
  out: FactSink;
  /** expressions handed to walkExpr and SQL handed to analyzeNested */
  walked: unknown[];
  nested: { sql: string; location: number | undefined; via: string }[];
  statementSpan: Span;
}

const STOP = new Set([' ', '\t', '\n', '\r', '(', ')', ',', ';']);

/** Run extractDdl, then extractPrivilege, on every statement of `sql` (the parser must be loaded). */
export function runDdl(sql: string, created: Iterable<string> = [], columnTypes: Record<string, string> = {}): TestStatement[] {
  const tree = parseSync(sql) as any;
  const li = lineIndex(sql);
  const bm = byteMap(sql);
  const createdSet = new Set(created);
  const out: TestStatement[] = [];
  for (const raw of tree.stmts ?? []) {
    const [nodeType] = Object.keys(raw.stmt);
    const node = raw.stmt[nodeType];
    let from = bm.toUtf16(raw.stmt_location ?? 0);
    while (from < sql.length && sql.charCodeAt(from) <= 32) from++;
    const to = raw.stmt_len ? bm.toUtf16((raw.stmt_location ?? 0) + raw.stmt_len) : sql.length;
    const statementSpan = spanOf(li, from, to);
    const walked: unknown[] = [];
    const nested: TestStatement['nested'] = [];
    const sink = emptySink();
    const h: PgHelpers & ColumnTypeLookup = {
      span(location?: number, length?: number): Span {
        if (location === undefined || location < 0) return statementSpan;
        const s = bm.toUtf16(location);
        let e = s;
        if (length !== undefined) e = s + length;
        else if (sql[s] === '"') {
          e = sql.indexOf('"', s + 1) + 1 || sql.length;
        } else while (e < sql.length && !STOP.has(sql[e])) e++;
        return spanOf(li, s, e);
      },
      statementSpan,
      qualify(rv) {
        const schema = rv.schemaname ?? 'public';
        const table = rv.relname ?? '';
        return { name: `${schema}.${table}`, schema, table, qualified: rv.schemaname !== undefined };
      },
      createdInFile: (n) => createdSet.has(n),
      markCreated: (n) => void createdSet.add(n),
      walkExpr: (n) => void walked.push(n),
      analyzeNested: (s, location, via) => void nested.push({ sql: s, location, via }),
      via: 'top',
      nested: false,
      out: sink,
      columnType: (table, column) => columnTypes[`${table}.${column}`],
    };
    const handled = extractDdl(nodeType, node, h) || extractPrivilege(nodeType, node, h);
    out.push({ nodeType, node, handled, out: sink, walked, nested, statementSpan });
  }
  return out;
}

/** The one statement of `sql` (the last one when there are several: earlier ones set up the file). */
export function one(sql: string, created: Iterable<string> = []): TestStatement {
  const all = runDdl(sql, created);
  return all[all.length - 1];
}

/** The only DdlFact of the last statement; fails when there is not exactly one. */
export function ddlOf(sql: string, created: Iterable<string> = []): DdlFact {
  const s = one(sql, created);
  if (s.out.ddl.length !== 1) throw new Error(`expected one ddl fact, got ${s.out.ddl.length} for ${sql}`);
  return s.out.ddl[0];
}

/** The only DdlFact of `sql` with the helpers knowing the old column types (`public.t.c` -> type). */
export function ddlWithColumnTypes(sql: string, columnTypes: Record<string, string>): DdlFact {
  const all = runDdl(sql, [], columnTypes);
  return all[all.length - 1].out.ddl[0];
}

/** Text a span covers. */
export function textOf(sql: string, span: Span): string {
  return sql.slice(span.start, span.end);
}

/** A DdlFact without its span, every field at its default unless given: comparing against it
 * asserts every field exactly. */
export function ddl(partial: Partial<Omit<DdlFact, 'kind' | 'span'>> & Pick<DdlFact, 'operation'>): Omit<DdlFact, 'span'> {
  return {
    kind: 'ddl',
    table: null,
    createdInFile: false,
    lock: 'NONE',
    rewrite: false,
    scan: false,
    concurrently: false,
    notValid: false,
    ifExists: false,
    ifNotExists: false,
    cascade: false,
    column: null,
    columns: [],
    includedColumns: [],
    columnType: null,
    charset: null,
    collation: null,
    defaultVolatility: null,
    hasDefault: false,
    notNull: false,
    objectName: null,
    oldName: null,
    constraintType: null,
    onDeleteCascade: false,
    generated: null,
    referencedTable: null,
    nested: false,
    via: 'top',
    ...partial,
  };
}

export function noSpan<T extends { span: Span }>(f: T): Omit<T, 'span'> {
  const { span: _span, ...rest } = f;
  return rest;
}
