// One constructor for DdlFact, shared by every dialect's extractor: every field gets its neutral
// value unless given, so adding a field to the fact model means changing this one place.
import type { Action, DdlFact, Span } from '../facts/types.js';

export type DdlFields = Partial<Omit<DdlFact, 'kind' | 'span' | 'operation' | 'table'>>;

export function ddlFact(operation: Action, table: string | null, span: Span, f: DdlFields): DdlFact {
  return {
    kind: 'ddl',
    span,
    operation,
    table,
    createdInFile: f.createdInFile ?? false,
    lock: f.lock ?? 'NONE',
    rewrite: f.rewrite ?? false,
    scan: f.scan ?? false,
    concurrently: f.concurrently ?? false,
    notValid: f.notValid ?? false,
    ifExists: f.ifExists ?? false,
    ifNotExists: f.ifNotExists ?? false,
    cascade: f.cascade ?? false,
    column: f.column ?? null,
    columns: f.columns ?? [],
    includedColumns: f.includedColumns ?? [],
    columnType: f.columnType ?? null,
    charset: f.charset ?? null,
    collation: f.collation ?? null,
    defaultVolatility: f.defaultVolatility ?? null,
    hasDefault: f.hasDefault ?? false,
    notNull: f.notNull ?? false,
    objectName: f.objectName ?? null,
    oldName: f.oldName ?? null,
    constraintType: f.constraintType ?? null,
    onDeleteCascade: f.onDeleteCascade ?? false,
    generated: f.generated ?? null,
    referencedTable: f.referencedTable ?? null,
    nested: f.nested ?? false,
    via: f.via ?? 'top',
  };
}
