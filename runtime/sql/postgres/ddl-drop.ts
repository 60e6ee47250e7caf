// DROP of every object kind, renames and SET SCHEMA: what disappears or changes its name.
import type { Access, Action, DdlFact, LockLevel } from '../../facts/types.js';
import type { PgHelpers, QualifiedName } from './helpers.js';
import { addAction, addDdl, addTable, nameParts, qualifyParts, roleName, spanAt } from './ddl-common.js';
import { STATEMENT_LOCKS } from './locks.js';

interface DropKind {
  action: Action;
  /** objects are relations (get a table fact) */
  relation: boolean;
  /** dropping destroys stored rows */
  destroysData: boolean;
  lock: LockLevel;
}

const DROP_KINDS: Record<string, DropKind> = {
  OBJECT_TABLE: { action: 'drop_table', relation: true, destroysData: true, lock: STATEMENT_LOCKS.dropRelation },
  OBJECT_FOREIGN_TABLE: { action: 'drop_table', relation: true, destroysData: false, lock: STATEMENT_LOCKS.dropRelation },
  OBJECT_VIEW: { action: 'drop_view', relation: true, destroysData: false, lock: STATEMENT_LOCKS.dropRelation },
  OBJECT_MATVIEW: { action: 'drop_view', relation: true, destroysData: false, lock: STATEMENT_LOCKS.dropRelation },
  OBJECT_INDEX: { action: 'drop_index', relation: false, destroysData: false, lock: STATEMENT_LOCKS.dropIndex },
  OBJECT_SEQUENCE: { action: 'drop_sequence', relation: false, destroysData: false, lock: STATEMENT_LOCKS.dropRelation },
  OBJECT_SCHEMA: { action: 'drop_schema', relation: false, destroysData: false, lock: 'NONE' },
  OBJECT_FUNCTION: { action: 'drop_function', relation: false, destroysData: false, lock: 'NONE' },
  OBJECT_PROCEDURE: { action: 'drop_function', relation: false, destroysData: false, lock: 'NONE' },
  OBJECT_ROUTINE: { action: 'drop_function', relation: false, destroysData: false, lock: 'NONE' },
  OBJECT_AGGREGATE: { action: 'drop_function', relation: false, destroysData: false, lock: 'NONE' },
  OBJECT_EXTENSION: { action: 'drop_extension', relation: false, destroysData: false, lock: 'NONE' },
  // objects that live on a table: [schema, table, name]
  OBJECT_TRIGGER: { action: 'drop_trigger', relation: false, destroysData: false, lock: STATEMENT_LOCKS.dropTrigger },
  OBJECT_POLICY: { action: 'drop_policy', relation: false, destroysData: false, lock: STATEMENT_LOCKS.policy },
  OBJECT_RULE: { action: 'drop_rule', relation: false, destroysData: false, lock: STATEMENT_LOCKS.rule },
  OBJECT_TYPE: { action: 'drop_type', relation: false, destroysData: false, lock: 'NONE' },
  OBJECT_DOMAIN: { action: 'drop_domain', relation: false, destroysData: false, lock: 'NONE' },
};

export const ON_TABLE = new Set(['OBJECT_TRIGGER', 'OBJECT_POLICY', 'OBJECT_RULE']);

/** objects outside any schema: their names are not qualified */
export const UNSCOPED = new Set([
  'OBJECT_DATABASE',
  'OBJECT_ROLE',
  'OBJECT_LARGEOBJECT',
  'OBJECT_SCHEMA',
  'OBJECT_EXTENSION',
  'OBJECT_LANGUAGE',
  'OBJECT_FDW',
  'OBJECT_FOREIGN_SERVER',
  'OBJECT_EVENT_TRIGGER',
  'OBJECT_PUBLICATION',
  'OBJECT_SUBSCRIPTION',
  'OBJECT_ACCESS_METHOD',
  'OBJECT_TABLESPACE',
  'OBJECT_CAST',
  'OBJECT_TRANSFORM',
]);

/** The dotted name of one DropStmt / CommentStmt object, whatever node holds it. */
export function objectParts(obj: any): string[] {
  if (!obj) return [];
  if (obj.List) return nameParts(obj.List.items);
  if (obj.String) return [obj.String.sval];
  if (obj.TypeName) return nameParts(obj.TypeName.names);
  if (obj.ObjectWithArgs) return nameParts(obj.ObjectWithArgs.objname);
  return [];
}

export function extractDrop(node: any, h: PgHelpers): void {
  const type: string = node.removeType ?? '';
  const kind = DROP_KINDS[type] ?? { action: 'other', relation: false, destroysData: false, lock: 'NONE' };
  const span = h.statementSpan;
  const ifExists = node.missing_ok === true;
  const cascade = node.behavior === 'DROP_CASCADE';
  const concurrently = node.concurrent === true;
  const objects: any[] = node.objects ?? [];
  let produced = false;
  for (const obj of objects) {
    const parts = objectParts(obj);
    if (parts.length === 0) continue;
    let target: string;
    let objectName: string | null = null;
    let created: boolean;
    if (ON_TABLE.has(type)) {
      // DROP TRIGGER name ON table: the last part is the trigger, the rest its table
      objectName = parts[parts.length - 1];
      const tq = qualifyParts(h, parts.slice(0, -1));
      target = tq.name;
      created = h.createdInFile(tq.name);
      addTable(h, tq, ['ddl'], span);
    } else if (UNSCOPED.has(type)) {
      target = parts.join('.');
      created = h.createdInFile(target);
    } else {
      const q = qualifyParts(h, parts);
      target = q.name;
      created = h.createdInFile(q.name);
      if (type === 'OBJECT_INDEX') objectName = q.table;
      if (kind.relation) addTable(h, q, kind.destroysData ? ['ddl', 'write'] : ['ddl'], span);
    }
    // DROP TYPE, DOMAIN, COLLATION, ... have no action of their own: say what was dropped
    if (kind.action === 'other' && objectName === null) objectName = type.slice(7).toLowerCase();
    produced = true;
    addAction(h, kind.action, target, span);
    addDdl(h, kind.action, target, span, {
      createdInFile: created,
      // DROP SCHEMA ... CASCADE drops every table in it, each under ACCESS EXCLUSIVE
      lock:
        type === 'OBJECT_INDEX' && concurrently
          ? STATEMENT_LOCKS.dropIndexConcurrently
          : type === 'OBJECT_SCHEMA' && cascade
            ? STATEMENT_LOCKS.dropRelation
            : kind.lock,
      ifExists,
      cascade,
      concurrently,
      objectName,
    });
  }
  if (!produced) {
    // DROP CAST (a AS b), DROP OPERATOR CLASS ...: nothing to name, still a drop
    addAction(h, kind.action, null, span);
    addDdl(h, kind.action, null, span, { lock: kind.lock, ifExists, cascade, objectName: type.slice(7).toLowerCase() });
  }
}

/** DROP OWNED BY r drops every object r owns (tables with their rows, schemas, functions, ...) in
 * the database: one `drop_table` per role (the target is unknown: null; objectName is the role),
 * what a policy against dropping tables must catch. It never fails for want of objects (as IF
 * EXISTS). REASSIGN OWNED BY r TO s hands them all over: `alter_owner` (objectName the new owner). */
export function extractOwned(nodeType: string, node: any, h: PgHelpers): void {
  const span = h.statementSpan;
  const drop = nodeType === 'DropOwnedStmt';
  const action: Action = drop ? 'drop_table' : 'alter_owner';
  for (const spec of node.roles ?? []) {
    const role = roleName(spec);
    addAction(h, action, null, span);
    addDdl(h, action, null, span, {
      lock: drop ? STATEMENT_LOCKS.dropRelation : 'ACCESS EXCLUSIVE',
      ifExists: drop,
      cascade: node.behavior === 'DROP_CASCADE',
      // like ALTER ... OWNER TO: the new owner
      objectName: drop ? role : roleName(node.newrole),
    });
  }
}

const RENAMED_RELATIONS = new Set(['OBJECT_TABLE', 'OBJECT_VIEW', 'OBJECT_MATVIEW', 'OBJECT_FOREIGN_TABLE', 'OBJECT_SEQUENCE']);

export function extractRename(node: any, h: PgHelpers): void {
  const type: string = node.renameType ?? '';
  const rel = node.relation;
  const span = rel ? spanAt(h, rel.location) : h.statementSpan;
  const ifExists = node.missing_ok === true;
  const newName: string | null = node.newname ?? null;
  const q: QualifiedName | null = rel ? h.qualify(rel) : null;
  let op: Action = 'other';
  let target: string | null = q?.name ?? null;
  let lock: LockLevel = STATEMENT_LOCKS.renameRelation;
  let column: string | null = null;
  let tableAccess: Access[] | null = null;
  let constraintType: DdlFact['constraintType'] = null;
  let oldName: string | null = null;
  if (RENAMED_RELATIONS.has(type)) {
    op = 'rename_table';
    if (type !== 'OBJECT_SEQUENCE') tableAccess = ['ddl'];
    // a table created earlier in the file keeps counting as created under its new name
    if (q && newName && h.createdInFile(q.name)) h.markCreated(q.schema ? `${q.schema}.${newName}` : newName);
  } else if (type === 'OBJECT_COLUMN') {
    op = 'rename_column';
    column = node.subname ?? null;
    tableAccess = ['ddl'];
  } else if (type === 'OBJECT_TABCONSTRAINT') {
    op = 'rename_constraint';
    tableAccess = ['ddl'];
    oldName = node.subname ?? null;
    // what the renamed constraint is, when an earlier statement or the catalog declared it
    if (q && node.subname) constraintType = h.constraintType?.(q.name, node.subname) ?? null;
  } else if (type === 'OBJECT_INDEX') {
    op = 'rename_index';
    lock = STATEMENT_LOCKS.renameIndex;
  } else if (type === 'OBJECT_TRIGGER' || type === 'OBJECT_POLICY' || type === 'OBJECT_RULE') {
    tableAccess = ['ddl'];
  } else if (type === 'OBJECT_SCHEMA') {
    op = 'rename_schema';
    target = node.subname ?? null;
    lock = 'NONE';
  } else if (type === 'OBJECT_TYPE' || type === 'OBJECT_DOMAIN' || type === 'OBJECT_ATTRIBUTE') {
    op = type === 'OBJECT_DOMAIN' ? 'alter_domain' : 'alter_type';
    const parts = objectParts(node.object);
    if (parts.length > 0) target = qualifyParts(h, parts).name;
    if (type === 'OBJECT_ATTRIBUTE') column = node.subname ?? null;
    lock = 'NONE';
  } else if (type === 'OBJECT_DATABASE') {
    // no rename action of its own: a change of the database (objectName the new name)
    op = 'alter_database';
    target = node.subname ?? null;
    lock = 'NONE';
  } else if (type === 'OBJECT_ROLE') {
    op = 'alter_role';
    target = node.subname ?? null;
    lock = 'NONE';
    h.out.roles.push({ kind: 'role', span, operation: 'alter_role', role: String(node.subname ?? '').toLowerCase(), attributes: [] });
  } else {
    const parts = objectParts(node.object);
    if (!q && parts.length > 0) target = parts.join('.');
    if (!q) lock = 'NONE';
  }
  if (q && tableAccess) addTable(h, q, tableAccess, span);
  addAction(h, op, target, span);
  addDdl(h, op, target, span, {
    createdInFile: target ? h.createdInFile(target) : false,
    lock,
    ifExists,
    column,
    objectName: newName,
    oldName,
    constraintType,
  });
}

export function extractAlterObjectSchema(node: any, h: PgHelpers): void {
  const rel = node.relation;
  const span = rel ? spanAt(h, rel.location) : h.statementSpan;
  let target: string | null = null;
  let op: Action = 'other';
  let lock: LockLevel = 'NONE';
  if (rel) {
    const q = h.qualify(rel);
    target = q.name;
    // moving a relation to another schema breaks its clients like a rename
    op = 'rename_table';
    lock = STATEMENT_LOCKS.renameRelation;
    addTable(h, q, ['ddl'], span);
  } else {
    const parts = objectParts(node.object);
    if (parts.length > 0) target = qualifyParts(h, parts).name;
    if (node.objectType === 'OBJECT_TYPE' || node.objectType === 'OBJECT_DOMAIN') op = 'alter_type';
  }
  addAction(h, op, target, span);
  addDdl(h, op, target, span, {
    createdInFile: target ? h.createdInFile(target) : false,
    lock,
    ifExists: node.missing_ok === true,
    objectName: node.newschema ?? null,
  });
}
