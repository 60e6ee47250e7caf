// The mutable accumulator that extractors fill while walking one statement; turned into
// StatementFacts (plain data) once the walk ends. Shared by every dialect's extractor.
import type {
  ActionFact,
  ColumnFact,
  DdlFact,
  DynamicSqlFact,
  FunctionCallFact,
  OutputColumnFact,
  PatternFact,
  PrivilegeFact,
  RoleFact,
  TableFact,
} from '../facts/types.js';

export interface FactSink {
  actions: ActionFact[];
  tables: TableFact[];
  columns: ColumnFact[];
  outputs: OutputColumnFact[];
  functions: FunctionCallFact[];
  dynamicSql: DynamicSqlFact[];
  privileges: PrivilegeFact[];
  roles: RoleFact[];
  ddl: DdlFact[];
  patterns: PatternFact[];
}

export function emptySink(): FactSink {
  return {
    actions: [],
    tables: [],
    columns: [],
    outputs: [],
    functions: [],
    dynamicSql: [],
    privileges: [],
    roles: [],
    ddl: [],
    patterns: [],
  };
}
