import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadPostgres } from '../../runtime/index.js';
import { action, allSpans, run, slice, stmt } from './pg-helpers.js';

beforeAll(async () => {
  await loadPostgres();
});

describe('postgres spans', () => {
  it('are exact for statements, tables, columns and functions', () => {
    const text = '  SELECT u.email, lower(u.full_name)\n  FROM app.users AS u\n  WHERE u.id = $1 ;  ';
    const s = stmt(text);
    expect(slice(text, s.span)).toBe('SELECT u.email, lower(u.full_name)\n  FROM app.users AS u\n  WHERE u.id = $1');
    expect(s.span).toMatchObject({ line: 1, column: 3, endLine: 3, endColumn: 18 });
    expect(slice(text, s.tables[0].span)).toBe('app.users');
    expect(s.tables[0].span).toMatchObject({ line: 2, column: 8 });
    expect(s.columns.map((c) => slice(text, c.span))).toEqual(['u.email', 'u.full_name', 'u.id']);
    expect(slice(text, s.functions[0].span)).toBe('lower');
  });

  it('stay exact after non-ASCII text (UTF-8 byte offsets mapped to UTF-16)', () => {
    const text = "SELECT 'ü€𝄞 🎉' AS x; SELECT \"naïve\".\"émail\" FROM \"naïve\" WHERE \"émail\" = 'ça'";
    const r = run(text);
    const s = r.statements[1];
    expect(slice(text, s.span)).toBe('SELECT "naïve"."émail" FROM "naïve" WHERE "émail" = \'ça\'');
    expect(slice(text, s.tables[0].span)).toBe('"naïve"');
    expect(s.tables[0].name).toBe('public.naïve');
    expect(s.columns.map((c) => slice(text, c.span))).toEqual(['"naïve"."émail"', '"émail"']);
    expect(s.columns.map((c) => c.column)).toEqual(['émail', 'émail']);
  });

  it('nested actions in CTEs point at their keyword and target', () => {
    const text = 'WITH a AS (UPDATE t SET x = 1 RETURNING *), b AS (INSERT INTO log SELECT * FROM a RETURNING 1) SELECT 1';
    const s = stmt(text);
    expect(slice(text, action(s, 'update').span)).toBe('UPDATE t');
    expect(slice(text, action(s, 'insert').span)).toBe('INSERT INTO log');
  });

  it('a syntax error is a diagnostic at the parser position, with lexer facts', () => {
    const text = "SELECT 1; DELETE FROM users WHERE id = = 2; SELECT 'é'";
    const r = run(text);
    const bad = r.statements[1];
    expect(bad.parsed).toBe(false);
    expect(bad.actions.map((a) => a.action)).toContain('delete');
    const d = bad.diagnostics.find((x) => x.code === 'sql/syntax-error');
    expect(d).toBeDefined();
    expect(d?.severity).toBe('error');
    expect(slice(text, d!.span)).toBe('=');
    expect(d!.span.start).toBe(text.indexOf('= 2'));
    expect(r.diagnostics.some((x) => x.code === 'sql/syntax-error')).toBe(true);
    expect(r.statements[2].parsed).toBe(true);
  });

  it('a syntax error after non-ASCII text maps its position', () => {
    const text = "SELECT 'ééé' FROM WHERE";
    const d = run(text).diagnostics.find((x) => x.code === 'sql/syntax-error');
    expect(slice(text, d!.span)).toBe('WHERE');
    const astral = "SELECT '🎉𝄞🎉' FROM WHERE";
    const e = run(astral).diagnostics.find((x) => x.code === 'sql/syntax-error');
    expect(slice(astral, e!.span)).toBe('WHERE');
    expect(e!.message).toBe('syntax error at or near `WHERE`');
  });

  it('diagnostics carry the file name', () => {
    const r = run('SELEC 1', { file: 'm/001.sql' });
    expect(r.file).toBe('m/001.sql');
    expect(r.diagnostics[0].file).toBe('m/001.sql');
  });
});

describe('postgres analysis: pathological input', () => {
  it('an expression too deep to walk is reported and treated as unparsed, never thrown', () => {
    const text = 'SELECT ' + Array(6000).fill("'x'").join(' || ') + ' FROM users; DELETE FROM t';
    const r = run(text);
    expect(r.statements).toHaveLength(2);
    const s = r.statements[0];
    expect(s.parsed).toBe(false);
    // our walk (sql/too-complex) or, deeper still, the parser's own JSON (sql/syntax-error) gives up
    expect(s.diagnostics.some((d) => d.code === 'sql/too-complex' || d.code === 'sql/syntax-error')).toBe(true);
    expect(s.actions[0].action).toBe('select');
    expect(r.statements[1].actions[0].action).toBe('delete');
  });
});

describe('postgres analysis: properties', () => {
  const checkBounds = (text: string) => {
    const r = run(text);
    expect(r.kind).toBe('analysis');
    for (const sp of allSpans(r)) {
      expect(sp.start).toBeGreaterThanOrEqual(0);
      expect(sp.end).toBeGreaterThanOrEqual(sp.start);
      expect(sp.end).toBeLessThanOrEqual(text.length);
    }
    for (const s of r.statements) expect(s.text).toBe(text.slice(s.span.start, s.span.end));
  };

  it('any string gives a result with spans inside the input', () => {
    fc.assert(fc.property(fc.string(), checkBounds), { numRuns: 300 });
  });

  it('any unicode string gives a result with spans inside the input', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme' }), checkBounds), { numRuns: 200 });
    fc.assert(fc.property(fc.string({ unit: 'binary' }), checkBounds), { numRuns: 200 });
  });

  const fragment = fc.constantFrom(
    'SELECT',
    'DELETE FROM',
    'users',
    'u',
    'WHERE',
    'id = 1',
    ';',
    "'é;'",
    '$$ ; $$',
    '$x$ ( $x$',
    '/* /* ; */ */',
    '-- ;\n',
    'WITH d AS (DELETE FROM t RETURNING *)',
    'DO $$ BEGIN EXECUTE \'DROP TABLE x\'; END $$',
    'COPY (',
    ')',
    'TO STDOUT',
    'ü',
    '🎉',
    'E\'\\\'\'',
    '*',
    ',',
    '(',
    'MERGE INTO t USING s ON true WHEN MATCHED THEN DELETE',
  );

  it('SQL-like fragments in any order give a result with spans inside the input', () => {
    fc.assert(fc.property(fc.array(fragment, { maxLength: 12 }), (parts) => checkBounds(parts.join(' '))), { numRuns: 400 });
  });
});
