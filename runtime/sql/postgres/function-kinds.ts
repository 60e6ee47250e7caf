// Functions that reach outside the database or change the server: file access, large objects,
// network, sleeping, backend control, configuration, and functions that run SQL given as text.
import type { Action, FunctionCategory } from '../../facts/types.js';

export interface FunctionKind {
  category: FunctionCategory;
  /** side-channel action the call performs */
  action?: Action;
  /** 0-based argument holding the path (file functions) or the setting name (set_config) */
  targetArg?: number;
  /** 0-based argument holding SQL text that the function runs */
  sqlArg?: number;
  /** 0-based argument naming a table (regclass) the function reads whole */
  tableArg?: number;
}

const KINDS = new Map<string, FunctionKind>([
  ['pg_read_file', { category: 'file_read', action: 'read_server_file', targetArg: 0 }],
  ['pg_read_binary_file', { category: 'file_read', action: 'read_server_file', targetArg: 0 }],
  ['pg_ls_dir', { category: 'file_read', action: 'read_server_file', targetArg: 0 }],
  ['pg_stat_file', { category: 'file_read', action: 'read_server_file', targetArg: 0 }],
  ['pg_ls_logdir', { category: 'file_read', action: 'read_server_file' }],
  ['pg_ls_waldir', { category: 'file_read', action: 'read_server_file' }],
  ['pg_ls_tmpdir', { category: 'file_read', action: 'read_server_file' }],
  ['pg_ls_archive_statusdir', { category: 'file_read', action: 'read_server_file' }],
  ['pg_file_write', { category: 'file_write', action: 'write_server_file', targetArg: 0 }],
  ['pg_file_rename', { category: 'file_write', action: 'write_server_file', targetArg: 0 }],
  ['pg_file_unlink', { category: 'file_write', action: 'write_server_file', targetArg: 0 }],
  ['pg_file_sync', { category: 'file_write', action: 'write_server_file', targetArg: 0 }],
  ['pg_logdir_ls', { category: 'file_read', action: 'read_server_file' }],
  ['lo_import', { category: 'large_object', action: 'read_server_file', targetArg: 0 }],
  ['lo_export', { category: 'large_object', action: 'write_server_file', targetArg: 1 }],
  ['dblink', { category: 'network', sqlArg: 1 }],
  ['dblink_exec', { category: 'network', sqlArg: 1 }],
  ['dblink_send_query', { category: 'network', sqlArg: 1 }],
  ['dblink_open', { category: 'network', sqlArg: 2 }],
  ['dblink_connect', { category: 'network' }],
  ['dblink_connect_u', { category: 'network' }],
  ['dblink_get_result', { category: 'network' }],
  ['pg_sleep', { category: 'sleep' }],
  ['pg_sleep_for', { category: 'sleep' }],
  ['pg_sleep_until', { category: 'sleep' }],
  ['pg_terminate_backend', { category: 'admin' }],
  ['pg_cancel_backend', { category: 'admin' }],
  ['pg_reload_conf', { category: 'admin' }],
  ['pg_rotate_logfile', { category: 'admin' }],
  ['pg_promote', { category: 'admin' }],
  ['pg_switch_wal', { category: 'admin' }],
  ['pg_create_restore_point', { category: 'admin' }],
  ['pg_drop_replication_slot', { category: 'admin' }],
  ['pg_create_logical_replication_slot', { category: 'admin' }],
  ['pg_create_physical_replication_slot', { category: 'admin' }],
  ['set_config', { category: 'config', action: 'set_config', targetArg: 0 }],
  ['query_to_xml', { category: 'dynamic_sql', sqlArg: 0 }],
  ['query_to_xmlschema', { category: 'dynamic_sql', sqlArg: 0 }],
  ['query_to_xml_and_xmlschema', { category: 'dynamic_sql', sqlArg: 0 }],
  // whole tables, schemas, databases or cursors as XML: the function runs `SELECT * FROM ...` itself
  ['table_to_xml', { category: 'dynamic_sql', tableArg: 0 }],
  ['table_to_xmlschema', { category: 'dynamic_sql', tableArg: 0 }],
  ['table_to_xml_and_xmlschema', { category: 'dynamic_sql', tableArg: 0 }],
  ['cursor_to_xml', { category: 'dynamic_sql' }],
  ['cursor_to_xmlschema', { category: 'dynamic_sql' }],
  ['schema_to_xml', { category: 'dynamic_sql' }],
  ['schema_to_xmlschema', { category: 'dynamic_sql' }],
  ['schema_to_xml_and_xmlschema', { category: 'dynamic_sql' }],
  ['database_to_xml', { category: 'dynamic_sql' }],
  ['database_to_xmlschema', { category: 'dynamic_sql' }],
  ['database_to_xml_and_xmlschema', { category: 'dynamic_sql' }],
]);

/** Kind of a function by its bare lowercase name; lo_* are all large-object functions. */
export function functionKind(bare: string): FunctionKind | undefined {
  const k = KINDS.get(bare);
  if (k) return k;
  if (bare.startsWith('lo_') || bare === 'loread' || bare === 'lowrite') return { category: 'large_object' };
  return undefined;
}

const AGGREGATES = new Set([
  'count', 'sum', 'avg', 'min', 'max', 'array_agg', 'string_agg', 'json_agg', 'jsonb_agg', 'json_object_agg',
  'jsonb_object_agg', 'json_agg_strict', 'jsonb_agg_strict', 'json_objectagg', 'json_arrayagg', 'xmlagg',
  'bool_and', 'bool_or', 'every', 'bit_and', 'bit_or', 'bit_xor', 'stddev', 'stddev_pop', 'stddev_samp',
  'variance', 'var_pop', 'var_samp', 'corr', 'covar_pop', 'covar_samp', 'regr_avgx', 'regr_avgy', 'regr_count',
  'regr_intercept', 'regr_r2', 'regr_slope', 'regr_sxx', 'regr_sxy', 'regr_syy', 'mode', 'percentile_cont',
  'percentile_disc', 'rank', 'dense_rank', 'percent_rank', 'cume_dist', 'any_value', 'range_agg', 'range_intersect_agg',
]);

export function isAggregate(bare: string): boolean {
  return AGGREGATES.has(bare);
}
