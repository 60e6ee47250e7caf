// What a migration region knows beyond its own text: its direction, what the up direction created
// (so a down migration may drop it), and whether the migration tool wraps it in a transaction.
import type { StatementFacts } from '../../runtime/facts/types.js';
import type { Direction, SqlRegion } from '../inputs/region.js';
import type { LintSettings } from './lint-source.js';

export interface RegionContext {
  direction: Direction | null;
  /** what the up direction created (tables, `table.column`, index and constraint names) */
  upCreated: ReadonlySet<string>;
}

const CREATE_OPS = new Set(['create_table', 'create_table_as', 'create_index', 'create_view', 'create_materialized_view', 'create_type', 'create_schema', 'create_sequence', 'create_function', 'create_trigger', 'create_extension', 'create_domain']);

/** Objects a statement creates, in the keys `markUndone` looks for. */
export function createdBy(s: StatementFacts, out: Set<string>): void {
  for (const a of s.actions) if (!a.nested && CREATE_OPS.has(a.action) && a.target) out.add(a.target);
  let createsTable: boolean | undefined;
  for (const t of s.tables) {
    if (!t.access.includes('ddl')) continue;
    createsTable ??= s.actions.some((a) => a.action === 'create_table' || a.action === 'create_table_as');
    if (createsTable) out.add(t.name);
  }
  for (const d of s.ddl) {
    if (CREATE_OPS.has(d.operation) && d.table) out.add(d.table);
    if (d.operation === 'add_column' && d.table && d.column) out.add(`${d.table}.${d.column}`);
    if (d.objectName && (CREATE_OPS.has(d.operation) || d.operation.startsWith('add_'))) out.add(d.objectName);
  }
}

/** Marks the facts of a down statement that undo what the up created as `createdInFile`. */
export function markUndone(s: StatementFacts, created: ReadonlySet<string>): StatementFacts {
  if (created.size === 0) return s;
  const hit = (name: string | null) => name !== null && (created.has(name) || created.has(name.replace(/^[^.]+\./, '')));
  return {
    ...s,
    tables: s.tables.map((t) => (hit(t.name) ? { ...t, createdInFile: true } : t)),
    ddl: s.ddl.map((d) =>
      hit(d.table) || (d.column !== null && hit(`${d.table}.${d.column}`)) || hit(d.objectName) ? { ...d, createdInFile: true } : d,
    ),
  };
}

/** Whether the migration tool runs this region inside a transaction it opens and commits itself
 * (analysed with the runtime's `assumeInTransaction`): the configured `assumeInTransaction`, and
 * dbmate and Liquibase, which wrap each migration in one unless told otherwise (`transaction:false`,
 * `runInTransaction:false`). Prompts and plans are sent as written. */
export function implicitTransaction(region: SqlRegion, settings: LintSettings): boolean | 'always' {
  if (region.origin !== 'migration' || region.noTransaction) return false;
  // these tools wrap a migration of one statement too: CONCURRENTLY alone in it still fails
  if (region.flavor === 'dbmate' || region.flavor === 'liquibase') return 'always';
  return settings.assumeInTransaction;
}

