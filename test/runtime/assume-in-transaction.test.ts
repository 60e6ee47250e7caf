// The analyze option `assumeInTransaction`: the text starts inside a transaction opened before it
// (a migration tool's), as if BEGIN preceded it and COMMIT followed it.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Dialect, TransactionContext } from '../../runtime/facts/types.js';
import { analyze, analyzeSync, loadPostgres } from '../../runtime/index.js';

beforeAll(async () => {
  await loadPostgres();
});

const tx = async (sql: string, dialect: Dialect = 'postgres'): Promise<TransactionContext[]> =>
  (await analyze(sql, { dialect, assumeInTransaction: true })).statements.map((s) => s.transaction);

const state = (t: TransactionContext) => [t.inExplicitTransaction, t.depth, t.assumed];

describe('assumeInTransaction', () => {
  it('puts every statement of a text without BEGIN in the assumed transaction', async () => {
    const t = await tx('ALTER TABLE users ADD COLUMN a int; SELECT 1');
    expect(t.map(state)).toEqual([
      [true, 1, true],
      [true, 1, true],
    ]);
    expect(t.every((x) => !x.unclosed)).toBe(true);
  });

  it('is off by default and when false', async () => {
    for (const options of [{}, { assumeInTransaction: false }]) {
      const r = await analyze('ALTER TABLE users ADD COLUMN a int; SELECT 1', options);
      expect(r.statements.map((s) => state(s.transaction))).toEqual([
        [false, 0, false],
        [false, 0, false],
      ]);
    }
  });

  it('counts locks and ALTER TABLEs from the first statement', async () => {
    const t = await tx('ALTER TABLE users ADD COLUMN a int; SELECT count(*) FROM orders; ALTER TABLE users ADD COLUMN b int');
    expect(t[0].lockedTables).toEqual([]);
    expect(t[2].lockedTables).toEqual([
      { table: 'public.users', lock: 'ACCESS EXCLUSIVE' },
      { table: 'public.orders', lock: 'ACCESS SHARE' },
    ]);
    expect(t[2].alteredTables).toEqual(['public.users']);
  });

  it('a BEGIN in the text nests inside the assumed transaction; its COMMIT ends the assumed one', async () => {
    const t = await tx('BEGIN; ALTER TABLE users ADD COLUMN a int; COMMIT; SELECT 1');
    expect(t.map(state)).toEqual([
      [true, 1, true],
      [true, 2, true],
      [true, 2, true],
      [false, 0, false],
    ]);
    expect(t[3].lockedTables).toEqual([]);
  });

  it('after a COMMIT of the text, a BEGIN opens a transaction of its own that the assumed COMMIT closes', async () => {
    const t = await tx('COMMIT; CREATE INDEX CONCURRENTLY i ON users (a); BEGIN; ALTER TABLE users ADD COLUMN b int');
    expect(t.map(state)).toEqual([
      [true, 1, true],
      [false, 0, false],
      [false, 0, false],
      [true, 1, false],
    ]);
    expect(t.map((x) => x.unclosed)).toEqual([false, false, false, false]);
    // without the option the last transaction is never closed
    const plain = await analyze('COMMIT; CREATE INDEX CONCURRENTLY i ON users (a); BEGIN; ALTER TABLE users ADD COLUMN b int');
    expect(plain.statements.map((s) => s.transaction.unclosed)).toEqual([false, false, true, true]);
  });

  it('ROLLBACK ends the assumed transaction too; SAVEPOINTs nest in it', async () => {
    const t = await tx('SAVEPOINT s; SELECT 1; RELEASE SAVEPOINT s; ROLLBACK; SELECT 2');
    expect(t.map(state)).toEqual([
      [true, 1, true],
      [true, 2, true],
      [true, 2, true],
      [true, 1, true],
      [false, 0, false],
    ]);
  });

  it('a BEGIN inside a function body or DO block does not nest', async () => {
    const t = await tx("DO $$ BEGIN PERFORM 1; END $$; CREATE FUNCTION f() RETURNS void LANGUAGE sql AS $$ SELECT 1 $$; SELECT 1");
    expect(t.map(state)).toEqual([
      [true, 1, true],
      [true, 1, true],
      [true, 1, true],
    ]);
  });

  it('works with analyzeSync, for other dialects and for statements no parser accepts', async () => {
    const sync = analyzeSync('SELECT 1', { assumeInTransaction: true });
    expect(state(sync.statements[0].transaction)).toEqual([true, 1, true]);
    const my = await tx('ALTER TABLE users ADD COLUMN a int; START TRANSACTION; COMMIT; SELECT 1', 'mysql');
    expect(my.map(state)).toEqual([
      [true, 1, true],
      [true, 1, true],
      [true, 2, true],
      [false, 0, false],
    ]);
    expect(my[1].lockedTables).toEqual([{ table: 'users', lock: 'METADATA' }]);
    const garbage = await tx('ALTER TABLE users ADD COLUMN a int; ALTER TABLE users FROBNICATE; SELECT 1');
    expect(garbage.map(state)).toEqual([
      [true, 1, true],
      [true, 1, true],
      [true, 1, true],
    ]);
  });
});
