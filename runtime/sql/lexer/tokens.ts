// Token kinds and per-dialect lexical rules. The lexer (lexer.ts) reads these options only, so a
// dialect is fully described by one row of DIALECT_LEX below.
import type { Dialect } from '../../facts/types.js';

export type TokenKind =
  /** keyword or unquoted identifier */
  | 'word'
  /** "x", `x`, [x] */
  | 'quoted_identifier'
  /** '...', E'...', $tag$...$tag$, "..." where double quotes delimit strings */
  | 'string'
  | 'number'
  | 'operator'
  /** ( ) , ; . [ ] { }, and psql's `\;` (a `;` put into the query buffer) */
  | 'punctuation'
  /** ?, $1, :name (bind parameters) */
  | 'parameter'
  /** @name, @@name (session and user variables) */
  | 'variable'
  | 'comment'
  | 'whitespace'
  /** the `/*!50001` opener and the matching close of a MySQL executable comment: the text between is code */
  | 'exec_marker'
  /** a client backslash command (psql: up to the end of its line; mysql: `\x` or `\! ...`) */
  | 'meta';

export interface Token {
  kind: TokenKind;
  start: number;
  end: number;
}

/** An unterminated token, reported by the lexer without a line index (callers build the span). */
export interface LexProblem {
  code: string;
  message: string;
  start: number;
  end: number;
  /** default `error` */
  severity?: 'error' | 'warning';
}

export interface LexOptions {
  /** backslash escapes inside '...' (and "..." when those are strings) */
  backslashEscapes: boolean;
  /** "..." is a string literal (MySQL, BigQuery, Hive) instead of a quoted identifier */
  doubleQuotedStrings: boolean;
  backtickIdentifiers: boolean;
  /** [name] quoted identifiers (SQL Server, SQLite) */
  bracketIdentifiers: boolean;
  /** `tagged`: $tag$...$tag$ and $$...$$ (Postgres); `plain`: $$...$$ only (Snowflake) */
  dollarQuotes: 'tagged' | 'plain' | 'none';
  /** E'...' strings with backslash escapes (Postgres) */
  eStrings: boolean;
  hashComments: boolean;
  /** `--` starts a comment only when followed by whitespace or the end (MySQL) */
  dashCommentNeedsSpace: boolean;
  /** block comments nest (Postgres, SQL Server) */
  nestedComments: boolean;
  /** MySQL /*! ... *\/ and MariaDB /*M! ... *\/ hold code */
  executableComments: boolean;
  /** `//` line comments (Snowflake) */
  slashSlashComments: boolean;
  /** '''...''' and """...""" (BigQuery) */
  tripleQuotedStrings: boolean;
  /** client backslash commands outside quotes: `psql` (`\copy ...` to the end of the line),
   * `mysql` (`\g` `\G` end a statement, `\! cmd`, `\. file` and `\P cmd` run to the end of the line,
   * any other `\x` is two characters) */
  clientCommands: 'psql' | 'mysql' | 'none';
  /** `?` is a bind parameter (not a Postgres jsonb operator) */
  questionParameter: boolean;
  /** `@name` is a variable (not the Postgres `@` operator) */
  atVariables: boolean;
  /** the client's DELIMITER directive changes the statement terminator (mysql client) */
  delimiterDirective: boolean;
  /** a line holding only `GO` ends a batch (sqlcmd) */
  goBatches: boolean;
  /** how BEGIN ... END bodies of CREATE FUNCTION/PROCEDURE/TRIGGER keep their `;` */
  blocks: 'atomic' | 'compound';
  /** a `;` inside parentheses does not end the statement (psql's scanner, and the Postgres
   * grammar: `CREATE RULE ... DO (cmd; cmd)`) */
  parenthesesHoldTerminator: boolean;
}

const BASE: LexOptions = {
  backslashEscapes: false,
  doubleQuotedStrings: false,
  backtickIdentifiers: false,
  bracketIdentifiers: false,
  dollarQuotes: 'none',
  eStrings: false,
  hashComments: false,
  dashCommentNeedsSpace: false,
  nestedComments: false,
  executableComments: false,
  slashSlashComments: false,
  tripleQuotedStrings: false,
  clientCommands: 'none',
  questionParameter: true,
  atVariables: true,
  delimiterDirective: false,
  goBatches: false,
  blocks: 'compound',
  parenthesesHoldTerminator: false,
};

const MYSQL: LexOptions = {
  ...BASE,
  backslashEscapes: true,
  doubleQuotedStrings: true,
  backtickIdentifiers: true,
  hashComments: true,
  dashCommentNeedsSpace: true,
  executableComments: true,
  delimiterDirective: true,
  clientCommands: 'mysql',
};

// Redshift: Postgres 8 lexing without E-strings or nested comments; plain '...' strings do not
// take backslash escapes here, which errs towards seeing more statements, never fewer.
export const DIALECT_LEX: Record<Dialect, LexOptions> = {
  postgres: {
    ...BASE,
    eStrings: true,
    dollarQuotes: 'tagged',
    nestedComments: true,
    clientCommands: 'psql',
    questionParameter: false,
    atVariables: false,
    blocks: 'atomic',
    parenthesesHoldTerminator: true,
  },
  redshift: { ...BASE, dollarQuotes: 'tagged', clientCommands: 'psql', questionParameter: false, atVariables: false, parenthesesHoldTerminator: true },
  mysql: MYSQL,
  mariadb: MYSQL,
  sqlite: { ...BASE, backtickIdentifiers: true, bracketIdentifiers: true },
  bigquery: {
    ...BASE,
    backslashEscapes: true,
    doubleQuotedStrings: true,
    backtickIdentifiers: true,
    hashComments: true,
    tripleQuotedStrings: true,
  },
  snowflake: { ...BASE, backslashEscapes: true, dollarQuotes: 'plain', slashSlashComments: true },
  transactsql: { ...BASE, bracketIdentifiers: true, nestedComments: true, goBatches: true },
  db2: BASE,
  hive: { ...BASE, backslashEscapes: true, doubleQuotedStrings: true, backtickIdentifiers: true },
  flinksql: { ...BASE, backtickIdentifiers: true },
  trino: BASE,
};

export function isTrivia(kind: TokenKind): boolean {
  return kind === 'whitespace' || kind === 'comment' || kind === 'exec_marker';
}
