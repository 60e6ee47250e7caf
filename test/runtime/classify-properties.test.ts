import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Dialect } from '../../runtime/facts/types.js';
import { classifyUnparsed } from '../../runtime/sql/lexer/classify.js';
import { splitStatements } from '../../runtime/sql/lexer/split.js';
import { advanceFileState, newFileState, transactionContext } from '../../runtime/sql/file-state.js';
import { lineIndex } from '../../runtime/text/spans.js';

const FRAGMENTS = [
  'SELECT ', 'WITH x AS (', 'DELETE FROM ', 'UPDATE ', 'INSERT INTO ', 'MERGE INTO t USING s ON true WHEN MATCHED THEN DELETE',
  'DROP TABLE ', 'CREATE FUNCTION f() AS $$', '$$', 'DO $x$ BEGIN ', 'END $x$', 'EXPLAIN ANALYZE ', 'COPY (', ') TO STDOUT',
  'GRANT ALL ON ', 'ALTER TABLE t ADD ', 'PREPARE p FROM ', "'DELETE FROM t'", 'EXECUTE ', 'CALL ', 'SET ', 'LOAD DATA INFILE ',
  'x', 'y.z', '"Q"', '`b`', '(', ')', ',', ';', ' WHERE ', '1=1', ' LIMIT ', '?', '$1', '*', '\\copy t from program ', '\n',
  ' JOIN ', ' USING ', ' ON ', 'BEGIN ATOMIC ', 'END', "E'\\''", '/*', '*/', '--', '@v',
];
const inputs = fc.oneof(fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 30 }).map((a) => a.join('')), fc.string({ maxLength: 80 }));

describe('classifyUnparsed properties', () => {
  for (const dialect of ['postgres', 'mysql', 'transactsql', 'snowflake'] as Dialect[]) {
    it(`never throws, keeps facts inside their statement, marks nothing parsed (${dialect})`, () => {
      fc.assert(
        fc.property(inputs, (text) => {
          const lines = lineIndex(text);
          const file = newFileState();
          for (const [index, raw] of splitStatements(text, dialect).statements.entries()) {
            const f = classifyUnparsed({ text, raw, index, dialect, lines, transaction: transactionContext(file), file });
            expect(f.parsed).toBe(false);
            expect(f.diagnostics).toEqual([]);
            expect(f.text).toBe(text.slice(raw.start, raw.end));
            expect(f.actions.length).toBeGreaterThan(0);
            for (const s of [...f.actions, ...f.tables, ...f.functions, ...f.dynamicSql].map((x) => x.span)) {
              expect(s.start).toBeGreaterThanOrEqual(raw.start);
              expect(s.end).toBeLessThanOrEqual(raw.end);
              expect(s.start).toBeLessThanOrEqual(s.end);
            }
            advanceFileState(file, f);
          }
        }),
        { numRuns: 300 },
      );
    });
  }
});

describe('classifyUnparsed scale', () => {
  it('a statement listing 50,000 tables and one nested 5,000 deep are read in linear time', () => {
    const names = Array.from({ length: 50_000 }, (_, i) => `t${i}`);
    const text = `DROP TABLE ${names.join(', ')} garbage; ` + 'SELECT * FROM '.repeat(1).concat('(SELECT * FROM '.repeat(5000), 'x', ') s'.repeat(5000), ', y WHERE 1 = 1');
    const lines = lineIndex(text);
    const file = newFileState();
    const [drop, sel] = splitStatements(text, 'postgres').statements.map((raw, index) =>
      classifyUnparsed({ text, raw, index, dialect: 'postgres', lines, transaction: transactionContext(file), file }),
    );
    expect(drop.actions).toHaveLength(50_000);
    expect(drop.tables).toHaveLength(50_000);
    expect(sel.tables.map((t) => t.name).sort()).toEqual(['public.x', 'public.y']);
  });
});
