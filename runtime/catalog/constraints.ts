// Named constraints declared by schema changes, so a later `DROP CONSTRAINT name` can say what
// it drops. Shared by the file state (constraints created earlier in the same text) and the
// catalog (constraints replayed from earlier migrations).
import type { DdlFact } from '../facts/types.js';

export type ConstraintType = NonNullable<DdlFact['constraintType']>;

/** the fields of a DdlFact that declare or drop a constraint */
export type ConstraintDdl = Pick<DdlFact, 'operation' | 'table' | 'column' | 'objectName' | 'constraintType'>;

export interface DeclaredConstraint {
  /** qualified table (`public.orders`) */
  table: string;
  name: string;
  type: ConstraintType;
}

/** The suffix Postgres gives an unnamed constraint (ChooseConstraintName). */
const DEFAULT_SUFFIX: Partial<Record<ConstraintType, string>> = {
  unique: 'key',
  foreign_key: 'fkey',
  check: 'check',
  exclusion: 'excl',
};

/** The constraint a DdlFact declares, with Postgres's default name when none was written
 * (`orders_pkey`, `orders_user_id_fkey`, `orders_email_key`); null when it declares none or the
 * default name depends on more than the fact says (several columns). */
export function declaredConstraint(d: ConstraintDdl): DeclaredConstraint | null {
  if (d.table === null || d.constraintType === null || d.constraintType === 'not_null') return null;
  if (d.operation !== 'create_table' && d.operation !== 'add_column' && !d.operation.startsWith('add_')) return null;
  let name = d.objectName;
  if (name === null) {
    const bare = d.table.slice(d.table.lastIndexOf('.') + 1);
    if (d.constraintType === 'primary_key') name = `${bare}_pkey`;
    else if (d.column !== null) name = `${bare}_${d.column}_${DEFAULT_SUFFIX[d.constraintType]}`;
    else if (d.constraintType === 'check') name = `${bare}_check`;
    else return null;
  }
  return { table: d.table, name, type: d.constraintType };
}

/** Constraints by table, then by name. */
export type ConstraintMap = Map<string, Map<string, ConstraintType>>;

/** Apply one DdlFact to a constraint map: declared constraints are added, dropped ones (and
 * those of dropped tables) removed, renamed tables followed. */
export function applyConstraintChange(map: ConstraintMap, d: ConstraintDdl): void {
  if (d.table === null) return;
  const declared = declaredConstraint(d);
  if (declared) {
    let byName = map.get(declared.table);
    if (!byName) map.set(declared.table, (byName = new Map()));
    byName.set(declared.name, declared.type);
    return;
  }
  switch (d.operation) {
    case 'drop_constraint':
      if (d.objectName !== null) map.get(d.table)?.delete(d.objectName);
      break;
    case 'drop_table':
      map.delete(d.table);
      break;
    case 'rename_table': {
      const byName = map.get(d.table);
      if (byName && d.objectName !== null) {
        map.delete(d.table);
        const dot = d.table.lastIndexOf('.');
        map.set(d.objectName.includes('.') || dot < 0 ? d.objectName : d.table.slice(0, dot + 1) + d.objectName, byName);
      }
      break;
    }
  }
}
