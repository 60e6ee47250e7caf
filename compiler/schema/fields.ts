// The field table: every path a policy may read, with its type. Mirrors runtime/facts/types.ts
// (StatementFacts and the facts it lists) and runtime/decision/types.ts (DecisionInput); a test
// reads those files with the TypeScript compiler API and fails when a field or enum value is missing.
import type { ValueType } from '../ast.js';
import { ACTIONS } from '../../runtime/facts/schema.js';

type EnumType = Extract<ValueType, { kind: 'enum' }>;
type ObjectType = Extract<ValueType, { kind: 'object' }>;

function enumOf(name: string, values: readonly string[]): EnumType {
  return { kind: 'enum', name, values };
}
/** enum whose runtime values are not identifiers: written lowercase with `_` in policies */
function enumSpelled(name: string, runtimeValues: readonly string[]): EnumType {
  const runtime: Record<string, string> = {};
  const values = runtimeValues.map((v) => {
    const w = v.toLowerCase().replace(/ /g, '_');
    runtime[w] = v;
    return w;
  });
  return { kind: 'enum', name, values, runtime };
}
function obj(name: string, key: string | null, fields: Record<string, ValueType>): ObjectType {
  return { kind: 'object', name, key, fields };
}
const list = (element: ValueType): ValueType => ({ kind: 'list', element });
const nullable = (t: ValueType): ValueType => ({ kind: 'union', types: [t, NULL] });

export const STRING: ValueType = { kind: 'string' };
export const TAG: ValueType = { kind: 'string', tag: true };
export const NUMBER: ValueType = { kind: 'number' };
export const BOOL: ValueType = { kind: 'bool' };
export const NULL: ValueType = { kind: 'null' };
export const DURATION: ValueType = { kind: 'duration' };
export const SCALAR: ValueType = { kind: 'scalar' };

// ---- enums (values exactly as in runtime/facts/types.ts and runtime/decision/types.ts)

// the one list of actions, shared with the JSON Schema of the facts (drift-tested against types.ts)
export { ACTIONS };

export const DIALECTS = ['postgres', 'mysql', 'mariadb', 'sqlite', 'bigquery', 'snowflake', 'transactsql', 'redshift', 'db2', 'hive', 'flinksql', 'trino'] as const;
export const SOURCES = ['proxy', 'migration', 'prompt', 'plan', 'editor'] as const;
export const SEVERITIES = ['error', 'warning', 'info'] as const;
export const EFFECTS = ['deny', 'review', 'mask', 'warn', 'allow'] as const;
export const CATEGORIES = ['destructive', 'privilege', 'exfiltration', 'pii', 'dynamic-sql', 'lock', 'compat', 'robustness', 'style'] as const;
export const MASK_STRATEGIES = ['full', 'partial', 'hash', 'email', 'last4', 'null', 'redact'] as const;
export const PRINCIPAL_KINDS = ['human', 'agent', 'service'] as const;
/** mechanical fixes the linter knows (`FixName` in rules/lint/finding.ts; a test keeps them equal) */
export const FIX_NAMES = ['add_concurrently', 'add_if_exists', 'add_if_not_exists', 'add_not_valid'] as const;

export const ActionEnum = enumOf('Action', ACTIONS);
export const DialectEnum = enumOf('Dialect', DIALECTS);
export const SourceEnum = enumOf('Source', SOURCES);
export const SeverityEnum = enumOf('Severity', SEVERITIES);
export const PrincipalKindEnum = enumOf('PrincipalKind', PRINCIPAL_KINDS);
export const ViaEnum = enumOf('Via', ['top', 'cte', 'subquery', 'function_body', 'do_block', 'merge', 'copy', 'explain_analyze', 'rule', 'trigger', 'prepare', 'create_table_as', 'dynamic']);
export const WhereStateEnum = enumOf('WhereState', ['absent', 'trivial', 'present']);
export const AccessEnum = enumOf('Access', ['read', 'write', 'ddl']);
export const ColumnAccessEnum = enumOf('ColumnAccess', ['read', 'write']);
export const OutputShapeEnum = enumOf('OutputShape', ['column', 'expression', 'aggregate', 'literal', 'star']);
export const OutputFromEnum = enumOf('OutputFrom', ['select', 'returning']);
export const FunctionCategoryEnum = enumOf('FunctionCategory', ['file_read', 'file_write', 'program', 'network', 'large_object', 'sleep', 'admin', 'dynamic_sql', 'config', 'none']);
export const FunctionVolatilityEnum = enumOf('FunctionVolatility', ['immutable', 'stable', 'volatile', 'unknown']);
export const VolatilityEnum = enumOf('Volatility', ['immutable', 'stable', 'volatile']);
export const DynamicSqlViaEnum = enumOf('DynamicSqlVia', ['execute', 'format', 'dblink', 'prepare', 'exec_function', 'other']);
export const PrivilegeOperationEnum = enumOf('PrivilegeOperation', ['grant', 'revoke', 'grant_role', 'revoke_role', 'alter_default_privileges']);
export const RoleOperationEnum = enumOf('RoleOperation', ['create_role', 'alter_role', 'drop_role', 'set_role', 'set_session_authorization']);
export const RoleAttributeEnum = enumOf('RoleAttribute', ['superuser', 'nosuperuser', 'createrole', 'createdb', 'replication', 'bypassrls', 'login', 'inherit', 'password']);
export const LockLevelEnum = enumSpelled('LockLevel', ['ACCESS SHARE', 'ROW SHARE', 'ROW EXCLUSIVE', 'SHARE UPDATE EXCLUSIVE', 'SHARE', 'SHARE ROW EXCLUSIVE', 'EXCLUSIVE', 'ACCESS EXCLUSIVE', 'METADATA', 'NONE']);
export const ConstraintTypeEnum = enumOf('ConstraintType', ['unique', 'primary_key', 'foreign_key', 'check', 'exclusion', 'not_null']);
export const GeneratedEnum = enumOf('Generated', ['identity', 'serial', 'stored']);
export const LimitEnum = enumOf('LimitKeyword', ['all', 'param']);

// ---- facts

export const ActionFactType = obj('ActionFact', 'action', {
  action: ActionEnum,
  target: nullable(STRING),
  nested: BOOL,
  via: ViaEnum,
  where: nullable(WhereStateEnum),
  limit: nullable(NUMBER),
});

export const TableFactType = obj('TableFact', 'name', {
  name: STRING,
  schema: nullable(STRING),
  table: STRING,
  access: list(AccessEnum),
  createdInFile: BOOL,
  temporary: BOOL,
  qualified: BOOL,
});

export const ColumnFactType = obj('ColumnFact', 'column', {
  table: nullable(STRING),
  column: STRING,
  access: ColumnAccessEnum,
  tags: list(TAG),
  fromStar: BOOL,
});

export const SourceColumnType = obj('SourceColumn', 'column', {
  table: nullable(STRING),
  column: STRING,
});

export const OutputColumnFactType = obj('OutputColumnFact', 'name', {
  name: STRING,
  position: NUMBER,
  sources: list(SourceColumnType),
  shape: OutputShapeEnum,
  tags: list(TAG),
  from: OutputFromEnum,
});

export const FunctionCallFactType = obj('FunctionCallFact', 'name', {
  name: STRING,
  dangerous: BOOL,
  category: FunctionCategoryEnum,
  volatility: FunctionVolatilityEnum,
});

export const DynamicSqlFactType = obj('DynamicSqlFact', 'via', {
  via: DynamicSqlViaEnum,
  constant: BOOL,
});

export const PrivilegeFactType = obj('PrivilegeFact', 'operation', {
  operation: PrivilegeOperationEnum,
  privileges: list(STRING),
  objectType: STRING,
  objects: list(STRING),
  grantees: list(STRING),
  withGrantOption: BOOL,
  revoke: BOOL,
});

export const RoleFactType = obj('RoleFact', 'operation', {
  operation: RoleOperationEnum,
  role: STRING,
  attributes: list(RoleAttributeEnum),
});

export const DdlFactType = obj('DdlFact', 'operation', {
  operation: ActionEnum,
  table: nullable(STRING),
  createdInFile: BOOL,
  lock: LockLevelEnum,
  rewrite: BOOL,
  scan: BOOL,
  concurrently: BOOL,
  notValid: BOOL,
  ifExists: BOOL,
  ifNotExists: BOOL,
  cascade: BOOL,
  column: nullable(STRING),
  columns: list(STRING),
  includedColumns: list(STRING),
  columnType: nullable(STRING),
  charset: nullable(STRING),
  collation: nullable(STRING),
  defaultVolatility: nullable(VolatilityEnum),
  hasDefault: BOOL,
  notNull: BOOL,
  objectName: nullable(STRING),
  oldName: nullable(STRING),
  constraintType: nullable(ConstraintTypeEnum),
  onDeleteCascade: BOOL,
  generated: nullable(GeneratedEnum),
  referencedTable: nullable(STRING),
  nested: BOOL,
  via: ViaEnum,
});

export const TableLockType = obj('TableLock', 'table', {
  table: STRING,
  lock: LockLevelEnum,
});

export const TransactionContextType = obj('TransactionContext', null, {
  inExplicitTransaction: BOOL,
  depth: NUMBER,
  assumed: BOOL,
  assumedAlways: BOOL,
  lockTimeoutSet: BOOL,
  statementTimeoutSet: BOOL,
  unclosed: BOOL,
  lockedTables: list(TableLockType),
  alteredTables: list(STRING),
});

export const IdentifierFactType = obj('IdentifierFact', 'name', {
  name: STRING,
  bytes: NUMBER,
  characters: NUMBER,
});

export const PatternOperatorEnum = enumOf('PatternOperator', ['like', 'ilike', 'similar', 'regex']);

export const PatternFactType = obj('PatternFact', 'operator', {
  operator: PatternOperatorEnum,
  pattern: nullable(STRING),
  leadingWildcard: BOOL,
});

export const DiagnosticType = obj('Diagnostic', 'code', {
  code: STRING,
  severity: SeverityEnum,
  message: STRING,
});

/** `kind` and `span` of facts are structure, not data a policy reads */
export const STRUCTURAL_FIELDS: readonly string[] = ['kind', 'span'];

export const StatementFactsType = obj('StatementFacts', null, {
  index: NUMBER,
  text: STRING,
  dialect: DialectEnum,
  parsed: BOOL,
  statementKind: STRING,
  actions: list(ActionFactType),
  tables: list(TableFactType),
  columns: list(ColumnFactType),
  outputs: list(OutputColumnFactType),
  functions: list(FunctionCallFactType),
  dynamicSql: list(DynamicSqlFactType),
  privileges: list(PrivilegeFactType),
  roles: list(RoleFactType),
  ddl: list(DdlFactType),
  patterns: list(PatternFactType),
  longIdentifiers: list(IdentifierFactType),
  where: nullable(WhereStateEnum),
  limit: { kind: 'union', types: [NUMBER, LimitEnum, NULL] },
  returning: BOOL,
  dataModifyingCte: BOOL,
  explain: nullable(obj('Explain', null, { analyze: BOOL })),
  transaction: TransactionContextType,
  reads: BOOL,
  writes: BOOL,
  isDdl: BOOL,
  fingerprint: STRING,
  diagnostics: list(DiagnosticType),
});

export const PrincipalType = obj('Principal', null, {
  id: STRING,
  kind: PrincipalKindEnum,
  groups: list(STRING),
  attributes: { kind: 'map', value: SCALAR },
});

export const ConnectionType = obj('Connection', null, {
  name: STRING,
  env: STRING,
  dialect: DialectEnum,
  database: STRING,
});

export const TimeType = obj('Time', null, { iso: STRING, hour: NUMBER, weekday: NUMBER });
export const RequestType = obj('Request', null, { statementCount: NUMBER });

/** the roots of a path: the fields of DecisionInput */
export const ROOT_TYPES: Readonly<Record<string, ValueType>> = {
  statement: StatementFactsType,
  principal: PrincipalType,
  connection: ConnectionType,
  source: SourceEnum,
  time: TimeType,
  request: RequestType,
};

/** helpers callable on `statement`; each takes one tag and returns a boolean */
export interface CallSpec {
  name: string;
  receiver: 'statement';
  params: ValueType[];
  returns: ValueType;
  doc: string;
}

export const CALLS: readonly CallSpec[] = [
  { name: 'tables_tagged', receiver: 'statement', params: [TAG], returns: BOOL, doc: 'some column the statement touches (read or written), or some output column, carries the tag' },
  { name: 'reads_tagged', receiver: 'statement', params: [TAG], returns: BOOL, doc: 'some column read, or some output column, carries the tag' },
  { name: 'writes_tagged', receiver: 'statement', params: [TAG], returns: BOOL, doc: 'some column written carries the tag' },
];

/** every enum type reachable from the roots, by name (for "unknown enum value" suggestions) */
export function allEnums(): Map<string, EnumType> {
  const out = new Map<string, EnumType>();
  const seen = new Set<ValueType>();
  const walk = (t: ValueType) => {
    if (seen.has(t)) return;
    seen.add(t);
    switch (t.kind) {
      case 'enum':
        out.set(t.name, t);
        break;
      case 'list':
        walk(t.element);
        break;
      case 'map':
        walk(t.value);
        break;
      case 'union':
        t.types.forEach(walk);
        break;
      case 'object':
        Object.values(t.fields).forEach(walk);
        break;
    }
  };
  Object.values(ROOT_TYPES).forEach(walk);
  return out;
}

/** every field path with its type, list elements written `[]` (`statement.actions[].action`);
 * for docs, completion and the drift test */
export function allFieldPaths(): Array<{ path: string; type: ValueType }> {
  const out: Array<{ path: string; type: ValueType }> = [];
  const walk = (prefix: string, t: ValueType, depth: number) => {
    out.push({ path: prefix, type: t });
    if (depth > 6) return;
    const inner = t.kind === 'union' ? t.types.find((x) => x.kind === 'object') : t;
    if (!inner) return;
    if (inner.kind === 'object') for (const [k, v] of Object.entries(inner.fields)) walk(`${prefix}.${k}`, v, depth + 1);
    if (inner.kind === 'list') walk(`${prefix}[]`, inner.element, depth + 1);
  };
  for (const [root, t] of Object.entries(ROOT_TYPES)) walk(root, t, 0);
  return out;
}

/** user-facing spelling of a type: `list of ActionFact`, `string`, `Action` */
export function typeName(t: ValueType): string {
  switch (t.kind) {
    case 'enum':
      return t.name;
    case 'object':
      return t.name;
    case 'list':
      return `list of ${typeName(t.element)}`;
    case 'map':
      return `map of ${typeName(t.value)}`;
    case 'union':
      return t.types.map(typeName).join(' or ');
    case 'scalar':
      return 'string, number or boolean';
    case 'string':
      return 'string';
    default:
      return t.kind;
  }
}
