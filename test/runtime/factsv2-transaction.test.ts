// TransactionContext.unclosed, lockedTables and alteredTables: file state carried across statements.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Dialect } from '../../runtime/facts/types.js';
import { analyze, loadPostgres } from '../../runtime/index.js';

beforeAll(async () => {
  await loadPostgres();
});

const tx = async (sql: string, dialect: Dialect = 'postgres') => (await analyze(sql, { dialect })).statements.map((s) => s.transaction);

describe('TransactionContext.unclosed', () => {
  it('marks the BEGIN and every later statement of a transaction never closed', async () => {
    const t = await tx('SELECT 1; BEGIN; ALTER TABLE t ADD COLUMN c int; SELECT 2');
    expect(t.map((x) => x.unclosed)).toEqual([false, true, true, true]);
  });

  it('is false once COMMIT, ROLLBACK or END closes the transaction', async () => {
    for (const end of ['COMMIT', 'ROLLBACK', 'END']) {
      const t = await tx(`BEGIN; ALTER TABLE t ADD COLUMN c int; ${end}; SELECT 1`);
      expect(t.map((x) => x.unclosed), end).toEqual([false, false, false, false]);
    }
  });

  it('only the last transaction is open when an earlier one was committed', async () => {
    const t = await tx('BEGIN; SELECT 1; COMMIT; START TRANSACTION; SELECT 2');
    expect(t.map((x) => x.unclosed)).toEqual([false, false, false, true, true]);
  });

  it('a nested BEGIN does not restart the transaction; savepoints do not close it', async () => {
    const t = await tx('BEGIN; SAVEPOINT s; BEGIN; RELEASE SAVEPOINT s; SELECT 1');
    expect(t.every((x) => x.unclosed)).toBe(true);
  });

  it('a BEGIN inside a function body opens nothing', async () => {
    const t = await tx("CREATE FUNCTION f() RETURNS void LANGUAGE sql AS $$ SELECT 1 $$; SELECT 1");
    expect(t.map((x) => x.unclosed)).toEqual([false, false]);
  });

  it('works for MySQL too', async () => {
    const t = await tx('START TRANSACTION; UPDATE t SET a = 1 WHERE id = 2', 'mysql');
    expect(t.map((x) => x.unclosed)).toEqual([true, true]);
    const closed = await tx('START TRANSACTION; UPDATE t SET a = 1 WHERE id = 2; COMMIT', 'mysql');
    expect(closed.map((x) => x.unclosed)).toEqual([false, false, false]);
  });
});

describe('TransactionContext.lockedTables and alteredTables', () => {
  it('hold the strongest lock per table from earlier statements of the transaction', async () => {
    const t = await tx(
      'BEGIN; SELECT * FROM orders; UPDATE orders SET a = 1 WHERE id = 1; ALTER TABLE users ADD COLUMN c int; LOCK TABLE items IN SHARE MODE; SELECT 1',
    );
    expect(t[1].lockedTables).toEqual([]);
    expect(t[2].lockedTables).toEqual([{ table: 'public.orders', lock: 'ACCESS SHARE' }]);
    expect(t[3].lockedTables).toEqual([{ table: 'public.orders', lock: 'ROW EXCLUSIVE' }]);
    expect(t[5].lockedTables).toEqual([
      { table: 'public.orders', lock: 'ROW EXCLUSIVE' },
      { table: 'public.users', lock: 'ACCESS EXCLUSIVE' },
      { table: 'public.items', lock: 'SHARE' },
    ]);
    expect(t[5].alteredTables).toEqual(['public.users']);
  });

  it('a weaker lock later does not replace a stronger one', async () => {
    const t = await tx('BEGIN; ALTER TABLE users ADD COLUMN c int; SELECT * FROM users; SELECT 1');
    expect(t[3].lockedTables).toEqual([{ table: 'public.users', lock: 'ACCESS EXCLUSIVE' }]);
  });

  it('are empty outside an explicit transaction and after it ends', async () => {
    const t = await tx('ALTER TABLE users ADD COLUMN c int; SELECT 1; BEGIN; ALTER TABLE users ADD COLUMN d int; COMMIT; SELECT 2');
    expect(t[1].lockedTables).toEqual([]);
    expect(t[1].alteredTables).toEqual([]);
    expect(t[4].alteredTables).toEqual(['public.users']);
    expect(t[5].lockedTables).toEqual([]);
    expect(t[5].alteredTables).toEqual([]);
  });

  it('leave out tables created in the file and DDL in function bodies', async () => {
    const t = await tx(
      "BEGIN; CREATE TABLE fresh (id int); ALTER TABLE fresh ADD COLUMN c int; CREATE FUNCTION f() RETURNS void LANGUAGE sql AS $$ ALTER TABLE users ADD COLUMN x int $$; SELECT 1",
    );
    expect(t[4].lockedTables).toEqual([]);
    expect(t[4].alteredTables).toEqual([]);
  });

  it('DDL in a DO block runs now and holds its lock', async () => {
    const t = await tx('BEGIN; DO $$ BEGIN ALTER TABLE users ADD COLUMN c int; END $$; SELECT 1');
    expect(t[2].lockedTables).toEqual([{ table: 'public.users', lock: 'ACCESS EXCLUSIVE' }]);
  });

  it('MySQL records metadata locks of schema changes', async () => {
    const t = await tx('START TRANSACTION; ALTER TABLE users ADD COLUMN c int; SELECT 1', 'mysql');
    expect(t[2].lockedTables).toEqual([{ table: 'users', lock: 'METADATA' }]);
    expect(t[2].alteredTables).toEqual(['users']);
  });
});
