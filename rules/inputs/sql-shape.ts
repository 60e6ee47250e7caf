// Cheap checks for "this text is SQL", used where a reader must guess: untagged code blocks,
// inline code spans, prose lines, plan fields like `query` or `command` that may hold English.
import type { Dialect } from '../../runtime/facts/types.js';

const LEADING =
  /^(select|with|insert|update|delete|merge|upsert|replace|truncate|create|alter|drop|grant|revoke|copy|vacuum|analyze|explain|begin|commit|rollback|set|reset|show|call|do|lock|refresh|reindex|cluster|comment|prepare|execute|deallocate|listen|notify|savepoint|release|use|load|rename|values|table)\b/i;

/** Statement shapes that English prose almost never has. */
const STRONG =
  /^(select\s+[\s\S]+?\s+from\s+\S|select\s+(\d|\*|now\(|version\(|pg_|current_)|with\s+(recursive\s+)?\w+\s+as\s*\(|delete\s+from\s+\S|update\s+[\w."`[\]]+\s+set\s+\S|insert\s+(into|ignore)\s+\S|merge\s+into\s+\S|replace\s+into\s+\S|drop\s+(table|schema|database|index|view|materialized\s+view|function|role|user|type|extension|sequence|trigger|policy|owned)\s+\S|truncate\s+(table\s+)?[\w."`]+|alter\s+(table|index|schema|database|role|user|type|sequence|system|default\s+privileges|view|function)\s+\S|create\s+(or\s+replace\s+)?(unique\s+)?(temp(orary)?\s+)?(table|index|view|materialized\s+view|schema|database|role|user|type|extension|function|procedure|trigger|sequence|policy|domain|rule)\s+\S|grant\s+[\s\S]+?\s+(on|to)\s+\S|revoke\s+[\s\S]+?\s+(on|from)\s+\S|copy\s+[\w."(]+[\s\S]*\s+(to|from)\s+\S|vacuum\b|explain\s+(analyze\s+)?(select|insert|update|delete|with)\b|begin\s*;|commit\s*;|rollback\s*;|set\s+(session\s+|local\s+)?[\w.]+\s*(=|to)\s*\S|show\s+[\w.]+\s*;?$|lock\s+table\s+\S|call\s+[\w.]+\s*\(|refresh\s+materialized\s+view\s+\S|reindex\s+(table|index|database|schema)\s+\S|do\s+(\$\$|language\s))/i;

export function stripLeadingComments(text: string): string {
  let t = text;
  for (;;) {
    const s = t.replace(/^\s+/, '');
    if (s.startsWith('--') || s.startsWith('#')) {
      const nl = s.indexOf('\n');
      t = nl < 0 ? '' : s.slice(nl + 1);
    } else if (s.startsWith('/*')) {
      const end = s.indexOf('*/');
      t = end < 0 ? '' : s.slice(end + 2);
    } else return s;
  }
}

/** Text whose first statement starts with a SQL keyword in a shape prose does not have. */
export function looksLikeSql(text: string): boolean {
  const t = stripLeadingComments(text);
  if (!LEADING.test(t)) return false;
  return STRONG.test(t) || /;\s*$/.test(t.split('\n')[0]) && /^\w+\s+[A-Z_]{2,}\b/.test(t);
}

/** A line of prose that is a SQL statement: the keyword in capitals (as people write SQL in text, so
 * "Select the best option from the list" stays prose), and a `;` end or an unmistakable shape. */
export function proseIsSqlStatement(line: string): boolean {
  const t = line.trim();
  const kw = /^[A-Za-z]+/.exec(t)?.[0] ?? '';
  if (kw.length < 2 || kw !== kw.toUpperCase()) return false;
  return lineIsSqlStatement(t) && (/;\s*$/.test(t) || !/[.!?:]\s*$/.test(t));
}

/** Code-span text that is a SQL statement: a strong shape, or a keyword start and a `;` end. */
export function lineIsSqlStatement(line: string): boolean {
  const t = line.trim();
  if (!LEADING.test(t)) return false;
  if (STRONG.test(t)) return /;\s*$/.test(t) || !/[.!?:]\s*$/.test(t) || /\bfrom\b|\bwhere\b|\bset\b/i.test(t);
  return /;\s*$/.test(t) && /^\w+\s+[A-Z_]{2,}\b/.test(t);
}

/** Code fence info strings that name SQL, with the dialect they imply (`null`: the default). */
export const FENCE_DIALECTS: Record<string, Dialect | null> = {
  sql: null,
  plsql: null,
  postgres: 'postgres',
  postgresql: 'postgres',
  psql: 'postgres',
  pgsql: 'postgres',
  plpgsql: 'postgres',
  pg: 'postgres',
  mysql: 'mysql',
  mariadb: 'mariadb',
  sqlite: 'sqlite',
  sqlite3: 'sqlite',
  tsql: 'transactsql',
  mssql: 'transactsql',
  sqlserver: 'transactsql',
  bigquery: 'bigquery',
  snowflake: 'snowflake',
  redshift: 'redshift',
  trino: 'trino',
  presto: 'trino',
  hive: 'hive',
  hiveql: 'hive',
  db2: 'db2',
  flinksql: 'flinksql',
};

export const DIALECTS: readonly Dialect[] = [
  'postgres',
  'mysql',
  'mariadb',
  'sqlite',
  'bigquery',
  'snowflake',
  'transactsql',
  'redshift',
  'db2',
  'hive',
  'flinksql',
  'trino',
];

export function dialectFromName(name: string): Dialect | null | undefined {
  const k = name.trim().toLowerCase();
  if ((DIALECTS as readonly string[]).includes(k)) return k as Dialect;
  return k in FENCE_DIALECTS ? FENCE_DIALECTS[k] : undefined;
}
