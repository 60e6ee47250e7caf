import { describe, expect, it } from 'vitest';
import { analyze, analyzeBytes, analyzeSync, loadPostgres, MAX_INPUT_BYTES } from '../../runtime/index.js';

describe('analysis API', () => {
  it('analyzeSync for postgres before loadPostgres() is a programming error', () => {
    expect(() => analyzeSync('SELECT 1')).toThrow(/loadPostgres/);
  });

  it('analyze() loads the parser itself; loadPostgres() is idempotent', async () => {
    const r = await analyze('SELECT 1; SELECT 2', { file: 'q.sql' });
    expect(r).toMatchObject({ kind: 'analysis', dialect: 'postgres', file: 'q.sql' });
    expect(r.statements).toHaveLength(2);
    await loadPostgres();
    await loadPostgres();
    expect(analyzeSync('SELECT 1').statements[0].parsed).toBe(true);
  });

  it('empty text and text with only comments have no statements and no errors', async () => {
    await loadPostgres();
    expect(analyzeSync('').statements).toEqual([]);
    const r = analyzeSync('  -- nothing\n/* here */  ');
    expect(r.statements).toEqual([]);
    expect(r.diagnostics).toEqual([]);
  });

  it('the same query with other constants has the same fingerprint', async () => {
    await loadPostgres();
    const [a, b, c] = analyzeSync('SELECT * FROM t WHERE id = 1; select * from t where id = 42; SELECT * FROM u WHERE id = 1').statements;
    expect(a.fingerprint).toMatch(/^[0-9a-f]{16}$/);
    expect(a.fingerprint).toBe(b.fingerprint);
    expect(a.fingerprint).not.toBe(c.fingerprint);
  });
});

describe('dialects', () => {
  it('other dialects go to their own extractor and need no Postgres parser', () => {
    const r = analyzeSync('DELETE FROM t WHERE 1=1 LIMIT 3', { dialect: 'mysql' });
    expect(r.dialect).toBe('mysql');
    expect(r.statements[0]).toMatchObject({ dialect: 'mysql', statementKind: 'delete' });
    expect(r.statements[0].actions[0]).toMatchObject({ action: 'delete', where: 'trivial', limit: 3 });
  });

  it('facts carry the file state: created tables, temporaries, transactions', async () => {
    await loadPostgres();
    const r = analyzeSync('BEGIN; CREATE TEMP TABLE tmp (a int); CREATE TABLE keep (a int); INSERT INTO tmp SELECT a FROM keep; COMMIT; SELECT * FROM keep');
    const ins = r.statements[3];
    expect(ins.tables.map((t) => [t.name, t.createdInFile, t.temporary])).toEqual([
      ['public.tmp', true, true],
      ['public.keep', true, false],
    ]);
    expect(ins.transaction).toMatchObject({ inExplicitTransaction: true, depth: 1 });
    expect(r.statements[5].transaction.inExplicitTransaction).toBe(false);
  });
});

describe('analyzeBytes', () => {
  const enc = (s: string) => new TextEncoder().encode(s);

  it('valid UTF-8 is analysed like text', async () => {
    await loadPostgres();
    const r = analyzeBytes(enc("SELECT 'é' AS x; DELETE FROM t"));
    expect(r.statements.map((s) => s.statementKind)).toEqual(['select', 'delete']);
    expect(r.diagnostics).toEqual([]);
  });

  it('a byte-order mark is dropped', async () => {
    await loadPostgres();
    const r = analyzeBytes(new Uint8Array([0xef, 0xbb, 0xbf, ...enc('SELECT 1')]));
    expect(r.statements[0].span.start).toBe(0);
    expect(r.statements[0].text).toBe('SELECT 1');
  });

  it('NUL bytes: binary input, one error, no statements', async () => {
    await loadPostgres();
    const r = analyzeBytes(new Uint8Array([0x53, 0x45, 0x00, 0x01]), { file: 'x.bin' });
    expect(r.statements).toEqual([]);
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0]).toMatchObject({ code: 'input/binary', severity: 'error', file: 'x.bin' });
  });

  it('more than 50 MB: one error, no statements, nothing parsed', async () => {
    await loadPostgres();
    const big = new Uint8Array(MAX_INPUT_BYTES + 1).fill(0x20);
    const r = analyzeBytes(big);
    expect(r.statements).toEqual([]);
    expect(r.diagnostics.map((d) => d.code)).toEqual(['input/too-large']);
  });

  it('invalid UTF-8 is decoded lossily, analysed, and reported at the first bad byte', async () => {
    await loadPostgres();
    const bytes = new Uint8Array([...enc("SELECT 'a"), 0xff, ...enc("'; DROP TABLE users")]);
    const r = analyzeBytes(bytes);
    expect(r.diagnostics[0]).toMatchObject({ code: 'input/invalid-utf8', severity: 'error' });
    expect(r.diagnostics[0].span.start).toBe(9);
    expect(r.statements.map((s) => s.statementKind)).toEqual(['select', 'drop_table']);
  });

  it('overlong encodings, surrogates and truncated sequences are invalid', async () => {
    await loadPostgres();
    for (const bad of [[0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xe2, 0x82], [0xf5, 0x80, 0x80, 0x80]]) {
      const r = analyzeBytes(new Uint8Array([0x41, ...bad]));
      expect(r.diagnostics[0].code).toBe('input/invalid-utf8');
      expect(r.diagnostics[0].span.start).toBe(1);
    }
  });
});
