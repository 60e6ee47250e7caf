// Facts only a parse tree gives: columns with the table they resolve to (through aliases,
// derived tables and CTEs), output columns with provenance, and every function call. Reads
// node-sql-parser's AST defensively (its shapes differ across dialects and versions): any
// unknown node is walked generically for column references and calls.
import type { ColumnFact, FunctionCallFact, OutputColumnFact, PatternFact, SourceColumn, Span } from '../../facts/types.js';
import { leadingWildcard } from '../patterns.js';
import { builtinPiiTags } from '../../catalog/pii.js';
import { functionInfo } from '../lexer/functions.js';
import type { NormalName } from '../lexer/names.js';

export interface Catalog {
  columns(table: string): string[] | undefined;
  tagsOf(table: string, column: string): string[];
  /** tags any column of the table may carry (for a `*` the catalog cannot expand) */
  tableTags?(table: string): string[];
}

export interface AstContext {
  /** statement text as parsed (AST offsets index it) */
  sql: string;
  /** offset of the statement in the analysed text */
  base: number;
  span(start: number, end: number): Span;
  statementSpan: Span;
  /** table name as written (db, table) to its normal form, quoting looked up in the source */
  normal(db: string | null, table: string): NormalName;
  /** span of the first identifier token spelling `name` (the statement span when none) */
  nameSpan(name: string): Span;
  /** spans of `name(` calls in the statement, consumed in order */
  callSpan(name: string): Span;
  catalog?: Catalog;
}

export interface AstFacts {
  columns: ColumnFact[];
  outputs: OutputColumnFact[];
  functions: FunctionCallFact[];
  patterns: PatternFact[];
  /** CTE and derived-table names (never tables) */
  virtualNames: Set<string>;
}

type Node = Record<string, unknown>;
interface ScopeEntry {
  /** base table normal name, or null for a derived table / CTE */
  table: string | null;
  outputs: { name: string; sources: SourceColumn[] }[] | null;
}
type Scope = Map<string, ScopeEntry>;

const AGGREGATES = new Set(['count', 'sum', 'avg', 'min', 'max', 'group_concat', 'json_arrayagg', 'json_objectagg', 'array_agg', 'string_agg', 'std', 'stddev', 'variance', 'bit_and', 'bit_or', 'bit_xor', 'any_value', 'listagg']);

function isNode(v: unknown): v is Node {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(v: unknown): string | null {
  if (typeof v === 'string') return v;
  if (isNode(v)) {
    if (typeof v.value === 'string') return v.value;
    if (isNode(v.expr)) return str(v.expr);
  }
  return null;
}

/** node-sql-parser function names: a string, or { name: [{ value }], schema? } */
function functionName(n: Node): string {
  const name = n.name;
  if (typeof name === 'string') return name.toLowerCase();
  if (isNode(name)) {
    const parts = Array.isArray(name.name) ? name.name.map((p) => str(p) ?? '').filter(Boolean) : [];
    const schema = str(name.schema);
    return [...(schema ? [schema] : []), ...parts].join('.').toLowerCase();
  }
  return '';
}

export class AstReader {
  readonly facts: AstFacts = { columns: [], outputs: [], functions: [], patterns: [], virtualNames: new Set() };
  private readonly ctes = new Map<string, ScopeEntry>();
  private readonly seenNodes = new WeakSet<object>();

  constructor(private readonly ctx: AstContext) {}

  private locSpan(n: Node): Span {
    const loc = n.loc as { start?: { offset?: number }; end?: { offset?: number } } | undefined;
    const s = loc?.start?.offset;
    const e = loc?.end?.offset;
    if (typeof s === 'number' && typeof e === 'number' && s >= 0 && e >= s && e <= this.ctx.sql.length) {
      return this.ctx.span(this.ctx.base + s, this.ctx.base + e);
    }
    return this.ctx.statementSpan;
  }

  /** The whole statement. */
  statement(ast: unknown): void {
    if (!isNode(ast)) return;
    const type = ast.type;
    if (type === 'select') {
      this.select(ast, true);
      return;
    }
    const scope: Scope = new Map();
    this.withClause(ast);
    if (type === 'update' || type === 'delete' || type === 'insert' || type === 'replace') {
      this.fromList(ast.table, scope);
      this.fromList(ast.from, scope);
      const only = this.single(scope);
      if (type === 'update' && Array.isArray(ast.set)) {
        for (const s of ast.set) {
          if (!isNode(s)) continue;
          const col = str(s.column);
          const q = str(s.table);
          const entry = q ? scope.get(q.toLowerCase()) ?? null : only;
          if (col) this.addColumn(entry?.table ?? null, col, 'write', this.ctx.nameSpan(col), false);
          this.expr(s.value, scope);
        }
      }
      if ((type === 'insert' || type === 'replace') && Array.isArray(ast.columns)) {
        const target = only?.table ?? null;
        for (const c of ast.columns) {
          const col = str(c);
          if (col) this.addColumn(target, col, 'write', this.ctx.nameSpan(col), false);
        }
        if (isNode(ast.values) && ast.values.type === 'select') this.select(ast.values, false);
        else this.expr(ast.values, scope);
        const dup = isNode(ast.on_duplicate_update) ? ast.on_duplicate_update.set : null;
        if (Array.isArray(dup)) {
          for (const s of dup) {
            if (!isNode(s)) continue;
            const col = str(s.column);
            if (col) this.addColumn(target, col, 'write', this.ctx.nameSpan(col), false);
            this.expr(s.value, scope);
          }
        }
      }
      this.expr(ast.where, scope);
      this.expr(ast.orderby, scope);
      if (Array.isArray(ast.returning)) this.outputs(ast.returning, scope, 'returning');
      return;
    }
    // anything else: calls wherever they are; column names in DDL are definitions, not reads
    // (queries inside, as in CREATE TABLE ... AS SELECT, record theirs)
    this.definitions = true;
    this.expr(ast, scope);
    this.definitions = false;
  }

  private single(scope: Scope): ScopeEntry | null {
    const tables = [...new Set([...scope.values()])];
    return tables.length === 1 ? tables[0] : null;
  }

  private withClause(ast: Node): void {
    const w = ast.with;
    const list = Array.isArray(w) ? w : isNode(w) && Array.isArray(w.value) ? w.value : [];
    for (const c of list) {
      if (!isNode(c)) continue;
      const name = str(c.name)?.toLowerCase();
      const stmt = isNode(c.stmt) ? (isNode(c.stmt.ast) ? c.stmt.ast : c.stmt) : null;
      if (!name) continue;
      this.facts.virtualNames.add(name);
      const outs = stmt && stmt.type === 'select' ? this.select(stmt, false) : null;
      this.ctes.set(name, { table: null, outputs: outs });
    }
  }

  private fromList(from: unknown, scope: Scope): void {
    if (!Array.isArray(from)) return;
    for (const f of from) {
      if (!isNode(f)) continue;
      const as = str(f.as)?.toLowerCase() ?? null;
      const sub = isNode(f.expr) ? (isNode(f.expr.ast) ? f.expr.ast : f.expr.type === 'select' ? f.expr : null) : null;
      if (sub && sub.type === 'select') {
        const outs = this.select(sub, false);
        const entry: ScopeEntry = { table: null, outputs: outs };
        if (as) {
          scope.set(as, entry);
          this.facts.virtualNames.add(as);
        }
      } else if (typeof f.table === 'string' || isNode(f.table)) {
        const table = str(f.table) ?? '';
        const cte = f.db ? undefined : this.ctes.get(table.toLowerCase());
        if (cte) {
          scope.set(as ?? table.toLowerCase(), cte);
        } else {
          const n = this.ctx.normal(str(f.db), table);
          const entry: ScopeEntry = { table: n.name, outputs: null };
          scope.set(as ?? n.table.toLowerCase(), entry);
          if (as) scope.set(n.table.toLowerCase(), entry);
        }
      } else if (isNode(f.expr)) this.expr(f.expr, scope);
      if (f.on) this.expr(f.on, scope);
    }
  }

  /** A SELECT: returns its outputs (name and sources) and records facts; `top` records OutputColumnFacts. */
  select(ast: Node, top: boolean): { name: string; sources: SourceColumn[] }[] {
    if (this.seenNodes.has(ast)) return [];
    this.seenNodes.add(ast);
    const definitions = this.definitions;
    this.definitions = false;
    try {
      return this.selectBody(ast, top);
    } finally {
      this.definitions = definitions;
    }
  }

  private selectBody(ast: Node, top: boolean): { name: string; sources: SourceColumn[] }[] {
    this.withClause(ast);
    const scope: Scope = new Map();
    this.fromList(ast.from, scope);
    for (const k of ['where', 'having', 'groupby', 'orderby', 'window', 'qualify']) this.expr(ast[k], scope);
    const outs = this.outputs(ast.columns, scope, top ? 'select' : null);
    // UNION branches: their facts count, their names do not
    let next = ast._next;
    while (isNode(next)) {
      this.select(next, false);
      next = next._next;
    }
    return outs;
  }

  private outputs(columns: unknown, scope: Scope, from: 'select' | 'returning' | null): { name: string; sources: SourceColumn[] }[] {
    const result: { name: string; sources: SourceColumn[] }[] = [];
    const list = Array.isArray(columns) ? columns : columns === '*' ? [{ expr: { type: 'column_ref', table: null, column: '*' } }] : [];
    for (const c of list) {
      if (!isNode(c)) continue;
      const expr = isNode(c.expr) ? c.expr : c;
      const sp = this.locSpan(expr);
      if (expr.type === 'column_ref' && str(expr.column) === '*') {
        const q = str(expr.table)?.toLowerCase() ?? null;
        const entries = q ? [scope.get(q)].filter((e): e is ScopeEntry => !!e) : [...new Set(scope.values())];
        for (const e of entries) {
          const expanded = e.outputs ?? (e.table && this.ctx.catalog?.columns(e.table)?.map((col) => ({ name: col, sources: [{ table: e.table, column: col }] })));
          if (expanded) {
            for (const o of expanded) {
              for (const s of o.sources) if (e.table) this.addColumn(s.table, s.column, 'read', sp, true);
              result.push(o);
              if (from) this.pushOutput(o.name, o.sources, 'column', from, sp);
            }
          } else {
            const sources = [{ table: e.table, column: '*' }];
            result.push({ name: '*', sources });
            if (from) this.pushOutput('*', sources, 'star', from, sp);
          }
        }
        if (entries.length === 0) {
          result.push({ name: '*', sources: [] });
          if (from) this.pushOutput('*', [], 'star', from, sp);
        }
        continue;
      }
      const sources: SourceColumn[] = [];
      const before = this.collect;
      this.collect = sources;
      this.expr(expr, scope);
      this.collect = before;
      const alias = str(c.as);
      const name = alias ?? (expr.type === 'column_ref' ? str(expr.column) ?? '?column?' : this.textOf(expr) ?? '?column?');
      const shape: OutputColumnFact['shape'] =
        expr.type === 'column_ref' ? 'column'
        : expr.type === 'aggr_func' || (expr.type === 'function' && AGGREGATES.has(functionName(expr))) ? 'aggregate'
        : sources.length === 0 ? 'literal'
        : 'expression';
      const uniq = dedupe(sources);
      result.push({ name, sources: uniq });
      if (from) this.pushOutput(name, uniq, shape, from, sp);
    }
    return result;
  }

  private textOf(n: Node): string | null {
    const loc = n.loc as { start?: { offset?: number }; end?: { offset?: number } } | undefined;
    if (typeof loc?.start?.offset === 'number' && typeof loc?.end?.offset === 'number') return this.ctx.sql.slice(loc.start.offset, loc.end.offset);
    return null;
  }

  private pushOutput(name: string, sources: SourceColumn[], shape: OutputColumnFact['shape'], from: 'select' | 'returning', span: Span): void {
    const tags = new Set<string>();
    for (const s of sources) for (const t of this.tags(s.table, s.column)) tags.add(t);
    const position = this.positions[from]++;
    this.facts.outputs.push({ kind: 'output', name, position, sources, shape, tags: [...tags], from, span });
  }

  /** next output position per list */
  private readonly positions = { select: 0, returning: 0 };
  /** columns recorded (table, column, access, offset): a reference is recorded once */
  private readonly columnKeys = new Set<string>();

  /** walking a DDL statement outside any query */
  private definitions = false;

  /** sources of the output being read, when inside a select list */
  private collect: SourceColumn[] | null = null;

  private addColumn(table: string | null, column: string, access: 'read' | 'write', span: Span, fromStar: boolean): void {
    const tags = this.tags(table, column);
    const key = `${table}\u0000${column}\u0000${access}\u0000${span.start}`;
    if (this.columnKeys.has(key)) return;
    this.columnKeys.add(key);
    this.facts.columns.push({ kind: 'column', table, column, access, span, tags: [...tags], fromStar });
  }

  /** catalog tags (all of the table's for `*`) plus the built-in name heuristics */
  private tags(table: string | null, column: string): string[] {
    const cat = this.ctx.catalog;
    const out: string[] = [];
    if (cat && table) for (const t of column === '*' ? cat.tableTags?.(table) ?? [] : cat.tagsOf(table, column)) if (!out.includes(t)) out.push(t);
    for (const t of builtinPiiTags(column)) if (!out.includes(t)) out.push(t);
    return out;
  }

  private resolve(q: string | null, column: string, scope: Scope): SourceColumn[] {
    let entry: ScopeEntry | undefined | null = q ? scope.get(q.toLowerCase()) : undefined;
    if (!q) {
      const entries = [...new Set(scope.values())];
      if (entries.length === 1) entry = entries[0];
      else {
        entry =
          entries.find((e) => e.outputs?.some((o) => o.name.toLowerCase() === column.toLowerCase())) ??
          entries.find((e) => e.table && this.ctx.catalog?.columns(e.table)?.includes(column)) ??
          null;
      }
    }
    if (!entry) return [{ table: q ? this.ctx.normal(null, q).name : null, column }];
    if (entry.table) return [{ table: entry.table, column }];
    const out = entry.outputs?.find((o) => o.name.toLowerCase() === column.toLowerCase());
    return out ? out.sources : [];
  }

  /** Any expression (or unknown node): column references, calls, subqueries. */
  /** LIKE / REGEXP / RLIKE (and their NOT forms) as a PatternFact. */
  private pattern(v: Node): void {
    const op = String(v.operator ?? '').toUpperCase().replace(/^NOT /, '');
    const operator = op === 'LIKE' ? 'like' : op === 'ILIKE' ? 'ilike' : op === 'REGEXP' || op === 'RLIKE' ? 'regex' : op === 'SIMILAR TO' ? 'similar' : null;
    if (!operator) return;
    const r = v.right;
    const pattern = isNode(r) && typeof r.type === 'string' && r.type.endsWith('string') && typeof r.value === 'string' ? r.value : null;
    this.facts.patterns.push({
      kind: 'pattern',
      operator,
      pattern,
      leadingWildcard: pattern !== null && leadingWildcard(operator, pattern),
      span: pattern !== null ? this.literalSpan(pattern, v) : this.locSpan(v),
    });
  }

  /** String literals carry no location: the first `'pattern'` in the statement, else the expression's. */
  private literalSpan(value: string, around: Node): Span {
    const quoted = `'${value.replace(/'/g, "''")}'`;
    const at = this.ctx.sql.indexOf(quoted);
    return at >= 0 ? this.ctx.span(this.ctx.base + at, this.ctx.base + at + quoted.length) : this.locSpan(around);
  }

  expr(v: unknown, scope: Scope): void {
    if (Array.isArray(v)) {
      for (const x of v) this.expr(x, scope);
      return;
    }
    if (!isNode(v)) return;
    const type = v.type;
    if (type === 'column_ref') {
      const column = str(v.column);
      if (!column || column === '*' || this.definitions) return;
      const q = str(v.table);
      const sources = this.resolve(q, column, scope);
      const sp = this.locSpan(v);
      for (const s of sources) if (s.column !== '*') this.addColumn(s.table, s.column, 'read', sp, false);
      if (this.collect) this.collect.push(...sources);
      return;
    }
    if (type === 'select') {
      const saved = this.collect;
      this.collect = null;
      this.select(v, false);
      this.collect = saved;
      return;
    }
    if (isNode(v.ast) && v.ast.type === 'select') {
      this.expr(v.ast, scope);
      return;
    }
    if (type === 'binary_expr') this.pattern(v);
    if (type === 'function' || type === 'aggr_func') {
      const name = type === 'aggr_func' ? String(v.name ?? '').toLowerCase() : functionName(v);
      if (name) {
        const fi = functionInfo(name);
        this.facts.functions.push({ kind: 'function', name, span: this.ctx.callSpan(name), dangerous: fi.category !== 'none', ...fi });
      }
      this.expr(v.args, scope);
      this.expr(v.over, scope);
      return;
    }
    for (const [k, x] of Object.entries(v)) {
      if (k === 'loc' || k === 'type') continue;
      if (typeof x === 'object' && x !== null) this.expr(x, scope);
    }
  }
}

function dedupe(s: SourceColumn[]): SourceColumn[] {
  const seen = new Set<string>();
  return s.filter((x) => {
    const k = `${x.table}\u0000${x.column}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
