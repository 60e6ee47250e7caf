import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeSync, builtinPiiTags, createCatalog, globRegExp, loadPostgres } from '../../runtime/index.js';

beforeAll(async () => {
  await loadPostgres();
});

describe('catalog: replaying migrations', () => {
  it('learns tables and columns from CREATE TABLE and ALTER TABLE', () => {
    const c = createCatalog();
    c.replay(
      analyzeSync(`
        CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL, nick text);
        CREATE TABLE app.orders (id int, user_id bigint REFERENCES users (id));
        ALTER TABLE users ADD COLUMN phone text, DROP COLUMN nick;
        ALTER TABLE users RENAME COLUMN phone TO mobile;
      `),
    );
    expect(c.columns('public.users')).toEqual(['id', 'email', 'mobile']);
    expect(c.columns('app.orders')).toEqual(['id', 'user_id']);
    expect(c.columns('public.nope')).toBeUndefined();
  });

  it('follows RENAME TABLE and DROP TABLE', () => {
    const c = createCatalog();
    c.replay(analyzeSync('CREATE TABLE a (x int); CREATE TABLE b (y int); ALTER TABLE a RENAME TO a2; DROP TABLE b'));
    expect(c.columns('public.a')).toBeUndefined();
    expect(c.columns('public.a2')).toEqual(['x']);
    expect(c.columns('public.b')).toBeUndefined();
  });

  it('a replayed catalog expands * in later analyses', () => {
    const c = createCatalog();
    c.replay(analyzeSync('CREATE TABLE people (id int, ssn text, birth_date date)'));
    const s = analyzeSync('SELECT * FROM people', { catalog: c }).statements[0];
    expect(s.outputs.map((o) => [o.name, o.tags])).toEqual([
      ['id', []],
      ['ssn', ['pii', 'ssn']],
      ['birth_date', ['pii', 'birth_date']],
    ]);
    expect(s.columns.every((x) => x.fromStar)).toBe(true);
  });
});

describe('catalog: tags', () => {
  it('table and column globs, case-insensitive, against qualified and bare names', () => {
    const c = createCatalog();
    c.tag({ table: 'users', column: 'email' }, 'pii');
    c.tag({ table: 'public.customers', column: '*phone*' }, 'contact');
    c.tag({ table: '*', column: 'SSN' }, 'restricted');
    expect(c.tagsOf('public.users', 'email')).toEqual(['pii']);
    expect(c.tagsOf('public.customers', 'home_phone_2')).toEqual(['contact']);
    expect(c.tagsOf('billing.customers', 'phone')).toEqual([]);
    expect(c.tagsOf('x.y', 'ssn')).toEqual(['restricted']);
    expect(c.tagsOf('public.orders', 'email')).toEqual([]);
    // an unresolved column matches on the column alone
    expect(c.tagsOf(null, 'email')).toEqual(['pii']);
    expect(c.tableTags('public.users')).toEqual(['pii', 'restricted']);
  });

  it('tags added later apply to later lookups', () => {
    const c = createCatalog();
    expect(c.tagsOf('public.t', 'a')).toEqual([]);
    c.tag({ table: 't', column: 'a' }, 'x');
    expect(c.tagsOf('public.t', 'a')).toEqual(['x']);
  });

  it('globs escape regular-expression characters', () => {
    expect(globRegExp('a.b').test('axb')).toBe(false);
    expect(globRegExp('a?c*').test('ABCdef')).toBe(true);
  });
});

describe('builtinPiiTags', () => {
  const cases: [string, string[]][] = [
    ['email', ['pii', 'email']],
    ['user_email', ['pii', 'email']],
    ['emailAddress', ['pii', 'email']],
    ['ssn', ['pii', 'ssn']],
    ['phone_number', ['pii', 'phone']],
    ['mobile', ['pii', 'phone']],
    ['credit_card_number', ['pii', 'credit_card']],
    ['card_number', ['pii', 'credit_card']],
    ['iban', ['pii', 'bank_account']],
    ['dob', ['pii', 'birth_date']],
    ['date_of_birth', ['pii', 'birth_date']],
    ['passport_no', ['pii', 'passport']],
    ['street_address', ['pii', 'address']],
    ['first_name', ['pii', 'name']],
    ['lastName', ['pii', 'name']],
    ['full_name', ['pii', 'name']],
    ['ip_address', ['pii', 'ip_address']],
    ['password_hash', ['secret']],
    ['api_key', ['secret']],
    ['refresh_token', ['secret']],
    ['client_secret', ['secret']],
    ['name', []],
    ['id', []],
    ['created_at', []],
    ['zipper', []],
    ['*', []],
  ];
  for (const [column, tags] of cases) {
    it(`${column} → [${tags.join(', ')}]`, () => {
      expect(builtinPiiTags(column)).toEqual(tags);
    });
  }
});

describe('catalog: never a partial column list', () => {
  it('ADD COLUMN on a table created elsewhere does not make it known', () => {
    const c = createCatalog();
    c.replay(analyzeSync('ALTER TABLE users ADD COLUMN nickname text'));
    expect(c.columns('public.users')).toBeUndefined();
  });

  it('CREATE TABLE (LIKE other) is unknown; PARTITION OF copies a known parent', () => {
    const c = createCatalog();
    c.replay(
      analyzeSync(`
        CREATE TABLE copy (LIKE src INCLUDING ALL, extra int);
        CREATE TABLE m (id int, at date) PARTITION BY RANGE (at);
        CREATE TABLE m_2024 PARTITION OF m FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
      `),
    );
    expect(c.columns('public.copy')).toBeUndefined();
    expect(c.columns('public.m_2024')).toEqual(['id', 'at']);
  });

  it('a foreign key to another table keeps the new table known, with types', () => {
    const c = createCatalog();
    c.replay(analyzeSync('CREATE TABLE o (id bigint, user_id int REFERENCES users (id), note varchar(20))'));
    expect(c.columns('public.o')).toEqual(['id', 'user_id', 'note']);
    expect(c.columnType('public.o', 'id')).toBe('int8');
    expect(c.columnType('public.o', 'note')).toBe('varchar(20)');
    expect(c.columnType('public.o', 'nope')).toBeNull();
  });
});
