// The dispatcher over libpg-query statement nodes, shared by top-level statements and SQL
// nested in bodies and strings. Queries, COPY, EXPLAIN, session and transaction statements,
// DO and CREATE FUNCTION are handled here; DDL and privileges by ddl.ts / privilege.ts.
import { firstRangeVar } from './names.js';
import type { Action, OutputColumnFact, WhereState } from '../../facts/types.js';
import type { PgHelpers } from './helpers.js';
import { addAction, addColumn, addTable, createdInFile, qualifyIn, spanAt, type Ctx } from './context.js';
import { firstSearchSchema } from '../file-state.js';
import { createFunctionStmt, doStmt } from './bodies.js';
import { extractDdl } from './ddl.js';
import { callFunction } from './functions.js';
import { analyzeSqlNear } from './nested.js';
import { extractPrivilege } from './privilege.js';
import { expr, isQueryType, nestedCtx, newScope, outputFacts, queryNode, selectStmt, limitOf, type OutCol } from './query.js';
import { whereState } from './where.js';

/** What a statement contributes to the top-level StatementFacts fields. */
export interface StmtInfo {
  kind: string;
  where: WhereState | null;
  limit: number | 'all' | 'param' | null;
  returning: boolean;
  explain: { analyze: boolean } | null;
  outputs: OutputColumnFact[];
}

function info(kind: string, extra?: Partial<StmtInfo>): StmtInfo {
  return { kind, where: null, limit: null, returning: false, explain: null, outputs: [], ...extra };
}

/** `{ SelectStmt: {...} }` → facts into ctx.st.out; returns the top-level fields. */
export function dispatchStatement(ctx: Ctx, stmt: any): StmtInfo {
  let type = '';
  for (const k in stmt) {
    type = k;
    break;
  }
  const node = stmt[type] ?? {};
  switch (type) {
    case 'SelectStmt':
      return select(ctx, node);
    case 'InsertStmt':
    case 'UpdateStmt':
    case 'DeleteStmt':
    case 'MergeStmt': {
      const r = queryNode(ctx, type, node, null);
      return info(KINDS[type], { where: r.where, returning: r.returning, outputs: outputFacts(ctx, r.outputs, 'returning') });
    }
    case 'CopyStmt':
      return copy(ctx, node);
    case 'ExplainStmt':
      return explain(ctx, node);
    case 'DoStmt':
      doStmt(ctx, node);
      return info('do');
    case 'CreateFunctionStmt':
      createFunctionStmt(ctx, node);
      ctx.st.created.add(functionTarget(node.funcname));
      return info(node.is_procedure ? 'create_procedure' : 'create_function');
    case 'CallStmt': {
      const fc = node.funccall ?? {};
      // the procedure as an object: schema-qualified like CREATE PROCEDURE's target
      addAction(ctx, 'call', fc.funcname ? functionTarget(fc.funcname) : null, ctx.fallback);
      callFunction(ctx, fc, newScope(null, true), null);
      return info('call');
    }
    case 'TransactionStmt':
      return transaction(ctx, node);
    case 'VariableSetStmt':
      return variableSet(ctx, node);
    case 'VariableShowStmt':
      addAction(ctx, 'show', node.name ? String(node.name).toLowerCase() : null, ctx.fallback);
      return info('show');
    case 'PrepareStmt': {
      addAction(ctx, 'prepare', node.name ?? null, ctx.fallback);
      if (node.query) dispatchStatement(nestedCtx(ctx, 'prepare'), node.query);
      return info('prepare');
    }
    case 'ExecuteStmt':
      addAction(ctx, 'execute', node.name ?? null, ctx.fallback);
      if (node.params) expr(ctx, node.params, newScope(null, true), null);
      return info('execute');
    case 'DeallocateStmt':
      addAction(ctx, 'deallocate', node.name ?? null, ctx.fallback);
      return info('deallocate');
    case 'ListenStmt':
      addAction(ctx, 'listen', node.conditionname ?? null, ctx.fallback);
      return info('listen');
    case 'UnlistenStmt':
      addAction(ctx, 'listen', node.conditionname ?? null, ctx.fallback);
      return info('unlisten');
    case 'NotifyStmt':
      addAction(ctx, 'notify', node.conditionname ?? null, ctx.fallback);
      return info('notify');
    case 'DiscardStmt':
      addAction(ctx, 'discard', null, ctx.fallback);
      return info('discard');
    case 'CheckPointStmt':
      addAction(ctx, 'checkpoint', null, ctx.fallback);
      return info('checkpoint');
    case 'DeclareCursorStmt': {
      // the cursor's query runs as the rows are fetched
      const inner = node.query ? dispatchStatement(ctx, node.query) : null;
      return info('declare_cursor', { where: inner?.where ?? null, limit: inner?.limit ?? null });
    }
  }
  if (type === 'CreateStmt' && node.relation?.relpersistence === 't' && node.relation.relname) ctx.env.temps.add(node.relation.relname);
  if (type === 'CreateTableAsStmt' && node.into?.rel?.relpersistence === 't' && node.into.rel.relname) ctx.env.temps.add(node.into.rel.relname);
  const h = helpers(ctx);
  if (extractDdl(type, node, h) || extractPrivilege(type, node, h)) return info(kindOf(type, node));
  addAction(ctx, 'other', null, ctx.fallback);
  return info(kindOf(type, node));
}

const KINDS: Record<string, string> = {
  InsertStmt: 'insert',
  UpdateStmt: 'update',
  DeleteStmt: 'delete',
  MergeStmt: 'merge',
};

function functionTarget(funcname: any[] | undefined): string {
  const parts: string[] = [];
  for (const n of funcname ?? []) if (n.String) parts.push(n.String.sval);
  return parts.length === 1 ? `public.${parts[0]}` : parts.join('.');
}

function firstTable(ctx: Ctx, sel: any): string | null {
  const rv = firstRangeVar(sel);
  return rv ? qualifyIn(ctx, rv).name : null;
}

function select(ctx: Ctx, node: any): StmtInfo {
  const into = node.intoClause?.rel;
  if (into) {
    // SELECT ... INTO new_table creates and fills a table
    const q = qualifyIn(ctx, into);
    const temp = into.relpersistence === 't';
    if (temp && into.relname) ctx.env.temps.add(into.relname);
    ctx.st.created.add(q.name);
    addAction(ctx, 'select_into', q.name, ctx.fallback);
    selectStmt(ctx, node, null);
    addTable(ctx, q, 'ddl', into.location, temp);
    addTable(ctx, q, 'write', into.location, temp);
    return info('select_into');
  }
  addAction(ctx, 'select', firstTable(ctx, node), ctx.fallback);
  const outs = selectStmt(ctx, node, null);
  return info('select', { where: selectWhere(node), limit: limitOf(node), outputs: outputFacts(ctx, outs, 'select') });
}

const WHERE_RANK: Record<WhereState, number> = { absent: 0, trivial: 1, present: 2 };

/** A SELECT's row filter: null without a FROM clause (nothing to filter), the weakest branch of a
 * UNION / INTERSECT / EXCEPT. */
function selectWhere(node: any): WhereState | null {
  if (node.op && node.op !== 'SETOP_NONE') {
    const l = node.larg ? selectWhere(node.larg) : null;
    const r = node.rarg ? selectWhere(node.rarg) : null;
    if (l === null || r === null) return l ?? r;
    return WHERE_RANK[l] <= WHERE_RANK[r] ? l : r;
  }
  if (!Array.isArray(node.fromClause) || node.fromClause.length === 0) return null;
  return whereState(node.whereClause);
}

function copy(ctx: Ctx, node: any): StmtInfo {
  const from = node.is_from === true;
  const program = node.is_program === true;
  const file: string | null = node.filename ?? null;
  let action: Action;
  if (from) action = program ? 'copy_from_program' : file !== null ? 'copy_from_file' : 'copy_from';
  else action = program ? 'copy_to_program' : file !== null ? 'copy_to_file' : 'copy_to_stdout';
  const rv = node.relation;
  const table = rv ? qualifyIn(ctx, rv) : null;
  addAction(ctx, action, table ? table.name : file, ctx.fallback);
  let outs: OutCol[] = [];
  let returning = false;
  let where: WhereState | null = null;
  if (table && rv) {
    addTable(ctx, table, from ? 'write' : 'read', rv.location, rv.relpersistence === 't');
    const access = from ? 'write' : 'read';
    const att: string[] = [];
    for (const a of node.attlist ?? []) if (a.String) att.push(a.String.sval);
    const cols = att.length > 0 ? att : ctx.env.catalog?.columns(table.name);
    const sp = spanAt(ctx, rv.location);
    if (cols) {
      for (const c of cols) {
        addColumn(ctx, table.name, c, access, sp, att.length === 0);
        outs.push({ name: c, sources: [{ table: table.name, column: c }], shape: 'column', span: sp });
      }
    } else {
      addColumn(ctx, table.name, '*', access, sp, false);
      outs.push({ name: '*', sources: [{ table: table.name, column: '*' }], shape: 'star', span: sp });
    }
    if (node.whereClause) {
      const scope = newScope(null);
      expr(ctx, node.whereClause, scope, null);
    }
  } else if (node.query) {
    // COPY (query) TO ...: the query runs; a DELETE ... RETURNING inside really deletes
    const inner = nestedCtx(ctx, 'copy');
    let t = '';
    for (const k in node.query) t = k;
    if (t === 'SelectStmt') addAction(inner, 'select', firstTable(ctx, node.query.SelectStmt), ctx.fallback);
    if (isQueryType(t)) {
      const r = queryNode(inner, t, node.query[t], null);
      outs = r.outputs;
      returning = r.returning;
      where = r.where;
    } else dispatchStatement(inner, node.query);
  }
  // only rows sent to the client are outputs; a file or program receives them out of sight
  const outputs = !from && !program && file === null ? outputFacts(ctx, outs, returning ? 'returning' : 'select') : [];
  return info('copy', { where, returning, outputs });
}

function explain(ctx: Ctx, node: any): StmtInfo {
  let analyze = false;
  for (const o of node.options ?? []) {
    const d = o.DefElem;
    if (d?.defname !== 'analyze') continue;
    // libpg-query omits zero values: `ANALYZE 0` arrives as `{Integer: {}}`, `ANALYZE false` as `{Boolean: {}}`
    const a = d.arg;
    const v = a?.String ? a.String.sval : a?.Boolean ? a.Boolean.boolval === true : a?.Integer ? (a.Integer.ival ?? 0) : undefined;
    analyze = v === undefined || v === true || v === 1 || (typeof v === 'string' && !['false', 'off', '0', 'no'].includes(v.toLowerCase()));
  }
  if (!analyze) {
    // plain EXPLAIN only plans: nothing runs, nothing is read or written
    addAction(ctx, 'explain', null, ctx.fallback);
    return info('explain', { explain: { analyze: false } });
  }
  addAction(ctx, 'explain_analyze', null, ctx.fallback);
  const inner = node.query ? dispatchStatement(nestedCtx(ctx, 'explain_analyze'), node.query) : null;
  return info('explain', { explain: { analyze: true }, where: inner?.where ?? null, limit: inner?.limit ?? null });
}

const TRANSACTION_ACTIONS: Record<string, [Action, string]> = {
  TRANS_STMT_BEGIN: ['begin', 'begin'],
  TRANS_STMT_START: ['begin', 'begin'],
  TRANS_STMT_COMMIT: ['commit', 'commit'],
  TRANS_STMT_ROLLBACK: ['rollback', 'rollback'],
  TRANS_STMT_SAVEPOINT: ['savepoint', 'savepoint'],
  TRANS_STMT_RELEASE: ['savepoint', 'release_savepoint'],
  TRANS_STMT_ROLLBACK_TO: ['savepoint', 'rollback_to_savepoint'],
  TRANS_STMT_PREPARE: ['prepare_transaction', 'prepare_transaction'],
  TRANS_STMT_COMMIT_PREPARED: ['commit', 'commit_prepared'],
  TRANS_STMT_ROLLBACK_PREPARED: ['rollback', 'rollback_prepared'],
};

function transaction(ctx: Ctx, node: any): StmtInfo {
  const [action, kind] = TRANSACTION_ACTIONS[node.kind] ?? ['other', 'transaction'];
  addAction(ctx, action, node.savepoint_name ?? node.gid ?? null, ctx.fallback);
  return info(kind);
}

function variableSet(ctx: Ctx, node: any): StmtInfo {
  const name = node.name ? String(node.name).toLowerCase() : null;
  if (name === 'role' || name === 'session_authorization') {
    const h = helpers(ctx);
    if (extractPrivilege('VariableSetStmt', node, h)) return info(name === 'role' ? 'set_role' : 'set_session_authorization');
    addAction(ctx, name === 'role' ? 'set_role' : 'set_session_authorization', null, ctx.fallback);
    return info(name === 'role' ? 'set_role' : 'set_session_authorization');
  }
  if (node.kind === 'VAR_SET_MULTI' && (name === 'transaction' || name === 'session characteristics')) {
    addAction(ctx, 'set_transaction', null, ctx.fallback);
    return info('set_transaction');
  }
  const reset = node.kind === 'VAR_RESET' || node.kind === 'VAR_RESET_ALL';
  if ((name === 'search_path' || node.kind === 'VAR_RESET_ALL') && node.kind !== 'VAR_SET_CURRENT' && !ctx.deferred) {
    // later statements resolve unqualified names in the new first schema (each SET argument is one name)
    const names: string[] = [];
    for (const a of node.args ?? []) names.push(String(a?.A_Const?.sval?.sval ?? ''));
    ctx.st.defaultSchema = node.kind === 'VAR_SET_VALUE' ? firstSearchSchema(names) : 'public';
  }
  addAction(ctx, 'set', node.kind === 'VAR_RESET_ALL' ? 'all' : name, ctx.fallback);
  return info(reset ? 'reset' : 'set');
}

/** snake_case statement kind: `CreateStmt` → `create_table`, `AlterTableStmt` → `alter_table`. */
export function kindOf(type: string, node: any): string {
  switch (type) {
    case 'CreateStmt':
      return 'create_table';
    case 'CreateTableAsStmt':
      return node.objtype === 'OBJECT_MATVIEW' ? 'create_materialized_view' : 'create_table_as';
    case 'IndexStmt':
      return 'create_index';
    case 'ViewStmt':
      return 'create_view';
    case 'CreateTrigStmt':
      return 'create_trigger';
    case 'RuleStmt':
      return 'create_rule';
    case 'CreateSeqStmt':
      return 'create_sequence';
    case 'CreatedbStmt':
      return 'create_database';
    case 'DropdbStmt':
      return 'drop_database';
    case 'CreateSchemaStmt':
      return 'create_schema';
    case 'CreateEnumStmt':
    case 'CompositeTypeStmt':
    case 'CreateRangeStmt':
      return 'create_type';
    case 'GrantStmt':
      return node.is_grant ? 'grant' : 'revoke';
    case 'GrantRoleStmt':
      return node.is_grant ? 'grant_role' : 'revoke_role';
    case 'DropStmt': {
      const t = String(node.removeType ?? 'OBJECT_UNKNOWN').replace(/^OBJECT_/, '').toLowerCase();
      return `drop_${t === 'matview' ? 'materialized_view' : t}`;
    }
    case 'VacuumStmt':
      return node.is_vacuumcmd ? 'vacuum' : 'analyze';
    case 'TruncateStmt':
      return 'truncate';
    case 'LockStmt':
      return 'lock_table';
    case 'LoadStmt':
      return 'load';
    case 'RenameStmt':
      return node.renameType === 'OBJECT_COLUMN' ? 'rename_column' : `rename_${String(node.renameType ?? '').replace(/^OBJECT_/, '').toLowerCase()}`;
  }
  return type
    .replace(/Stmt$/, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase();
}

/** The contract object for ddl.ts / privilege.ts, built when a statement needs it. */
function helpers(ctx: Ctx): PgHelpers {
  return {
    // methods, not arrow properties: tsx (esbuild keepNames) renames arrows on every call
    span(location, length) {
      return spanAt(ctx, location, length);
    },
    statementSpan: ctx.fallback,
    qualify(rv) {
      return qualifyIn(ctx, rv);
    },
    createdInFile(name) {
      return createdInFile(ctx, name);
    },
    markCreated(name) {
      ctx.st.created.add(name);
    },
    constraintType(table, name) {
      // the file's own changes first: a constraint it dropped or renamed away hides the catalog's
      const inFile = ctx.env.file.constraints.get(table);
      if (inFile?.has(name)) return inFile.get(name) ?? null;
      return ctx.env.catalog?.constraintType(table, name) ?? null;
    },
    walkExpr(node) {
      expr(ctx, node, newScope(null, true), null);
    },
    analyzeNested(sql, location, via) {
      analyzeSqlNear(nestedCtx(ctx, via), sql, location);
    },
    via: ctx.via,
    nested: ctx.nested,
    deferred: ctx.deferred === true,
    out: ctx.st.out,
  };
}
