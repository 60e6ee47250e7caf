// The fact model: the contract between the SQL runtime and the policy language.
// Plain data only (no methods, no classes), discriminated on `kind`, every node with a span.
// One typed definition (this file), one JSON Schema (schema.ts), one doc (docs/facts.md).
// Changing a field here means changing all three, and the policy checker's field table.

/** A region of the original text. Offsets are UTF-16 code-unit indexes into the text given
 * to the analyser (so `text.slice(start, end)` is the region); lines and columns are 1-based,
 * columns counted in UTF-16 code units; `end` is exclusive, `endLine`/`endColumn` point at the
 * position just after the last character. */
export interface Span {
  start: number;
  end: number;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export type Dialect =
  | 'postgres'
  | 'mysql'
  | 'mariadb'
  | 'sqlite'
  | 'bigquery'
  | 'snowflake'
  | 'transactsql'
  | 'redshift'
  | 'db2'
  | 'hive'
  | 'flinksql'
  | 'trino';

export type Severity = 'error' | 'warning' | 'info';

/** A problem found while reading input: never thrown, always returned. */
export interface Diagnostic {
  kind: 'diagnostic';
  /** stable code, e.g. `sql/syntax-error` (libpg-query rejected it: not Postgres), `sql/unsupported-syntax` (node-sql-parser
   * rejected it: invalid, or beyond that parser), `input/invalid-utf8` */
  code: string;
  severity: Severity;
  /** one line, lowercase, no final period, user input in backticks */
  message: string;
  span: Span;
  help?: string;
  url?: string;
  file?: string;
}

/** Everything a statement can do. Nested actions (inside a CTE, a function body, a DO block,
 * a MERGE branch, COPY (query), EXPLAIN ANALYZE, a rule or trigger) are listed too, with
 * `nested: true` and the `via` that carries them. */
export type Action =
  // data
  | 'select'
  | 'insert'
  | 'update'
  | 'delete'
  | 'merge'
  | 'truncate'
  | 'upsert'
  | 'call'
  | 'select_into'
  | 'lock_table'
  // dangerous side channels
  | 'copy_to_program'
  | 'copy_from_program'
  | 'copy_to_file'
  | 'copy_from_file'
  | 'copy_to_stdout'
  | 'copy_from'
  | 'into_outfile'
  | 'load_data'
  | 'read_server_file'
  | 'write_server_file'
  | 'dynamic_sql'
  | 'load_library'
  // schema
  | 'create_table'
  | 'create_table_as'
  | 'drop_table'
  | 'alter_table'
  | 'rename_table'
  | 'add_column'
  | 'drop_column'
  | 'rename_column'
  | 'alter_column_type'
  | 'set_not_null'
  | 'drop_not_null'
  | 'set_default'
  | 'drop_default'
  | 'add_constraint'
  | 'add_foreign_key'
  | 'add_primary_key'
  | 'add_unique'
  | 'add_check'
  | 'add_exclusion'
  | 'drop_constraint'
  | 'rename_constraint'
  | 'validate_constraint'
  | 'create_index'
  | 'drop_index'
  | 'rename_index'
  | 'reindex'
  | 'attach_partition'
  | 'detach_partition'
  | 'create_view'
  | 'drop_view'
  | 'create_materialized_view'
  | 'refresh_materialized_view'
  | 'create_schema'
  | 'drop_schema'
  | 'rename_schema'
  | 'create_database'
  | 'alter_database'
  | 'drop_database'
  | 'create_function'
  | 'drop_function'
  | 'create_trigger'
  | 'drop_trigger'
  | 'create_rule'
  | 'drop_rule'
  | 'create_type'
  | 'alter_type'
  | 'alter_enum'
  | 'drop_type'
  | 'create_domain'
  | 'alter_domain'
  | 'drop_domain'
  | 'create_extension'
  | 'drop_extension'
  | 'create_sequence'
  | 'alter_sequence'
  | 'drop_sequence'
  | 'comment'
  | 'cluster'
  | 'vacuum'
  | 'analyze'
  // privilege
  | 'grant'
  | 'revoke'
  | 'grant_role'
  | 'revoke_role'
  | 'create_role'
  | 'alter_role'
  | 'drop_role'
  | 'set_role'
  | 'set_session_authorization'
  | 'alter_default_privileges'
  | 'disable_rls'
  | 'enable_rls'
  | 'create_policy'
  | 'alter_policy'
  | 'drop_policy'
  | 'alter_owner'
  | 'alter_system'
  | 'set_config'
  // session and transaction
  | 'begin'
  | 'commit'
  | 'rollback'
  | 'savepoint'
  | 'prepare_transaction'
  | 'set_transaction'
  | 'set'
  | 'show'
  | 'explain'
  | 'explain_analyze'
  | 'prepare'
  | 'execute'
  | 'deallocate'
  | 'listen'
  | 'notify'
  | 'discard'
  | 'checkpoint'
  | 'use_database'
  | 'other';

/** How a nested action is reached. `top` for the statement's own action. */
export type Via =
  | 'top'
  | 'cte'
  | 'subquery'
  | 'function_body'
  | 'do_block'
  | 'merge'
  | 'copy'
  | 'explain_analyze'
  | 'rule'
  | 'trigger'
  | 'prepare'
  | 'create_table_as'
  | 'dynamic';

export type WhereState = 'absent' | 'trivial' | 'present';

export interface ActionFact {
  kind: 'action';
  action: Action;
  span: Span;
  /** schema-qualified object acted on (`public.users`), when there is one */
  target: string | null;
  nested: boolean;
  via: Via;
  /** UPDATE, DELETE and MERGE only: whether rows are filtered (a trivially true filter, or one
   * reading no column, parameter or subquery, is `trivial`) */
  where?: WhereState;
  /** UPDATE/DELETE ... LIMIT n (MySQL) or null */
  limit?: number | null;
}

export type Access = 'read' | 'write' | 'ddl';

export interface TableFact {
  kind: 'table';
  /** schema-qualified normal form: lowercased unless quoted, default schema filled in
   * (postgres when unqualified: `pg_catalog` for a system catalog, else the first schema of a
   * search_path set earlier in the file, else `public`; for mysql the database if given, else the bare name) */
  name: string;
  schema: string | null;
  table: string;
  access: Access[];
  span: Span;
  /** created by an earlier statement of the same file (or this statement) */
  createdInFile: boolean;
  /** a temporary table, a CTE reference is never a table */
  temporary: boolean;
  /** every mention of the table in the statement was written with its schema (`billing.orders`) */
  qualified: boolean;
}

export interface ColumnFact {
  kind: 'column';
  /** qualified table (`public.users`) or null when it cannot be resolved */
  table: string | null;
  column: string;
  access: 'read' | 'write';
  span: Span;
  /** tags from the catalog, policies and the built-in name heuristics (`pii`, `email`, ...) */
  tags: string[];
  /** came from `*` expansion with a known schema */
  fromStar: boolean;
}

export interface SourceColumn {
  table: string | null;
  column: string;
}

export interface OutputColumnFact {
  kind: 'output';
  /** output name as the client sees it */
  name: string;
  /** 0-based position in the result row */
  position: number;
  /** the source columns whose values flow into this output (through expressions, aliases, subqueries, CTEs) */
  sources: SourceColumn[];
  /** `column` when the output is a source column unchanged, `expression` when transformed,
   * `aggregate` when an aggregate of sources, `literal` when no source, `star` when an
   * unexpanded `*` (schema unknown: every column of `sources[*].table` may appear) or a column
   * renamed by a table alias list with the schema unknown (`users AS u(a)`: some column, source `*`) */
  shape: 'column' | 'expression' | 'aggregate' | 'literal' | 'star';
  tags: string[];
  /** SELECT list or RETURNING */
  from: 'select' | 'returning';
  span: Span;
}

export type FunctionCategory =
  | 'file_read'
  | 'file_write'
  | 'program'
  | 'network'
  | 'large_object'
  | 'sleep'
  | 'admin'
  | 'dynamic_sql'
  | 'config'
  | 'none';

export interface FunctionCallFact {
  kind: 'function';
  /** lowercased, schema-qualified when written so (`pg_catalog.pg_read_file`) */
  name: string;
  span: Span;
  dangerous: boolean;
  category: FunctionCategory;
  volatility: 'immutable' | 'stable' | 'volatile' | 'unknown';
}

export interface DynamicSqlFact {
  kind: 'dynamic_sql';
  span: Span;
  via: 'execute' | 'format' | 'dblink' | 'prepare' | 'exec_function' | 'other';
  /** the SQL is a constant string (and was analysed: its actions are nested facts) */
  constant: boolean;
}

export interface PrivilegeFact {
  kind: 'privilege';
  span: Span;
  operation: 'grant' | 'revoke' | 'grant_role' | 'revoke_role' | 'alter_default_privileges';
  /** lowercased privilege names; `all` for ALL [PRIVILEGES]; role names for grant_role */
  privileges: string[];
  objectType: string;
  objects: string[];
  /** lowercased role names; `public` for PUBLIC */
  grantees: string[];
  /** GRANT: WITH GRANT OPTION (WITH ADMIN OPTION for roles); REVOKE: GRANT (ADMIN) OPTION FOR,
   * only the option is taken away */
  withGrantOption: boolean;
  /** the privileges are taken away: REVOKE, and ALTER DEFAULT PRIVILEGES ... REVOKE (whose
   * operation is `alter_default_privileges` either way) */
  revoke: boolean;
}

export type RoleAttribute =
  | 'superuser'
  | 'nosuperuser'
  | 'createrole'
  | 'createdb'
  | 'replication'
  | 'bypassrls'
  | 'login'
  | 'inherit'
  | 'password';

export interface RoleFact {
  kind: 'role';
  span: Span;
  operation: 'create_role' | 'alter_role' | 'drop_role' | 'set_role' | 'set_session_authorization';
  role: string;
  attributes: RoleAttribute[];
}

export type LockLevel =
  | 'ACCESS SHARE'
  | 'ROW SHARE'
  | 'ROW EXCLUSIVE'
  | 'SHARE UPDATE EXCLUSIVE'
  | 'SHARE'
  | 'SHARE ROW EXCLUSIVE'
  | 'EXCLUSIVE'
  | 'ACCESS EXCLUSIVE'
  | 'METADATA'
  | 'NONE';

export type Volatility = 'immutable' | 'stable' | 'volatile';

/** One schema change, with what Postgres (or MySQL) does to run it. */
export interface DdlFact {
  kind: 'ddl';
  span: Span;
  /** the action this change performs (`add_column`, `create_index`, ...) */
  operation: Action;
  /** object changed, schema-qualified (`public.users`) */
  table: string | null;
  /** the table (or index, constraint) was created earlier in the same file */
  createdInFile: boolean;
  /** strongest lock taken on `table`, per the Postgres documentation */
  lock: LockLevel;
  /** the whole table is rewritten */
  rewrite: boolean;
  /** the whole table is scanned (under the lock) */
  scan: boolean;
  concurrently: boolean;
  notValid: boolean;
  ifExists: boolean;
  ifNotExists: boolean;
  cascade: boolean;
  column: string | null;
  /** the key columns of the constraint or index the change declares, in order: PRIMARY KEY /
   * UNIQUE / EXCLUDE / index columns, a foreign key's referencing columns; a column definition's
   * own column when it declares a constraint; empty for other changes, for CHECK table
   * constraints, and when a key element is an expression (`column` is set only for one column) */
  columns: string[];
  /** the INCLUDE columns of a PRIMARY KEY / UNIQUE / EXCLUDE constraint or an index (covering,
   * not part of the key), in order; empty when none */
  includedColumns: string[];
  /** normalized type name (`int4`, `varchar(255)`, `timestamp`, `json`, `serial`...) */
  columnType: string | null;
  /** lowercased character set the change gives the column (`CHARACTER SET x`), the table's
   * default (`DEFAULT CHARSET=x`, `CONVERT TO CHARACTER SET x`) or the database (MySQL `CHARACTER
   * SET x`, Postgres `ENCODING x`); MySQL: implied by a COLLATE alone or an NCHAR type; null when
   * none is written */
  charset: string | null;
  /** lowercased collation the change gives the column, table or database (`COLLATE x`, Postgres
   * `LC_COLLATE` / `LOCALE`), without its schema; null when none is written */
  collation: string | null;
  /** the default expression's volatility, null when no default */
  defaultVolatility: Volatility | null;
  hasDefault: boolean;
  notNull: boolean;
  /** constraint, index or other object name involved */
  objectName: string | null;
  /** rename_constraint: the constraint's name before the rename (`objectName` is the new one);
   * null for other changes */
  oldName: string | null;
  /** for constraints and indexes: unique, primary_key, foreign_key, check, exclusion */
  constraintType: 'unique' | 'primary_key' | 'foreign_key' | 'check' | 'exclusion' | 'not_null' | null;
  /** ON DELETE CASCADE on a foreign key */
  onDeleteCascade: boolean;
  /** identity, serial, generated stored column */
  generated: 'identity' | 'serial' | 'stored' | null;
  /** for foreign keys: the referenced table, schema-qualified (`public.users`) */
  referencedTable: string | null;
  /** the change is carried by another statement: inside a function body (it runs when the
   * function is called), a DO block (it runs now), a constant EXECUTE string, ... */
  nested: boolean;
  /** how a nested change is reached (`top` for the statement's own; `function_body` runs later) */
  via: Via;
}

/** A lock held on a table since an earlier statement of the same explicit transaction. */
export interface TableLock {
  /** schema-qualified table */
  table: string;
  /** the strongest lock the transaction took on it so far */
  lock: LockLevel;
}

export interface TransactionContext {
  /** the statement runs between BEGIN and COMMIT/ROLLBACK in this text, or inside the transaction
   * the text is assumed to run in (the analyze option `assumeInTransaction`) */
  inExplicitTransaction: boolean;
  /** depth of BEGIN/SAVEPOINT nesting at this statement (0 outside; the assumed transaction counts 1) */
  depth: number;
  /** the transaction this statement runs in is the assumed one, opened before the text by whatever
   * runs it (a migration tool), not by a BEGIN of the text: a COMMIT here ends the tool's transaction */
  assumed: boolean;
  /** the assumed transaction wraps the text even when it is a single statement: the caller knows
   * its tool always wraps (`assumeInTransaction: 'always'`: dbmate, Liquibase); false when it may be
   * a tool that runs a lone non-transactional statement (CREATE INDEX CONCURRENTLY) outside one */
  assumedAlways: boolean;
  lockTimeoutSet: boolean;
  statementTimeoutSet: boolean;
  /** the explicit transaction this statement runs in (or opens, for the BEGIN) is never closed by
   * COMMIT/ROLLBACK before the end of the analysed text (never with `assumeInTransaction`: the
   * COMMIT assumed after the text closes it) */
  unclosed: boolean;
  /** tables locked by schema changes (and LOCK TABLE) of earlier statements of the same explicit
   * transaction, each with the strongest lock; tables created in the file are left out */
  lockedTables: TableLock[];
  /** tables changed by ALTER TABLE in earlier statements of the same explicit transaction */
  alteredTables: string[];
}

/** An identifier written longer than Postgres keeps (63 bytes), measured in the source text: the
 * parser truncates it before any other fact is built. */
export interface IdentifierFact {
  kind: 'identifier';
  /** as written, in normal form (unquoted: lowercased; quoted: without the quotes) */
  name: string;
  /** UTF-8 bytes */
  bytes: number;
  /** Unicode code points */
  characters: number;
  span: Span;
}

export type PatternOperator = 'like' | 'ilike' | 'similar' | 'regex';

/** A pattern match: LIKE, ILIKE, SIMILAR TO, or a regular expression operator (`~`, `~*`, REGEXP). */
export interface PatternFact {
  kind: 'pattern';
  operator: PatternOperator;
  /** the pattern when it is a constant string, else null */
  pattern: string | null;
  /** the constant pattern starts with a wildcard (`%` or `_`; for regex: not anchored with `^`),
   * so no B-tree index can serve it */
  leadingWildcard: boolean;
  span: Span;
}

export interface StatementFacts {
  kind: 'statement';
  /** 0-based index in the analysed text */
  index: number;
  span: Span;
  text: string;
  dialect: Dialect;
  /** a real parser accepted the statement; false means facts come from our lexer and are partial */
  parsed: boolean;
  /** statement kind from the parser (or leading keywords): `select`, `insert`, `create_table`, `alter_table`, `do`, ... */
  statementKind: string;
  actions: ActionFact[];
  tables: TableFact[];
  columns: ColumnFact[];
  outputs: OutputColumnFact[];
  functions: FunctionCallFact[];
  dynamicSql: DynamicSqlFact[];
  privileges: PrivilegeFact[];
  roles: RoleFact[];
  ddl: DdlFact[];
  /** LIKE / ILIKE / SIMILAR TO / regex matches, nested ones included */
  patterns: PatternFact[];
  /** schema changes only: identifiers of the statement text of 64 UTF-8 bytes or more */
  longIdentifiers: IdentifierFact[];
  /** UPDATE/DELETE/MERGE/SELECT of the top-level statement; `absent` when not applicable, see actions for nested ones */
  where: WhereState | null;
  /** LIMIT as a number, `all`, `param` for a bind parameter, null when none */
  limit: number | 'all' | 'param' | null;
  returning: boolean;
  /** a WITH clause contains INSERT/UPDATE/DELETE/MERGE */
  dataModifyingCte: boolean;
  /** null unless EXPLAIN; analyze: true means the statement runs */
  explain: { analyze: boolean } | null;
  transaction: TransactionContext;
  /** derived: any read/write/ddl access, for conditions that do not care which */
  reads: boolean;
  writes: boolean;
  isDdl: boolean;
  /** Postgres fingerprint (libpg_query) or a lexer-based one; same for queries differing only in constants */
  fingerprint: string;
  diagnostics: Diagnostic[];
}

export interface AnalysisResult {
  kind: 'analysis';
  dialect: Dialect;
  file: string | null;
  statements: StatementFacts[];
  /** problems with the input as a whole (invalid UTF-8, binary, too large) and per statement */
  diagnostics: Diagnostic[];
}
