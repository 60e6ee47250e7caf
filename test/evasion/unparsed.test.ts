// Text no parser accepts, and bytes that are not clean UTF-8. Policies fail closed only when the
// lexer still names the dangerous action (parsed: false with `drop_table`, ...) and when bad
// input comes with an error diagnostic.
import { describe, expect, it } from 'vitest';
import type { Dialect } from '../../runtime/facts/types.js';
import { analyzeBytes, loadPostgres } from '../../runtime/index.js';
import { expectAction, my, pg } from './helpers.js';

const enc = new TextEncoder();
function bytes(...parts: (string | number[])[]): Uint8Array {
  const out: number[] = [];
  for (const p of parts) out.push(...(typeof p === 'string' ? enc.encode(p) : p));
  return new Uint8Array(out);
}

async function bytesOf(b: Uint8Array, dialect: Dialect = 'postgres') {
  await loadPostgres();
  return analyzeBytes(b, { dialect });
}

describe('garbage around a dangerous statement', () => {
  it.each([
    ['xyzzy garbage; DROP TABLE users', 'drop_table'],
    ['SELECT FROM WHERE; DROP TABLE users', 'drop_table'],
    ['DROP TABLE users garbage', 'drop_table'],
    ['DROP TABLE users ,', 'drop_table'],
    ['(DROP TABLE users)', 'drop_table'],
    ['DELETE FROM users garbage here', 'delete'],
    ['TRUNCATE users garbage', 'truncate'],
    ["COPY users TO PROGRAM 'x' garbage garbage", 'copy_to_program'],
  ])('%s keeps the %s on public.users', async (sql, action) => {
    const r = await pg(sql);
    expectAction(r, { action: action as 'drop_table' });
    expect(r.statements.some((s) => s.actions.some((a) => a.action === action && (a.target === 'public.users' || action === 'copy_to_program')))).toBe(true);
  });

  it.each(['xyzzy garbage DROP TABLE users', 'garbage garbage DROP TABLE users', '1 DROP TABLE users', '!!! DROP TABLE users'])(
    '%s: garbage before DROP TABLE in one statement is unparsed and still a drop_table (postgres)',
    async (sql) => {
      const r = await pg(sql);
      expect(r.statements.every((s) => !s.parsed)).toBe(true);
      expectAction(r, { action: 'drop_table', target: 'public.users' });
    },
  );

  it.each(['xyzzy garbage DROP TABLE users', 'garbage DELETE FROM users'])(
    '%s: garbage before the dangerous statement is unparsed and still classified (mysql)',
    async (sql) => {
      const r = await my(sql);
      expect(r.statements.every((s) => !s.parsed)).toBe(true);
      expect(r.statements.some((s) => s.actions.some((a) => a.action === 'drop_table' || a.action === 'delete'))).toBe(true);
    },
  );

  it('unparsed GRANT ... TO PUBLIC keeps its PUBLIC grantee', async () => {
    const r = await pg('GRANT ALL ON users TO PUBLIC garbage');
    expect(r.statements[0].parsed).toBe(false);
    expectAction(r, { action: 'grant' });
    expect(r.statements[0].privileges).toContainEqual(expect.objectContaining({ grantees: ['public'] }));
  });

  it('an unparsed DO block still shows the DROP in its body', async () => {
    const r = await pg('DO $$ BEGIN DROP TABLE x; END $$ garbage');
    expectAction(r, { action: 'drop_table', target: 'public.x', nested: true });
  });

  it('an unparsed statement carries a syntax error diagnostic', async () => {
    const r = await pg('DROP TABLE users garbage');
    expect(r.diagnostics.some((d) => d.code === 'sql/syntax-error' && d.severity === 'error')).toBe(true);
  });
});

describe('analyzeBytes: NUL bytes and invalid UTF-8', () => {
  it('NUL bytes make the input binary: an error diagnostic', async () => {
    for (const b of [bytes('DROP TABLE users;', [0]), bytes('SELECT 1', [0], '; DROP TABLE users')]) {
      const r = await bytesOf(b);
      expect(r.diagnostics).toContainEqual(expect.objectContaining({ code: 'input/binary', severity: 'error' }));
    }
  });

  it('an invalid byte inside a string keeps the stacked DROP visible, with an error', async () => {
    const r = await bytesOf(bytes("SELECT '", [0xff], "'; DROP TABLE users"));
    expect(r.diagnostics).toContainEqual(expect.objectContaining({ code: 'input/invalid-utf8', severity: 'error' }));
    expectAction(r, { action: 'drop_table', target: 'public.users' });
  });

  it('an invalid sequence in a comment keeps the DELETE visible', async () => {
    const r = await bytesOf(bytes('/* ', [0xe2, 0x82], ' */ DELETE FROM users'));
    expectAction(r, { action: 'delete', target: 'public.users', where: 'absent' });
  });

  it('an invalid byte in an identifier keeps the DELETE visible', async () => {
    const r = await bytesOf(bytes('DELETE FROM us', [0xff], 'ers'));
    expect(r.diagnostics[0].code).toBe('input/invalid-utf8');
    expectAction(r, { action: 'delete' });
  });

  it('a byte-order mark before DROP TABLE is dropped', async () => {
    for (const dialect of ['postgres', 'mysql'] as const) {
      const r = await bytesOf(bytes([0xef, 0xbb, 0xbf], 'DROP TABLE users'), dialect);
      expect(r.statements[0].parsed, dialect).toBe(true);
      expect(r.statements[0].actions.some((a) => a.action === 'drop_table')).toBe(true);
    }
  });

  it.each([
    ['0xff before DROP', [0xff], 'DROP TABLE users'],
    ['0xff and a space before DROP', [0xff], ' DROP TABLE users'],
    ['a UTF-16 surrogate before DROP', [0xed, 0xa0, 0x80], 'DROP TABLE users'],
  ] as const)('%s: an error diagnostic, and the drop_table still classified', async (_label, bad, rest) => {
    for (const dialect of ['postgres', 'mysql'] as const) {
      const r = await bytesOf(bytes([...bad], rest), dialect);
      expect(r.diagnostics).toContainEqual(expect.objectContaining({ code: 'input/invalid-utf8', severity: 'error' }));
      expect(
        r.statements.some((s) => s.actions.some((a) => a.action === 'drop_table')),
        `${dialect}: ${JSON.stringify(r.statements.map((s) => [s.text, s.actions.map((a) => a.action)]))}`,
      ).toBe(true);
    }
  });

  it('an overlong encoding of ; (0xC0 0xBB) does not split, and the DROP after it is still seen', async () => {
    const r = await bytesOf(bytes('SELECT 1', [0xc0, 0xbb], ' DROP TABLE users'));
    expect(r.diagnostics).toContainEqual(expect.objectContaining({ code: 'input/invalid-utf8' }));
    expect(r.statements.some((s) => s.actions.some((a) => a.action === 'drop_table'))).toBe(true);
  });
});

describe('the lexer fallback still sees writes nested in CTEs', () => {
  it('an unparsed statement with a DELETE in a CTE nested in a CTE keeps the delete', async () => {
    const r = await pg('WITH a AS (WITH b AS (DELETE FROM users RETURNING 1) SELECT 1) SELECT 1 garbage garbage');
    expect(r.statements[0].parsed).toBe(false);
    expectAction(r, { action: 'delete', target: 'public.users', nested: true });
  });

  it('an unparsed statement with a data-modifying CTE (one level) keeps the delete (control)', async () => {
    const r = await pg('WITH d AS (DELETE FROM users RETURNING 1) SELECT 1 garbage garbage');
    expect(r.statements[0].parsed).toBe(false);
    expectAction(r, { action: 'delete', target: 'public.users', nested: true, via: 'cte' });
  });

  it('CTEs nested past the parser stack ("memory exhausted") still show the DELETE', async () => {
    let sql = 'WITH d AS (DELETE FROM users RETURNING 1) SELECT 1';
    for (let i = 0; i < 2000; i++) sql = `WITH w${i} AS (${sql}) SELECT 1`;
    const r = await pg(sql);
    expect(r.statements[0].parsed).toBe(false);
    expectAction(r, { action: 'delete', target: 'public.users' });
  });
});
