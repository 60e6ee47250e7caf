// Deterministic benchmark corpus: realistic Postgres statements (OLTP, DDL, PL/pgSQL, grants)
// and migration files, generated from a seeded PRNG so every run and every machine lints and
// parses exactly the same text.
//
//   node --import tsx bench/corpus.ts            # writes bench/.corpus/ (gitignored)
//
// Importing this module has no side effects; the benches call the generators directly.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export const DEFAULT_SEED = 20261128;
export const DEFAULT_STATEMENT_COUNT = 6000;
export const DEFAULT_MIGRATION_COUNT = 2400;
export const CORPUS_DIR = 'bench/.corpus';

export type StatementCategory = 'oltp' | 'ddl' | 'plpgsql' | 'grant' | 'session';

export interface CorpusStatement {
  sql: string;
  category: StatementCategory;
  /** the template that produced it (`point_select_join`, `add_column`, ...) */
  template: string;
  /** a typical OLTP statement: point or join select, insert/update/delete by key, upsert */
  typical: boolean;
}

export interface MigrationFile {
  name: string;
  sql: string;
  statements: number;
}

// ---------------------------------------------------------------------------------------------
// PRNG: mulberry32, small and good enough for picking templates.

export interface Rng {
  next(): number;
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  chance(p: number): boolean;
  sample<T>(items: readonly T[], n: number): T[];
}

export function rng(seed: number): Rng {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)];
  return {
    next,
    int,
    pick,
    chance: (p) => next() < p,
    sample: <T>(items: readonly T[], n: number): T[] => {
      const copy = items.slice();
      for (let i = copy.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        [copy[i], copy[j]] = [copy[j], copy[i]];
      }
      return copy.slice(0, Math.max(0, Math.min(n, copy.length)));
    },
  };
}

// ---------------------------------------------------------------------------------------------
// A small SaaS schema the statements talk about.

interface Column {
  name: string;
  type: string;
  /** a literal of the right type for WHERE and VALUES */
  literal: (r: Rng) => string;
}

interface Table {
  name: string;
  columns: Column[];
  /** foreign keys: column -> referenced table */
  refs: Record<string, string>;
}

const id = (r: Rng) => String(r.int(1, 9_999_999));
const cents = (r: Rng) => String(r.int(0, 500_000));
const word = (r: Rng) => `'${r.pick(WORDS)}'`;
const email = (r: Rng) => `'${r.pick(WORDS)}.${r.pick(WORDS)}${r.int(1, 999)}@example.com'`;
const ts = (r: Rng) =>
  `'2026-${String(r.int(1, 12)).padStart(2, '0')}-${String(r.int(1, 28)).padStart(2, '0')} ${String(r.int(0, 23)).padStart(2, '0')}:00:00+00'`;
const bool = (r: Rng) => (r.chance(0.5) ? 'true' : 'false');
const status = (r: Rng) => `'${r.pick(STATUSES)}'`;
const json = (r: Rng) => `'{"source": "${r.pick(WORDS)}", "v": ${r.int(1, 9)}}'`;

const WORDS = [
  'alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf', 'hotel', 'india', 'juliet',
  'kilo', 'lima', 'mike', 'november', 'oscar', 'papa', 'quebec', 'romeo', 'sierra', 'tango',
];
const STATUSES = ['pending', 'active', 'paid', 'shipped', 'cancelled', 'refunded', 'archived'];

const c = (name: string, type: string, literal: (r: Rng) => string): Column => ({ name, type, literal });
const common = [c('id', 'bigint', id), c('created_at', 'timestamptz', ts), c('updated_at', 'timestamptz', ts)];

export const TABLES: Table[] = [
  { name: 'users', refs: { team_id: 'teams' }, columns: [...common, c('email', 'text', email), c('full_name', 'text', word), c('team_id', 'bigint', id), c('is_admin', 'boolean', bool), c('last_login_at', 'timestamptz', ts)] },
  { name: 'teams', refs: {}, columns: [...common, c('name', 'text', word), c('plan', 'text', word), c('seats', 'integer', (r) => String(r.int(1, 500)))] },
  { name: 'orders', refs: { user_id: 'users' }, columns: [...common, c('user_id', 'bigint', id), c('status', 'text', status), c('total_cents', 'bigint', cents), c('currency', 'char(3)', () => `'EUR'`), c('metadata', 'jsonb', json)] },
  { name: 'order_items', refs: { order_id: 'orders', product_id: 'products' }, columns: [...common, c('order_id', 'bigint', id), c('product_id', 'bigint', id), c('quantity', 'integer', (r) => String(r.int(1, 20))), c('unit_price_cents', 'bigint', cents)] },
  { name: 'products', refs: {}, columns: [...common, c('sku', 'text', word), c('title', 'text', word), c('price_cents', 'bigint', cents), c('active', 'boolean', bool)] },
  { name: 'invoices', refs: { order_id: 'orders', team_id: 'teams' }, columns: [...common, c('order_id', 'bigint', id), c('team_id', 'bigint', id), c('number', 'text', word), c('due_at', 'timestamptz', ts), c('paid_at', 'timestamptz', ts)] },
  { name: 'payments', refs: { invoice_id: 'invoices' }, columns: [...common, c('invoice_id', 'bigint', id), c('amount_cents', 'bigint', cents), c('provider', 'text', word), c('status', 'text', status)] },
  { name: 'sessions', refs: { user_id: 'users' }, columns: [...common, c('user_id', 'bigint', id), c('token_hash', 'text', word), c('expires_at', 'timestamptz', ts), c('ip_address', 'inet', () => `'10.0.0.1'`)] },
  { name: 'audit_log', refs: { actor_id: 'users' }, columns: [...common, c('actor_id', 'bigint', id), c('action', 'text', word), c('entity', 'text', word), c('payload', 'jsonb', json)] },
  { name: 'subscriptions', refs: { team_id: 'teams' }, columns: [...common, c('team_id', 'bigint', id), c('plan', 'text', word), c('status', 'text', status), c('renews_at', 'timestamptz', ts)] },
  { name: 'projects', refs: { team_id: 'teams' }, columns: [...common, c('team_id', 'bigint', id), c('name', 'text', word), c('archived', 'boolean', bool)] },
  { name: 'tasks', refs: { project_id: 'projects', assignee_id: 'users' }, columns: [...common, c('project_id', 'bigint', id), c('assignee_id', 'bigint', id), c('title', 'text', word), c('status', 'text', status), c('due_at', 'timestamptz', ts), c('priority', 'integer', (r) => String(r.int(1, 5)))] },
  { name: 'comments', refs: { task_id: 'tasks', author_id: 'users' }, columns: [...common, c('task_id', 'bigint', id), c('author_id', 'bigint', id), c('body', 'text', word)] },
  { name: 'events', refs: { user_id: 'users' }, columns: [...common, c('user_id', 'bigint', id), c('name', 'text', word), c('properties', 'jsonb', json)] },
  { name: 'addresses', refs: { user_id: 'users' }, columns: [...common, c('user_id', 'bigint', id), c('line1', 'text', word), c('city', 'text', word), c('postal_code', 'text', word), c('country', 'char(2)', () => `'DE'`)] },
  { name: 'shipments', refs: { order_id: 'orders' }, columns: [...common, c('order_id', 'bigint', id), c('carrier', 'text', word), c('tracking_number', 'text', word), c('shipped_at', 'timestamptz', ts)] },
  { name: 'coupons', refs: {}, columns: [...common, c('code', 'text', word), c('percent_off', 'integer', (r) => String(r.int(5, 50))), c('expires_at', 'timestamptz', ts)] },
  { name: 'refunds', refs: { payment_id: 'payments' }, columns: [...common, c('payment_id', 'bigint', id), c('amount_cents', 'bigint', cents), c('reason', 'text', word)] },
];

const SCHEMAS = ['public', 'public', 'public', 'billing', 'app'];
const ROLES = ['app_rw', 'app_ro', 'analyst', 'reporting', 'migrator', 'support', 'billing_svc', 'etl'];

const alias = (t: Table) => t.name.split('_').map((p) => p[0]).join('');
const nonKey = (t: Table) => t.columns.filter((col) => !['id', 'created_at', 'updated_at'].includes(col.name));
const qual = (r: Rng, t: Table) => (r.chance(0.25) ? `${r.pick(SCHEMAS)}.${t.name}` : t.name);
const param = (r: Rng, n: number, col: Column) => (r.chance(0.7) ? `$${n}` : col.literal(r));
const kw = (r: Rng, s: string) => (r.chance(0.8) ? s.toUpperCase() : s.toLowerCase());

function tableWithRef(r: Rng): [Table, string, Table] {
  const withRefs = TABLES.filter((t) => Object.keys(t.refs).length > 0);
  const t = r.pick(withRefs);
  const fk = r.pick(Object.keys(t.refs));
  const parent = TABLES.find((p) => p.name === t.refs[fk])!;
  return [t, fk, parent];
}

// ---------------------------------------------------------------------------------------------
// OLTP statements.

type Template = (r: Rng) => string;

const pointSelect: Template = (r) => {
  const t = r.pick(TABLES);
  const cols = r.sample(t.columns, r.int(2, 5)).map((col) => col.name);
  return `${kw(r, 'select')} ${cols.join(', ')} ${kw(r, 'from')} ${qual(r, t)} ${kw(r, 'where')} id = ${param(r, 1, t.columns[0])}`;
};

const pointSelectJoin: Template = (r) => {
  const [t, fk, parent] = tableWithRef(r);
  const a = alias(t);
  const b = alias(parent) === a ? `${a}2` : alias(parent);
  const cols = [
    ...r.sample(t.columns, r.int(1, 3)).map((col) => `${a}.${col.name}`),
    ...r.sample(nonKey(parent), r.int(1, 2)).map((col) => `${b}.${col.name}`),
  ];
  const filter = r.pick(nonKey(t));
  const extra = r.chance(0.5) ? ` AND ${a}.${filter.name} = ${param(r, 2, filter)}` : '';
  const join = r.chance(0.8) ? 'JOIN' : 'LEFT JOIN';
  return `SELECT ${cols.join(', ')} FROM ${t.name} ${a} ${join} ${parent.name} ${b} ON ${b}.id = ${a}.${fk} WHERE ${a}.id = ${param(r, 1, t.columns[0])}${extra}`;
};

const listSelect: Template = (r) => {
  const [t, fk] = tableWithRef(r);
  const cols = r.sample(t.columns, r.int(2, 6)).map((col) => col.name);
  const order = r.pick(['created_at DESC', 'id', 'updated_at DESC, id DESC']);
  const limit = r.pick(['20', '50', '100', '$2']);
  const offset = r.chance(0.3) ? ` OFFSET ${r.int(0, 10) * 20}` : '';
  return `SELECT ${cols.join(', ')} FROM ${qual(r, t)} WHERE ${fk} = $1 ORDER BY ${order} LIMIT ${limit}${offset}`;
};

const aggregate: Template = (r) => {
  const [t, fk] = tableWithRef(r);
  const num = t.columns.find((col) => col.type === 'bigint' && col.name.endsWith('cents'))?.name ?? 'id';
  const fn = r.pick(['sum', 'avg', 'max', 'min']);
  const having = r.chance(0.4) ? ` HAVING count(*) > ${r.int(1, 20)}` : '';
  const window = r.pick(["interval '7 days'", "interval '30 days'", "interval '1 hour'"]);
  return `SELECT ${fk}, count(*) AS n, ${fn}(${num}) AS ${fn}_${num} FROM ${t.name} WHERE created_at >= now() - ${window} GROUP BY ${fk}${having} ORDER BY n DESC LIMIT ${r.int(5, 100)}`;
};

const insertReturning: Template = (r) => {
  const t = r.pick(TABLES);
  const cols = r.sample(nonKey(t), r.int(1, Math.min(5, nonKey(t).length)));
  const rows = r.chance(0.85) ? 1 : r.int(2, 5);
  let n = 0;
  const values = Array.from({ length: rows }, () => `(${cols.map((col) => param(r, ++n, col)).join(', ')})`);
  const ret = r.chance(0.8) ? ` RETURNING ${r.pick(['id', 'id, created_at', '*'])}` : '';
  return `INSERT INTO ${qual(r, t)} (${cols.map((col) => col.name).join(', ')}) VALUES ${values.join(', ')}${ret}`;
};

const updateWhere: Template = (r) => {
  const t = r.pick(TABLES);
  const cols = r.sample(nonKey(t), r.int(1, 3));
  const sets = cols.map((col, i) => `${col.name} = ${param(r, i + 1, col)}`);
  if (r.chance(0.6)) sets.push('updated_at = now()');
  const where = r.chance(0.8) ? `id = $${cols.length + 1}` : `id = ANY($${cols.length + 1}::bigint[])`;
  const ret = r.chance(0.3) ? ' RETURNING id, updated_at' : '';
  return `UPDATE ${qual(r, t)} SET ${sets.join(', ')} WHERE ${where}${ret}`;
};

const updateBulk: Template = (r) => {
  const t = r.pick(TABLES.filter((x) => x.columns.some((col) => col.name === 'status')));
  const from = r.pick(STATUSES);
  const to = r.pick(STATUSES);
  return `UPDATE ${t.name} SET status = '${to}', updated_at = now() WHERE status = '${from}' AND updated_at < now() - interval '${r.int(1, 90)} days'`;
};

const deleteWhere: Template = (r) => {
  const t = r.pick(TABLES);
  if (r.chance(0.5)) return `DELETE FROM ${qual(r, t)} WHERE id = $1${r.chance(0.2) ? ' RETURNING id' : ''}`;
  return `DELETE FROM ${t.name} WHERE created_at < now() - interval '${r.int(30, 400)} days'`;
};

const upsert: Template = (r) => {
  const t = r.pick(TABLES);
  const cols = r.sample(nonKey(t), r.int(1, Math.min(4, nonKey(t).length)));
  const names = ['id', ...cols.map((col) => col.name)];
  const params = names.map((_, i) => `$${i + 1}`);
  const action = r.chance(0.8)
    ? `DO UPDATE SET ${cols.map((col) => `${col.name} = EXCLUDED.${col.name}`).join(', ')}, updated_at = now()`
    : 'DO NOTHING';
  return `INSERT INTO ${t.name} (${names.join(', ')}) VALUES (${params.join(', ')}) ON CONFLICT (id) ${action}${r.chance(0.4) ? ' RETURNING id' : ''}`;
};

const cteSelect: Template = (r) => {
  const [t, fk, parent] = tableWithRef(r);
  const days = r.int(1, 60);
  return [
    `WITH recent AS (`,
    `  SELECT ${fk}, count(*) AS n FROM ${t.name} WHERE created_at > now() - interval '${days} days' GROUP BY ${fk}`,
    `), ranked AS (`,
    `  SELECT ${fk}, n, rank() OVER (ORDER BY n DESC) AS rnk FROM recent`,
    `)`,
    `SELECT p.id, p.${nonKey(parent)[0].name}, r.n FROM ranked r JOIN ${parent.name} p ON p.id = r.${fk} WHERE r.rnk <= ${r.int(3, 50)}`,
  ].join('\n');
};

const cteModifying: Template = (r) => {
  const t = r.pick(TABLES);
  const days = r.int(30, 365);
  return [
    `WITH moved AS (`,
    `  DELETE FROM ${t.name} WHERE created_at < now() - interval '${days} days' RETURNING *`,
    `)`,
    `INSERT INTO ${t.name}_archive SELECT * FROM moved`,
  ].join('\n');
};

const subquerySelect: Template = (r) => {
  const [t, fk, parent] = tableWithRef(r);
  const op = r.pick(['IN', 'NOT IN']);
  const exists = r.chance(0.5);
  const col = r.pick(nonKey(parent));
  if (exists)
    return `SELECT p.id, p.${col.name} FROM ${parent.name} p WHERE ${r.chance(0.5) ? '' : 'NOT '}EXISTS (SELECT 1 FROM ${t.name} x WHERE x.${fk} = p.id AND x.created_at > $1) LIMIT 100`;
  return `SELECT id, ${col.name} FROM ${parent.name} WHERE id ${op} (SELECT ${fk} FROM ${t.name} WHERE created_at > $1)`;
};

const jsonSelect: Template = (r) => {
  const t = r.pick(TABLES.filter((x) => x.columns.some((col) => col.type === 'jsonb')));
  const col = t.columns.find((x) => x.type === 'jsonb')!.name;
  return `SELECT id, ${col}->>'source' AS source, (${col}->>'v')::int AS v FROM ${t.name} WHERE ${col} @> '{"source": "${r.pick(WORDS)}"}'::jsonb ORDER BY id DESC LIMIT 25`;
};

const OLTP: [Template, string, boolean, number][] = [
  [pointSelect, 'point_select', true, 14],
  [pointSelectJoin, 'point_select_join', true, 16],
  [insertReturning, 'insert_returning', true, 14],
  [updateWhere, 'update_by_key', true, 12],
  [deleteWhere, 'delete_where', true, 6],
  [upsert, 'upsert', true, 8],
  [listSelect, 'list_select', false, 8],
  [aggregate, 'aggregate', false, 6],
  [cteSelect, 'cte_select', false, 5],
  [cteModifying, 'cte_modifying', false, 2],
  [subquerySelect, 'subquery_select', false, 5],
  [jsonSelect, 'json_select', false, 3],
  [updateBulk, 'update_bulk', false, 2],
];

// ---------------------------------------------------------------------------------------------
// DDL, shared by the statement corpus and the migrations.

const NEW_COLUMNS: [string, string][] = [
  ['archived_at', 'timestamptz'], ['notes', 'text'], ['external_id', 'uuid'], ['score', 'integer'],
  ['settings', 'jsonb'], ['legacy_payload', 'json'], ['region', 'varchar(32)'], ['locale', 'text'],
  ['flags', 'integer'], ['deleted_at', 'timestamp'], ['version', 'bigint'], ['label', 'char(8)'],
  ['rank', 'smallint'], ['source', 'text'], ['verified', 'boolean'], ['priority', 'int'],
];

const DEFAULTS: Record<string, string[]> = {
  timestamptz: ['now()', "'2026-01-01 00:00:00+00'"], timestamp: ['now()', 'CURRENT_TIMESTAMP'],
  text: ["''", "'unknown'"], uuid: ['gen_random_uuid()'], integer: ['0', '1'], int: ['0'],
  jsonb: ["'{}'::jsonb"], json: ["'{}'"], 'varchar(32)': ["'eu'"], bigint: ['0', '1'],
  'char(8)': ["'none'"], smallint: ['0'], boolean: ['false', 'true'],
};

export interface DdlContext {
  /** tables created so far in this file, preferred targets of later statements */
  created: string[];
  seq: number;
}

export const newDdlContext = (): DdlContext => ({ created: [], seq: 0 });

const ddlTarget = (r: Rng, ctx: DdlContext) =>
  ctx.created.length > 0 && r.chance(0.3) ? r.pick(ctx.created) : r.pick(TABLES).name;

const createTable = (r: Rng, ctx: DdlContext): string => {
  const base = r.pick(['feature_flags', 'webhooks', 'api_keys', 'notifications', 'exports', 'imports', 'tags', 'labels', 'reports', 'quotas']);
  const name = `${base}_${++ctx.seq}${r.int(0, 99)}`;
  ctx.created.push(name);
  const [, , parent] = tableWithRef(r);
  const idCol = r.pick(['id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY', 'id bigserial PRIMARY KEY', 'id uuid PRIMARY KEY DEFAULT gen_random_uuid()', 'id serial PRIMARY KEY']);
  const cols = [
    `  ${idCol}`,
    `  ${parent.name.replace(/s$/, '')}_id bigint NOT NULL REFERENCES ${parent.name} (id)${r.chance(0.3) ? ' ON DELETE CASCADE' : ''}`,
    ...r.sample(NEW_COLUMNS, r.int(1, 5)).map(([n, ty]) => `  ${n} ${ty}${r.chance(0.3) ? ' NOT NULL' : ''}${r.chance(0.3) ? ` DEFAULT ${r.pick(DEFAULTS[ty])}` : ''}`),
    `  created_at timestamptz NOT NULL DEFAULT now()`,
  ];
  if (r.chance(0.3)) cols.push(`  CONSTRAINT ${name}_created_check CHECK (created_at > '2020-01-01')`);
  const ine = r.chance(0.3) ? 'IF NOT EXISTS ' : '';
  return `CREATE TABLE ${ine}${name} (\n${cols.join(',\n')}\n)`;
};

const addColumn = (r: Rng, ctx: DdlContext): string => {
  const [n, ty] = r.pick(NEW_COLUMNS);
  const notNull = r.chance(0.25) ? ' NOT NULL' : '';
  const def = r.chance(0.35) ? ` DEFAULT ${r.pick(DEFAULTS[ty])}` : '';
  const ine = r.chance(0.2) ? 'IF NOT EXISTS ' : '';
  return `ALTER TABLE ${ddlTarget(r, ctx)} ADD COLUMN ${ine}${n}_${r.int(1, 99)} ${ty}${notNull}${def}`;
};

const createIndex = (r: Rng, ctx: DdlContext): string => {
  const t = r.chance(0.3) && ctx.created.length ? r.pick(ctx.created) : null;
  const table = t ?? r.pick(TABLES).name;
  const col = t ? 'created_at' : r.pick(nonKey(TABLES.find((x) => x.name === table)!)).name;
  const unique = r.chance(0.15) ? 'UNIQUE ' : '';
  const conc = r.chance(0.55) ? 'CONCURRENTLY ' : '';
  const ine = r.chance(0.3) ? 'IF NOT EXISTS ' : '';
  const partial = r.chance(0.15) ? ' WHERE deleted_at IS NULL' : '';
  const using = r.chance(0.1) ? ' USING btree' : '';
  return `CREATE ${unique}INDEX ${conc}${ine}${table}_${col}_idx${r.int(1, 999)} ON ${table}${using} (${col}${r.chance(0.2) ? ', id' : ''})${partial}`;
};

const dropIndex = (r: Rng): string => {
  const t = r.pick(TABLES);
  return `DROP INDEX ${r.chance(0.5) ? 'CONCURRENTLY ' : ''}${r.chance(0.5) ? 'IF EXISTS ' : ''}${t.name}_${r.pick(nonKey(t)).name}_idx`;
};

const addForeignKey = (r: Rng): string => {
  const [t, fk, parent] = tableWithRef(r);
  const nv = r.chance(0.5) ? ' NOT VALID' : '';
  const cascade = r.chance(0.2) ? ' ON DELETE CASCADE' : '';
  return `ALTER TABLE ${t.name} ADD CONSTRAINT ${t.name}_${fk}_fkey FOREIGN KEY (${fk}) REFERENCES ${parent.name} (id)${cascade}${nv}`;
};

const addCheck = (r: Rng): string => {
  const t = r.pick(TABLES.filter((x) => x.columns.some((col) => col.name.endsWith('cents'))));
  const col = t.columns.find((x) => x.name.endsWith('cents'))!.name;
  return `ALTER TABLE ${t.name} ADD CONSTRAINT ${t.name}_${col}_positive CHECK (${col} >= 0)${r.chance(0.5) ? ' NOT VALID' : ''}`;
};

const validateConstraint = (r: Rng): string => {
  const [t, fk] = tableWithRef(r);
  return `ALTER TABLE ${t.name} VALIDATE CONSTRAINT ${t.name}_${fk}_fkey`;
};

const addUnique = (r: Rng): string => {
  const t = r.pick(TABLES);
  const col = r.pick(nonKey(t)).name;
  return r.chance(0.5)
    ? `ALTER TABLE ${t.name} ADD CONSTRAINT ${t.name}_${col}_key UNIQUE (${col})`
    : `ALTER TABLE ${t.name} ADD CONSTRAINT ${t.name}_${col}_key UNIQUE USING INDEX ${t.name}_${col}_idx`;
};

const alterColumn = (r: Rng, ctx: DdlContext): string => {
  const t = r.pick(TABLES);
  const col = r.pick(nonKey(t)).name;
  const target = ddlTarget(r, ctx) === t.name ? t.name : t.name;
  switch (r.int(0, 5)) {
    case 0: return `ALTER TABLE ${target} ALTER COLUMN ${col} SET NOT NULL`;
    case 1: return `ALTER TABLE ${target} ALTER COLUMN ${col} DROP NOT NULL`;
    case 2: return `ALTER TABLE ${target} ALTER COLUMN ${col} TYPE ${r.pick(['text', 'bigint', 'varchar(255)', 'numeric(12,2)'])}${r.chance(0.3) ? ` USING ${col}::text` : ''}`;
    case 3: return `ALTER TABLE ${target} ALTER COLUMN ${col} SET DEFAULT ${r.pick(["'x'", '0', 'now()'])}`;
    case 4: return `ALTER TABLE ${target} ALTER COLUMN ${col} DROP DEFAULT`;
    default: return `ALTER TABLE ${target} ALTER COLUMN ${col} SET STATISTICS ${r.int(100, 1000)}`;
  }
};

const dropOrRename = (r: Rng): string => {
  const t = r.pick(TABLES);
  const col = r.pick(nonKey(t)).name;
  switch (r.int(0, 5)) {
    case 0: return `ALTER TABLE ${t.name} DROP COLUMN ${r.chance(0.5) ? 'IF EXISTS ' : ''}${col}`;
    case 1: return `ALTER TABLE ${t.name} RENAME COLUMN ${col} TO ${col}_old`;
    case 2: return `ALTER TABLE ${t.name} RENAME TO ${t.name}_v2`;
    case 3: return `DROP TABLE ${r.chance(0.6) ? 'IF EXISTS ' : ''}${t.name}_archive${r.chance(0.2) ? ' CASCADE' : ''}`;
    case 4: return `ALTER TABLE ${t.name} DROP CONSTRAINT IF EXISTS ${t.name}_${col}_key`;
    default: return `TRUNCATE ${t.name}_staging${r.chance(0.3) ? ' CASCADE' : ''}`;
  }
};

const typesAndViews = (r: Rng, ctx: DdlContext): string => {
  const n = ++ctx.seq;
  switch (r.int(0, 6)) {
    case 0: return `CREATE TYPE ${r.pick(['order_state', 'task_state', 'plan_tier'])}_${n} AS ENUM (${r.sample(STATUSES, r.int(2, 5)).map((s) => `'${s}'`).join(', ')})`;
    case 1: return `ALTER TYPE ${r.pick(['order_state', 'task_state'])} ADD VALUE IF NOT EXISTS '${r.pick(STATUSES)}_${n}'${r.chance(0.3) ? ` BEFORE '${r.pick(STATUSES)}'` : ''}`;
    case 2: {
      const [t, fk, parent] = tableWithRef(r);
      return `CREATE OR REPLACE VIEW ${t.name}_with_${parent.name}_${n} AS\nSELECT x.id, x.created_at, p.id AS ${fk}_ref FROM ${t.name} x JOIN ${parent.name} p ON p.id = x.${fk}`;
    }
    case 3: return `COMMENT ON COLUMN ${r.pick(TABLES).name}.created_at IS 'set by the application, ${r.pick(WORDS)}'`;
    case 4: return `CREATE SCHEMA IF NOT EXISTS ${r.pick(['billing', 'app', 'reporting', 'staging'])}`;
    case 5: return `CREATE EXTENSION IF NOT EXISTS ${r.pick(['pgcrypto', 'citext', 'pg_trgm', 'btree_gist'])}`;
    default: {
      const t = r.pick(TABLES);
      return `CREATE MATERIALIZED VIEW ${t.name}_daily_${n} AS SELECT date_trunc('day', created_at) AS day, count(*) AS n FROM ${t.name} GROUP BY 1`;
    }
  }
};

type DdlTemplate = (r: Rng, ctx: DdlContext) => string;

const DDL: [DdlTemplate, string, number][] = [
  [createTable, 'create_table', 12],
  [addColumn, 'add_column', 18],
  [createIndex, 'create_index', 16],
  [dropIndex, 'drop_index', 3],
  [addForeignKey, 'add_foreign_key', 7],
  [addCheck, 'add_check', 4],
  [validateConstraint, 'validate_constraint', 4],
  [addUnique, 'add_unique', 3],
  [alterColumn, 'alter_column', 12],
  [dropOrRename, 'drop_or_rename', 8],
  [typesAndViews, 'types_and_views', 10],
];

// ---------------------------------------------------------------------------------------------
// PL/pgSQL.

const plpgsqlFunction: Template = (r) => {
  const t = r.pick(TABLES.filter((x) => x.columns.some((col) => col.name === 'status')));
  const n = r.int(1, 999);
  const body = r.pick([
    [
      `  UPDATE ${t.name} SET status = p_status, updated_at = now() WHERE id = p_id;`,
      `  IF NOT FOUND THEN`,
      `    RAISE EXCEPTION 'row % not found', p_id;`,
      `  END IF;`,
      `  INSERT INTO audit_log (actor_id, action, entity, payload) VALUES (p_actor, 'status', '${t.name}', jsonb_build_object('id', p_id));`,
      `  RETURN p_id;`,
    ],
    [
      `  DECLARE v_count bigint;`,
      `  BEGIN`,
      `    SELECT count(*) INTO v_count FROM ${t.name} WHERE status = p_status;`,
      `    IF v_count > ${r.int(10, 10000)} THEN`,
      `      DELETE FROM ${t.name} WHERE status = p_status AND id < p_id;`,
      `    END IF;`,
      `    RETURN v_count;`,
      `  END;`,
    ],
    [
      `  FOR rec IN SELECT id FROM ${t.name} WHERE status = p_status LOOP`,
      `    UPDATE ${t.name} SET updated_at = now() WHERE id = rec.id;`,
      `  END LOOP;`,
      `  RETURN p_id;`,
    ],
  ]);
  // a FOR loop over rows needs its record variable declared, or the body does not compile
  const declare = body.some((line) => line.includes('FOR rec')) ? 'DECLARE\n  rec record;\n' : '';
  return [
    `CREATE OR REPLACE FUNCTION set_${t.name}_status_${n}(p_id bigint, p_status text, p_actor bigint DEFAULT NULL)`,
    `RETURNS bigint`,
    `LANGUAGE plpgsql`,
    `AS $fn$`,
    `${declare}BEGIN`,
    ...body,
    `END;`,
    `$fn$`,
  ].join('\n');
};

const triggerFunction: Template = (r) => {
  const t = r.pick(TABLES);
  return [
    `CREATE OR REPLACE FUNCTION ${t.name}_touch_${r.int(1, 999)}() RETURNS trigger`,
    `LANGUAGE plpgsql AS $$`,
    `BEGIN`,
    `  NEW.updated_at := now();`,
    r.chance(0.5) ? `  INSERT INTO audit_log (actor_id, action, entity) VALUES (NEW.id, TG_OP, TG_TABLE_NAME);` : `  PERFORM pg_notify('${t.name}_changed', NEW.id::text);`,
    `  RETURN NEW;`,
    `END`,
    `$$`,
  ].join('\n');
};

const createTrigger: Template = (r) => {
  const t = r.pick(TABLES);
  return `CREATE TRIGGER ${t.name}_touch BEFORE UPDATE ON ${t.name} FOR EACH ROW EXECUTE FUNCTION ${t.name}_touch()`;
};

const sqlFunction: Template = (r) => {
  const [t, fk] = tableWithRef(r);
  return [
    `CREATE FUNCTION count_${t.name}_for_${fk.replace(/_id$/, '')}_${r.int(1, 999)}(p_id bigint) RETURNS bigint`,
    `LANGUAGE sql STABLE AS $$`,
    `  SELECT count(*) FROM ${t.name} WHERE ${fk} = p_id`,
    `$$`,
  ].join('\n');
};

const doBlock: Template = (r) => {
  const t = r.pick(TABLES);
  return r.pick([
    [
      `DO $$`,
      `BEGIN`,
      `  IF NOT EXISTS (SELECT 1 FROM pg_indexes WHERE indexname = '${t.name}_created_at_idx') THEN`,
      `    EXECUTE 'CREATE INDEX ${t.name}_created_at_idx ON ${t.name} (created_at)';`,
      `  END IF;`,
      `END`,
      `$$`,
    ],
    [
      `DO $$`,
      `DECLARE`,
      `  batch_size int := ${r.pick([500, 1000, 5000])};`,
      `  affected int;`,
      `BEGIN`,
      `  LOOP`,
      `    UPDATE ${t.name} SET updated_at = now() WHERE id IN (SELECT id FROM ${t.name} WHERE updated_at IS NULL LIMIT batch_size);`,
      `    GET DIAGNOSTICS affected = ROW_COUNT;`,
      `    EXIT WHEN affected = 0;`,
      `  END LOOP;`,
      `END`,
      `$$`,
    ],
    [
      `DO $$`,
      `DECLARE`,
      `  tbl text;`,
      `BEGIN`,
      `  FOR tbl IN SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename LIKE '${t.name}%' LOOP`,
      `    EXECUTE format('ANALYZE %I', tbl);`,
      `  END LOOP;`,
      `END`,
      `$$`,
    ],
  ]).join('\n');
};

const PLPGSQL: [Template, string, number][] = [
  [plpgsqlFunction, 'plpgsql_function', 4],
  [triggerFunction, 'trigger_function', 2],
  [createTrigger, 'create_trigger', 1],
  [sqlFunction, 'sql_function', 2],
  [doBlock, 'do_block', 3],
];

// ---------------------------------------------------------------------------------------------
// Grants and session statements.

const grant: Template = (r) => {
  const role = r.pick(ROLES);
  const other = r.pick(ROLES);
  switch (r.int(0, 7)) {
    case 0: return `GRANT SELECT ON ${r.sample(TABLES, r.int(1, 3)).map((t) => t.name).join(', ')} TO ${role}`;
    case 1: return `GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE ${r.pick(TABLES).name} TO ${role}${r.chance(0.2) ? ' WITH GRANT OPTION' : ''}`;
    case 2: return `GRANT USAGE ON SCHEMA ${r.pick(SCHEMAS)} TO ${role}`;
    case 3: return `REVOKE ${r.pick(['ALL', 'INSERT, UPDATE', 'DELETE', 'TRUNCATE'])} ON ${r.pick(TABLES).name} FROM ${r.chance(0.3) ? 'PUBLIC' : role}`;
    case 4: return `GRANT ${role} TO ${other === role ? 'deploy' : other}`;
    case 5: return `ALTER DEFAULT PRIVILEGES IN SCHEMA ${r.pick(SCHEMAS)} GRANT SELECT ON TABLES TO ${role}`;
    case 6: return `GRANT EXECUTE ON FUNCTION set_orders_status(bigint, text, bigint) TO ${role}`;
    default: return `GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${role}`;
  }
};

const session: Template = (r) =>
  r.pick([
    `SET lock_timeout = '${r.pick(['2s', '5s', '10s'])}'`,
    `SET statement_timeout = '${r.pick(['30s', '5min', '0'])}'`,
    `SET search_path TO ${r.pick(SCHEMAS)}, public`,
    'BEGIN',
    'COMMIT',
    `SELECT pg_advisory_xact_lock(${r.int(1, 99999)})`,
    `EXPLAIN SELECT * FROM ${r.pick(TABLES).name} WHERE id = ${r.int(1, 999)}`,
    `ANALYZE ${r.pick(TABLES).name}`,
  ]);

// ---------------------------------------------------------------------------------------------
// The statement corpus.

/** Per 100 statements: 60 OLTP, 22 DDL, 10 PL/pgSQL, 6 grants, 2 session. */
const CATEGORY_WEIGHTS: [StatementCategory, number][] = [
  ['oltp', 60],
  ['ddl', 22],
  ['plpgsql', 10],
  ['grant', 6],
  ['session', 2],
];

function weighted<T extends unknown[]>(r: Rng, items: T[], weightIndex: number): T {
  const total = items.reduce((s, it) => s + (it[weightIndex] as number), 0);
  let x = r.next() * total;
  for (const it of items) {
    x -= it[weightIndex] as number;
    if (x < 0) return it;
  }
  return items[items.length - 1];
}

export function generateStatements(count = DEFAULT_STATEMENT_COUNT, seed = DEFAULT_SEED): CorpusStatement[] {
  const r = rng(seed);
  const ctx = newDdlContext();
  const out: CorpusStatement[] = [];
  for (let i = 0; i < count; i++) {
    const [category] = weighted(r, CATEGORY_WEIGHTS, 1);
    if (category === 'oltp') {
      const [fn, template, typical] = weighted(r, OLTP, 3);
      out.push({ sql: fn(r), category, template, typical });
    } else if (category === 'ddl') {
      if (ctx.created.length > 20) ctx.created = [];
      const [fn, template] = weighted(r, DDL, 2);
      out.push({ sql: fn(r, ctx), category, template, typical: false });
    } else if (category === 'plpgsql') {
      const [fn, template] = weighted(r, PLPGSQL, 2);
      out.push({ sql: fn(r), category, template, typical: false });
    } else if (category === 'grant') {
      out.push({ sql: grant(r), category, template: 'grant', typical: false });
    } else {
      out.push({ sql: session(r), category, template: 'session', typical: false });
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Migration files: a header comment, optional transaction and timeouts, 1–40 statements,
// a realistic mix of safe recipes and the risky operations linters exist for.

const MIGRATION_VERBS = ['add', 'create', 'backfill', 'index', 'drop', 'rename', 'alter', 'grant', 'validate'];

function migrationStatement(r: Rng, ctx: DdlContext): string {
  const roll = r.next();
  if (roll < 0.8) return weighted(r, DDL, 2)[0](r, ctx);
  if (roll < 0.88) return updateBulk(r);
  if (roll < 0.92) return grant(r);
  if (roll < 0.96) return weighted(r, PLPGSQL, 2)[0](r);
  return insertReturning(r).replace(/\$\d+/g, () => String(r.int(1, 1000)));
}

/** Statement counts skewed small like real projects: most files hold 1–5 statements; with the
 * optional SET lock_timeout, BEGIN and COMMIT a file holds 1–40. */
function migrationSize(r: Rng): number {
  const roll = r.next();
  if (roll < 0.55) return r.int(1, 3);
  if (roll < 0.8) return r.int(4, 8);
  if (roll < 0.95) return r.int(9, 20);
  return r.int(21, 37);
}

export function generateMigrations(count = DEFAULT_MIGRATION_COUNT, seed = DEFAULT_SEED + 1): MigrationFile[] {
  const r = rng(seed);
  const files: MigrationFile[] = [];
  for (let i = 0; i < count; i++) {
    const ctx = newDdlContext();
    const n = migrationSize(r);
    const lines: string[] = [`-- migration ${i + 1}: ${r.pick(MIGRATION_VERBS)} ${r.pick(TABLES).name}`];
    const tx = r.chance(0.35);
    let statements = 0;
    if (r.chance(0.3)) {
      lines.push(`SET lock_timeout = '${r.pick(['2s', '5s'])}';`);
      statements++;
    }
    if (tx) {
      lines.push('BEGIN;');
      statements++;
    }
    for (let k = 0; k < n; k++) {
      lines.push(`${migrationStatement(r, ctx)};`);
      statements++;
    }
    if (tx) {
      lines.push('COMMIT;');
      statements++;
    }
    const verb = r.pick(MIGRATION_VERBS);
    const name = `${String(i + 1).padStart(5, '0')}_${verb}_${r.pick(TABLES).name}.sql`;
    files.push({ name, sql: `${lines.join('\n\n')}\n`, statements });
  }
  return files;
}

/** Writes `dir/statements.json` and `dir/migrations/*.sql` (the directory is replaced). */
export function writeCorpus(dir = CORPUS_DIR, statementCount = DEFAULT_STATEMENT_COUNT, migrationCount = DEFAULT_MIGRATION_COUNT) {
  const statements = generateStatements(statementCount);
  const migrations = generateMigrations(migrationCount);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'migrations'), { recursive: true });
  writeFileSync(join(dir, 'statements.json'), JSON.stringify(statements));
  for (const m of migrations) writeFileSync(join(dir, 'migrations', m.name), m.sql);
  const bytes = migrations.reduce((s, m) => s + Buffer.byteLength(m.sql), 0);
  const migrationStatements = migrations.reduce((s, m) => s + m.statements, 0);
  return { dir, statements: statements.length, migrations: migrations.length, migrationStatements, migrationBytes: bytes };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const info = writeCorpus();
  console.log(
    `wrote ${info.statements} statements and ${info.migrations} migration files ` +
      `(${info.migrationStatements} statements, ${(info.migrationBytes / 1024).toFixed(0)} KiB) to ${info.dir}`,
  );
}
