// What the analyser knows about the schema: tables with their columns (to expand `*` and
// resolve unqualified columns) and tags on columns (from policies: `tag pii on users.email`).
// Filled by hand (addTable, tag) or by replaying the DDL facts of analysed migrations.
import type { AnalysisResult, DdlFact } from '../facts/types.js';

export interface ColumnSelector {
  /** glob over the table: matched against the qualified name (`public.users`) and the bare name (`users`) */
  table: string;
  /** glob over the column name */
  column: string;
}

export interface Catalog {
  /** apply the schema changes of an analysed text (CREATE/ALTER/DROP/RENAME TABLE, ADD/DROP/RENAME COLUMN) */
  replay(result: AnalysisResult): void;
  /** declare a table (qualified normal form, `public.users`) and its columns, replacing what was known */
  addTable(qualifiedTable: string, columns: string[]): void;
  /** columns of a table in declaration order, undefined when the table is unknown */
  columns(qualifiedTable: string): string[] | undefined;
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

export function createCatalog(): Catalog {
  const tables = new Map<string, string[]>();
  const rules: TagRule[] = [];
  // tagsOf is called for every column of every statement: memoise, cleared when tags change
  const memo = new Map<string, string[]>();

  const tableMatches = (r: TagRule, table: string) => r.table.test(table) || r.table.test(bare(table));

  const ensure = (t: string): string[] => {
    let cols = tables.get(t);
    if (!cols) {
      cols = [];
      tables.set(t, cols);
    }
    return cols;
  };

  const applyDdl = (d: DdlFact): void => {
    const t = d.table;
    if (!t) return;
    switch (d.operation) {
      case 'create_table':
      case 'create_table_as': {
        const cols = ensure(t);
        if (d.column && !cols.includes(d.column)) cols.push(d.column);
        break;
      }
      case 'add_column': {
        if (!d.column) break;
        const cols = ensure(t);
        if (!cols.includes(d.column)) cols.push(d.column);
        break;
      }
      case 'drop_column': {
        const cols = tables.get(t);
        if (cols && d.column) {
          const i = cols.indexOf(d.column);
          if (i >= 0) cols.splice(i, 1);
        }
        break;
      }
      case 'rename_column': {
        // column: the old name, objectName: the new one
        const cols = tables.get(t);
        if (cols && d.column && d.objectName) {
          const i = cols.indexOf(d.column);
          if (i >= 0) cols[i] = d.objectName;
        }
        break;
      }
      case 'rename_table': {
        // objectName: the new bare name, in the same schema
        const cols = tables.get(t);
        if (cols && d.objectName) {
          tables.delete(t);
          const dot = t.lastIndexOf('.');
          const newName = d.objectName.includes('.') ? d.objectName : dot < 0 ? d.objectName : t.slice(0, dot + 1) + d.objectName;
          tables.set(newName, cols);
        }
        break;
      }
      case 'drop_table':
        tables.delete(t);
        break;
    }
  };

  return {
    replay(result) {
      for (const st of result.statements) {
        for (const d of st.ddl) applyDdl(d);
        // actions cover what a DDL fact may not carry (a DROP TABLE of several tables, CREATE without columns)
        for (const a of st.actions) {
          if (!a.target) continue;
          if (a.action === 'drop_table') tables.delete(a.target);
          else if ((a.action === 'create_table' || a.action === 'create_table_as') && !tables.has(a.target)) ensure(a.target);
        }
      }
    },
    addTable(t, columns) {
      tables.set(t, [...columns]);
    },
    columns(t) {
      const cols = tables.get(t);
      return cols ? cols : undefined;
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
