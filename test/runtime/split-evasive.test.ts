import { describe, expect, it } from 'vitest';
import type { Dialect } from '../../runtime/facts/types.js';
import { splitStatements } from '../../runtime/sql/lexer/split.js';

function texts(text: string, dialect: Dialect): string[] {
  return splitStatements(text, dialect).statements.map((s) => text.slice(s.start, s.end));
}

describe('splitStatements: evasive forms', () => {
  it('a literal that mentions DROP TABLE stays one statement', () => {
    expect(texts("SELECT 'DROP TABLE x'", 'postgres')).toEqual(["SELECT 'DROP TABLE x'"]);
  });

  it('an escaped quote in an E-string does not hide the next statement', () => {
    expect(texts("SELECT E'O\\'Brien'; DROP TABLE x", 'postgres')).toEqual(["SELECT E'O\\'Brien'", 'DROP TABLE x']);
  });

  it('postgres plain strings take no backslash escapes, mysql strings do', () => {
    const text = "SELECT 'O\\'; DROP TABLE x; --'";
    expect(texts(text, 'postgres')).toEqual(["SELECT 'O\\'", 'DROP TABLE x']);
    expect(texts(text, 'mysql')).toEqual([text]);
  });

  it('stacked statements split and keep their comments out of the trimmed text', () => {
    expect(texts('SELECT 1; /* c */ DROP/**/TABLE x -- t\n; DrOp TaBlE y', 'postgres')).toEqual([
      'SELECT 1',
      'DROP/**/TABLE x',
      'DrOp TaBlE y',
    ]);
  });

  it('dollar quotes hold semicolons and parentheses', () => {
    expect(texts("DO $body$ BEGIN PERFORM ')(;'; END $body$; SELECT $$;)$$", 'postgres')).toEqual([
      "DO $body$ BEGIN PERFORM ')(;'; END $body$",
      'SELECT $$;)$$',
    ]);
  });

  it('postgres comments nest, mysql comments do not', () => {
    expect(texts('/* a /* b */ ; */ SELECT 1', 'postgres')).toEqual(['SELECT 1']);
    expect(texts('/* a /* b */ SELECT 1; */', 'mysql')).toEqual(['SELECT 1', '*/']);
  });

  it('mysql executable comments are code', () => {
    const text = '/*! DROP TABLE x */; /*!50001 CREATE VIEW v AS SELECT 1 */;';
    expect(texts(text, 'mysql')).toEqual(['DROP TABLE x', 'CREATE VIEW v AS SELECT 1']);
    expect(texts('/*M! DROP TABLE x */', 'mariadb')).toEqual(['DROP TABLE x']);
    // in postgres the same text is only a comment
    expect(texts(text, 'postgres')).toEqual([]);
  });

  it('mysql `--` needs a space to start a comment; `#` always does', () => {
    expect(texts('SELECT 1--1; # x ; y\nSELECT 2', 'mysql')).toEqual(['SELECT 1--1', 'SELECT 2']);
  });

  it('DELIMITER directives change the terminator', () => {
    const text = 'DELIMITER //\nCREATE PROCEDURE p() BEGIN SELECT 1; DELETE FROM t; END//\nDELIMITER ;\nSELECT 3; SELECT 4';
    expect(texts(text, 'mysql')).toEqual(['CREATE PROCEDURE p() BEGIN SELECT 1; DELETE FROM t; END', 'SELECT 3', 'SELECT 4']);
    const { statements } = splitStatements(text, 'mysql');
    expect(statements[0].chunkStart).toBe(0);
    expect(statements[0].chunkEnd).toBe(text.indexOf('//\nDELIMITER') + 2);
  });

  it('a delimiter inside a string does not end the statement', () => {
    expect(texts("DELIMITER $$\nSELECT '$$' $$ SELECT 2 $$", 'mysql')).toEqual(["SELECT '$$'", 'SELECT 2']);
  });

  it('compound bodies keep their semicolons without DELIMITER (mysql)', () => {
    const text =
      'CREATE TRIGGER t BEFORE INSERT ON x FOR EACH ROW BEGIN IF NEW.a THEN SET NEW.b = CASE WHEN 1 THEN 2 END; END IF; END; DROP TABLE x';
    expect(texts(text, 'mysql')).toEqual([text.slice(0, text.indexOf('; DROP')), 'DROP TABLE x']);
  });

  it('BEGIN ATOMIC bodies keep their semicolons (postgres)', () => {
    const text = 'CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT CASE WHEN true THEN 1 END; SELECT 2; END; DROP TABLE x';
    expect(texts(text, 'postgres')).toEqual([text.slice(0, text.indexOf('; DROP')), 'DROP TABLE x']);
    // a transaction BEGIN is not a block
    expect(texts('BEGIN; DROP TABLE x; COMMIT', 'postgres')).toEqual(['BEGIN', 'DROP TABLE x', 'COMMIT']);
    expect(texts('BEGIN; DROP TABLE x; END', 'mysql')).toEqual(['BEGIN', 'DROP TABLE x', 'END']);
  });

  it('a body that never closes is reported and split as plain statements', () => {
    const text = 'CREATE PROCEDURE p() BEGIN SELECT 1; DROP TABLE x';
    const r = splitStatements(text, 'mysql');
    expect(r.statements.map((s) => text.slice(s.start, s.end))).toEqual(['CREATE PROCEDURE p() BEGIN SELECT 1', 'DROP TABLE x']);
    expect(r.diagnostics.map((d) => [d.code, d.span.start])).toEqual([['sql/unterminated-block', text.indexOf('BEGIN')]]);
  });

  it('psql meta-commands are statements of their own', () => {
    const text = "SELECT 1\n\\copy t FROM PROGRAM 'id'  \nSELECT 2;";
    const r = splitStatements(text, 'postgres');
    expect(r.statements.map((s) => [text.slice(s.start, s.end), s.meta ?? null])).toEqual([
      ['SELECT 1', null],
      ["\\copy t FROM PROGRAM 'id'", 'psql'],
      ['SELECT 2', null],
    ]);
  });

  it('sqlcmd GO ends a batch', () => {
    expect(texts('SELECT 1\nGO\nSELECT 2\n  go 2\nSELECT go', 'transactsql')).toEqual(['SELECT 1', 'SELECT 2', 'SELECT go']);
  });

  it('quoted identifiers per dialect hide their semicolons', () => {
    expect(texts('SELECT "a;b"; SELECT 1', 'postgres')).toEqual(['SELECT "a;b"', 'SELECT 1']);
    expect(texts('SELECT `a;b`; SELECT 1', 'mysql')).toEqual(['SELECT `a;b`', 'SELECT 1']);
    expect(texts('SELECT [a;b]; SELECT 1', 'transactsql')).toEqual(['SELECT [a;b]', 'SELECT 1']);
    expect(texts("SELECT '''a;b''' ; SELECT 1", 'bigquery')).toEqual(["SELECT '''a;b'''", 'SELECT 1']);
  });

  it('unterminated quotes and comments report the opener and run to the end', () => {
    const cases: [string, Dialect, string, number][] = [
      ["SELECT 'abc; DROP TABLE x", 'postgres', 'sql/unterminated-string', 7],
      ['SELECT "abc; DROP TABLE x', 'postgres', 'sql/unterminated-identifier', 7],
      ['SELECT 1; /* x; DROP TABLE x', 'mysql', 'sql/unterminated-comment', 10],
      ['SELECT $f$ x; DROP TABLE x', 'postgres', 'sql/unterminated-dollar-quote', 7],
      ["SELECT E'\\'; DROP", 'postgres', 'sql/unterminated-string', 8],
    ];
    for (const [text, dialect, code, at] of cases) {
      const r = splitStatements(text, dialect);
      expect(r.diagnostics.map((d) => [d.code, d.span.start])).toEqual([[code, at]]);
      // nothing after the opener is read as a statement of its own
      expect(r.statements.every((s) => s.start < at)).toBe(true);
    }
  });
});

describe('splitStatements: size', () => {
  it('splits a 50 MB text without hanging', () => {
    const unit = "INSERT INTO t (a, b) VALUES (1, 'x;y'); -- c\nSELECT $1, \"q\" FROM t /* ; */ WHERE a = 'z';\n";
    const text = unit.repeat(Math.ceil(50_000_000 / unit.length));
    const { statements, diagnostics } = splitStatements(text, 'postgres');
    expect(statements.length).toBe(2 * Math.ceil(50_000_000 / unit.length));
    expect(diagnostics).toEqual([]);
    expect(statements[statements.length - 1].chunkEnd).toBe(text.length - 1);
  }, 20_000);

  it('an unterminated quote at the start of 5 MB is linear too', () => {
    const text = "'" + 'a;'.repeat(2_500_000);
    const r = splitStatements(text, 'mysql');
    expect(r.statements.length).toBe(1);
    expect(r.diagnostics[0].code).toBe('sql/unterminated-string');
  });
});

describe('splitStatements: unterminated bodies stay linear', () => {
  it('many routines whose bodies never close split in one pass', () => {
    const text = 'CREATE PROCEDURE p() BEGIN SELECT 1; '.repeat(100_000);
    const r = splitStatements(text, 'mysql');
    expect(r.statements.length).toBe(100_000);
    expect(r.diagnostics.map((d) => d.code)).toEqual(['sql/unterminated-block']);
  });
});

describe('splitStatements: mysql client commands and sql_mode readings', () => {
  it('`\\g` and `\\G` end statements; other backslash commands are statements of their own', () => {
    const text = 'SELECT 1\\G DROP TABLE x\\g\n\\! rm -rf /\nSELECT 2 \\c';
    const r = splitStatements(text, 'mysql');
    expect(r.statements.map((s) => [text.slice(s.start, s.end), s.meta ?? null])).toEqual([
      ['SELECT 1', null],
      ['DROP TABLE x', null],
      ['\\! rm -rf /', 'mysql'],
      ['SELECT 2', null],
      ['\\c', 'mysql'],
    ]);
  });

  it('warns when NO_BACKSLASH_ESCAPES would move a statement boundary', () => {
    const text = "SELECT 'a\\'; DROP TABLE x; -- '";
    const r = splitStatements(text, 'mysql');
    expect(r.statements).toHaveLength(1);
    expect(r.diagnostics.map((d) => [d.code, d.severity, d.message, text.slice(d.span.start, d.span.end)])).toEqual([
      ['sql/ambiguous-quoting', 'warning', 'statement boundaries change when the server runs with `NO_BACKSLASH_ESCAPES`', "SELECT 'a\\'"],
    ]);
    const dq = 'SELECT "a\\"; DROP TABLE x; -- "';
    expect(splitStatements(dq, 'mariadb').diagnostics.map((d) => d.code)).toEqual(['sql/ambiguous-quoting']);
    // escapes that move nothing are not ambiguous
    expect(splitStatements("SELECT 'line\\nbreak'; SELECT 2", 'mysql').diagnostics).toEqual([]);
  });
});

describe('splitStatements: transactions inside bodies', () => {
  it('BEGIN TRAN in a T-SQL procedure is not a block; BEGIN TRY ... END TRY is', () => {
    expect(texts('CREATE PROCEDURE p AS BEGIN BEGIN TRAN; DELETE FROM t; COMMIT; END; SELECT 1', 'transactsql')).toEqual([
      'CREATE PROCEDURE p AS BEGIN BEGIN TRAN; DELETE FROM t; COMMIT; END',
      'SELECT 1',
    ]);
    expect(texts('CREATE PROCEDURE p AS BEGIN TRY SELECT 1; END TRY BEGIN CATCH SELECT 2; END CATCH; SELECT 3', 'transactsql')).toEqual([
      'CREATE PROCEDURE p AS BEGIN TRY SELECT 1; END TRY BEGIN CATCH SELECT 2; END CATCH',
      'SELECT 3',
    ]);
  });
});

describe('splitStatements: parentheses, psql `\\;` and mysql long-form client commands', () => {
  it('a `;` inside parentheses does not end a postgres statement (psql and the rule grammar agree)', () => {
    expect(texts('CREATE RULE r AS ON INSERT TO t DO ALSO (DELETE FROM u; NOTIFY t); SELECT 1', 'postgres')).toEqual([
      'CREATE RULE r AS ON INSERT TO t DO ALSO (DELETE FROM u; NOTIFY t)',
      'SELECT 1',
    ]);
    // mysql and the other clients split at every `;`
    expect(texts('SELECT (1; SELECT 2)', 'mysql')).toEqual(['SELECT (1', 'SELECT 2)']);
  });

  it('a `(` that never closes is reported and its statement split at the `;` after it', () => {
    const text = 'SELECT (1; DROP TABLE x; SELECT 2';
    const r = splitStatements(text, 'postgres');
    expect(r.statements.map((s) => text.slice(s.start, s.end))).toEqual(['SELECT (1', 'DROP TABLE x', 'SELECT 2']);
    expect(r.diagnostics.map((d) => [d.code, d.span.start])).toEqual([['sql/unterminated-parenthesis', 7]]);
  });

  it("psql's `\\;` separates statements sent together", () => {
    expect(texts('SELECT 1 \\; DROP TABLE x;', 'postgres')).toEqual(['SELECT 1', 'DROP TABLE x']);
  });

  it('`system` and `source` at the start of a line are mysql client commands up to the end of the line', () => {
    const text = 'SELECT 1;\nsystem rm -rf /\n  source evil.sql\nSELECT 2\nsource';
    const r = splitStatements(text, 'mysql');
    expect(r.statements.map((s) => [text.slice(s.start, s.end), s.meta ?? null])).toEqual([
      ['SELECT 1', null],
      ['system rm -rf /', 'mysql'],
      ['source evil.sql', 'mysql'],
      ['SELECT 2\nsource', null],
    ]);
  });
});
