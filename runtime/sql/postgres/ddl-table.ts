// CREATE TABLE [AS], ALTER TABLE (one DdlFact per subcommand) and the column and constraint
// analysis they share: what each change costs on a live table (lock, rewrite, scan).
import { firstRangeVar } from './names.js';
import type { Action, DdlFact, LockLevel, Span, Volatility } from '../../facts/types.js';
import type { PgHelpers, QualifiedName } from './helpers.js';
import { addAction, addDdl, addTable, collationOf, nameParts, roleName, spanAt, type ColumnTypeLookup, type DdlFields } from './ddl-common.js';
import { alterTableCmdLock, STATEMENT_LOCKS } from './locks.js';
import { isSafeTypeChange, normalizeTypeName } from './types-normalize.js';
import { exprVolatility } from './volatility.js';

type ConstraintTypeName = NonNullable<DdlFact['constraintType']>;

const SERIAL_TYPES = new Set(['serial', 'bigserial', 'smallserial']);

/** What a column definition says, for CREATE TABLE columns and ADD COLUMN. */
interface ColumnInfo {
  column: string | null;
  columnType: string | null;
  /** COLLATE of the column, lowercased, without its schema */
  collation: string | null;
  hasDefault: boolean;
  defaultVolatility: Volatility | null;
  notNull: boolean;
  generated: DdlFact['generated'];
  /** the strongest inline constraint (the column's own fact carries it), null when none */
  main: InlineConstraint | null;
  /** the column's other inline constraints, as written: each gets a fact of its own */
  others: InlineConstraint[];
  /** some inline constraint is a foreign key */
  references: boolean;
  hasCheck: boolean;
  /** the column builds an index (PRIMARY KEY, UNIQUE) */
  indexed: boolean;
  span: Span;
}

/** One inline constraint of a column definition (`UNIQUE`, `REFERENCES users (id)`, ...). */
interface InlineConstraint {
  type: ConstraintTypeName;
  name: string | null;
  references: QualifiedName | null;
  referencesLocation: number | undefined;
  onDeleteCascade: boolean;
}

/** strongest first: the one the column's own fact carries when it declares several inline
 * constraints; the others get facts of their own (inlineConstraintFacts) */
const INLINE_RANK: Record<string, number> = { primary_key: 4, unique: 3, foreign_key: 2, check: 1 };

function columnInfo(h: PgHelpers, col: any): ColumnInfo {
  const columnType = normalizeTypeName(col.typeName);
  const info: ColumnInfo = {
    column: col.colname ?? null,
    columnType,
    collation: collationOf(col.collClause),
    hasDefault: false,
    defaultVolatility: null,
    notNull: col.is_not_null === true,
    generated: null,
    main: null,
    others: [],
    references: false,
    hasCheck: false,
    indexed: false,
    span: spanAt(h, col.location),
  };
  if (columnType && SERIAL_TYPES.has(columnType)) {
    // serial = integer NOT NULL DEFAULT nextval(...), a volatile default
    info.generated = 'serial';
    info.hasDefault = true;
    info.defaultVolatility = 'volatile';
    info.notNull = true;
  }
  const cons: any[] | undefined = col.constraints;
  const inline: InlineConstraint[] = [];
  if (cons)
    for (const c of cons) {
      const k = c?.Constraint;
      if (!k) continue;
      let ctype: ConstraintTypeName | null = null;
      switch (k.contype) {
        case 'CONSTR_NOTNULL':
          info.notNull = true;
          break;
        case 'CONSTR_NULL':
          info.notNull = false;
          break;
        case 'CONSTR_DEFAULT':
          info.hasDefault = true;
          info.defaultVolatility = exprVolatility(k.raw_expr);
          h.walkExpr(k.raw_expr);
          break;
        case 'CONSTR_IDENTITY':
          // GENERATED ... AS IDENTITY: NOT NULL, values from a sequence
          info.generated = 'identity';
          info.hasDefault = true;
          info.defaultVolatility = 'volatile';
          info.notNull = true;
          break;
        case 'CONSTR_GENERATED':
          h.walkExpr(k.raw_expr);
          // virtual generated columns (Postgres 18) are computed on read: no rewrite
          if (k.generated_kind !== 'v') {
            info.generated = 'stored';
            info.hasDefault = true;
            info.defaultVolatility = exprVolatility(k.raw_expr);
          }
          break;
        case 'CONSTR_PRIMARY':
          ctype = 'primary_key';
          info.notNull = true;
          info.indexed = true;
          break;
        case 'CONSTR_UNIQUE':
          ctype = 'unique';
          info.indexed = true;
          break;
        case 'CONSTR_CHECK':
          ctype = 'check';
          info.hasCheck = true;
          h.walkExpr(k.raw_expr);
          break;
        case 'CONSTR_FOREIGN':
          ctype = 'foreign_key';
          info.references = true;
          break;
      }
      if (!ctype) continue;
      const fk = ctype === 'foreign_key';
      inline.push({
        type: ctype,
        name: k.conname ?? null,
        references: fk && k.pktable ? h.qualify(k.pktable) : null,
        referencesLocation: fk ? k.pktable?.location : undefined,
        onDeleteCascade: fk && k.fk_del_action === 'c',
      });
    }
  // the first of the strongest kind is the column's; the others keep the order written
  for (const c of inline) if (info.main === null || INLINE_RANK[c.type] > INLINE_RANK[info.main.type]) info.main = c;
  info.others = inline.filter((c) => c !== info.main);
  return info;
}

function referencedTable(h: PgHelpers, ref: QualifiedName | null, location: number | undefined): void {
  // a foreign key adds triggers to the referenced table under SHARE ROW EXCLUSIVE
  if (ref) addTable(h, ref, ['ddl'], spanAt(h, location));
}

/** The tables a column definition's foreign keys reference. */
function referencedTables(h: PgHelpers, c: ColumnInfo): void {
  if (c.main) referencedTable(h, c.main.references, c.main.referencesLocation);
  for (const o of c.others) referencedTable(h, o.references, o.referencesLocation);
}

/** What an inline constraint gives its column's fact (none: the fields of no constraint). */
function inlineFields(column: string | null, c: InlineConstraint | null) {
  return {
    // the constraint is on the column itself (`email text UNIQUE`)
    columns: c !== null && column !== null ? [column] : [],
    constraintType: c?.type ?? null,
    objectName: c?.name ?? null,
    onDeleteCascade: c?.onDeleteCascade ?? false,
    referencedTable: c?.references?.name ?? null,
  };
}

/** A fact per further inline constraint of a column (`user_id bigint UNIQUE REFERENCES users`):
 * the column's fact `f` with that constraint instead, at the same place, so the file state and
 * the catalog know every constraint by its name, and rules on foreign keys, cascades, ... see
 * each one. A rule fires once per statement, so a rule the column's fact fires is not repeated. */
function inlineConstraintFacts(h: PgHelpers, op: Action, table: string, span: Span, f: DdlFields, c: ColumnInfo): void {
  for (const o of c.others) addDdl(h, op, table, span, { ...f, ...inlineFields(c.column, o) });
}

const CONSTRAINT_KIND: Record<string, [ConstraintTypeName, Action]> = {
  CONSTR_PRIMARY: ['primary_key', 'add_primary_key'],
  CONSTR_UNIQUE: ['unique', 'add_unique'],
  CONSTR_FOREIGN: ['foreign_key', 'add_foreign_key'],
  CONSTR_CHECK: ['check', 'add_check'],
  CONSTR_EXCLUSION: ['exclusion', 'add_exclusion'],
  CONSTR_NOTNULL: ['not_null', 'add_constraint'],
};

interface ConstraintInfo {
  operation: Action;
  constraintType: ConstraintTypeName | null;
  lock: LockLevel;
  scan: boolean;
  notValid: boolean;
  column: string | null;
  columns: string[];
  includedColumns: string[];
  objectName: string | null;
  onDeleteCascade: boolean;
  referencedTable: string | null;
  span: Span;
}

/** The key columns of a table constraint: a foreign key's referencing columns, the keys of a
 * PRIMARY KEY / UNIQUE, the elements of an EXCLUDE; none when an element is an expression. */
function constraintColumns(k: any): string[] {
  if (!Array.isArray(k.exclusions)) return nameParts(k.fk_attrs ?? k.keys);
  const out: string[] = [];
  for (const pair of k.exclusions) {
    const name = pair?.List?.items?.[0]?.IndexElem?.name;
    if (typeof name !== 'string') return [];
    out.push(name);
  }
  return out;
}

/** A table constraint (CREATE TABLE element or ALTER TABLE ADD CONSTRAINT). */
/** The fact fields a table constraint sets, in CREATE TABLE and ALTER TABLE ADD alike. */
function constraintFields(k: ConstraintInfo) {
  return {
    notValid: k.notValid,
    // a primary key makes its columns NOT NULL
    notNull: k.constraintType === 'not_null' || k.constraintType === 'primary_key',
    column: k.column,
    columns: k.columns,
    includedColumns: k.includedColumns,
    objectName: k.objectName,
    constraintType: k.constraintType,
    onDeleteCascade: k.onDeleteCascade,
    referencedTable: k.referencedTable,
  };
}

function constraintInfo(h: PgHelpers, k: any): ConstraintInfo {
  const kind = CONSTRAINT_KIND[k.contype];
  const constraintType = kind ? kind[0] : null;
  const notValid = k.skip_validation === true;
  const usingIndex = typeof k.indexname === 'string';
  let scan: boolean;
  switch (constraintType) {
    case 'primary_key':
    case 'unique':
      // builds the index, unless an existing one is adopted
      scan = !usingIndex;
      break;
    case 'exclusion':
      scan = true;
      break;
    default:
      // CHECK, FOREIGN KEY and NOT NULL validate every row unless NOT VALID
      scan = !notValid;
  }
  const cols = constraintColumns(k);
  if (k.raw_expr) h.walkExpr(k.raw_expr);
  if (k.where_clause) h.walkExpr(k.where_clause);
  const referenced = constraintType === 'foreign_key' && k.pktable ? h.qualify(k.pktable) : null;
  if (referenced) referencedTable(h, referenced, k.pktable.location);
  return {
    operation: kind ? kind[1] : 'add_constraint',
    constraintType,
    lock: constraintType === 'foreign_key' ? STATEMENT_LOCKS.foreignKey : 'ACCESS EXCLUSIVE',
    scan,
    notValid,
    column: cols.length === 1 ? cols[0] : null,
    columns: cols,
    includedColumns: nameParts(k.including),
    objectName: k.conname ?? (usingIndex ? k.indexname : null),
    onDeleteCascade: k.fk_del_action === 'c',
    referencedTable: referenced?.name ?? null,
    span: spanAt(h, k.location),
  };
}

export function extractCreateTable(node: any, h: PgHelpers): void {
  const rel = node.relation ?? {};
  const qn = h.qualify(rel);
  const span = spanAt(h, rel.location);
  const temporary = rel.relpersistence === 't';
  h.markCreated(qn.name);
  addAction(h, 'create_table', qn.name, span);
  addTable(h, qn, ['ddl'], span, { temporary, createdInFile: true });
  const ifNotExists = node.if_not_exists === true;
  addDdl(h, 'create_table', qn.name, span, { createdInFile: true, ifNotExists, lock: STATEMENT_LOCKS.newObject });
  const parents: any[] = node.inhRelations ?? [];
  for (const p of parents) {
    const rv = p?.RangeVar;
    if (!rv) continue;
    const pq = h.qualify(rv);
    const pspan = spanAt(h, rv.location);
    addTable(h, pq, ['ddl'], pspan);
    if (node.partbound) {
      // CREATE TABLE ... PARTITION OF attaches under ACCESS EXCLUSIVE on the parent
      addAction(h, 'attach_partition', pq.name, pspan);
      addDdl(h, 'attach_partition', pq.name, pspan, {
        createdInFile: h.createdInFile(pq.name),
        lock: STATEMENT_LOCKS.createPartitionOf,
        objectName: qn.name,
        ifNotExists,
      });
    }
  }
  const elts: any[] = node.tableElts ?? [];
  for (const e of elts) {
    if (e.ColumnDef) {
      const c = columnInfo(h, e.ColumnDef);
      referencedTables(h, c);
      const f: DdlFields = {
        createdInFile: true,
        ifNotExists,
        lock: c.references ? STATEMENT_LOCKS.foreignKey : STATEMENT_LOCKS.newObject,
        column: c.column,
        columnType: c.columnType,
        collation: c.collation,
        defaultVolatility: c.defaultVolatility,
        hasDefault: c.hasDefault,
        notNull: c.notNull,
        generated: c.generated,
        ...inlineFields(c.column, c.main),
      };
      addDdl(h, 'create_table', qn.name, c.span, f);
      inlineConstraintFacts(h, 'create_table', qn.name, c.span, f, c);
    } else if (e.Constraint) {
      const k = constraintInfo(h, e.Constraint);
      addDdl(h, 'create_table', qn.name, k.span, {
        createdInFile: true,
        ifNotExists,
        lock: k.constraintType === 'foreign_key' ? k.lock : STATEMENT_LOCKS.newObject,
        ...constraintFields(k),
      });
    } else if (e.TableLikeClause) {
      const rv = e.TableLikeClause.relation;
      if (rv) addTable(h, h.qualify(rv), ['read'], spanAt(h, rv.location));
    }
  }
}

export function extractCreateTableAs(node: any, h: PgHelpers): void {
  const rel = node.into?.rel ?? {};
  const qn = h.qualify(rel);
  const span = spanAt(h, rel.location);
  const matview = node.objtype === 'OBJECT_MATVIEW';
  const op: Action = matview ? 'create_materialized_view' : 'create_table_as';
  const filled = node.into?.skipData !== true;
  h.markCreated(qn.name);
  addAction(h, op, qn.name, span);
  // the new table is filled with the query's rows unless WITH NO DATA
  addTable(h, qn, filled ? ['ddl', 'write'] : ['ddl'], span, { temporary: rel.relpersistence === 't', createdInFile: true });
  addDdl(h, op, qn.name, span, {
    createdInFile: true,
    ifNotExists: node.if_not_exists === true,
    lock: STATEMENT_LOCKS.newObject,
  });
  const sel = node.query?.SelectStmt;
  if (sel && filled) {
    // the query runs now: a nested select reached through CREATE TABLE AS
    h.out.actions.push({ kind: 'action', action: 'select', span: h.statementSpan, target: firstTable(h, sel), nested: true, via: 'create_table_as' });
  }
  if (node.query) h.walkExpr(node.query);
}

function firstTable(h: PgHelpers, sel: any): string | null {
  const rv = firstRangeVar(sel);
  return rv ? h.qualify(rv).name : null;
}

const NOT_TABLES = new Set(['OBJECT_INDEX', 'OBJECT_SEQUENCE', 'OBJECT_TYPE']);

export function extractAlterTable(node: any, h: PgHelpers): void {
  const rel = node.relation ?? {};
  const qn = h.qualify(rel);
  const span = spanAt(h, rel.location);
  const created = h.createdInFile(qn.name);
  const ifExists = node.missing_ok === true;
  const statementAction: Action = node.objtype === 'OBJECT_TYPE' ? 'alter_type' : 'alter_table';
  addAction(h, statementAction, qn.name, span);
  // ALTER INDEX / SEQUENCE / TYPE change no table
  const isTable = !NOT_TABLES.has(node.objtype);
  if (isTable) addTable(h, qn, ['ddl'], span);
  let destroys = false;
  const cmds: any[] = node.cmds ?? [];
  for (const c of cmds) {
    const cmd = c?.AlterTableCmd;
    if (!cmd) continue;
    const lock = alterTableCmdLock(cmd);
    let op: Action = statementAction;
    let fspan = h.statementSpan;
    // ADD COLUMN: the column definition, whose further inline constraints get facts of their own
    let inlineOf: ColumnInfo | null = null;
    // every field present from the start (undefined reads as addDdl's default): the assignments
    // below then overwrite and never add, so the object keeps one shape
    const f: Parameters<typeof addDdl>[4] = {
      createdInFile: created,
      lock,
      rewrite: undefined,
      scan: undefined,
      concurrently: undefined,
      notValid: undefined,
      ifExists,
      ifNotExists: undefined,
      cascade: cmd.behavior === 'DROP_CASCADE',
      column: undefined,
      columns: undefined,
      includedColumns: undefined,
      columnType: undefined,
      charset: undefined,
      collation: undefined,
      defaultVolatility: undefined,
      hasDefault: undefined,
      notNull: undefined,
      objectName: undefined,
      oldName: undefined,
      constraintType: undefined,
      onDeleteCascade: undefined,
      generated: undefined,
      referencedTable: undefined,
    };
    switch (cmd.subtype) {
      case 'AT_AddColumn':
      case 'AT_AddColumnToView': {
        const col = cmd.def?.ColumnDef ?? {};
        const ci = columnInfo(h, col);
        referencedTables(h, ci);
        op = 'add_column';
        inlineOf = ci;
        fspan = ci.span;
        // Postgres 11+: a non-volatile default is stored in the catalog, no rewrite
        const rewrite = ci.generated !== null || ci.defaultVolatility === 'volatile';
        Object.assign(f, {
          ifNotExists: cmd.missing_ok === true,
          column: ci.column,
          columnType: ci.columnType,
          collation: ci.collation,
          defaultVolatility: ci.defaultVolatility,
          hasDefault: ci.hasDefault,
          notNull: ci.notNull,
          generated: ci.generated,
          ...inlineFields(ci.column, ci.main),
          rewrite,
          scan: rewrite || (ci.notNull && !ci.hasDefault) || ci.hasCheck || ci.indexed || ci.references,
        });
        break;
      }
      case 'AT_DropColumn':
        op = 'drop_column';
        destroys = true;
        Object.assign(f, { column: cmd.name ?? null, ifExists: ifExists || cmd.missing_ok === true });
        break;
      case 'AT_AlterColumnType': {
        const col = cmd.def?.ColumnDef ?? {};
        op = 'alter_column_type';
        if (col.location !== undefined) fspan = spanAt(h, col.location);
        if (col.raw_default) h.walkExpr(col.raw_default);
        const columnType = normalizeTypeName(col.typeName);
        // the old type is not in the statement: unless the walker knows it and the change is
        // binary coercible (varchar(n) -> varchar(m >= n) / text, ...), assume a rewrite; USING
        // always evaluates an expression per row
        const old = cmd.name ? (h as PgHelpers & ColumnTypeLookup).columnType?.(qn.name, cmd.name) : undefined;
        const safe = !col.raw_default && typeof old === 'string' && columnType !== null && isSafeTypeChange(old, columnType);
        Object.assign(f, { column: cmd.name ?? null, columnType, collation: collationOf(col.collClause), rewrite: !safe, scan: !safe });
        break;
      }
      case 'AT_SetNotNull':
        op = 'set_not_null';
        Object.assign(f, { column: cmd.name ?? null, notNull: true, constraintType: 'not_null', scan: true });
        break;
      case 'AT_DropNotNull':
        op = 'drop_not_null';
        f.column = cmd.name ?? null;
        break;
      case 'AT_ColumnDefault':
        f.column = cmd.name ?? null;
        if (cmd.def) {
          op = 'set_default';
          h.walkExpr(cmd.def);
          Object.assign(f, { hasDefault: true, defaultVolatility: exprVolatility(cmd.def) });
        } else op = 'drop_default';
        break;
      case 'AT_AddConstraint': {
        const k = constraintInfo(h, cmd.def?.Constraint ?? {});
        op = k.operation;
        fspan = k.span;
        Object.assign(f, { scan: k.scan, ...constraintFields(k) });
        break;
      }
      case 'AT_ValidateConstraint':
        op = 'validate_constraint';
        Object.assign(f, { objectName: cmd.name ?? null, scan: true });
        break;
      case 'AT_DropConstraint':
        op = 'drop_constraint';
        Object.assign(f, {
          objectName: cmd.name ?? null,
          ifExists: ifExists || cmd.missing_ok === true,
          // what it drops, when an earlier statement of the file or the catalog declared it
          constraintType: cmd.name ? (h.constraintType?.(qn.name, cmd.name) ?? null) : null,
        });
        break;
      case 'AT_EnableRowSecurity':
      case 'AT_ForceRowSecurity':
        op = 'enable_rls';
        break;
      case 'AT_DisableRowSecurity':
      case 'AT_NoForceRowSecurity':
        op = 'disable_rls';
        break;
      case 'AT_ChangeOwner':
        op = 'alter_owner';
        f.objectName = roleName(cmd.newowner);
        fspan = spanAt(h, cmd.newowner?.location);
        break;
      case 'AT_AttachPartition':
      case 'AT_DetachPartition':
      case 'AT_DetachPartitionFinalize': {
        const pc = cmd.def?.PartitionCmd ?? {};
        const part = pc.name ? h.qualify(pc.name) : null;
        if (part) {
          const pspan = spanAt(h, pc.name.location);
          fspan = pspan;
          if (isTable) addTable(h, part, ['ddl'], pspan);
        }
        op = cmd.subtype === 'AT_AttachPartition' ? 'attach_partition' : 'detach_partition';
        Object.assign(f, {
          objectName: part?.name ?? null,
          concurrently: pc.concurrent === true || cmd.subtype === 'AT_DetachPartitionFinalize',
          // attaching a table validates the partition bound against every row (unless a matching
          // CHECK exists); attaching an index partition scans nothing
          scan: isTable && cmd.subtype === 'AT_AttachPartition',
        });
        break;
      }
      case 'AT_SetTableSpace':
      case 'AT_SetAccessMethod':
        // the data files are copied (tablespace) or rewritten (access method)
        Object.assign(f, { objectName: cmd.name ?? null, rewrite: true, scan: true });
        break;
      case 'AT_SetLogged':
      case 'AT_SetUnLogged':
        Object.assign(f, { rewrite: true, scan: true });
        break;
      case 'AT_SetExpression':
        // recomputes the stored generated column for every row
        h.walkExpr(cmd.def);
        Object.assign(f, { column: cmd.name ?? null, rewrite: true, scan: true, generated: 'stored' });
        break;
      case 'AT_AddIdentity':
      case 'AT_SetIdentity':
        Object.assign(f, { column: cmd.name ?? null, generated: 'identity' });
        break;
      case 'AT_DropIdentity':
      case 'AT_DropExpression':
      case 'AT_SetStatistics':
      case 'AT_SetOptions':
      case 'AT_ResetOptions':
      case 'AT_SetStorage':
      case 'AT_SetCompression':
      case 'AT_AlterColumnGenericOptions':
        f.column = cmd.name ?? null;
        break;
      case 'AT_AddInherit':
      case 'AT_DropInherit': {
        const rv = cmd.def?.RangeVar;
        if (rv) {
          const pq = h.qualify(rv);
          addTable(h, pq, ['ddl'], spanAt(h, rv.location));
          f.objectName = pq.name;
        }
        break;
      }
      case 'AT_AlterConstraint':
        f.objectName = cmd.def?.ATAlterConstraint?.conname ?? null;
        break;
      default:
        // CLUSTER ON, triggers, rules, REPLICA IDENTITY, storage parameters, OF: the name they carry
        f.objectName = cmd.name ?? null;
    }
    if (op !== statementAction) addAction(h, op, qn.name, fspan);
    addDdl(h, op, qn.name, fspan, f);
    if (inlineOf) inlineConstraintFacts(h, op, qn.name, fspan, f, inlineOf);
  }
  // DROP COLUMN destroys stored values
  if (destroys && isTable) addTable(h, qn, ['write'], span);
}
