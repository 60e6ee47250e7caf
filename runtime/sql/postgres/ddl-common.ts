// Builders shared by the Postgres DDL and privilege extractors: one DdlFact with every field
// filled, table facts merged per table, actions with the walker's nesting.
import type { Access, Action, DdlFact, Span } from '../../facts/types.js';
import type { PgHelpers, QualifiedName } from './helpers.js';
import { ddlFact, type DdlFields as SharedDdlFields } from '../ddl-fact.js';

/** Optional knowledge the walker may add to PgHelpers: the normalized type of an existing column
 * (from the catalog or earlier DDL of the file), so a type change can be judged safe. */
export interface ColumnTypeLookup {
  columnType?(qualifiedTable: string, column: string): string | null | undefined;
}

export type DdlFields = Omit<SharedDdlFields, 'nested' | 'via'>;

export function addDdl(h: PgHelpers, operation: Action, table: string | null, span: Span, f: DdlFields): DdlFact {
  const fact = ddlFact(operation, table, span, {
    ...f,
    nested: h.nested,
    // DDL anywhere under a function body (also in an EXECUTE there) runs when the function is called
    via: h.deferred && h.via !== 'function_body' ? 'function_body' : h.via,
  });
  h.out.ddl.push(fact);
  return fact;
}

export function addAction(h: PgHelpers, action: Action, target: string | null, span: Span): void {
  h.out.actions.push({ kind: 'action', action, span, target, nested: h.nested, via: h.via });
}

/** One table fact per table per statement: later accesses merge into the first. */
export function addTable(
  h: PgHelpers,
  qn: QualifiedName,
  access: readonly Access[],
  span: Span,
  opts?: { temporary?: boolean; createdInFile?: boolean },
): void {
  const tables = h.out.tables;
  for (const t of tables) {
    if (t.name !== qn.name) continue;
    for (const a of access) if (!t.access.includes(a)) t.access.push(a);
    if (opts?.createdInFile) t.createdInFile = true;
    if (opts?.temporary) t.temporary = true;
    if (!qn.qualified) t.qualified = false;
    return;
  }
  tables.push({
    kind: 'table',
    name: qn.name,
    schema: qn.schema,
    table: qn.table,
    access: [...access],
    span,
    createdInFile: opts?.createdInFile ?? h.createdInFile(qn.name),
    temporary: opts?.temporary ?? false,
    qualified: qn.qualified ?? false,
  });
}

/** Span of a RangeVar (or any node with a location), else the statement's. */
export function spanAt(h: PgHelpers, location: number | undefined): Span {
  return location === undefined || location < 0 ? h.statementSpan : h.span(location);
}

/** `[String, String]` name lists (DropStmt objects, type names) as strings. */
export function nameParts(list: any[] | undefined): string[] {
  const out: string[] = [];
  if (!list) return out;
  for (const n of list) {
    const s = n?.String?.sval;
    if (typeof s === 'string') out.push(s);
  }
  return out;
}

/** A dotted name list (`[schema, ] name`) in normal form. */
export function qualifyParts(h: PgHelpers, parts: string[]): QualifiedName {
  if (parts.length >= 2)
    return h.qualify({ schemaname: parts[parts.length - 2], relname: parts[parts.length - 1] });
  return h.qualify({ relname: parts[0] ?? '' });
}

/** A role name as written (`public`, `current_user`, ...), lowercase. */
export function roleName(spec: any): string {
  const r = spec?.RoleSpec ?? spec;
  switch (r?.roletype) {
    case 'ROLESPEC_PUBLIC':
      return 'public';
    case 'ROLESPEC_CURRENT_USER':
      return 'current_user';
    case 'ROLESPEC_CURRENT_ROLE':
      return 'current_role';
    case 'ROLESPEC_SESSION_USER':
      return 'session_user';
    default:
      return String(r?.rolename ?? '').toLowerCase();
  }
}

/** DefElem options by name (`concurrently`, `full`, ...), true when given without `false`. */
export function hasOption(options: any[] | undefined, name: string): boolean {
  if (!options) return false;
  for (const o of options) {
    const d = o?.DefElem;
    if (d?.defname !== name) continue;
    const arg = d.arg;
    if (arg === undefined) return true;
    if (arg.Boolean) return arg.Boolean.boolval === true;
    if (arg.Integer) return arg.Integer.ival !== 0;
    if (arg.String) return !['false', 'off', '0', 'no'].includes(String(arg.String.sval).toLowerCase());
    return true;
  }
  return false;
}

/** `COLLATE "C"` / `COLLATE pg_catalog."en_US"` -> `c` / `en_us`: the name, lowercased, without its schema */
export function collationOf(collClause: any): string | null {
  const name = nameParts(collClause?.collname).at(-1);
  return name ? name.toLowerCase() : null;
}
