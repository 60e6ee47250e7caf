// StatementFacts.patterns, `where` on SELECT and longIdentifiers (lengths as written).
import { beforeAll, describe, expect, it } from 'vitest';
import type { Dialect } from '../../runtime/facts/types.js';
import { analyze, loadPostgres } from '../../runtime/index.js';

beforeAll(async () => {
  await loadPostgres();
});

const last = async (sql: string, dialect: Dialect = 'postgres') => (await analyze(sql, { dialect })).statements.at(-1)!;

describe('StatementFacts.patterns', () => {
  it('records LIKE, ILIKE, SIMILAR TO and regex matches with constant patterns and their spans', async () => {
    const sql = "SELECT 1 FROM t WHERE a LIKE '%x' AND b NOT ILIKE $1 AND c SIMILAR TO '_b%' AND d ~ '^x' AND e !~* 'y' AND f LIKE 'a\\%' ESCAPE '\\' AND g ~~ 'z%'";
    const s = await last(sql);
    expect(s.patterns.map((p) => [p.operator, p.pattern, p.leadingWildcard])).toEqual([
      ['like', '%x', true],
      ['ilike', null, false],
      ['similar', '_b%', true],
      ['regex', '^x', false],
      ['regex', 'y', true],
      ['like', 'a\\%', false],
      ['like', 'z%', false],
    ]);
    expect(sql.slice(s.patterns[0].span.start, s.patterns[0].span.end)).toBe("'%x'");
  });

  it('finds patterns in subqueries, DML and function bodies', async () => {
    const s = await last("DELETE FROM t WHERE id IN (SELECT id FROM u WHERE name LIKE '%bot')");
    expect(s.patterns.map((p) => p.pattern)).toEqual(['%bot']);
    const fn = await last("CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT count(*) FROM u WHERE name LIKE '%a' $$");
    expect(fn.patterns.map((p) => p.pattern)).toEqual(['%a']);
  });

  it('has none without a pattern match', async () => {
    expect((await last("SELECT 1 FROM t WHERE a = '%x'")).patterns).toEqual([]);
  });

  it('MySQL: LIKE, NOT LIKE, REGEXP, RLIKE', async () => {
    const sql = "SELECT 1 FROM t WHERE a LIKE '%x' AND b NOT LIKE 'y%' AND c REGEXP 'z' AND d RLIKE '^w' AND e LIKE ?";
    const s = await last(sql, 'mysql');
    expect(s.patterns.map((p) => [p.operator, p.pattern, p.leadingWildcard])).toEqual([
      ['like', '%x', true],
      ['like', 'y%', false],
      ['regex', 'z', true],
      ['regex', '^w', false],
      ['like', null, false],
    ]);
    expect(sql.slice(s.patterns[2].span.start, s.patterns[2].span.end)).toBe("'z'");
  });
});

describe('where on SELECT', () => {
  it.each([
    ['SELECT * FROM t', 'absent'],
    ['SELECT * FROM t WHERE true', 'trivial'],
    ['SELECT * FROM t WHERE id = 1', 'present'],
    ['SELECT 1', null],
    ['SELECT a FROM t WHERE id = 1 UNION SELECT a FROM u WHERE 1 = 1', 'trivial'],
    ['SELECT a FROM t WHERE id = 1 INTERSECT SELECT 1', 'present'],
  ])('postgres: %s', async (sql, where) => {
    expect((await last(sql)).where).toBe(where);
  });

  it.each([
    ['SELECT * FROM t', 'absent'],
    ['SELECT * FROM t WHERE 1 = 1', 'trivial'],
    ['SELECT * FROM t WHERE id = ?', 'present'],
    ['SELECT NOW()', null],
    ['SELECT a FROM t WHERE id = 1 UNION SELECT a FROM u', 'absent'],
  ])('mysql: %s', async (sql, where) => {
    expect((await last(sql, 'mysql')).where).toBe(where);
  });

  it('UPDATE and DELETE keep their meaning', async () => {
    expect((await last('UPDATE t SET a = 1')).where).toBe('absent');
    expect((await last('DELETE FROM t WHERE id = 1')).where).toBe('present');
    expect((await last('INSERT INTO t SELECT * FROM u')).where).toBeNull();
  });
});

describe('StatementFacts.longIdentifiers', () => {
  const name = (n: number, ch = 'a') => ch.repeat(n);

  it('measures identifiers of schema changes as written: 63 bytes pass, 64 are listed', async () => {
    const s = await last(`CREATE TABLE t (${name(63)} int, ${name(64, 'b')} int, "${name(70, 'C')}" text)`);
    expect(s.longIdentifiers.map((i) => [i.name, i.bytes, i.characters])).toEqual([
      [name(64, 'b'), 64, 64],
      [name(70, 'C'), 70, 70],
    ]);
    const text = s.text;
    const sp = s.longIdentifiers[1].span;
    expect(text.slice(sp.start - s.span.start, sp.end - s.span.start)).toBe(`"${name(70, 'C')}"`);
  });

  it('counts UTF-8 bytes: 32 two-byte letters are 64 bytes', async () => {
    const s = await last(`ALTER TABLE t ADD COLUMN "${'é'.repeat(32)}" int`);
    expect(s.longIdentifiers.map((i) => [i.bytes, i.characters])).toEqual([[64, 32]]);
  });

  it('is empty for statements that change no schema (and string literals never count)', async () => {
    expect((await last(`SELECT ${name(80)} FROM t`)).longIdentifiers).toEqual([]);
    expect((await last(`COMMENT ON TABLE t IS '${name(80)}'`)).longIdentifiers).toEqual([]);
  });

  it('MySQL', async () => {
    const s = await last(`CREATE TABLE \`${name(65)}\` (id int)`, 'mysql');
    expect(s.longIdentifiers.map((i) => [i.name, i.characters])).toEqual([[name(65), 65]]);
  });
});
