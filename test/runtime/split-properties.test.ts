import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Dialect } from '../../runtime/facts/types.js';
import { splitStatements } from '../../runtime/sql/lexer/split.js';
import { tokenize, tokensIn } from '../../runtime/sql/lexer/lexer.js';

const DIALECTS: Dialect[] = ['postgres', 'mysql', 'mariadb', 'sqlite', 'bigquery', 'snowflake', 'transactsql', 'redshift', 'db2', 'hive', 'flinksql', 'trino'];

const FRAGMENTS = [
  'SELECT ', 'DROP TABLE x', ';', "'", "''", '"', '`', '[', ']', '$$', '$a$', '$1', '--', '#', '/*', '*/', '/*!', '/*!50001 ',
  '\n', ' ', '\\', "E'", 'BEGIN ', 'BEGIN ATOMIC ', 'END', 'END IF', 'CASE ', 'CREATE PROCEDURE p() ', 'CREATE FUNCTION f() ',
  'DELIMITER //\n', 'DELIMITER ;\n', '//', '\nGO\n', '(', ')', "'''", '"""', '@@x', ':name', '?', 'é', '😀', '\r\n', '/*M!',
];
const sqlish = fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 40 }).map((a) => a.join(''));
const inputs = fc.oneof(fc.string({ maxLength: 200 }), fc.string({ unit: 'binary', maxLength: 200 }), sqlish);

function checkSplit(text: string, dialect: Dialect): void {
  const { statements, diagnostics } = splitStatements(text, dialect);
  let prevChunkEnd = 0;
  let prevEnd = 0;
  for (const s of statements) {
    expect(s.chunkStart).toBe(prevChunkEnd);
    expect(s.chunkStart).toBeLessThanOrEqual(s.start);
    expect(s.start).toBeLessThan(s.end);
    expect(s.end).toBeLessThanOrEqual(s.chunkEnd);
    expect(s.chunkEnd).toBeLessThanOrEqual(text.length);
    expect(s.start).toBeGreaterThanOrEqual(prevEnd);
    prevChunkEnd = s.chunkEnd;
    prevEnd = s.end;
  }
  const joined = statements.map((s) => text.slice(s.chunkStart, s.chunkEnd)).join('') + text.slice(prevChunkEnd);
  expect(joined).toBe(text);
  for (const d of diagnostics) {
    expect(d.span.start).toBeGreaterThanOrEqual(0);
    expect(d.span.end).toBeLessThanOrEqual(text.length);
  }
}

function checkTokens(text: string, dialect: Dialect): void {
  const { tokens } = tokenize(text, dialect);
  let at = 0;
  for (const t of tokens) {
    expect(t.start).toBe(at);
    expect(t.end).toBeGreaterThan(t.start);
    at = t.end;
  }
  expect(at).toBe(text.length);
}

/** Re-lexing a statement alone (as the extractors do) reads the same significant tokens as the whole text.
 * A client `DELIMITER` can cut through what a lexer unaware of it reads as one token (`DELIMITER //` then
 * `*//*M!`: the client ends the statement at `//`, the plain lexer sees `/*M!`); the whole-text reading is
 * undefined for such a statement, so it is left out. */
function checkRelex(text: string, dialect: Dialect): void {
  const all = tokenize(text, dialect).tokens;
  const whole = all.filter((t) => t.kind !== 'whitespace' && t.kind !== 'comment' && t.kind !== 'exec_marker');
  const cut = (at: number) => all.some((t) => t.start < at && at < t.end);
  for (const s of splitStatements(text, dialect).statements) {
    if (cut(s.start) || cut(s.chunkStart)) continue;
    const alone = tokensIn(text, s.start, s.end, dialect, s.inExecutableComment === true)
      .filter((t) => t.kind !== 'whitespace' && t.kind !== 'comment' && t.kind !== 'exec_marker')
      .map((t) => [t.kind, t.start]);
    const inside = whole.filter((t) => t.start >= s.start && t.start < s.end).map((t) => [t.kind, t.start]);
    expect(alone).toEqual(inside);
  }
}

describe('splitStatements properties', () => {
  for (const dialect of DIALECTS) {
    it(`partitions any text in order (${dialect})`, () => {
      fc.assert(fc.property(inputs, (text) => checkSplit(text, dialect)), { numRuns: 300 });
    });
    it(`a statement re-lexed alone reads as in the whole text (${dialect})`, () => {
      fc.assert(fc.property(inputs, (text) => checkRelex(text, dialect)), { numRuns: 300, examples: [["DELIMITER //\n*//*M!"], ["DELIMITER //\nSELECT 1//SELECT 2//"]] });
    });
    it(`lexer tokens partition any text (${dialect})`, () => {
      fc.assert(fc.property(inputs, (text) => checkTokens(text, dialect)), { numRuns: 300 });
    });
  }

  it('a trailing chunk of whitespace and comments is not a statement', () => {
    const text = 'select 1; -- done\n';
    const { statements } = splitStatements(text, 'postgres');
    expect(statements).toEqual([{ start: 0, end: 8, chunkStart: 0, chunkEnd: 9 }]);
  });

  it('empty statements do not appear and their text joins the next chunk', () => {
    const text = ';; select 1;';
    const { statements } = splitStatements(text, 'postgres');
    expect(statements).toEqual([{ start: 3, end: 11, chunkStart: 0, chunkEnd: 12 }]);
  });
});
