// DDL on schemas, extensions, databases, views, triggers, rules, sequences and functions, and the
// dispatcher for every DDL node outside CREATE/ALTER TABLE (drops and renames in ddl-drop.ts, types
// in ddl-types.ts, indexes and maintenance in ddl-maintenance.ts).
import type { ActionFact, Action } from '../../facts/types.js';
import type { PgHelpers } from './helpers.js';
import { addAction, addDdl, addTable, roleName, spanAt } from './ddl-common.js';
import { extractAlterObjectSchema, extractDrop, extractOwned, extractRename } from './ddl-drop.js';
import {
  extractCluster,
  extractComment,
  extractIndex,
  extractLock,
  extractRefresh,
  extractReindex,
  extractTruncate,
  extractVacuum,
} from './ddl-maintenance.js';
import { extractAlterDomain, extractAlterEnum, extractCreateDomain, extractCreateType, typeTarget } from './ddl-types.js';
import { STATEMENT_LOCKS } from './locks.js';

export type DdlRecurse = (nodeType: string, node: any, h: PgHelpers) => boolean;

/** Encoding and collation of CREATE DATABASE. Encoding names as Postgres reads them
 * (clean_encoding_name: lowercased, punctuation dropped, so `UTF-8` is `utf8`; `unicode` is an
 * alias of `utf8`); a number is an encoding id (6 is UTF8); DEFAULT (the template's) is none.
 * The collation is LC_COLLATE, else LOCALE (which sets both), else ICU_LOCALE. */
function databaseLocale(options: any[] | undefined): { charset: string | null; collation: string | null } {
  const opt = new Map<string, string>();
  for (const o of options ?? []) {
    const d = o?.DefElem;
    if (!d?.defname || !d.arg) continue;
    const a = d.arg;
    const v = a.String?.sval ?? (a.Integer ? String(a.Integer.ival ?? 0) : undefined);
    if (typeof v === 'string') opt.set(d.defname, v);
  }
  let charset: string | null = null;
  const enc = opt.get('encoding');
  if (enc !== undefined && enc.toLowerCase() !== 'default') {
    const clean = enc.toLowerCase().replace(/[^a-z0-9]/g, '');
    charset = clean === 'unicode' || clean === '6' ? 'utf8' : clean === '0' ? 'sqlascii' : clean;
  }
  const coll = opt.get('lc_collate') ?? opt.get('locale') ?? opt.get('icu_locale');
  return { charset, collation: coll !== undefined && coll !== '' ? coll.toLowerCase() : null };
}

function extractCreateSchema(node: any, h: PgHelpers, recurse: DdlRecurse): void {
  const name: string = node.schemaname ?? (node.authrole ? roleName(node.authrole) : '');
  const span = h.statementSpan;
  h.markCreated(name);
  addAction(h, 'create_schema', name, span);
  addDdl(h, 'create_schema', name, span, {
    createdInFile: true,
    ifNotExists: node.if_not_exists === true,
    objectName: node.authrole ? roleName(node.authrole) : null,
  });
  // CREATE SCHEMA s CREATE TABLE t ...: the elements live in the new schema
  for (const el of (node.schemaElts ?? []) as any[]) {
    for (const type in el) {
      let body = el[type];
      for (const key of ['relation', 'view', 'sequence']) {
        const rv = body?.[key];
        // a copy: the parse tree stays as the parser made it
        if (rv && !rv.schemaname) body = { ...body, [key]: { ...rv, schemaname: name } };
      }
      // the new schema is first in the search path while the elements run
      if (type === 'GrantStmt' && Array.isArray(body.objects))
        body = {
          ...body,
          objects: body.objects.map((o: any) =>
            o?.RangeVar && !o.RangeVar.schemaname ? { RangeVar: { ...o.RangeVar, schemaname: name } } : o,
          ),
        };
      recurse(type, body, h);
    }
  }
}

function extractView(node: any, h: PgHelpers): void {
  const rv = node.view ?? {};
  const q = h.qualify(rv);
  const span = spanAt(h, rv.location);
  const replacing = node.replace === true && h.createdInFile(q.name) === false;
  h.markCreated(q.name);
  addAction(h, 'create_view', q.name, span);
  addTable(h, q, ['ddl'], span, { temporary: rv.relpersistence === 't', createdInFile: true });
  addDdl(h, 'create_view', q.name, span, {
    createdInFile: true,
    lock: replacing ? STATEMENT_LOCKS.replaceView : STATEMENT_LOCKS.newObject,
  });
  if (node.query) h.walkExpr(node.query);
}

function extractTrigger(node: any, h: PgHelpers): void {
  const rv = node.relation ?? {};
  const q = h.qualify(rv);
  const span = spanAt(h, rv.location);
  if (node.whenClause) h.walkExpr(node.whenClause);
  addAction(h, 'create_trigger', q.name, span);
  addTable(h, q, ['ddl'], span);
  addDdl(h, 'create_trigger', q.name, span, {
    createdInFile: h.createdInFile(q.name),
    lock: STATEMENT_LOCKS.createTrigger,
    objectName: node.trigname ?? null,
  });
}

const RULE_ACTIONS: Record<string, Action> = {
  InsertStmt: 'insert',
  UpdateStmt: 'update',
  DeleteStmt: 'delete',
  SelectStmt: 'select',
  NotifyStmt: 'notify',
};

function extractRule(node: any, h: PgHelpers): void {
  const rv = node.relation ?? {};
  const q = h.qualify(rv);
  const span = spanAt(h, rv.location);
  addAction(h, 'create_rule', q.name, span);
  addTable(h, q, ['ddl'], span);
  addDdl(h, 'create_rule', q.name, span, {
    createdInFile: h.createdInFile(q.name),
    lock: STATEMENT_LOCKS.rule,
    objectName: node.rulename ?? null,
  });
  if (node.whereClause) h.walkExpr(node.whereClause);
  // what the rule will run: nested actions reached through it
  for (const a of (node.actions ?? []) as any[]) {
    for (const type in a) {
      const action = RULE_ACTIONS[type];
      if (!action) continue;
      const body = a[type];
      const target = body.relation ? h.qualify(body.relation).name : null;
      const fact: ActionFact = {
        kind: 'action',
        action,
        span: body.relation ? spanAt(h, body.relation.location) : span,
        target,
        nested: true,
        via: 'rule',
      };
      if (action === 'update' || action === 'delete') fact.where = body.whereClause ? 'present' : 'absent';
      h.out.actions.push(fact);
    }
  }
}

function extractSequence(node: any, h: PgHelpers, alter: boolean): void {
  const rv = node.sequence ?? {};
  const q = h.qualify(rv);
  const span = spanAt(h, rv.location);
  const op: Action = alter ? 'alter_sequence' : 'create_sequence';
  if (!alter) h.markCreated(q.name);
  addAction(h, op, q.name, span);
  addDdl(h, op, q.name, span, {
    createdInFile: alter ? h.createdInFile(q.name) : true,
    lock: alter ? STATEMENT_LOCKS.alterSequence : STATEMENT_LOCKS.newObject,
    ifNotExists: node.if_not_exists === true,
    ifExists: node.missing_ok === true,
  });
}

function extractFunction(node: any, h: PgHelpers): void {
  const target = typeTarget(h, node.funcname);
  const span = h.statementSpan;
  const created = h.createdInFile(target);
  h.markCreated(target);
  addAction(h, 'create_function', target, span);
  addDdl(h, 'create_function', target, span, {
    createdInFile: created,
    objectName: node.is_procedure ? 'procedure' : 'function',
  });
  let language = 'sql';
  let body: string | null = null;
  let bodyLocation: number | undefined;
  for (const o of (node.options ?? []) as any[]) {
    const d = o?.DefElem;
    if (d?.defname === 'language') language = String(d.arg?.String?.sval ?? '').toLowerCase();
    else if (d?.defname === 'as') {
      const items = d.arg?.List?.items;
      // `AS 'obj_file', 'link_symbol'` (C functions) has two items: no SQL there
      if (items?.length === 1) {
        body = items[0]?.String?.sval ?? null;
        // the AS keyword: the body text follows it
        bodyLocation = d.location;
      }
    }
  }
  if (body !== null && (language === 'sql' || language === 'plpgsql')) h.analyzeNested(body, bodyLocation, 'function_body');
}

/** ALTER DATABASE d SET / RESET (objectName the parameter, `all` for RESET ALL), WITH options
 * (ALLOW_CONNECTIONS, CONNECTION LIMIT, IS_TEMPLATE, SET TABLESPACE: objectName the options, as
 * Postgres names them, comma-separated) and REFRESH COLLATION VERSION: `alter_database` on the
 * database. ALTER DATABASE takes no table lock (SET TABLESPACE needs the database to have no
 * connections instead). RENAME TO is in ddl-drop.ts, OWNER TO stays `alter_owner`. */
function extractAlterDatabase(nodeType: string, node: any, h: PgHelpers): void {
  const name: string = node.dbname ?? '';
  let objectName: string | null = null;
  if (nodeType === 'AlterDatabaseSetStmt') {
    const s = node.setstmt ?? {};
    objectName = s.kind === 'VAR_RESET_ALL' ? 'all' : typeof s.name === 'string' ? s.name.toLowerCase() : null;
  } else if (nodeType === 'AlterDatabaseStmt') {
    const names = ((node.options ?? []) as any[]).map((o) => o?.DefElem?.defname).filter((n): n is string => typeof n === 'string');
    objectName = names.length > 0 ? names.join(',') : null;
  } else {
    objectName = 'refresh_collation_version';
  }
  addAction(h, 'alter_database', name, h.statementSpan);
  addDdl(h, 'alter_database', name, h.statementSpan, { createdInFile: h.createdInFile(name), lock: 'NONE', objectName });
}

/** Every DDL node this module knows; false for anything else. */
export function extractDdlNode(nodeType: string, node: any, h: PgHelpers, recurse: DdlRecurse): boolean {
  switch (nodeType) {
    case 'DropStmt':
      extractDrop(node, h);
      return true;
    case 'DropOwnedStmt':
    case 'ReassignOwnedStmt':
      extractOwned(nodeType, node, h);
      return true;
    case 'IndexStmt':
      extractIndex(node, h);
      return true;
    case 'ReindexStmt':
      extractReindex(node, h);
      return true;
    case 'RenameStmt':
      extractRename(node, h);
      return true;
    case 'AlterObjectSchemaStmt':
      extractAlterObjectSchema(node, h);
      return true;
    case 'AlterEnumStmt':
      extractAlterEnum(node, h);
      return true;
    case 'CreateEnumStmt':
      extractCreateType(h, node.typeName, 'enum');
      return true;
    case 'CompositeTypeStmt': {
      const rv = node.typevar ?? {};
      extractCreateType(h, [{ String: { sval: rv.schemaname } }, { String: { sval: rv.relname } }].filter((x) => x.String.sval), 'composite', spanAt(h, rv.location));
      return true;
    }
    case 'CreateRangeStmt':
      extractCreateType(h, node.typeName, 'range');
      return true;
    case 'DefineStmt':
      if (node.kind !== 'OBJECT_TYPE') return false;
      extractCreateType(h, node.defnames, 'base');
      return true;
    case 'CreateDomainStmt':
      extractCreateDomain(node, h);
      return true;
    case 'AlterDomainStmt':
      extractAlterDomain(node, h);
      return true;
    case 'CreateExtensionStmt': {
      const name: string = node.extname ?? '';
      h.markCreated(name);
      addAction(h, 'create_extension', name, h.statementSpan);
      addDdl(h, 'create_extension', name, h.statementSpan, { createdInFile: true, ifNotExists: node.if_not_exists === true });
      return true;
    }
    case 'CreateSchemaStmt':
      extractCreateSchema(node, h, recurse);
      return true;
    case 'ViewStmt':
      extractView(node, h);
      return true;
    case 'RefreshMatViewStmt':
      extractRefresh(node, h);
      return true;
    case 'CreateTrigStmt':
      extractTrigger(node, h);
      return true;
    case 'RuleStmt':
      extractRule(node, h);
      return true;
    case 'CreateSeqStmt':
      extractSequence(node, h, false);
      return true;
    case 'AlterSeqStmt':
      extractSequence(node, h, true);
      return true;
    case 'CommentStmt':
      extractComment(node, h);
      return true;
    case 'ClusterStmt':
      extractCluster(node, h);
      return true;
    case 'VacuumStmt':
      extractVacuum(node, h);
      return true;
    case 'TruncateStmt':
      extractTruncate(node, h);
      return true;
    case 'LockStmt':
      extractLock(node, h);
      return true;
    case 'CreatedbStmt':
    case 'DropdbStmt': {
      const op: Action = nodeType === 'CreatedbStmt' ? 'create_database' : 'drop_database';
      const name: string = node.dbname ?? '';
      addAction(h, op, name, h.statementSpan);
      addDdl(h, op, name, h.statementSpan, {
        createdInFile: op === 'create_database' || h.createdInFile(name),
        ifExists: node.missing_ok === true,
        ...(op === 'create_database' ? databaseLocale(node.options) : {}),
      });
      if (op === 'create_database') h.markCreated(name);
      return true;
    }
    case 'AlterDatabaseStmt':
    case 'AlterDatabaseSetStmt':
    case 'AlterDatabaseRefreshCollStmt':
      extractAlterDatabase(nodeType, node, h);
      return true;
    case 'AlterTableMoveAllStmt':
      // ALTER TABLE ALL IN TABLESPACE a SET TABLESPACE b: every table's files are copied
      addAction(h, 'alter_table', null, h.statementSpan);
      addDdl(h, 'alter_table', null, h.statementSpan, {
        lock: 'ACCESS EXCLUSIVE',
        rewrite: true,
        scan: true,
        objectName: node.new_tablespacename ?? null,
      });
      return true;
    case 'LoadStmt':
      addAction(h, 'load_library', node.filename ?? null, h.statementSpan);
      return true;
    case 'CreateFunctionStmt':
      extractFunction(node, h);
      return true;
    default:
      return false;
  }
}
