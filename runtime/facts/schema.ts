// JSON Schema (draft 2020-12) of the fact model in types.ts, for ajv (`ajv/dist/2020`).
// Every object is closed (`additionalProperties: false`) so a field added on one side only is
// caught; test/facts/schema.test.ts compares this file with types.ts through the TypeScript
// compiler API and validates real analyser output against it.

type JsonSchema = Record<string, unknown>;

const ref = (name: string): JsonSchema => ({ $ref: `#/$defs/${name}` });
const nullable = (schema: JsonSchema): JsonSchema => ({ anyOf: [schema, { type: 'null' }] });
const str: JsonSchema = { type: 'string' };
const bool: JsonSchema = { type: 'boolean' };
const nat: JsonSchema = { type: 'integer', minimum: 0 };
const pos: JsonSchema = { type: 'integer', minimum: 1 };
const strings: JsonSchema = { type: 'array', items: str };
const arrayOf = (name: string): JsonSchema => ({ type: 'array', items: ref(name) });
const oneOf = (...values: string[]): JsonSchema => ({ enum: values });

/** A closed object: every property required except those listed as optional. */
function object(properties: Record<string, JsonSchema>, optional: string[] = []): JsonSchema {
  return {
    type: 'object',
    properties,
    required: Object.keys(properties).filter((k) => !optional.includes(k)),
    additionalProperties: false,
  };
}

export const ACTIONS = [
  'select', 'insert', 'update', 'delete', 'merge', 'truncate', 'upsert', 'call', 'select_into', 'lock_table',
  'copy_to_program', 'copy_from_program', 'copy_to_file', 'copy_from_file', 'copy_to_stdout', 'copy_from',
  'into_outfile', 'load_data', 'read_server_file', 'write_server_file', 'dynamic_sql', 'load_library',
  'create_table', 'create_table_as', 'drop_table', 'alter_table', 'rename_table', 'add_column', 'drop_column',
  'rename_column', 'alter_column_type', 'set_not_null', 'drop_not_null', 'set_default', 'drop_default',
  'add_constraint', 'add_foreign_key', 'add_primary_key', 'add_unique', 'add_check', 'add_exclusion',
  'drop_constraint', 'validate_constraint', 'create_index', 'drop_index', 'reindex', 'attach_partition',
  'detach_partition', 'create_view', 'drop_view', 'create_materialized_view', 'refresh_materialized_view',
  'create_schema', 'drop_schema', 'rename_schema', 'create_database', 'drop_database', 'create_function',
  'drop_function', 'create_trigger', 'drop_trigger', 'create_rule', 'create_type', 'alter_type', 'alter_enum',
  'create_domain', 'alter_domain', 'create_extension', 'drop_extension', 'create_sequence', 'alter_sequence',
  'drop_sequence', 'comment', 'cluster', 'vacuum', 'analyze',
  'grant', 'revoke', 'grant_role', 'revoke_role', 'create_role', 'alter_role', 'drop_role', 'set_role',
  'set_session_authorization', 'alter_default_privileges', 'disable_rls', 'enable_rls', 'create_policy',
  'drop_policy', 'alter_owner', 'alter_system', 'set_config',
  'begin', 'commit', 'rollback', 'savepoint', 'prepare_transaction', 'set_transaction', 'set', 'show', 'explain',
  'explain_analyze', 'prepare', 'execute', 'deallocate', 'listen', 'notify', 'discard', 'checkpoint',
  'use_database', 'other',
  // added later, kept at the end so the order above stays stable
  'drop_type', 'drop_domain', 'drop_rule', 'alter_policy', 'rename_index', 'rename_constraint', 'alter_database',
] as const;

const $defs: Record<string, JsonSchema> = {
  Span: object({ start: nat, end: nat, line: pos, column: pos, endLine: pos, endColumn: pos }),
  Dialect: oneOf('postgres', 'mysql', 'mariadb', 'sqlite', 'bigquery', 'snowflake', 'transactsql', 'redshift', 'db2', 'hive', 'flinksql', 'trino'),
  Severity: oneOf('error', 'warning', 'info'),
  Diagnostic: object(
    {
      kind: { const: 'diagnostic' },
      code: { type: 'string', pattern: '^[a-z0-9-]+(/[a-z0-9-]+)+$' },
      severity: ref('Severity'),
      message: str,
      span: ref('Span'),
      help: str,
      url: str,
      file: str,
    },
    ['help', 'url', 'file'],
  ),
  Action: { enum: [...ACTIONS] },
  Via: oneOf('top', 'cte', 'subquery', 'function_body', 'do_block', 'merge', 'copy', 'explain_analyze', 'rule', 'trigger', 'prepare', 'create_table_as', 'dynamic'),
  WhereState: oneOf('absent', 'trivial', 'present'),
  ActionFact: object(
    {
      kind: { const: 'action' },
      action: ref('Action'),
      span: ref('Span'),
      target: nullable(str),
      nested: bool,
      via: ref('Via'),
      where: ref('WhereState'),
      limit: nullable(nat),
    },
    ['where', 'limit'],
  ),
  Access: oneOf('read', 'write', 'ddl'),
  TableFact: object({
    kind: { const: 'table' },
    name: str,
    schema: nullable(str),
    table: str,
    access: { type: 'array', items: ref('Access'), uniqueItems: true },
    span: ref('Span'),
    createdInFile: bool,
    temporary: bool,
    qualified: bool,
  }),
  ColumnFact: object({
    kind: { const: 'column' },
    table: nullable(str),
    column: str,
    access: oneOf('read', 'write'),
    span: ref('Span'),
    tags: strings,
    fromStar: bool,
  }),
  SourceColumn: object({ table: nullable(str), column: str }),
  OutputColumnFact: object({
    kind: { const: 'output' },
    name: str,
    position: nat,
    sources: arrayOf('SourceColumn'),
    shape: oneOf('column', 'expression', 'aggregate', 'literal', 'star'),
    tags: strings,
    from: oneOf('select', 'returning'),
    span: ref('Span'),
  }),
  FunctionCategory: oneOf('file_read', 'file_write', 'program', 'network', 'large_object', 'sleep', 'admin', 'dynamic_sql', 'config', 'none'),
  FunctionCallFact: object({
    kind: { const: 'function' },
    name: str,
    span: ref('Span'),
    dangerous: bool,
    category: ref('FunctionCategory'),
    volatility: oneOf('immutable', 'stable', 'volatile', 'unknown'),
  }),
  DynamicSqlFact: object({
    kind: { const: 'dynamic_sql' },
    span: ref('Span'),
    via: oneOf('execute', 'format', 'dblink', 'prepare', 'exec_function', 'other'),
    constant: bool,
  }),
  PrivilegeFact: object({
    kind: { const: 'privilege' },
    span: ref('Span'),
    operation: oneOf('grant', 'revoke', 'grant_role', 'revoke_role', 'alter_default_privileges'),
    privileges: strings,
    objectType: str,
    objects: strings,
    grantees: strings,
    withGrantOption: bool,
    revoke: bool,
  }),
  RoleAttribute: oneOf('superuser', 'nosuperuser', 'createrole', 'createdb', 'replication', 'bypassrls', 'login', 'inherit', 'password'),
  RoleFact: object({
    kind: { const: 'role' },
    span: ref('Span'),
    operation: oneOf('create_role', 'alter_role', 'drop_role', 'set_role', 'set_session_authorization'),
    role: str,
    attributes: { type: 'array', items: ref('RoleAttribute') },
  }),
  LockLevel: oneOf('ACCESS SHARE', 'ROW SHARE', 'ROW EXCLUSIVE', 'SHARE UPDATE EXCLUSIVE', 'SHARE', 'SHARE ROW EXCLUSIVE', 'EXCLUSIVE', 'ACCESS EXCLUSIVE', 'METADATA', 'NONE'),
  Volatility: oneOf('immutable', 'stable', 'volatile'),
  DdlFact: object({
    kind: { const: 'ddl' },
    span: ref('Span'),
    operation: ref('Action'),
    table: nullable(str),
    createdInFile: bool,
    lock: ref('LockLevel'),
    rewrite: bool,
    scan: bool,
    concurrently: bool,
    notValid: bool,
    ifExists: bool,
    ifNotExists: bool,
    cascade: bool,
    column: nullable(str),
    columns: strings,
    includedColumns: strings,
    columnType: nullable(str),
    charset: nullable(str),
    collation: nullable(str),
    defaultVolatility: nullable(ref('Volatility')),
    hasDefault: bool,
    notNull: bool,
    objectName: nullable(str),
    oldName: nullable(str),
    constraintType: nullable(oneOf('unique', 'primary_key', 'foreign_key', 'check', 'exclusion', 'not_null')),
    onDeleteCascade: bool,
    generated: nullable(oneOf('identity', 'serial', 'stored')),
    referencedTable: nullable(str),
    nested: bool,
    via: ref('Via'),
  }),
  TableLock: object({ table: str, lock: ref('LockLevel') }),
  TransactionContext: object({
    inExplicitTransaction: bool,
    depth: nat,
    assumed: bool,
    assumedAlways: bool,
    lockTimeoutSet: bool,
    statementTimeoutSet: bool,
    unclosed: bool,
    lockedTables: arrayOf('TableLock'),
    alteredTables: strings,
  }),
  IdentifierFact: object({
    kind: { const: 'identifier' },
    name: str,
    bytes: nat,
    characters: nat,
    span: ref('Span'),
  }),
  PatternOperator: oneOf('like', 'ilike', 'similar', 'regex'),
  PatternFact: object({
    kind: { const: 'pattern' },
    operator: ref('PatternOperator'),
    pattern: nullable(str),
    leadingWildcard: bool,
    span: ref('Span'),
  }),
  StatementFacts: object({
    kind: { const: 'statement' },
    index: nat,
    span: ref('Span'),
    text: str,
    dialect: ref('Dialect'),
    parsed: bool,
    statementKind: str,
    actions: arrayOf('ActionFact'),
    tables: arrayOf('TableFact'),
    columns: arrayOf('ColumnFact'),
    outputs: arrayOf('OutputColumnFact'),
    functions: arrayOf('FunctionCallFact'),
    dynamicSql: arrayOf('DynamicSqlFact'),
    privileges: arrayOf('PrivilegeFact'),
    roles: arrayOf('RoleFact'),
    ddl: arrayOf('DdlFact'),
    patterns: arrayOf('PatternFact'),
    longIdentifiers: arrayOf('IdentifierFact'),
    where: nullable(ref('WhereState')),
    limit: { anyOf: [nat, oneOf('all', 'param'), { type: 'null' }] },
    returning: bool,
    dataModifyingCte: bool,
    explain: nullable(object({ analyze: bool })),
    transaction: ref('TransactionContext'),
    reads: bool,
    writes: bool,
    isDdl: bool,
    fingerprint: str,
    diagnostics: arrayOf('Diagnostic'),
  }),
  AnalysisResult: object({
    kind: { const: 'analysis' },
    dialect: ref('Dialect'),
    file: nullable(str),
    statements: arrayOf('StatementFacts'),
    diagnostics: arrayOf('Diagnostic'),
  }),
};

const DRAFT = 'https://json-schema.org/draft/2020-12/schema';

/** The definitions of every type in types.ts, keyed by the TypeScript name. */
export const factDefinitions: Readonly<Record<string, JsonSchema>> = $defs;

/** Schema of `analyze()`'s result. */
export const analysisResultSchema = {
  $schema: DRAFT,
  $id: 'https://hoop-lint.dev/schemas/analysis-result.json',
  title: 'AnalysisResult',
  $ref: '#/$defs/AnalysisResult',
  $defs,
} as const;

/** Schema of one statement's facts (what policies and rules see as `statement`). */
export const statementFactsSchema = {
  $schema: DRAFT,
  $id: 'https://hoop-lint.dev/schemas/statement-facts.json',
  title: 'StatementFacts',
  $ref: '#/$defs/StatementFacts',
  $defs,
} as const;
