// Facts for one statement of a non-Postgres dialect (MySQL, MariaDB, SQLite, BigQuery, Snowflake,
// SQL Server, Redshift, DB2, Hive, Flink SQL, Trino). Two readers, merged:
//  - our lexer's keyword classifier (always): kind, actions (nested ones too), tables with exact
//    spans, dangerous calls, and the DDL / privilege / account facts read from tokens; it works
//    whether or not a grammar accepts the statement (fail-closed);
//  - node-sql-parser (when it accepts the statement: `parsed: true`): columns resolved through
//    aliases, derived tables and CTEs, outputs with provenance, every function call, and tables
//    the keyword reader missed. When it rejects the statement, a `sql/unsupported-syntax` at its position
//    (node-sql-parser rejects some valid SQL too, so it does not claim a syntax error).
import type { AnalysisResult, Diagnostic, Dialect, Span, StatementFacts, TransactionContext } from '../../facts/types.js';
import { measureIdentifiers } from '../long-identifiers.js';
import { advanceFileState, markUnclosed, newFileState, transactionContext, type FileState } from '../file-state.js';
import { emptySink } from '../sink.js';
import { buildStatement } from '../statement.js';
import { lineIndex, span, type LineIndex } from '../../text/spans.js';
import { significant, type Tok } from '../lexer/cursor.js';
import { fallbackDdl } from '../lexer/ddl-fallback.js';
import { fingerprint } from '../lexer/fingerprint.js';
import { Classifier } from '../lexer/heads.js';
import { tokensIn } from '../lexer/lexer.js';
import { identPart, qualifyParts, type NormalName } from '../lexer/names.js';
import { splitStatements, type RawStatement } from '../lexer/split.js';
import { AstReader, type Catalog } from './ast.js';
import { ddlFacts } from './ddl.js';
import { parseOther } from './parser.js';
import { privilegeFacts, roleFacts } from './privilege.js';

export type { Catalog } from './ast.js';

export interface OtherDialectInput {
  text: string;
  raw: RawStatement;
  index: number;
  dialect: Dialect;
  lines: LineIndex;
  transaction: TransactionContext;
  file: FileState;
  catalog?: Catalog;
}

const SYNTAX_HELP = 'the statement is analysed from its keywords only; its facts may be incomplete';
/** node-sql-parser takes about a second per megabyte: longer statements are read from their keywords */
const MAX_GRAMMAR_CHARS = 1_000_000;

export function extractOtherDialect(input: OtherDialectInput): StatementFacts {
  const { text, raw, lines } = input;
  // postgres text reaching here (a caller's choice) is read with postgres lexing and MySQL's grammar is not tried
  const dialect = input.dialect;
  const all = tokensIn(text, raw.start, raw.end, dialect, raw.inExecutableComment === true);
  const toks = significant(text, all);
  const stmtSpan = span(lines, raw.start, raw.end);
  const sp = (s: number, e: number): Span => span(lines, Math.max(raw.start, Math.min(s, raw.end)), Math.max(raw.start, Math.min(e, raw.end)));
  const sink = emptySink();
  const classifier = new Classifier(text, dialect, lines, input.file, sink, stmtSpan);
  const meta = raw.meta !== undefined || toks[0]?.kind === 'meta';
  const head = meta ? classifier.meta(toks) : classifier.statement(toks);
  const diagnostics: Diagnostic[] = [];
  let parsed = false;

  if (!meta && toks.length > 0) {
    sink.ddl.push(...ddlFacts(toks, { dialect, file: input.file, span: sp }));
    sink.privileges.push(...privilegeFacts(toks, sp));
    sink.roles.push(...roleFacts(toks, sp));
  }

  if (!meta && toks.length > 0 && dialect !== 'postgres') {
    // executable-comment markers become blanks so the grammar reads their content at the same offsets
    let sql = text.slice(raw.start, raw.end);
    if (all.some((t) => t.kind === 'exec_marker')) {
      const chars = sql.split('');
      for (const t of all) if (t.kind === 'exec_marker') for (let k = t.start; k < t.end; k++) chars[k - raw.start] = ' ';
      sql = chars.join('');
    }
    const r: ReturnType<typeof parseOther> =
      sql.length > MAX_GRAMMAR_CHARS ? { ok: false, message: 'too large', offset: null, limit: true } : parseOther(sql, dialect);
    if (!r.ok && r.limit) {
      diagnostics.push({
        kind: 'diagnostic',
        code: 'sql/parser-limit',
        severity: 'warning',
        message: `statement too large or too deeply nested for the \`${dialect}\` grammar`,
        span: stmtSpan,
        help: SYNTAX_HELP,
      });
    } else if (r.ok) {
      parsed = true;
      const names = nameIndex(toks);
      const normal = (db: string | null, table: string): NormalName => normalName(names, db, table, dialect);
      const reader = new AstReader({
        sql,
        base: raw.start,
        span: sp,
        statementSpan: stmtSpan,
        normal,
        callSpan: callSpans(toks, sp, stmtSpan),
        nameSpan: (name) => {
          const t = names.get(name.toLowerCase());
          return t ? sp(t.start, t.end) : stmtSpan;
        },
        catalog: input.catalog,
      });
      try {
        for (const a of Array.isArray(r.ast) ? r.ast : [r.ast]) reader.statement(a);
      } catch (e) {
        // a tree too deep to walk: keep the keyword facts, say the AST ones are missing
        if (!(e instanceof RangeError)) throw e;
        parsed = false;
        diagnostics.push({ kind: 'diagnostic', code: 'sql/parser-limit', severity: 'warning', message: `statement too deeply nested to analyse fully`, span: stmtSpan, help: SYNTAX_HELP });
      }
      sink.columns.push(...reader.facts.columns);
      sink.outputs.push(...reader.facts.outputs);
      sink.patterns.push(...reader.facts.patterns);
      // the AST sees every call; keep the classifier's own finds (e.g. WAITFOR) it has no node for
      const astNames = new Set(reader.facts.functions.map((f) => f.name));
      sink.functions = [...reader.facts.functions, ...sink.functions.filter((f) => !astNames.has(f.name))];
      addListedTables(r.tableList, reader.facts.virtualNames, names, dialect, input.file, sink.tables, sp, stmtSpan);
    } else {
      diagnostics.push(syntaxError(r.message, r.offset, toks, raw, sp, dialect));
      // fail closed: a statement may begin after what the grammar did not understand
      classifier.strayStatements(toks);
    }
    if (!parsed) fallbackDdl(sink, input.file);
  }

  return buildStatement(
    {
      index: input.index,
      span: stmtSpan,
      text: text.slice(raw.start, raw.end),
      dialect,
      parsed,
      statementKind: head.kind,
      where: head.where,
      limit: head.limit,
      returning: head.returning,
      dataModifyingCte: head.dataModifyingCte,
      explain: head.explain,
      transaction: input.transaction,
      fingerprint: fingerprint(text, all),
      diagnostics,
    },
    sink,
  );
}

function syntaxError(message: string, offset: number | null, toks: Tok[], raw: RawStatement, sp: (s: number, e: number) => Span, dialect: Dialect): Diagnostic {
  const at = offset === null ? raw.start : raw.start + offset;
  const tok = toks.find((t) => t.end > at);
  const near = tok ? tok.text.split(/\r?\n/)[0].slice(0, 40) : null;
  // node-sql-parser reads much but not all of these dialects (a MySQL `GRANT ALL PRIVILEGES`, `ALTER
  // TABLE ... CONVERT TO CHARACTER SET`): its rejection may be valid SQL, unlike libpg-query's
  return {
    kind: 'diagnostic',
    code: 'sql/unsupported-syntax',
    severity: 'error',
    message: near
      ? `the ${dialect} grammar cannot read this statement at \`${near}\`: invalid SQL, or syntax node-sql-parser does not support`
      : `the ${dialect} grammar cannot read this statement at its end: invalid SQL, or syntax node-sql-parser does not support`,
    span: tok ? sp(Math.max(at, tok.start), tok.end) : sp(raw.end, raw.end),
    help: `${SYNTAX_HELP} (${dialect} grammar: ${message.split('\n')[0].slice(0, 160)})`,
  };
}

/** The first identifier token for each name (lowercased key), for spans and quoting look-ups. */
function nameIndex(toks: Tok[]): Map<string, Tok> {
  const m = new Map<string, Tok>();
  for (const t of toks) {
    if (t.kind !== 'word' && t.kind !== 'quoted_identifier') continue;
    const key = identPart(t.text, t.kind === 'quoted_identifier').toLowerCase();
    if (!m.has(key)) m.set(key, t);
  }
  return m;
}

/** A table as node-sql-parser reports it (quotes removed) to normal form, finding its quoting in the tokens. */
function normalName(names: Map<string, Tok>, db: string | null, table: string, dialect: Dialect): NormalName {
  const part = (raw: string): string => {
    const t = names.get(raw.toLowerCase());
    return t && t.kind === 'quoted_identifier' && identPart(t.text, true) === raw ? raw : raw.toLowerCase();
  };
  const parts = table.split('.').filter(Boolean).map(part);
  if (db && db !== 'null') parts.unshift(...db.split('.').map(part));
  return qualifyParts(parts.length > 0 ? parts : [table.toLowerCase()], dialect);
}

/** Spans of `name(` calls, handed out in source order per name; the statement span when not found. */
function callSpans(toks: Tok[], sp: (s: number, e: number) => Span, whole: Span): (name: string) => Span {
  const byName = new Map<string, Tok[]>();
  for (let k = 0; k + 1 < toks.length; k++) {
    if (!(toks[k].kind === 'word' || toks[k].kind === 'quoted_identifier') || toks[k + 1].text !== '(') continue;
    const key = identPart(toks[k].text, toks[k].kind === 'quoted_identifier').toLowerCase();
    let list = byName.get(key);
    if (!list) byName.set(key, (list = []));
    list.push(toks[k]);
  }
  return (name) => {
    const key = name.slice(name.lastIndexOf('.') + 1);
    const t = byName.get(key)?.shift();
    return t ? sp(t.start, t.end) : whole;
  };
}

const LIST_ACCESS: Record<string, 'read' | 'write' | 'ddl'> = {
  select: 'read',
  insert: 'write',
  replace: 'write',
  update: 'write',
  delete: 'write',
  create: 'ddl',
  alter: 'ddl',
  drop: 'ddl',
  truncate: 'write',
  rename: 'ddl',
};

/** Tables in node-sql-parser's tableList (`op::db::table`) the keyword reader did not find. */
function addListedTables(list: string[], virtual: Set<string>, names: Map<string, Tok>, dialect: Dialect, file: FileState, tables: StatementFacts['tables'], sp: (s: number, e: number) => Span, whole: Span): void {
  const known = new Set(tables.map((t) => t.name));
  for (const entry of list) {
    const [op, db, table] = entry.split('::');
    if (!table || table === '(.*)' || virtual.has(table.toLowerCase())) continue;
    const n = normalName(names, db === 'null' ? null : db, table, dialect);
    if (known.has(n.name)) continue;
    known.add(n.name);
    const access = LIST_ACCESS[op] ?? 'read';
    const tok = names.get(n.table.toLowerCase());
    tables.push({
      kind: 'table',
      name: n.name,
      schema: n.schema,
      table: n.table,
      access: [access],
      span: tok ? sp(tok.start, tok.end) : whole,
      createdInFile: file.created.has(n.name),
      temporary: false,
      qualified: n.schema !== null,
    });
  }
}

export interface OtherDialectOptions {
  file?: string;
  catalog?: Catalog;
}

/** Whole-text entry: split, extract each statement, carry file state across them. */
export function analyzeOtherDialect(text: string, dialect: Dialect, options: OtherDialectOptions = {}): AnalysisResult {
  const lines = lineIndex(text);
  const split = splitStatements(text, dialect);
  const state = newFileState();
  const diagnostics: Diagnostic[] = [...split.diagnostics];
  const statements: StatementFacts[] = [];
  split.statements.forEach((raw, index) => {
    const facts = extractOtherDialect({ text, raw, index, dialect, lines, transaction: transactionContext(state), file: state, catalog: options.catalog });
    measureIdentifiers(facts, text, dialect, lines);
    advanceFileState(state, facts);
    statements.push(facts);
    diagnostics.push(...facts.diagnostics);
  });
  markUnclosed(state, statements);
  const file = options.file ?? null;
  if (file !== null) for (const d of diagnostics) d.file = file;
  return { kind: 'analysis', dialect, file, statements, diagnostics };
}
