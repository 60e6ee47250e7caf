// Personal data laundered through aliases, expressions, subqueries, set operations, column alias
// lists and joins. Masking policies act on `outputs`: each output must name its true sources and
// carry their tags, at the position the client receives it.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Catalog } from '../../runtime/index.js';
import type { OutputColumnFact } from '../../runtime/facts/types.js';
import { catalogFrom, only, pg } from './helpers.js';

const SCHEMA = 'CREATE TABLE users (id int, email text, ssn text, nick text); CREATE TABLE orders (id int, note text);';
let catalog: Catalog;
beforeAll(async () => {
  catalog = await catalogFrom(SCHEMA);
});

function isPii(o: OutputColumnFact): boolean {
  return o.tags.includes('pii');
}

function sourcesOf(o: OutputColumnFact): string[] {
  return o.sources.map((s) => `${s.table}.${s.column}`);
}

describe('pii provenance without a catalog (name heuristics)', () => {
  it.each([
    ['SELECT lower(email) AS e FROM users', 'e'],
    ['SELECT email AS id FROM users', 'id'],
    ['SELECT "email" AS x FROM users', 'x'],
    ['SELECT x FROM (SELECT email AS x FROM users) s', 'x'],
    ['SELECT note FROM orders UNION SELECT email FROM users', 'note'],
    ['SELECT note FROM orders UNION ALL SELECT email FROM users', 'note'],
    ['SELECT note FROM orders EXCEPT SELECT email FROM users', 'note'],
    ['SELECT (SELECT email FROM users LIMIT 1) AS x', 'x'],
    ['WITH t AS (SELECT email AS e FROM users) SELECT upper(e) AS shout FROM t', 'shout'],
    ['WITH RECURSIVE r AS (SELECT email FROM users UNION ALL SELECT email FROM r) SELECT * FROM r', 'email'],
    ['SELECT x.e FROM users, LATERAL (SELECT email AS e) x', 'e'],
    ["SELECT string_agg(email, ',') AS x FROM users", 'x'],
    ['SELECT CASE WHEN true THEN email END AS x FROM users', 'x'],
    ["SELECT coalesce(email, '') AS x FROM users", 'x'],
    ['SELECT email::text AS x FROM users', 'x'],
    ["SELECT email || '' AS x FROM users", 'x'],
    ["SELECT encode(convert_to(email, 'UTF8'), 'base64') AS x FROM users", 'x'],
    ['SELECT substr(ssn, 1, 9) AS x FROM users', 'x'],
    ['SELECT md5(ssn) AS x FROM users', 'x'],
    ["SELECT format('%s', ssn) AS x FROM users", 'x'],
    ["SELECT jsonb_build_object('e', email) AS x FROM users", 'x'],
    ['SELECT first_value(email) OVER () AS x FROM users', 'x'],
    ["SELECT array_to_string(ARRAY(SELECT email FROM users), ',') AS x", 'x'],
    ['SELECT x FROM users, unnest(ARRAY[email]) AS x', 'x'],
    ['VALUES ((SELECT email FROM users LIMIT 1))', 'column1'],
  ])('%s: output %s carries pii', async (sql, name) => {
    const s = only(await pg(sql));
    const o = s.outputs.find((x) => x.name === name);
    expect(o, `no output ${name} in ${JSON.stringify(s.outputs.map((x) => x.name))}`).toBeDefined();
    expect(isPii(o!), `${name} from ${JSON.stringify(sourcesOf(o!))} tags ${JSON.stringify(o!.tags)}`).toBe(true);
  });

  it('RETURNING of a DELETE exposes pii', async () => {
    const s = only(await pg('DELETE FROM users WHERE id = 1 RETURNING email'));
    expect(s.outputs).toContainEqual(expect.objectContaining({ name: 'email', from: 'returning', tags: expect.arrayContaining(['pii']) }));
  });

  it('COPY (SELECT email ...) TO STDOUT exports pii', async () => {
    const s = only(await pg('COPY (SELECT email FROM users) TO STDOUT'));
    expect(s.outputs.some(isPii)).toBe(true);
  });

  it('SELECT * without a catalog stays a star output of users (policies must treat it as possibly pii)', async () => {
    const s = only(await pg('SELECT * FROM users'));
    expect(s.outputs).toEqual([expect.objectContaining({ shape: 'star', sources: [{ table: 'public.users', column: '*' }] })]);
  });

  it('a whole-row reference is every column of the table', async () => {
    for (const sql of ['SELECT row_to_json(u) FROM users u', 'SELECT to_jsonb(users.*) FROM users', 'SELECT users FROM users']) {
      const s = only(await pg(sql));
      expect(s.outputs[0].sources, sql).toContainEqual({ table: 'public.users', column: '*' });
    }
  });

  it('a column alias list on a table does not invent a column of that name', async () => {
    // `users AS u(a)` renames the first column of users to a; users has no column a
    const s = only(await pg('SELECT a FROM users AS u(a)'));
    expect(s.outputs[0].sources).not.toContainEqual({ table: 'public.users', column: 'a' });
    expect(s.outputs[0].sources).toEqual([{ table: 'public.users', column: '*' }]);
  });
});

describe('pii provenance with a catalog', () => {
  it('SELECT * expands and tags email and ssn at their positions', async () => {
    const s = only(await pg('SELECT * FROM users', catalog));
    expect(s.outputs.map((o) => [o.name, o.position, isPii(o)])).toEqual([
      ['id', 0, false],
      ['email', 1, true],
      ['ssn', 2, true],
      ['nick', 3, false],
    ]);
  });

  it.each(['TABLE users', 'SELECT users.* FROM users', 'SELECT u.* FROM users u', 'SELECT * FROM PUBLIC.USERS', 'SELECT * FROM "users"'])(
    '%s expands to the pii columns',
    async (sql) => {
      const s = only(await pg(sql, catalog));
      expect(s.outputs.filter(isPii).map((o) => o.name)).toEqual(['email', 'ssn']);
    },
  );

  it('DELETE ... RETURNING * returns the pii columns', async () => {
    const s = only(await pg('DELETE FROM users RETURNING *', catalog));
    expect(s.outputs.filter(isPii).map((o) => [o.name, o.from])).toEqual([
      ['email', 'returning'],
      ['ssn', 'returning'],
    ]);
  });

  it('a union puts the second branch pii into the first branch column', async () => {
    const s = only(await pg('SELECT * FROM orders UNION ALL SELECT id, email FROM users', catalog));
    expect(s.outputs[1].name).toBe('note');
    expect(isPii(s.outputs[1])).toBe(true);
  });

  it('a CTE column list renames email to b', async () => {
    const s = only(await pg('WITH c(a, b) AS (SELECT * FROM users) SELECT b FROM c', catalog));
    expect(sourcesOf(s.outputs[0])).toEqual(['public.users.email']);
    expect(isPii(s.outputs[0])).toBe(true);
  });

  it('a subquery column list renames email to b', async () => {
    const s = only(await pg('SELECT t.b FROM (SELECT * FROM users) AS t(a, b)', catalog));
    expect(sourcesOf(s.outputs[0])).toEqual(['public.users.email']);
  });

  it('a LATERAL column list renames email to b', async () => {
    const s = only(await pg('SELECT x.b FROM users u, LATERAL (SELECT u.*) AS x(a, b)', catalog));
    expect(isPii(s.outputs[0])).toBe(true);
  });

  it.each(['SELECT b FROM users AS u(a, b)', 'SELECT u.b FROM users AS u(a, b)', 'SELECT u.b FROM users u(a, b) WHERE u.a = 1'])(
    '%s: a table column alias list renames email to b, and b is still email',
    async (sql) => {
      const s = only(await pg(sql, catalog));
      expect(sourcesOf(s.outputs[0])).toEqual(['public.users.email']);
      expect(isPii(s.outputs[0])).toBe(true);
    },
  );

  it('SELECT * FROM users AS u(a, b) names the outputs as the client sees them', async () => {
    const s = only(await pg('SELECT * FROM users AS u(a, b)', catalog));
    expect(s.outputs.map((o) => o.name)).toEqual(['a', 'b', 'ssn', 'nick']);
    expect(isPii(s.outputs[1])).toBe(true);
  });

  it.each(['SELECT * FROM orders JOIN users USING (id)', 'SELECT * FROM orders NATURAL JOIN users'])(
    '%s: the merged join column appears once, so pii sits at the positions the client receives',
    async (sql) => {
      // Postgres docs 7.2.1.1: JOIN USING (and NATURAL) produces one output column per listed pair,
      // then the remaining columns of T1, then those of T2: id, note, email, ssn, nick
      const s = only(await pg(sql, catalog));
      expect(s.outputs.map((o) => [o.name, o.position])).toEqual([
        ['id', 0],
        ['note', 1],
        ['email', 2],
        ['ssn', 3],
        ['nick', 4],
      ]);
      expect(s.outputs.filter(isPii).map((o) => o.position)).toEqual([2, 3]);
    },
  );

  it('a field of a whole-row reference may be any column (conservative)', async () => {
    const s = only(await pg('SELECT (u).email FROM users u', catalog));
    expect(isPii(s.outputs[0])).toBe(true);
  });

  it('json_agg of a whole row carries every pii column', async () => {
    const s = only(await pg('SELECT json_agg(u) FROM users u', catalog));
    expect(s.outputs[0].tags).toEqual(expect.arrayContaining(['pii', 'email', 'ssn']));
  });
});
