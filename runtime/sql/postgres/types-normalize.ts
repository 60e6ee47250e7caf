// Normal form of Postgres column types for DdlFact.columnType: the catalog name (`int4`, not
// `integer`), with its length or precision when written (`varchar(255)`, `numeric(10,2)`,
// `bpchar(3)`), `[]` per array dimension, and the schema only for non-catalog types.
//
//   int, integer, int4 -> int4          bigint, int8 -> int8          smallint, int2 -> int2
//   serial, serial4 -> serial           bigserial, serial8 -> bigserial
//   smallserial, serial2 -> smallserial
//   real, float4 -> float4              double precision, float, float8 -> float8
//   decimal, dec, numeric -> numeric    boolean, bool -> bool
//   character varying, varchar -> varchar        character, char, bpchar -> bpchar
//   timestamp [without time zone] -> timestamp   timestamp with time zone, timestamptz -> timestamptz
//   time -> time                        time with time zone, timetz -> timetz
//   bit varying, varbit -> varbit       json, jsonb, text, uuid, bytea, ... unchanged
//   "char" (quoted, the one-byte internal type) -> char
// `char` with no length is `bpchar(1)` (the parser says so). Serial types are kept apart from
// integers because they create a sequence and a volatile default.

const ALIASES: Readonly<Record<string, string>> = {
  int: 'int4',
  integer: 'int4',
  int4: 'int4',
  bigint: 'int8',
  int8: 'int8',
  smallint: 'int2',
  int2: 'int2',
  serial: 'serial',
  serial4: 'serial',
  bigserial: 'bigserial',
  serial8: 'bigserial',
  smallserial: 'smallserial',
  serial2: 'smallserial',
  real: 'float4',
  float4: 'float4',
  float: 'float8',
  float8: 'float8',
  'double precision': 'float8',
  decimal: 'numeric',
  dec: 'numeric',
  numeric: 'numeric',
  boolean: 'bool',
  bool: 'bool',
  'character varying': 'varchar',
  varchar: 'varchar',
  character: 'bpchar',
  bpchar: 'bpchar',
  'timestamp without time zone': 'timestamp',
  timestamp: 'timestamp',
  'timestamp with time zone': 'timestamptz',
  timestamptz: 'timestamptz',
  'time without time zone': 'time',
  time: 'time',
  'time with time zone': 'timetz',
  timetz: 'timetz',
  'bit varying': 'varbit',
  varbit: 'varbit',
};

/** Types whose typmods are a length or precision worth keeping (interval's are a field mask). */
const KEEPS_TYPMODS = new Set(['varchar', 'bpchar', 'numeric', 'timestamp', 'timestamptz', 'time', 'timetz', 'bit', 'varbit']);

/** Normal form of a libpg-query TypeName node (`{ names, typmods, arrayBounds }`). */
export function normalizeTypeName(typeName: any): string | null {
  const names: any[] | undefined = typeName?.names;
  if (!names || names.length === 0) return null;
  const parts: string[] = [];
  for (const n of names) {
    const s = n?.String?.sval;
    if (typeof s === 'string') parts.push(s);
  }
  if (parts.length === 0) return null;
  let base: string;
  if (parts.length === 2 && parts[0] === 'pg_catalog') {
    // the parser writes SQL-standard spellings as pg_catalog.<catalog name>
    base = ALIASES[parts[1]] ?? parts[1];
  } else if (parts.length === 1) {
    // written by the user: `int8`, `serial8`, `bool`, or the quoted internal "char"
    base = parts[0] === 'char' ? 'char' : (ALIASES[parts[0]] ?? parts[0]);
  } else {
    base = parts.join('.');
  }
  let out = base;
  const typmods: any[] | undefined = typeName.typmods;
  if (typmods && typmods.length > 0 && KEEPS_TYPMODS.has(base)) {
    const mods: string[] = [];
    for (const m of typmods) {
      const c = m?.A_Const;
      if (c?.ival !== undefined) mods.push(String(c.ival.ival ?? 0));
      else if (c?.sval !== undefined) mods.push(String(c.sval.sval));
      else if (m?.ColumnRef) mods.push(String(m.ColumnRef.fields?.[0]?.String?.sval ?? '?'));
    }
    if (mods.length > 0) out += `(${mods.join(',')})`;
  }
  const bounds: any[] | undefined = typeName.arrayBounds;
  if (bounds) for (let i = 0; i < bounds.length; i++) out += '[]';
  return out;
}

/** Normal form of a type written as text (`integer`, `character varying(10)`, `timestamp with
 * time zone`, `int[]`); unquoted `char` here means `bpchar`. */
export function normalizeTypeString(text: string): string {
  let t = text.trim().toLowerCase().replace(/\s+/g, ' ');
  let arrays = '';
  while (t.endsWith('[]')) {
    arrays += '[]';
    t = t.slice(0, -2).trimEnd();
  }
  let mods = '';
  const open = t.indexOf('(');
  if (open >= 0) {
    const close = t.indexOf(')', open);
    mods = '(' + t.slice(open + 1, close < 0 ? undefined : close).replace(/\s+/g, '') + ')';
    // `timestamp(3) with time zone`: the modifier sits inside the name
    t = (t.slice(0, open) + (close < 0 ? '' : t.slice(close + 1))).replace(/\s+/g, ' ').trim();
  }
  if (t.startsWith('pg_catalog.')) t = t.slice('pg_catalog.'.length);
  const base = t === 'char' ? 'bpchar' : (ALIASES[t] ?? t);
  if (base === 'bpchar' && !mods) mods = '(1)';
  return base + (mods && KEEPS_TYPMODS.has(base) ? mods : '') + arrays;
}

function lengthOf(type: string, base: string): number | null {
  if (type === base) return null; // unlimited
  if (!type.startsWith(base + '(') || !type.endsWith(')')) return NaN;
  const n = Number(type.slice(base.length + 1, -1));
  return Number.isFinite(n) ? n : NaN;
}

/** Changes Postgres makes without rewriting the table or scanning it (binary coercible, and the
 * new constraint no stricter): varchar(n) -> varchar(m >= n) / varchar / text, text <-> varchar,
 * numeric(p,s) -> numeric(q >= p, s) / numeric, varbit(n) -> varbit(m >= n),
 * cidr -> inet, the same type. Both arguments are normal forms. */
export function isSafeTypeChange(from: string, to: string): boolean {
  if (from === to) return true;
  if (from.endsWith('[]') || to.endsWith('[]')) return false;
  if (to === 'text') return from === 'varchar' || from.startsWith('varchar(') || from === 'text';
  if (to === 'varchar') return from === 'text' || from.startsWith('varchar(');
  if (to.startsWith('varchar(') && from.startsWith('varchar(')) {
    const a = lengthOf(from, 'varchar');
    const b = lengthOf(to, 'varchar');
    return a !== null && b !== null && !Number.isNaN(a) && !Number.isNaN(b) && b >= a;
  }
  if (to.startsWith('varbit(') && from.startsWith('varbit(')) {
    const a = lengthOf(from, 'varbit');
    const b = lengthOf(to, 'varbit');
    return a !== null && b !== null && !Number.isNaN(a) && !Number.isNaN(b) && b >= a;
  }
  if (to === 'varbit') return from.startsWith('varbit(');
  if (to === 'numeric') return from.startsWith('numeric(');
  if (to.startsWith('numeric(') && from.startsWith('numeric(')) {
    const [p1, s1] = from.slice(8, -1).split(',').map(Number);
    const [p2, s2] = to.slice(8, -1).split(',').map(Number);
    // same scale, more precision
    return (s1 ?? 0) === (s2 ?? 0) && p2 >= p1;
  }
  if (from === 'cidr' && to === 'inet') return true;
  return false;
}
