// Filters written to look like filters while matching every row. `require-where` style policies
// read `where` (statement) and `actions[].where`: a filter that folds to true without reading a
// row must be `trivial`, never `present`.
import { describe, expect, it } from 'vitest';
import { expectAction, only, pg } from './helpers.js';

describe('where: absent', () => {
  it.each([
    ['DELETE FROM users', 'delete'],
    ['DELETE FROM ONLY users', 'delete'],
    ['delete from users *', 'delete'],
    ['UPDATE users SET is_admin = true', 'update'],
    ['WITH x AS (SELECT 1) DELETE FROM users', 'delete'],
    ['DELETE FROM users RETURNING *', 'delete'],
  ])('%s has no WHERE', async (sql, action) => {
    const s = only(await pg(sql));
    expect(s.where).toBe('absent');
    expectAction(s, { action: action as 'delete', target: 'public.users', nested: false, where: 'absent' });
  });
});

describe('where: trivially true filters', () => {
  it.each([
    'WHERE 1=1',
    'WHERE true',
    'WHERE TRUE',
    'WHERE (((true)))',
    'WHERE true OR id = 1',
    'WHERE id = 1 OR true',
    'WHERE id = 5 OR 1 = 1',
    'WHERE NOT false',
    'WHERE NOT NOT true',
    'WHERE NOT (1 = 0)',
    "WHERE 'a' = 'a'",
    "WHERE 'abc' <> 'abd'",
    'WHERE $$a$$ = $$a$$',
    "WHERE E'a' = 'a'",
    'WHERE id = id',
    'WHERE "id" = id',
    'WHERE users.id = users.id',
    'WHERE id IS NOT DISTINCT FROM id',
    'WHERE id IS NULL OR id IS NOT NULL',
    'WHERE 2 > 1',
    'WHERE 1 <> 2',
    'WHERE 1.0 = 1',
    'WHERE 1::int = 1',
    "WHERE 't'::boolean",
    "WHERE 'yes'::boolean",
    "WHERE CAST('t' AS boolean)",
    'WHERE true = true',
    'WHERE true IS TRUE',
    'WHERE 1 = 1 IS TRUE',
    'WHERE 1 IN (1, 2)',
    'WHERE 1 BETWEEN 0 AND 2',
    "WHERE 'a' LIKE '%'",
    "WHERE email LIKE '%'",
    'WHERE EXISTS (SELECT 1)',
    'WHERE (SELECT 1) = 1',
    'WHERE coalesce(null, true)',
    'WHERE NULL IS NULL',
    "WHERE 'x' IS NOT NULL",
    'WHERE 1 = 1 AND 2 = 2',
    "WHERE 1 < 2 AND 'a' = 'a' AND NOT false",
    'WHERE NOT (1 = 1 AND false)',
    'WHERE 1 = /* comment */ 1',
    // constant expressions the folder does not evaluate: still no row is read
    'WHERE CASE WHEN true THEN true END',
    "WHERE 'a' SIMILAR TO '%'",
    'WHERE 1 = ANY(ARRAY[1])',
    "WHERE B'1' = B'1'",
    'WHERE ROW(1, 2) = ROW(1, 2)',
    // the same column on both sides, qualified on one side only
    'WHERE users.id = id',
  ])('DELETE FROM users %s is trivial', async (filter) => {
    const s = only(await pg(`DELETE FROM users ${filter}`));
    expect(s.where, `DELETE FROM users ${filter}`).toBe('trivial');
    expectAction(s, { action: 'delete', target: 'public.users', where: 'trivial' });
  });

  it('UPDATE ... WHERE 1 = 1 OR is_admin is trivial', async () => {
    const s = only(await pg('UPDATE users SET is_admin = true WHERE 1 = 1 OR is_admin'));
    expect(s.where).toBe('trivial');
  });

  it('UPDATE ... FROM ... WHERE true is trivial', async () => {
    expect(only(await pg('UPDATE users SET a = 1 FROM teams WHERE true')).where).toBe('trivial');
  });

  it('DELETE ... USING ... WHERE true is trivial', async () => {
    expect(only(await pg('DELETE FROM users USING teams WHERE true')).where).toBe('trivial');
  });

  it('a trivial filter inside a CTE is trivial on the nested action', async () => {
    const s = only(await pg('WITH d AS (DELETE FROM users WHERE 1 = 1 RETURNING *) SELECT * FROM d'));
    expectAction(s, { action: 'delete', target: 'public.users', nested: true, via: 'cte', where: 'trivial' });
  });

  it('a trivial filter inside a DO block is trivial on the nested action', async () => {
    const s = only(await pg("DO $$ BEGIN DELETE FROM users WHERE 'a' = 'a'; END $$"));
    expectAction(s, { action: 'delete', target: 'public.users', nested: true, via: 'do_block', where: 'trivial' });
  });
});

describe('where: real filters stay present', () => {
  it.each(['WHERE id = 1', 'WHERE id = $1', 'WHERE email LIKE $1', 'WHERE id = ANY($1)', 'WHERE CURRENT OF c', 'WHERE created_at < now()'])(
    'DELETE FROM users %s is present',
    async (filter) => {
      expect(only(await pg(`DELETE FROM users ${filter}`)).where).toBe('present');
    },
  );
});
