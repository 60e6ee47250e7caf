// What every input reader produces: SQL regions of one file, each with the map from its
// own offsets back to the original file, and the problems met while reading.
import type { Dialect } from '../../runtime/facts/types.js';
import type { OffsetMap } from './offset-map.js';

export type Origin = 'migration' | 'prompt' | 'plan';
export type Direction = 'up' | 'down';

/** One SQL string an agent asked to run: the unit `request.statementCount` counts. */
export interface ToolCall {
  /** 0-based index of the SQL-bearing string in the plan file */
  index: number;
  /** field that held the SQL (`sql`, `params.arguments.query`, `tool_calls[0].function.arguments.sql`) */
  field: string;
  /** tool or function name when the plan names it */
  tool: string | null;
  /** tool call id when the plan gives one */
  id: string | null;
}

export interface SqlRegion {
  text: string;
  dialect?: Dialect;
  offsetMap: OffsetMap;
  origin: Origin;
  direction?: Direction;
  toolCall?: ToolCall;
  /** migration regions: format the file was recognised as */
  flavor?: MigrationFlavor;
  /** the reader guessed this is SQL (a code span, a prose line, an untagged block, a `query` field):
   * when it does not parse it was not SQL after all, and yields no findings */
  guessed?: boolean;
  /** the migration tool runs this region outside a transaction (dbmate `transaction:false`,
   * Liquibase `runInTransaction:false`) */
  noTransaction?: boolean;
}

export type MigrationFlavor = 'plain' | 'golang-migrate' | 'flyway' | 'prisma' | 'liquibase' | 'dbmate';

/** A problem reading the input (bad JSON, unreadable file): reported as `file:line:col: error: ...`. */
export interface InputProblem {
  code: string;
  message: string;
  /** offset in the original file */
  offset: number;
}

export interface ReadResult {
  kind: InputKind;
  regions: SqlRegion[];
  problems: InputProblem[];
}

export type InputKind = 'migration' | 'prompt' | 'plan';
