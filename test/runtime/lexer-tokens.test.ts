import { describe, expect, it } from 'vitest';
import type { Dialect } from '../../runtime/facts/types.js';
import { tokenize } from '../../runtime/sql/lexer/lexer.js';

function kinds(text: string, dialect: Dialect): [string, string][] {
  return tokenize(text, dialect)
    .tokens.filter((t) => t.kind !== 'whitespace')
    .map((t) => [t.kind, text.slice(t.start, t.end)]);
}

describe('lexer', () => {
  it('reads postgres strings, dollar quotes, parameters and casts', () => {
    expect(kinds("SELECT E'a\\'b', 'c''d', $x$ ' $x$, $1::int, \"Q\"\"x\" -- c", 'postgres')).toEqual([
      ['word', 'SELECT'],
      ['string', "E'a\\'b'"],
      ['punctuation', ','],
      ['string', "'c''d'"],
      ['punctuation', ','],
      ['string', "$x$ ' $x$"],
      ['punctuation', ','],
      ['parameter', '$1'],
      ['operator', '::'],
      ['word', 'int'],
      ['punctuation', ','],
      ['quoted_identifier', '"Q""x"'],
      ['comment', '-- c'],
    ]);
  });

  it('keeps `$` inside postgres identifiers', () => {
    expect(kinds('SELECT a$b$ FROM t', 'postgres')).toEqual([
      ['word', 'SELECT'],
      ['word', 'a$b$'],
      ['word', 'FROM'],
      ['word', 't'],
    ]);
  });

  it('reads mysql backticks, double-quoted strings, variables and executable comments', () => {
    expect(kinds('/*!50001 SELECT `a``b`, "x\\"y", @v, @@global.sql_mode */ # c', 'mysql')).toEqual([
      ['exec_marker', '/*!50001'],
      ['word', 'SELECT'],
      ['quoted_identifier', '`a``b`'],
      ['punctuation', ','],
      ['string', '"x\\"y"'],
      ['punctuation', ','],
      ['variable', '@v'],
      ['punctuation', ','],
      ['variable', '@@global.sql_mode'],
      ['exec_marker', '*/'],
      ['comment', '# c'],
    ]);
  });

  it('reads nested comments only where the dialect nests them', () => {
    expect(kinds('/* a /* b */ c */ x', 'postgres')).toEqual([
      ['comment', '/* a /* b */ c */'],
      ['word', 'x'],
    ]);
    expect(kinds('/* a /* b */ c */', 'sqlite')).toEqual([
      ['comment', '/* a /* b */'],
      ['word', 'c'],
      ['operator', '*'],
      ['operator', '/'],
    ]);
  });

  it('reads sql server brackets, snowflake `//` comments, bigquery triple quotes', () => {
    expect(kinds('SELECT [a]]b]', 'transactsql')).toEqual([
      ['word', 'SELECT'],
      ['quoted_identifier', '[a]]b]'],
    ]);
    expect(kinds('SELECT $$a;b$$ // c', 'snowflake')).toEqual([
      ['word', 'SELECT'],
      ['string', '$$a;b$$'],
      ['comment', '// c'],
    ]);
    expect(kinds('SELECT """a"b""" ', 'bigquery')).toEqual([
      ['word', 'SELECT'],
      ['string', '"""a"b"""'],
    ]);
  });

  it('reads a psql meta-command to the end of its line', () => {
    expect(kinds('\\set x 1\nSELECT :x', 'postgres')).toEqual([
      ['meta', '\\set x 1'],
      ['word', 'SELECT'],
      ['parameter', ':x'],
    ]);
  });

  it('reports unterminated tokens at their opener and never throws', () => {
    const r = tokenize("SELECT 'abc\n", 'postgres');
    expect(r.tokens[r.tokens.length - 1]).toEqual({ kind: 'string', start: 7, end: 12 });
    expect(r.diagnostics).toEqual([
      {
        kind: 'diagnostic',
        code: 'sql/unterminated-string',
        severity: 'error',
        message: 'unterminated string',
        span: { start: 7, end: 8, line: 1, column: 8, endLine: 1, endColumn: 9 },
        help: 'the rest of the text is read as part of the string: close the quote',
      },
    ]);
    expect(tokenize('x /* /* */', 'postgres').diagnostics.map((d) => d.code)).toEqual(['sql/unterminated-comment']);
    expect(tokenize('`x', 'mysql').diagnostics.map((d) => d.code)).toEqual(['sql/unterminated-identifier']);
  });
});
