// Volatility of pg_catalog functions (pg_proc.provolatile) and of default expressions. Decides
// whether ADD COLUMN ... DEFAULT rewrites the table: since Postgres 11 a non-volatile default is
// stored once in the catalog; a volatile one is evaluated per row, so the table is rewritten.
import type { Volatility } from '../../facts/types.js';

type Known = 'immutable' | 'stable' | 'volatile';

// Functions whose provolatile is 'v' (plus common extension functions of that kind).
const VOLATILE = [
  'random', 'random_normal', 'setseed', 'clock_timestamp', 'timeofday', 'gen_random_uuid',
  'uuid_generate_v1', 'uuid_generate_v1mc', 'uuid_generate_v4', 'uuidv4', 'uuidv7',
  'gen_random_bytes', 'gen_salt', 'nextval', 'currval', 'lastval', 'setval', 'txid_current',
  'txid_current_if_assigned', 'pg_current_xact_id', 'pg_current_xact_id_if_assigned',
  'pg_sleep', 'pg_sleep_for', 'pg_sleep_until', 'pg_advisory_lock', 'pg_try_advisory_lock',
  'pg_advisory_xact_lock', 'pg_try_advisory_xact_lock', 'pg_notify', 'set_config',
  'pg_read_file', 'pg_read_binary_file', 'pg_ls_dir', 'pg_stat_file', 'lo_import', 'lo_export',
  'lo_create', 'lo_unlink', 'dblink', 'dblink_exec', 'pg_terminate_backend', 'pg_cancel_backend',
  'pg_reload_conf', 'pg_rotate_logfile', 'pg_switch_wal', 'pg_create_restore_point',
  'pg_logical_emit_message', 'nanoid',
];

// provolatile 's': depend on the snapshot, the session (time zone, search_path, user) or settings.
const STABLE = [
  'now', 'transaction_timestamp', 'statement_timestamp', 'current_setting', 'current_schema',
  'current_schemas', 'current_database', 'current_query', 'pg_backend_pid', 'version',
  'inet_client_addr', 'inet_client_port', 'inet_server_addr', 'inet_server_port', 'to_char',
  'to_date', 'to_number', 'to_timestamp', 'age', 'date_trunc', 'date_part', 'extract', 'timezone',
  'concat', 'concat_ws', 'format', 'to_json', 'to_jsonb', 'row_to_json', 'array_to_json',
  'json_build_object', 'json_build_array', 'jsonb_build_object', 'jsonb_build_array',
  'json_object', 'jsonb_object', 'json_agg', 'jsonb_agg', 'string_agg', 'has_table_privilege',
  'has_column_privilege', 'has_schema_privilege', 'has_database_privilege',
  'has_function_privilege', 'pg_has_role', 'pg_get_serial_sequence', 'pg_table_size',
  'pg_relation_size', 'pg_total_relation_size', 'obj_description', 'col_description',
  'pg_get_userbyid', 'txid_current_snapshot', 'pg_current_snapshot', 'make_timestamptz',
  'localtime', 'localtimestamp', 'current_date', 'current_time', 'current_timestamp',
  'current_user', 'current_role', 'session_user', 'user',
];

// provolatile 'i': the result depends only on the arguments.
const IMMUTABLE = [
  'lower', 'upper', 'initcap', 'abs', 'length', 'char_length', 'character_length',
  'octet_length', 'bit_length', 'substr', 'substring', 'trim', 'btrim', 'ltrim', 'rtrim',
  'replace', 'translate', 'md5', 'sha224', 'sha256', 'sha384', 'sha512', 'digest', 'hmac',
  'round', 'floor', 'ceil', 'ceiling', 'trunc', 'sqrt', 'cbrt', 'power', 'pow', 'mod', 'sign',
  'exp', 'ln', 'log', 'log10', 'pi', 'degrees', 'radians', 'div', 'gcd', 'lcm', 'split_part',
  'left', 'right', 'lpad', 'rpad', 'position', 'strpos', 'starts_with', 'reverse', 'repeat',
  'to_hex', 'encode', 'decode', 'ascii', 'chr', 'quote_ident', 'quote_literal',
  'quote_nullable', 'regexp_replace', 'regexp_match', 'regexp_matches', 'regexp_split_to_array',
  'array_length', 'array_upper', 'array_lower', 'array_ndims', 'array_dims', 'cardinality',
  'array_append', 'array_prepend', 'array_cat', 'array_remove', 'array_replace',
  'array_position', 'array_positions', 'string_to_array', 'array_to_string', 'unnest',
  'jsonb_typeof', 'json_typeof', 'jsonb_extract_path', 'jsonb_extract_path_text',
  'json_extract_path', 'json_extract_path_text', 'jsonb_set', 'jsonb_insert', 'jsonb_strip_nulls',
  'jsonb_array_length', 'json_array_length', 'jsonb_pretty', 'uuid_nil', 'uuid_ns_dns',
  'uuid_ns_url', 'uuid_ns_oid', 'uuid_ns_x500', 'uuid_generate_v3', 'uuid_generate_v5',
  'make_date', 'make_time', 'make_timestamp', 'make_interval', 'justify_days', 'justify_hours',
  'justify_interval', 'isfinite', 'int4', 'int8', 'int2', 'float4', 'float8', 'numeric', 'bool',
  'text', 'varchar', 'nullif', 'coalesce', 'greatest', 'least', 'num_nulls', 'num_nonnulls',
  'crypt', 'array_fill', 'width_bucket', 'scale', 'to_tsvector', 'setweight', 'tsvector_to_array',
  'inet', 'host', 'masklen', 'network', 'family', 'point', 'box', 'circle', 'int4range',
  'int8range', 'numrange', 'daterange', 'tsrange', 'lower_inc', 'upper_inc', 'isempty',
];

const TABLE = new Map<string, Known>();
for (const n of IMMUTABLE) TABLE.set(n, 'immutable');
for (const n of STABLE) TABLE.set(n, 'stable');
for (const n of VOLATILE) TABLE.set(n, 'volatile');

/** Volatility of a function by (lowercase) name; `pg_catalog.` and `public.` prefixes are ignored.
 * Functions we do not know are `unknown` (user functions default to VOLATILE in Postgres). */
export function functionVolatility(name: string): 'immutable' | 'stable' | 'volatile' | 'unknown' {
  let n = name;
  const dot = n.lastIndexOf('.');
  if (dot >= 0) {
    const schema = n.slice(0, dot);
    if (schema !== 'pg_catalog' && schema !== 'public' && schema !== 'extensions') return 'unknown';
    n = n.slice(dot + 1);
  }
  return TABLE.get(n) ?? TABLE.get(n.toLowerCase()) ?? 'unknown';
}

const RANK: Record<Known, number> = { immutable: 0, stable: 1, volatile: 2 };

function max(a: Known, b: Known): Known {
  return RANK[b] > RANK[a] ? b : a;
}

function funcName(names: any[] | undefined): string {
  if (!names) return '';
  let out = '';
  for (const n of names) {
    const s = n?.String?.sval;
    if (typeof s !== 'string') continue;
    out = out ? `${out}.${s}` : s;
  }
  return out;
}

function listVolatility(items: any[] | undefined, acc: Known): Known {
  if (!items) return acc;
  for (const it of items) {
    if (acc === 'volatile') return acc;
    acc = max(acc, walk(it));
  }
  return acc;
}

function walk(node: any): Known {
  if (node === null || node === undefined) return 'immutable';
  if (Array.isArray(node)) return listVolatility(node, 'immutable');
  // a node is `{ Type: body }`
  for (const type in node) {
    const b = node[type];
    switch (type) {
      case 'A_Const':
      case 'ColumnRef': // generated columns read their own row
      case 'ParamRef':
      case 'SetToDefault':
      case 'Integer':
      case 'Float':
      case 'String':
      case 'Boolean':
        return 'immutable';
      case 'SQLValueFunction': // CURRENT_TIMESTAMP, CURRENT_DATE, CURRENT_USER, LOCALTIME, ...
        return 'stable';
      case 'FuncCall': {
        const v = functionVolatility(funcName(b.funcname));
        // an unknown function is VOLATILE unless declared otherwise, which we cannot see
        let acc: Known = v === 'unknown' ? 'volatile' : v;
        acc = listVolatility(b.args, acc);
        return acc;
      }
      case 'TypeCast':
      case 'CollateClause':
      case 'NamedArgExpr':
        return walk(b.arg);
      case 'A_Expr':
        return max(walk(b.lexpr), walk(b.rexpr));
      case 'BoolExpr':
      case 'CoalesceExpr':
      case 'MinMaxExpr':
      case 'RowExpr':
      case 'XmlExpr':
        return listVolatility(b.args, 'immutable');
      case 'NullTest':
      case 'BooleanTest':
        return walk(b.arg);
      case 'CaseExpr': {
        let acc = max(walk(b.arg), walk(b.defresult));
        if (b.args)
          for (const w of b.args) {
            const cw = w?.CaseWhen;
            if (cw) acc = max(acc, max(walk(cw.expr), walk(cw.result)));
          }
        return acc;
      }
      case 'A_ArrayExpr':
        return listVolatility(b.elements, 'immutable');
      case 'A_Indirection':
        return walk(b.arg);
      case 'List':
        return listVolatility(b.items, 'immutable');
      default:
        // subqueries and anything we do not model: assume the worst
        return 'volatile';
    }
  }
  return 'immutable';
}

/** Volatility of an expression (a column default, a generated column): the strongest among its
 * function calls; constants are immutable, CURRENT_TIMESTAMP and friends stable, unknown
 * functions and subqueries volatile. null when there is no expression. */
export function exprVolatility(node: any): Volatility | null {
  if (node === null || node === undefined) return null;
  return walk(node);
}
