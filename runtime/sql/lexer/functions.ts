// Functions that reach outside the database or stall it, by dialect family. Used by the
// lexer-based classifier (fail-closed: a call is flagged even when no parser accepted the
// statement) and by the node-sql-parser extractor.
import type { Action, FunctionCategory } from '../../facts/types.js';

export interface FunctionInfo {
  category: FunctionCategory;
  volatility: 'immutable' | 'stable' | 'volatile' | 'unknown';
}

const DANGEROUS: Record<string, FunctionCategory> = {
  // MySQL / MariaDB
  load_file: 'file_read',
  sleep: 'sleep',
  benchmark: 'sleep',
  sys_exec: 'program',
  sys_eval: 'program',
  sys_get: 'program',
  sys_set: 'program',
  lib_mysqludf_sys_info: 'program',
  get_lock: 'admin',
  release_all_locks: 'admin',
  master_pos_wait: 'sleep',
  source_pos_wait: 'sleep',
  // Postgres (and Redshift)
  pg_read_file: 'file_read',
  pg_read_binary_file: 'file_read',
  pg_ls_dir: 'file_read',
  pg_stat_file: 'file_read',
  lo_import: 'large_object',
  lo_export: 'large_object',
  lo_from_bytea: 'large_object',
  lo_put: 'large_object',
  pg_sleep: 'sleep',
  pg_sleep_for: 'sleep',
  pg_sleep_until: 'sleep',
  pg_terminate_backend: 'admin',
  pg_cancel_backend: 'admin',
  pg_reload_conf: 'admin',
  pg_rotate_logfile: 'admin',
  pg_promote: 'admin',
  set_config: 'config',
  dblink: 'network',
  dblink_exec: 'network',
  dblink_connect: 'network',
  // SQL Server
  xp_cmdshell: 'program',
  sp_execute_external_script: 'program',
  openrowset: 'file_read',
  opendatasource: 'network',
  openquery: 'network',
  sp_executesql: 'dynamic_sql',
  waitfor: 'sleep',
  // SQLite
  load_extension: 'program',
  readfile: 'file_read',
  writefile: 'file_write',
  edit: 'program',
};

const VOLATILE = new Set(['now', 'rand', 'random', 'uuid', 'uuid_short', 'sysdate', 'current_timestamp', 'gen_random_uuid', 'nextval', 'clock_timestamp']);

/** `name` lowercased, possibly schema-qualified (the last part decides). */
export function functionInfo(name: string): FunctionInfo {
  const base = name.slice(name.lastIndexOf('.') + 1);
  const category = DANGEROUS[base] ?? 'none';
  const volatility = category !== 'none' || VOLATILE.has(base) ? 'volatile' : 'unknown';
  return { category, volatility };
}

/** The side-channel action a dangerous call performs, as the Postgres walker reports it: files
 * read or written on the server, a shared library loaded (SQLite `load_extension`). */
export function functionAction(name: string): Action | null {
  const base = name.slice(name.lastIndexOf('.') + 1);
  if (base === 'load_extension') return 'load_library';
  if (base === 'lo_import') return 'read_server_file';
  if (base === 'lo_export') return 'write_server_file';
  const category = DANGEROUS[base];
  return category === 'file_read' ? 'read_server_file' : category === 'file_write' ? 'write_server_file' : null;
}

export function isDangerousFunction(name: string): boolean {
  return functionInfo(name).category !== 'none';
}
