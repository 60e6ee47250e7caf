// Indexes and maintenance: CREATE INDEX, REINDEX, REFRESH MATERIALIZED VIEW, CLUSTER, VACUUM,
// ANALYZE, TRUNCATE, LOCK TABLE and COMMENT ON.
import type { Action, LockLevel } from '../../facts/types.js';
import type { PgHelpers, QualifiedName } from './helpers.js';
import { addAction, addDdl, addTable, hasOption, qualifyParts, spanAt } from './ddl-common.js';
import { objectParts, ON_TABLE, UNSCOPED } from './ddl-drop.js';
import { lockModeFromNumber, STATEMENT_LOCKS } from './locks.js';

export function extractIndex(node: any, h: PgHelpers): void {
  const rel = node.relation ?? {};
  const qn = h.qualify(rel);
  const span = spanAt(h, rel.location);
  const concurrently = node.concurrent === true;
  const idxName: string | null = node.idxname ?? null;
  // an index always lives in its table's schema
  const indexQualified = idxName ? (qn.schema ? `${qn.schema}.${idxName}` : idxName) : null;
  if (indexQualified) h.markCreated(indexQualified);
  addAction(h, 'create_index', indexQualified, span);
  addTable(h, qn, ['ddl'], span);
  const params: any[] = node.indexParams ?? [];
  let column: string | null = null;
  if (params.length === 1 && params[0]?.IndexElem?.name) column = params[0].IndexElem.name;
  // the key columns, none when one is an expression; INCLUDE takes only columns
  const names = params.map((p) => p?.IndexElem?.name);
  const columns = names.every((n) => typeof n === 'string') ? (names as string[]) : [];
  const includedColumns = (node.indexIncludingParams ?? []).map((p: any) => p?.IndexElem?.name).filter((n: unknown): n is string => typeof n === 'string');
  for (const p of params) if (p?.IndexElem?.expr) h.walkExpr(p.IndexElem.expr);
  if (node.whereClause) h.walkExpr(node.whereClause);
  addDdl(h, 'create_index', qn.name, span, {
    createdInFile: h.createdInFile(qn.name),
    lock: concurrently ? STATEMENT_LOCKS.createIndexConcurrently : STATEMENT_LOCKS.createIndex,
    // the build reads the whole table
    scan: true,
    concurrently,
    ifNotExists: node.if_not_exists === true,
    column,
    columns,
    includedColumns,
    objectName: idxName,
    constraintType: node.primary ? 'primary_key' : node.unique ? 'unique' : node.isconstraint && node.excludeOpNames ? 'exclusion' : null,
  });
}

export function extractReindex(node: any, h: PgHelpers): void {
  const concurrently = hasOption(node.params, 'concurrently');
  const rel = node.relation;
  const span = rel ? spanAt(h, rel.location) : h.statementSpan;
  let target: string | null;
  let lock: LockLevel;
  let created = false;
  if (rel) {
    const q = h.qualify(rel);
    target = q.name;
    created = h.createdInFile(q.name);
    if (node.kind === 'REINDEX_OBJECT_TABLE') addTable(h, q, ['ddl'], span);
    lock = node.kind === 'REINDEX_OBJECT_INDEX' ? STATEMENT_LOCKS.reindexIndex : STATEMENT_LOCKS.reindexTable;
  } else {
    // SCHEMA / DATABASE / SYSTEM: every table in turn
    target = node.name ?? null;
    lock = STATEMENT_LOCKS.reindexTable;
  }
  if (concurrently) lock = STATEMENT_LOCKS.reindexConcurrently;
  addAction(h, 'reindex', target, span);
  addDdl(h, 'reindex', target, span, {
    createdInFile: created,
    lock,
    scan: true,
    concurrently,
    objectName: rel && node.kind === 'REINDEX_OBJECT_INDEX' ? rel.relname : null,
  });
}

export function extractRefresh(node: any, h: PgHelpers): void {
  const rv = node.relation ?? {};
  const q = h.qualify(rv);
  const span = spanAt(h, rv.location);
  const concurrently = node.concurrent === true;
  addAction(h, 'refresh_materialized_view', q.name, span);
  addTable(h, q, ['ddl'], span);
  addDdl(h, 'refresh_materialized_view', q.name, span, {
    createdInFile: h.createdInFile(q.name),
    lock: concurrently ? STATEMENT_LOCKS.refreshMatviewConcurrently : STATEMENT_LOCKS.refreshMatview,
    // the query runs in full; without CONCURRENTLY the contents are replaced by a new heap
    rewrite: !concurrently && node.skipData !== true,
    scan: node.skipData !== true,
    concurrently,
  });
}

export function extractCluster(node: any, h: PgHelpers): void {
  const rv = node.relation;
  const q = rv ? h.qualify(rv) : null;
  const span = rv ? spanAt(h, rv.location) : h.statementSpan;
  if (q) addTable(h, q, ['ddl'], span);
  addAction(h, 'cluster', q?.name ?? null, span);
  addDdl(h, 'cluster', q?.name ?? null, span, {
    createdInFile: q ? h.createdInFile(q.name) : false,
    lock: STATEMENT_LOCKS.cluster,
    rewrite: true,
    scan: true,
    objectName: node.indexname ?? null,
  });
}

export function extractVacuum(node: any, h: PgHelpers): void {
  const op: Action = node.is_vacuumcmd ? 'vacuum' : 'analyze';
  const full = op === 'vacuum' && hasOption(node.options, 'full');
  const lock = full ? STATEMENT_LOCKS.vacuumFull : op === 'vacuum' ? STATEMENT_LOCKS.vacuum : STATEMENT_LOCKS.analyze;
  const rels: any[] = node.rels ?? [];
  const one = (q: QualifiedName | null, span = h.statementSpan): void => {
    if (q) addTable(h, q, ['ddl'], span);
    addAction(h, op, q?.name ?? null, span);
    addDdl(h, op, q?.name ?? null, span, {
      createdInFile: q ? h.createdInFile(q.name) : false,
      lock,
      rewrite: full,
      scan: true,
    });
  };
  if (rels.length === 0) one(null);
  for (const r of rels) {
    const rv = r?.VacuumRelation?.relation;
    if (rv) one(h.qualify(rv), spanAt(h, rv.location));
  }
}

export function extractTruncate(node: any, h: PgHelpers): void {
  const cascade = node.behavior === 'DROP_CASCADE';
  for (const r of (node.relations ?? []) as any[]) {
    const rv = r?.RangeVar;
    if (!rv) continue;
    const q = h.qualify(rv);
    const span = spanAt(h, rv.location);
    addAction(h, 'truncate', q.name, span);
    addTable(h, q, ['ddl', 'write'], span);
    addDdl(h, 'truncate', q.name, span, {
      createdInFile: h.createdInFile(q.name),
      lock: STATEMENT_LOCKS.truncate,
      cascade,
    });
  }
}

export function extractLock(node: any, h: PgHelpers): void {
  const lock = lockModeFromNumber(node.mode);
  for (const r of (node.relations ?? []) as any[]) {
    const rv = r?.RangeVar;
    if (!rv) continue;
    const q = h.qualify(rv);
    const span = spanAt(h, rv.location);
    addAction(h, 'lock_table', q.name, span);
    addTable(h, q, ['ddl'], span);
    addDdl(h, 'lock_table', q.name, span, { createdInFile: h.createdInFile(q.name), lock });
  }
}

export const COMMENT_ON_RELATION = new Set(['OBJECT_TABLE', 'OBJECT_VIEW', 'OBJECT_MATVIEW', 'OBJECT_FOREIGN_TABLE', 'OBJECT_INDEX', 'OBJECT_SEQUENCE']);

export function extractComment(node: any, h: PgHelpers): void {
  const type: string = node.objtype ?? '';
  const parts = objectParts(node.object);
  const span = h.statementSpan;
  let target: string | null = null;
  let column: string | null = null;
  let objectName: string | null = null;
  let lock: LockLevel = 'NONE';
  if (COMMENT_ON_RELATION.has(type) && parts.length > 0) {
    const q = qualifyParts(h, parts);
    target = q.name;
    lock = STATEMENT_LOCKS.comment;
    if (type !== 'OBJECT_INDEX' && type !== 'OBJECT_SEQUENCE') addTable(h, q, ['ddl'], span);
  } else if ((type === 'OBJECT_COLUMN' || ON_TABLE.has(type) || type === 'OBJECT_TABCONSTRAINT') && parts.length >= 2) {
    const q = qualifyParts(h, parts.slice(0, -1));
    target = q.name;
    lock = STATEMENT_LOCKS.comment;
    if (type === 'OBJECT_COLUMN') column = parts[parts.length - 1];
    else objectName = parts[parts.length - 1];
    addTable(h, q, ['ddl'], span);
  } else if (parts.length > 0) {
    target = UNSCOPED.has(type) ? parts.join('.') : qualifyParts(h, parts).name;
  }
  addAction(h, 'comment', target, span);
  addDdl(h, 'comment', target, span, {
    createdInFile: target ? h.createdInFile(target) : false,
    lock,
    column,
    objectName,
  });
}
