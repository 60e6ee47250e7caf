// What `Catalog.replay` reads of an analysis, and nothing more: the DDL facts' names, types and
// constraints, the DROP TABLE / ATTACH PARTITION actions and the tables read (CREATE TABLE LIKE).
// The catalog's replay takes this narrower type, so a field it starts to read must be added here,
// and `replayInput` (which copies exactly these fields) keeps up: the lint cache stores this
// projection per migration and replays it instead of analysing unchanged files again.
import type { ActionFact, AnalysisResult, DdlFact, TableFact } from '../facts/types.js';

export type ReplayDdl = Pick<
  DdlFact,
  'operation' | 'table' | 'column' | 'columns' | 'includedColumns' | 'columnType' | 'objectName' | 'oldName' | 'constraintType' | 'via'
>;

export interface ReplayStatement {
  ddl: ReplayDdl[];
  actions: Pick<ActionFact, 'action' | 'target'>[];
  tables: Pick<TableFact, 'name' | 'access'>[];
}

export interface ReplayInput {
  statements: ReplayStatement[];
}

/** DDL the catalog reads: table and column changes, and constraints declared, renamed or
 * dropped (catalog.ts, constraints.ts); a fact without a table changes nothing. */
const TABLE_OPS = new Set<string>(['create_table', 'add_column', 'alter_column_type', 'drop_column', 'rename_column', 'rename_table', 'drop_table']);

function changesCatalog(d: DdlFact): boolean {
  if (d.table === null) return false;
  if (TABLE_OPS.has(d.operation)) return true;
  if (d.via === 'function_body') return false;
  return d.operation === 'drop_constraint' || d.operation === 'rename_constraint' || (d.operation.startsWith('add_') && d.constraintType !== null && d.constraintType !== 'not_null');
}

/** The statements of `result` that can change a catalog, with only the fields replay reads;
 * replaying it changes a catalog exactly as replaying `result` does. */
export function replayInput(result: AnalysisResult): ReplayInput {
  const statements: ReplayStatement[] = [];
  for (const st of result.statements) {
    const r = replayStatement(st);
    if (r !== null) statements.push(r);
  }
  return { statements };
}

/** What replay reads of one statement; null when it changes no catalog. */
export function replayStatement(st: AnalysisResult['statements'][number]): ReplayStatement | null {
  const actions = st.actions.filter((a) => a.action === 'drop_table' || a.action === 'attach_partition').map((a) => ({ action: a.action, target: a.target }));
  const ddl = st.ddl.filter(changesCatalog);
  if (ddl.length === 0 && actions.length === 0) return null;
  return {
    ddl: ddl.map((d) => ({
      operation: d.operation,
      table: d.table,
      column: d.column,
      columns: [...d.columns],
      includedColumns: [...d.includedColumns],
      columnType: d.columnType,
      objectName: d.objectName,
      oldName: d.oldName,
      constraintType: d.constraintType,
      via: d.via,
    })),
    actions,
    // read only when the statement creates a table (LIKE, PARTITION OF)
    tables: ddl.some((d) => d.operation === 'create_table') ? st.tables.map((t) => ({ name: t.name, access: [...t.access] })) : [],
  };
}
