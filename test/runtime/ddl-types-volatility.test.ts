import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { isSafeTypeChange, normalizeTypeName, normalizeTypeString } from '../../runtime/sql/postgres/types-normalize.js';
import { exprVolatility, functionVolatility } from '../../runtime/sql/postgres/volatility.js';
import { loadParser, one } from './ddl-helpers.js';

beforeAll(loadParser);

/** the normalized type of `CREATE TABLE x (c <type>)` as the parser sees it */
function columnType(type: string): string | null {
  const s = one(`CREATE TABLE x (c ${type})`);
  const col = s.node.tableElts[0].ColumnDef;
  return normalizeTypeName(col.typeName);
}

describe('column type normalization', () => {
  it.each([
    ['int', 'int4'],
    ['integer', 'int4'],
    ['int4', 'int4'],
    ['bigint', 'int8'],
    ['int8', 'int8'],
    ['smallint', 'int2'],
    ['int2', 'int2'],
    ['serial', 'serial'],
    ['serial4', 'serial'],
    ['bigserial', 'bigserial'],
    ['serial8', 'bigserial'],
    ['smallserial', 'smallserial'],
    ['real', 'float4'],
    ['float4', 'float4'],
    ['double precision', 'float8'],
    ['float', 'float8'],
    ['float8', 'float8'],
    ['numeric', 'numeric'],
    ['numeric(10,2)', 'numeric(10,2)'],
    ['decimal(5)', 'numeric(5)'],
    ['boolean', 'bool'],
    ['bool', 'bool'],
    ['varchar', 'varchar'],
    ['varchar(255)', 'varchar(255)'],
    ['character varying(10)', 'varchar(10)'],
    ['char', 'bpchar(1)'],
    ['char(3)', 'bpchar(3)'],
    ['character(4)', 'bpchar(4)'],
    ['"char"', 'char'],
    ['text', 'text'],
    ['timestamp', 'timestamp'],
    ['timestamp without time zone', 'timestamp'],
    ['timestamp(3)', 'timestamp(3)'],
    ['timestamptz', 'timestamptz'],
    ['timestamp with time zone', 'timestamptz'],
    ['time', 'time'],
    ['timetz', 'timetz'],
    ['time with time zone', 'timetz'],
    ['interval', 'interval'],
    ['interval day to second', 'interval'],
    ['json', 'json'],
    ['jsonb', 'jsonb'],
    ['uuid', 'uuid'],
    ['bytea', 'bytea'],
    ['bit varying(3)', 'varbit(3)'],
    ['int[]', 'int4[]'],
    ['text[][]', 'text[][]'],
    ['varchar(20)[]', 'varchar(20)[]'],
    ['public.mytype', 'public.mytype'],
    ['"MyType"', 'MyType'],
  ])('%s -> %s', (written, normal) => {
    expect(columnType(written)).toBe(normal);
  });

  it('has no type for an empty TypeName', () => {
    expect(normalizeTypeName({ names: [] })).toBeNull();
    expect(normalizeTypeName(undefined)).toBeNull();
  });

  it.each([
    ['integer', 'int4'],
    ['INTEGER', 'int4'],
    ['character varying(10)', 'varchar(10)'],
    ['character  varying ( 10 )', 'varchar(10)'],
    ['timestamp with time zone', 'timestamptz'],
    ['timestamp(3) with time zone', 'timestamptz(3)'],
    ['char', 'bpchar(1)'],
    ['char(2)', 'bpchar(2)'],
    ['int[]', 'int4[]'],
    ['pg_catalog.int8', 'int8'],
    ['numeric(12, 4)', 'numeric(12,4)'],
    ['jsonb', 'jsonb'],
  ])('text %s -> %s', (written, normal) => {
    expect(normalizeTypeString(written)).toBe(normal);
  });

  it('normal forms are fixed points', () => {
    const base = fc.constantFrom('int', 'integer', 'bigint', 'smallint', 'serial', 'varchar', 'character varying', 'char',
      'text', 'timestamp', 'timestamp with time zone', 'numeric', 'double precision', 'boolean', 'jsonb', 'uuid');
    const mod = fc.option(fc.integer({ min: 1, max: 1000 }), { nil: undefined });
    fc.assert(
      fc.property(base, mod, fc.boolean(), (b, m, arr) => {
        const t = `${b}${m !== undefined ? `(${m})` : ''}${arr ? '[]' : ''}`;
        const once = normalizeTypeString(t);
        expect(normalizeTypeString(once)).toBe(once);
      }),
    );
  });

  it.each([
    ['varchar(10)', 'varchar(20)', true],
    ['varchar(10)', 'varchar(10)', true],
    ['varchar(20)', 'varchar(10)', false],
    ['varchar(10)', 'varchar', true],
    ['varchar(10)', 'text', true],
    ['varchar', 'text', true],
    ['text', 'varchar', true],
    ['text', 'varchar(10)', false],
    ['int4', 'int8', false],
    ['int4', 'text', false],
    ['bpchar(3)', 'text', false],
    ['numeric(10,2)', 'numeric(12,2)', true],
    ['numeric(10,2)', 'numeric(12,3)', false],
    ['numeric(10,2)', 'numeric(8,2)', false],
    ['numeric(10,2)', 'numeric', true],
    ['varbit(3)', 'varbit(5)', true],
    ['varbit(3)', 'varbit', true],
    ['cidr', 'inet', true],
    ['timestamp', 'timestamptz', false],
    ['int4[]', 'int4[]', true],
    ['varchar(10)[]', 'varchar(20)[]', false],
  ] as const)('%s -> %s is safe: %s', (from, to, safe) => {
    expect(isSafeTypeChange(from, to)).toBe(safe);
  });
});

describe('function volatility (pg_proc.provolatile)', () => {
  it.each([
    ['now', 'stable'],
    ['pg_catalog.now', 'stable'],
    ['transaction_timestamp', 'stable'],
    ['statement_timestamp', 'stable'],
    ['current_setting', 'stable'],
    ['to_char', 'stable'],
    ['random', 'volatile'],
    ['clock_timestamp', 'volatile'],
    ['timeofday', 'volatile'],
    ['gen_random_uuid', 'volatile'],
    ['uuid_generate_v4', 'volatile'],
    ['public.uuid_generate_v4', 'volatile'],
    ['nextval', 'volatile'],
    ['setval', 'volatile'],
    ['txid_current', 'volatile'],
    ['lower', 'immutable'],
    ['upper', 'immutable'],
    ['abs', 'immutable'],
    ['length', 'immutable'],
    ['md5', 'immutable'],
    ['LOWER', 'immutable'],
    ['my_func', 'unknown'],
    ['app.now', 'unknown'],
  ] as const)('%s is %s', (name, v) => {
    expect(functionVolatility(name)).toBe(v);
  });
});

describe('default expression volatility', () => {
  function defaultOf(expr: string): unknown {
    const s = one(`CREATE TABLE x (c int DEFAULT ${expr})`);
    return s.node.tableElts[0].ColumnDef.constraints[0].Constraint.raw_expr;
  }

  it.each([
    ['1', 'immutable'],
    ['-1', 'immutable'],
    ["'a'", 'immutable'],
    ["'a' || 'b'", 'immutable'],
    ['true', 'immutable'],
    ['NULL', 'immutable'],
    ["'{}'::jsonb", 'immutable'],
    ['lower(\'A\')', 'immutable'],
    ['ARRAY[1, 2]', 'immutable'],
    ['now()', 'stable'],
    ['now()::date', 'stable'],
    ['CURRENT_TIMESTAMP', 'stable'],
    ['CURRENT_DATE', 'stable'],
    ['current_user', 'stable'],
    ['LOCALTIMESTAMP', 'stable'],
    ["now() + interval '1 day'", 'stable'],
    ['random()', 'volatile'],
    ['clock_timestamp()', 'volatile'],
    ['gen_random_uuid()', 'volatile'],
    ['uuid_generate_v4()', 'volatile'],
    ["nextval('s')", 'volatile'],
    ['floor(random() * 10)', 'volatile'],
    ['my_func()', 'volatile'],
    ['coalesce(NULL, now())', 'stable'],
    ['CASE WHEN true THEN 1 ELSE random() END', 'volatile'],
    ['(SELECT 1)', 'volatile'],
  ] as const)('DEFAULT %s is %s', (expr, v) => {
    expect(exprVolatility(defaultOf(expr))).toBe(v);
  });

  it('is null without an expression', () => {
    expect(exprVolatility(undefined)).toBeNull();
    expect(exprVolatility(null)).toBeNull();
  });
});
