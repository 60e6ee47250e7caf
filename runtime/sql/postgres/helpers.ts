// The contract between the Postgres statement walker (extract.ts, DML, bodies) and the DDL /
// privilege extractors (ddl.ts, privilege.ts). The walker builds one PgHelpers per statement.
import type { DdlFact, Span, Via } from '../../facts/types.js';
import type { FactSink } from '../sink.js';

export interface QualifiedName {
  /** `schema.table` in normal form (lowercased unless quoted in the source, default schema `public`) */
  name: string;
  schema: string | null;
  table: string;
  /** the schema was written in the source (absent: not known to be) */
  qualified?: boolean;
}

export interface PgHelpers {
  /** span of a libpg-query `location` (UTF-8 byte offset into the parsed text) spanning `length`
   * UTF-16 characters (default: up to the end of the identifier or token there); undefined or -1
   * gives the whole statement's span */
  span(location?: number, length?: number): Span;
  /** span of the whole statement */
  statementSpan: Span;
  /** RangeVar (or schemaname/relname pair) to normal form */
  qualify(rv: { schemaname?: string; relname?: string; catalogname?: string }): QualifiedName;
  /** the object was created by an earlier statement of this file (or earlier in this statement) */
  createdInFile(qualifiedName: string): boolean;
  /** type of a named constraint of a table, declared earlier in the file or in the catalog */
  constraintType?(qualifiedTable: string, name: string): DdlFact['constraintType'];
  /** record that this statement creates the object, for later statements of the file */
  markCreated(qualifiedName: string): void;
  /** walk an expression (defaults, CHECK, WHERE, USING) to record function calls and subqueries */
  walkExpr(node: unknown): void;
  /** analyse SQL text found inside the statement (function bodies, constant EXECUTE strings) and
   * add its facts as nested facts with `via`; `location` is where the text starts (byte offset) */
  analyzeNested(sql: string, location: number | undefined, via: Via): void;
  via: Via;
  nested: boolean;
  /** inside a function body (or another body that runs later): nothing here runs now */
  deferred?: boolean;
  out: FactSink;
}
