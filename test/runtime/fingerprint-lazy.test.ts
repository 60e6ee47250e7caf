// The Postgres fingerprint is computed on first read (libpg_query parses the statement again to
// compute it): the record must still behave as plain data wherever it goes.
import { fingerprintSync, loadModule } from 'libpg-query';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeSync, loadPostgres } from '../../runtime/index.js';

const SQL = 'SELECT id, email FROM users WHERE id = 42';

const KEY_ORDER = [
  'kind', 'index', 'span', 'text', 'dialect', 'parsed', 'statementKind', 'where', 'limit', 'returning',
  'dataModifyingCte', 'explain', 'transaction', 'fingerprint', 'diagnostics', 'actions', 'tables', 'columns',
  'outputs', 'functions', 'dynamicSql', 'privileges', 'roles', 'ddl', 'patterns', 'longIdentifiers', 'reads', 'writes', 'isDdl',
];

describe('lazy Postgres fingerprint', () => {
  beforeAll(async () => {
    await loadPostgres();
    await loadModule();
  });

  it("is libpg_query's fingerprint, in its documented place among the keys", () => {
    const st = analyzeSync(SQL).statements[0];
    expect(Object.keys(st)).toEqual(KEY_ORDER);
    expect(st.fingerprint).toBe(fingerprintSync(SQL));
    // unparsed statements (lexer fingerprint) keep the same keys
    expect(Object.keys(analyzeSync('SELEC broken FROM').statements[0])).toEqual(KEY_ORDER);
  });

  it('reads the same through JSON, spread, structured clone and deep equality', () => {
    const expected = fingerprintSync(SQL);
    const viaJson = JSON.parse(JSON.stringify(analyzeSync(SQL).statements[0]));
    expect(viaJson.fingerprint).toBe(expected);
    expect({ ...analyzeSync(SQL).statements[0] }.fingerprint).toBe(expected);
    const cloned = structuredClone(analyzeSync(SQL));
    expect(cloned.statements[0].fingerprint).toBe(expected);
    expect(analyzeSync(SQL)).toEqual(JSON.parse(JSON.stringify(analyzeSync(SQL))));
    expect(Object.getOwnPropertySymbols(cloned.statements[0])).toEqual([]);
  });

  it('becomes a plain data property once read, and can be written like one', () => {
    const st = analyzeSync(SQL).statements[0];
    expect(Object.getOwnPropertyDescriptor(st, 'fingerprint')?.enumerable).toBe(true);
    const first = st.fingerprint;
    const d = Object.getOwnPropertyDescriptor(st, 'fingerprint');
    expect(d).toMatchObject({ value: first, writable: true, enumerable: true });
    expect(Object.getOwnPropertySymbols(st)).toEqual([]);
    const other = analyzeSync(SQL).statements[0];
    other.fingerprint = 'written';
    expect(other.fingerprint).toBe('written');
    expect(JSON.parse(JSON.stringify(other)).fingerprint).toBe('written');
    expect(Object.keys(other)).toEqual(KEY_ORDER);
  });

  it('is computed for every kind of statement when read', () => {
    for (const sql of ['SELECT 1', 'CREATE TABLE t (id int)', "DO $$ BEGIN PERFORM 1; END $$", 'BEGIN', 'VACUUM t']) {
      expect(analyzeSync(sql).statements[0].fingerprint).toMatch(/^[0-9a-f]{16}$/);
    }
  });
});
