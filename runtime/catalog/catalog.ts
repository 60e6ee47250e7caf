// What the analyser knows about the schema: tables with their columns (to expand `*` and
// resolve unqualified columns) and tags on columns (from policies: `tag pii on users.email`).
// Filled by hand (addTable, tag) or by replaying the DDL facts of analysed migrations.
import { applyConstraintChange, type ConstraintMap, type ConstraintType } from './constraints.js';
import type { ReplayInput, ReplayStatement } from './replay-input.js';

export interface ColumnSelector {
  /** glob over the table: matched against the qualified name (`public.users`) and the bare name (`users`) */
  table: string;
  /** glob over the column name */
  column: string;
}

export interface Catalog {
  /** apply the schema changes of an analysed text (CREATE/ALTER/DROP/RENAME TABLE, ADD/DROP/RENAME COLUMN) */
  replay(result: ReplayInput): void;
  /** declare a table (qualified normal form, `public.users`) and its columns, replacing what was known */
  addTable(qualifiedTable: string, columns: string[]): void;
  /** columns of a table in declaration order, undefined when the table is unknown */
  columns(qualifiedTable: string): string[] | undefined;
  /** normalized type of a column (`int8`, `text`, `varchar(255)`), null when not known */
  columnType(qualifiedTable: string, column: string): string | null;
  /** type of a named constraint of a table (`orders_user_id_fkey`: `foreign_key`), null when not known;
   * unnamed constraints are known by Postgres's default name */
  constraintType(qualifiedTable: string, name: string): ConstraintType | null;
  /** tag every column matching the selector (globs: `*` any run, `?` one character; case-insensitive) */
  tag(selector: ColumnSelector, tag: string): void;
  /** tags of one column from tag() (table null: unresolved, matched on the column alone); the
   * built-in name heuristics are added by the analyser, not here */
  tagsOf(table: string | null, column: string): string[];
  /** tags any column of the table may carry (for a `*` the catalog cannot expand) */
  tableTags(table: string | null): string[];
}

interface TagRule {
  table: RegExp;
  column: RegExp;
  tag: string;
}

/** `*` any run, `?` one character, everything else literal; whole string, case-insensitive. */
export function globRegExp(glob: string): RegExp {
  let re = '^';
  for (const ch of glob) {
    if (ch === '*') re += '.*';
    else if (ch === '?') re += '.';
    else re += ch.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(re + '$', 'i');
}

function bare(table: string): string {
  const dot = table.lastIndexOf('.');
  return dot < 0 ? table : table.slice(dot + 1);
}

interface TableInfo {
  columns: string[];
  /** normalized type per column, when a CREATE TABLE or ADD COLUMN said it */
  types: Map<string, string>;
}

export function createCatalog(): Catalog {
  const tables = new Map<string, TableInfo>();
  const rules: TagRule[] = [];
  const constraints: ConstraintMap = new Map();
  // tagsOf is called for every column of every statement: memoise, cleared when tags change
  const memo = new Map<string, string[]>();

  const tableMatches = (r: TagRule, table: string) => r.table.test(table) || r.table.test(bare(table));

  const addColumn = (info: TableInfo, column: string, type: string | null) => {
    if (!info.columns.includes(column)) info.columns.push(column);
    if (type) info.types.set(column, type);
  };

  /** One statement's schema changes. A table is only known when its every column is: a
   * CREATE TABLE (LIKE other) is left out, PARTITION OF copies a known parent, and ADD COLUMN
   * on a table created elsewhere teaches nothing (a partial list would hide columns from `*`). */
  const applyStatement = (st: ReplayStatement) => {
    const creates = new Map<string, TableInfo>();
    for (const d of st.ddl) {
      if (d.via !== 'function_body') applyConstraintChange(constraints, d);
      const t = d.table;
      if (!t) continue;
      switch (d.operation) {
        case 'create_table': {
          let info = creates.get(t);
          if (!info) {
            info = { columns: [], types: new Map() };
            creates.set(t, info);
          }
          if (d.column) addColumn(info, d.column, d.columnType);
          break;
        }
        case 'add_column': {
          const info = tables.get(t);
          if (info && d.column) addColumn(info, d.column, d.columnType);
          break;
        }
        case 'alter_column_type': {
          const info = tables.get(t);
          if (info && d.column && d.columnType) info.types.set(d.column, d.columnType);
          break;
        }
        case 'drop_column': {
          const info = tables.get(t);
          if (info && d.column) {
            const i = info.columns.indexOf(d.column);
            if (i >= 0) info.columns.splice(i, 1);
            info.types.delete(d.column);
          }
          break;
        }
        case 'rename_column': {
          // column: the old name, objectName: the new one
          const info = tables.get(t);
          if (info && d.column && d.objectName) {
            const i = info.columns.indexOf(d.column);
            if (i >= 0) info.columns[i] = d.objectName;
            const type = info.types.get(d.column);
            info.types.delete(d.column);
            if (type) info.types.set(d.objectName, type);
          }
          break;
        }
        case 'rename_table': {
          // objectName: the new bare name, in the same schema
          const info = tables.get(t);
          if (info && d.objectName) {
            tables.delete(t);
            const dot = t.lastIndexOf('.');
            tables.set(d.objectName.includes('.') || dot < 0 ? d.objectName : t.slice(0, dot + 1) + d.objectName, info);
          }
          break;
        }
        case 'drop_table':
          tables.delete(t);
          break;
      }
    }
    for (const a of st.actions) {
      if (a.action === 'drop_table' && a.target) tables.delete(a.target);
    }
    for (const [t, info] of creates) {
      // LIKE other: its source is read; the copied columns are not in the facts
      const like = st.tables.some((x) => x.name !== t && x.access.includes('read'));
      // PARTITION OF parent: the parent's columns
      const parent = st.actions.find((a) => a.action === 'attach_partition' && a.target !== t)?.target;
      if (parent) {
        const p = tables.get(parent);
        if (p) tables.set(t, { columns: [...p.columns], types: new Map(p.types) });
        else tables.delete(t);
      } else if (like) tables.delete(t);
      else tables.set(t, info);
    }
  };

  return {
    replay(result) {
      for (const st of result.statements) applyStatement(st);
    },
    addTable(t, columns) {
      tables.set(t, { columns: [...columns], types: new Map() });
    },
    columns(t) {
      return tables.get(t)?.columns;
    },
    columnType(t, column) {
      return tables.get(t)?.types.get(column) ?? null;
    },
    constraintType(t, name) {
      return constraints.get(t)?.get(name) ?? null;
    },
    tag(selector, tag) {
      rules.push({ table: globRegExp(selector.table), column: globRegExp(selector.column), tag });
      memo.clear();
    },
    tagsOf(table, column) {
      if (rules.length === 0) return [];
      const key = `${table ?? ''}\u0000${column}`;
      const hit = memo.get(key);
      if (hit) return hit;
      const out: string[] = [];
      for (const r of rules) {
        if (out.includes(r.tag)) continue;
        if (!r.column.test(column)) continue;
        // an unresolved column may belong to any table: match on the column alone
        if (table !== null && !tableMatches(r, table)) continue;
        out.push(r.tag);
      }
      memo.set(key, out);
      return out;
    },
    tableTags(table) {
      const out: string[] = [];
      for (const r of rules) {
        if (out.includes(r.tag)) continue;
        if (table === null || tableMatches(r, table)) out.push(r.tag);
      }
      return out;
    },
  };
}
