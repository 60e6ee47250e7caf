// statement.longIdentifiers inside SQL held in strings: function and DO bodies, constant EXECUTE
// and dblink strings. Measured in the decoded SQL, with spans into the original text.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { StatementFacts } from '../../runtime/facts/types.js';
import { analyze, loadPostgres } from '../../runtime/index.js';
import { tokensIn } from '../../runtime/sql/lexer/lexer.js';
import { identPart } from '../../runtime/sql/lexer/names.js';
import { mayHoldLongToken } from '../../runtime/sql/long-identifiers.js';
import { stringContent } from '../../runtime/sql/string-content.js';

beforeAll(async () => {
  await loadPostgres();
});

const L = 'orders_customer_id_created_at_status_shipping_country_region_warehouse_idx'; // 74 bytes
const M = 'invoices_customer_id_created_at_status_shipping_country_region_warehouse'; // 72 bytes

const first = async (sql: string): Promise<StatementFacts> => (await analyze(sql)).statements[0];
/** What each long identifier's span covers in the text, with its name. */
const found = (sql: string, s: StatementFacts) => s.longIdentifiers.map((i) => [i.name, sql.slice(i.span.start, i.span.end)]);

describe('long identifiers in embedded SQL', () => {
  it('PL/pgSQL and SQL function bodies: exact spans, line and column', async () => {
    const sql = `CREATE FUNCTION f() RETURNS void LANGUAGE plpgsql AS $fn$\nBEGIN\n  CREATE INDEX ${L} ON orders (a);\nEND\n$fn$`;
    const s = await first(sql);
    expect(found(sql, s)).toEqual([[L, L]]);
    expect(s.longIdentifiers[0]).toMatchObject({ bytes: 74, characters: 74, span: { line: 3, column: 16 } });
    const q = `CREATE FUNCTION g() RETURNS bigint LANGUAGE sql AS $$ SELECT count(*) FROM ${M} $$`;
    expect(found(q, await first(q))).toEqual([[M, M]]);
  });

  it('a DO block that changes the schema, its declarations included', async () => {
    const sql = `DO $$ DECLARE "${M}" int; BEGIN CREATE TABLE t (id int); END $$`;
    expect(found(sql, await first(sql))).toEqual([[M, `"${M}"`]]);
    // a DO block that changes no schema is not measured, like any other statement
    expect((await first(`DO $$ DECLARE "${M}" int; BEGIN PERFORM 1; END $$`)).longIdentifiers).toEqual([]);
  });

  it('constant EXECUTE strings, with doubled quotes in them', async () => {
    const a = `DO $$ BEGIN EXECUTE 'CREATE INDEX ${L} ON orders (a)'; END $$`;
    expect(found(a, await first(a))).toEqual([[L, L]]);
    const b = `DO $$ BEGIN EXECUTE 'ALTER TABLE orders ADD COLUMN note text DEFAULT ''x'', ADD COLUMN ${M} int'; END $$`;
    expect(found(b, await first(b))).toEqual([[M, M]]);
    // PL/pgSQL libpg-query refuses (a record field as a target): read by the fallback, still measured
    const c = `CREATE FUNCTION h() RETURNS void LANGUAGE plpgsql AS $$ DECLARE r record; BEGIN r.x := 1; EXECUTE 'CREATE TABLE ${M} (id int)'; END $$`;
    expect(found(c, await first(c))).toEqual([[M, M]]);
  });

  it('bodies in quoted and E strings, and EXECUTE strings in them, placed through their escapes', async () => {
    const a = `CREATE FUNCTION f() RETURNS void LANGUAGE plpgsql AS 'BEGIN EXECUTE ''CREATE TABLE ${M} (a text DEFAULT ''''x'''')''; CREATE INDEX ${L} ON t (a); END'`;
    expect(found(a, await first(a))).toEqual([
      [M, M],
      [L, L],
    ]);
    const b = `DO E'BEGIN\\n  CREATE TABLE \\'\\'\\'\\' AS SELECT 1; CREATE INDEX ${L} ON t (a);\\nEND'`;
    expect(found(b, await first(b))).toEqual([[L, L]]);
  });

  it('what cannot be placed exactly points at the string holding it', async () => {
    const sql = `DO $$ BEGIN EXECUTE 'DO ''BEGIN CREATE TABLE ${M} (id int); END'''; END $$`;
    const s = await first(sql);
    expect(s.longIdentifiers.map((i) => i.name)).toEqual([M]);
    expect(sql.slice(s.longIdentifiers[0].span.start, s.longIdentifiers[0].span.end)).toBe(`'DO ''BEGIN CREATE TABLE ${M} (id int); END'''`);
  });

  it('dblink strings; the statement text and its bodies in text order', async () => {
    const a = `SELECT dblink_exec('remote', 'CREATE TABLE ${M} (id int)')`;
    expect(found(a, await first(a))).toEqual([[M, M]]);
    const b = `CREATE FUNCTION ${M}() RETURNS void LANGUAGE plpgsql AS $$ BEGIN CREATE INDEX ${L} ON t (a); END $$`;
    expect(found(b, await first(b))).toEqual([
      [M, M],
      [L, L],
    ]);
  });

  it('leaves out strings that are not SQL', async () => {
    for (const sql of [
      `CREATE FUNCTION p() RETURNS void LANGUAGE plpython3u AS $$ plpy.execute("CREATE TABLE ${M} (id int)") $$`,
      `COMMENT ON TABLE t IS '${M}'`,
      `CREATE FUNCTION f() RETURNS void LANGUAGE plpgsql AS $$ BEGIN EXECUTE format('CREATE TABLE %I (id int)', '${M}'); END $$`,
      `CREATE FUNCTION f() RETURNS text LANGUAGE sql AS $$ SELECT '${M}' $$`,
    ]) {
      expect((await first(sql)).longIdentifiers, sql).toEqual([]);
    }
  });
});

describe('stringContent', () => {
  it('reads dollar-quoted and plain strings verbatim', () => {
    expect(stringContent('x $a$ it\'s $$ $a$', 2)).toEqual({ code: " it's $$ ", start: 5, map: null });
    expect(stringContent("'abc' d", 0)).toEqual({ code: 'abc', start: 1, map: null });
  });

  it('undoes doubled quotes and E-string escapes, keeping where each character is written', () => {
    const text = "E'a''b\\n\\x41\\u00e9\\U0001F600\\\\\\'\\q' rest";
    const s = stringContent(text, 0)!;
    expect(s.code).toBe("a'b\nAé😀\\'q");
    expect(s.start).toBe(-1);
    const map = [...s.map!];
    // each character at its first written unit; the two halves of 😀 at its escape; the end at the closing quote
    expect(map.map((o) => text[o])).toEqual(['a', "'", 'b', '\\', '\\', '\\', '\\', '\\', '\\', '\\', '\\', "'"]);
    expect(map[3]).toBe(text.indexOf('\\n'));
    expect(map.at(-1)).toBe(text.lastIndexOf("'"));
    // in a plain string a backslash is a backslash
    expect(stringContent("'a\\n''b'", 0)!.code).toBe("a\\n'b");
  });

  it('is null for what it does not read: unterminated strings, U& strings, other tokens', () => {
    expect(stringContent("'abc", 0)).toBeNull();
    expect(stringContent('$a$ abc', 0)).toBeNull();
    expect(stringContent("U&'abc'", 0)).toBeNull();
    expect(stringContent('abc', 0)).toBeNull();
  });
});

describe('mayHoldLongToken', () => {
  it('never says no where the lexer finds an identifier of 64 bytes or more', () => {
    const piece = fc.oneof(
      fc.constantFrom(' ', '"', '""', '`', '[', ']', "'", '(', ',', 'é', '😀', '\uFFFD', '$', 'U&'),
      fc.stringMatching(/^[a-z_0-9]{1,8}$/),
      // near the limit: 64 bytes is 64 ASCII letters, 32 two-byte ones, or 21 three-byte ones and one more
      fc.integer({ min: 55, max: 70 }).map((n) => 'x'.repeat(n)),
      fc.integer({ min: 18, max: 34 }).map((n) => 'é'.repeat(n)),
      fc.integer({ min: 18, max: 24 }).map((n) => '中'.repeat(n)),
      fc
        .tuple(fc.constantFrom('"', '`', '['), fc.integer({ min: 28, max: 35 }), fc.constantFrom('x', 'é', '""', ' '))
        .map(([q, n, ch]) => `${q}${'y'.repeat(n)}${ch}${'y'.repeat(n)}${q === '[' ? ']' : q}`),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), fc.constantFrom('postgres', 'mysql', 'transactsql') as fc.Arbitrary<'postgres' | 'mysql' | 'transactsql'>, (parts, dialect) => {
        const text = parts.join('');
        const long = tokensIn(text, 0, text.length, dialect).some((t) => {
          if (t.kind !== 'word' && t.kind !== 'quoted_identifier') return false;
          return Buffer.byteLength(identPart(text.slice(t.start, t.end), t.kind === 'quoted_identifier')) >= 64;
        });
        if (long) expect(mayHoldLongToken(text, 0, text.length)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('says no for a statement of short names', () => {
    expect(mayHoldLongToken('ALTER TABLE "orders" ADD COLUMN note text DEFAULT \'x\'', 0, 50)).toBe(false);
    expect(mayHoldLongToken(`CREATE TABLE ${'a'.repeat(64)} ()`, 0, 80)).toBe(true);
    expect(mayHoldLongToken(`CREATE TABLE "${'a'.repeat(30)}""${'a'.repeat(33)}" ()`, 0, 90)).toBe(true);
  });
});
