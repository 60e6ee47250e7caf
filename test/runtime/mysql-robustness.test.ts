import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Dialect, Span, StatementFacts } from '../../runtime/facts/types.js';
import { analyzeOtherDialect } from '../../runtime/sql/mysql/extract.js';

const DIALECTS: Dialect[] = ['mysql', 'mariadb', 'sqlite', 'bigquery', 'snowflake', 'transactsql', 'redshift', 'db2', 'hive', 'flinksql', 'trino'];
const FRAGMENTS = [
  'SELECT ', 'UPDATE t SET a = 1 ', 'DELETE FROM ', 'INSERT INTO t ', 'DROP TABLE x', 'ALTER TABLE t ADD ', 'GRANT ALL ON *.* TO u',
  'WHERE 1=1 ', 'LIMIT 2 ', ';', "'", '"', '`', '--', '#', '/*', '*/', '/*!50001 ', 'DELIMITER //\n', '//', '(', ')', ',',
  'LOAD_FILE(', 'sleep(1)', ' INTO OUTFILE ', '@x', '?', 'é', '\n', ' ', 'BEGIN ', 'END', 'CREATE PROCEDURE p() ', 'x.y', '*',
];
const sqlish = fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 25 }).map((a) => a.join(''));

function inside(s: Span, text: string): void {
  expect(s.start).toBeGreaterThanOrEqual(0);
  expect(s.end).toBeLessThanOrEqual(text.length);
  expect(s.start).toBeLessThanOrEqual(s.end);
}

function spansOf(f: StatementFacts): Span[] {
  return [
    f.span,
    ...f.actions.map((x) => x.span),
    ...f.tables.map((x) => x.span),
    ...f.columns.map((x) => x.span),
    ...f.outputs.map((x) => x.span),
    ...f.functions.map((x) => x.span),
    ...f.dynamicSql.map((x) => x.span),
    ...f.privileges.map((x) => x.span),
    ...f.roles.map((x) => x.span),
    ...f.ddl.map((x) => x.span),
    ...f.diagnostics.map((x) => x.span),
  ];
}

describe('extractOtherDialect never throws and keeps spans inside the input', () => {
  for (const dialect of DIALECTS) {
    it(dialect, () => {
      fc.assert(
        fc.property(fc.oneof(sqlish, fc.string({ maxLength: 60 })), (text) => {
          const r = analyzeOtherDialect(text, dialect);
          for (const f of r.statements) {
            for (const s of spansOf(f)) inside(s, text);
            // statement facts stay inside their own statement
            for (const a of f.actions) {
              expect(a.span.start).toBeGreaterThanOrEqual(f.span.start);
              expect(a.span.end).toBeLessThanOrEqual(f.span.end);
            }
          }
          for (const d of r.diagnostics) inside(d.span, text);
        }),
        { numRuns: 120 },
      );
    });
  }
});

describe('grammar limits', () => {
  it('a statement nested too deeply for the grammar keeps its keyword facts and says why', () => {
    const text = 'DELETE FROM t WHERE ' + '('.repeat(5000) + '1' + ')'.repeat(5000);
    const f = analyzeOtherDialect(text, 'mysql').statements[0];
    expect(f.parsed).toBe(false);
    expect(f.actions).toMatchObject([{ action: 'delete', target: 't' }]);
    expect(f.diagnostics.map((d) => [d.code, d.severity])).toEqual([['sql/parser-limit', 'warning']]);
  });

  it('a statement over a megabyte is read from its keywords without the grammar', () => {
    const text = 'INSERT INTO t (a) VALUES ' + Array.from({ length: 120_000 }, (_, i) => `(${i})`).join(', ');
    expect(text.length).toBeGreaterThan(1_000_000);
    const f = analyzeOtherDialect(text, 'mysql').statements[0];
    expect(f.parsed).toBe(false);
    expect(f.actions).toMatchObject([{ action: 'insert', target: 't' }]);
    expect(f.diagnostics.map((d) => d.code)).toEqual(['sql/parser-limit']);
  });
});
