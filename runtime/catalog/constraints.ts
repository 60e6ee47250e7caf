// Named constraints declared by schema changes, so a later `DROP CONSTRAINT name` can say what
// it drops. Shared by the file state (constraints created earlier in the same text) and the
// catalog (constraints replayed from earlier migrations).
import type { DdlFact } from '../facts/types.js';

export type ConstraintType = NonNullable<DdlFact['constraintType']>;

/** the fields of a DdlFact that declare, rename or drop a constraint */
export type ConstraintDdl = Pick<DdlFact, 'operation' | 'table' | 'column' | 'columns' | 'includedColumns' | 'objectName' | 'oldName' | 'constraintType'>;

export interface DeclaredConstraint {
  /** qualified table (`public.orders`) */
  table: string;
  name: string;
  type: ConstraintType;
}

/** Postgres's NAMEDATALEN: names keep 63 bytes */
const NAMEDATALEN = 64;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** pg_mbcliplen for UTF-8: the longest prefix of `bytes` of at most `limit` bytes that does not
 * cut a character. */
function clipLength(bytes: Uint8Array, limit: number): number {
  let n = Math.min(limit, bytes.length);
  while (n > 0 && n < bytes.length && (bytes[n] & 0xc0) === 0x80) n--;
  return n;
}

/** makeObjectName (Postgres, commands/indexcmds.c): `name1_name2_label` in at most 63 bytes,
 * the longer of the two names shortened first, one byte at a time. */
function makeObjectName(name1: string, name2: string | null, label: string): string {
  const b1 = encoder.encode(name1);
  const b2 = name2 === null ? null : encoder.encode(name2);
  let n1 = b1.length;
  let n2 = b2 ? b2.length : 0;
  const overhead = (b2 ? 1 : 0) + label.length + 1;
  const available = NAMEDATALEN - 1 - overhead;
  while (n1 + n2 > available) {
    if (n1 > n2) n1--;
    else n2--;
  }
  let name = decoder.decode(b1.subarray(0, clipLength(b1, n1)));
  if (b2) name += '_' + decoder.decode(b2.subarray(0, clipLength(b2, n2)));
  return `${name}_${label}`;
}

/** ChooseIndexNameAddition / ChooseForeignKeyConstraintNameAddition: the names joined by `_`,
 * stopping once NAMEDATALEN bytes are reached (makeObjectName keeps fewer anyway). */
function nameAddition(names: readonly string[]): string {
  let out = '';
  let bytes = 0;
  for (const name of names) {
    if (bytes > 0) {
      out += '_';
      bytes++;
    }
    // names are at most 63 bytes already (the parser truncates them)
    out += name;
    bytes += encoder.encode(name).length;
    if (bytes >= NAMEDATALEN) break;
  }
  return out;
}

/** ChooseIndexColumnNames: the index's column names, a repeated one suffixed 1, 2, ... (cut to
 * keep the suffix within 63 bytes). */
function indexColumnNames(names: readonly string[]): string[] {
  const out: string[] = [];
  for (const original of names) {
    let name = original;
    for (let i = 1; out.includes(name); i++) {
      const suffix = String(i);
      const b = encoder.encode(original);
      name = decoder.decode(b.subarray(0, clipLength(b, NAMEDATALEN - 1 - suffix.length))) + suffix;
    }
    out.push(name);
  }
  return out;
}

/** The name Postgres gives an unnamed constraint (ChooseConstraintName, ChooseIndexName):
 * `orders_pkey`, `orders_user_id_fkey`, `orders_tenant_id_user_id_fkey`, `orders_email_key`,
 * `bookings_room_id_during_excl`, `orders_qty_check`, cut to 63 bytes as Postgres cuts it; null
 * when the facts do not say the columns it is named after (an EXCLUDE element that is an
 * expression). The numbered variant Postgres picks when the name is taken is not followed. */
export function defaultConstraintName(bareTable: string, d: Omit<ConstraintDdl, 'operation' | 'table' | 'objectName' | 'oldName'>): string | null {
  const columns = d.columns.length > 0 ? d.columns : d.column !== null ? [d.column] : [];
  switch (d.constraintType) {
    case 'primary_key':
      return makeObjectName(bareTable, null, 'pkey');
    case 'foreign_key':
      return columns.length > 0 ? makeObjectName(bareTable, nameAddition(columns), 'fkey') : null;
    case 'unique':
    case 'exclusion':
      // named after every column of the index, INCLUDE columns too
      if (columns.length === 0) return null;
      return makeObjectName(bareTable, nameAddition(indexColumnNames([...columns, ...d.includedColumns])), d.constraintType === 'unique' ? 'key' : 'excl');
    case 'check':
      return makeObjectName(bareTable, d.column, 'check');
    default:
      return null;
  }
}

/** The constraint a DdlFact declares, with Postgres's default name when none was written; null
 * when it declares none or the default name cannot be rebuilt from the facts. */
export function declaredConstraint(d: ConstraintDdl): DeclaredConstraint | null {
  if (d.table === null || d.constraintType === null || d.constraintType === 'not_null') return null;
  if (d.operation !== 'create_table' && d.operation !== 'add_column' && !d.operation.startsWith('add_')) return null;
  const name = d.objectName ?? defaultConstraintName(d.table.slice(d.table.lastIndexOf('.') + 1), d);
  return name === null ? null : { table: d.table, name, type: d.constraintType };
}

/** Constraints by table, then by name. A null type marks a name known to hold no constraint of a
 * known type (dropped, or renamed away): in the file state it hides what the catalog says. */
export type ConstraintMap = Map<string, Map<string, ConstraintType | null>>;

function tableConstraints(map: ConstraintMap, table: string): Map<string, ConstraintType | null> {
  let byName = map.get(table);
  if (!byName) map.set(table, (byName = new Map()));
  return byName;
}

/** Apply one DdlFact to a constraint map: declared constraints are added, dropped ones (and
 * those of dropped tables) removed, renamed constraints and tables followed. */
export function applyConstraintChange(map: ConstraintMap, d: ConstraintDdl): void {
  if (d.table === null) return;
  const declared = declaredConstraint(d);
  if (declared) {
    tableConstraints(map, declared.table).set(declared.name, declared.type);
    return;
  }
  switch (d.operation) {
    case 'drop_constraint':
      if (d.objectName !== null) tableConstraints(map, d.table).set(d.objectName, null);
      break;
    case 'rename_constraint': {
      // oldName: the name before, objectName: the new one; constraintType: what the analysis knew
      // of the old name (this map or, for the file state, the catalog)
      if (d.oldName === null || d.objectName === null) break;
      const byName = tableConstraints(map, d.table);
      const type = byName.get(d.oldName) ?? d.constraintType;
      byName.set(d.oldName, null);
      byName.set(d.objectName, type);
      break;
    }
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
