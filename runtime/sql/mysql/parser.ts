// node-sql-parser, loaded lazily (nothing slow at import time) and only the grammar of the
// dialect asked for: each `build/<dialect>.js` holds one grammar (~10 ms to load instead of
// ~50 ms for all of them). One Parser instance per dialect, reused. Never throws: a rejected
// statement comes back as an error with the offset the grammar stopped at.
import { createRequire } from 'node:module';
import type { Dialect } from '../../facts/types.js';

export interface ParseOk {
  ok: true;
  ast: unknown;
  tableList: string[];
  columnList: string[];
}
export interface ParseError {
  ok: false;
  message: string;
  /** offset into the parsed text where the grammar failed, when known */
  offset: number | null;
  /** the grammar gave up for a reason other than the text (stack depth): not a syntax error */
  limit?: boolean;
}

interface NspParser {
  parse(sql: string, opt?: { database?: string; parseOptions?: { includeLocations?: boolean } }): {
    ast: unknown;
    tableList: string[];
    columnList: string[];
  };
}

/** node-sql-parser's `database` option for each of our dialects (postgres is not served here). */
export const DATABASE: Record<Exclude<Dialect, 'postgres'>, { database: string; build: string }> = {
  mysql: { database: 'MySQL', build: 'mysql' },
  mariadb: { database: 'MariaDB', build: 'mariadb' },
  sqlite: { database: 'Sqlite', build: 'sqlite' },
  bigquery: { database: 'BigQuery', build: 'bigquery' },
  snowflake: { database: 'Snowflake', build: 'snowflake' },
  transactsql: { database: 'TransactSQL', build: 'transactsql' },
  redshift: { database: 'Redshift', build: 'redshift' },
  db2: { database: 'DB2', build: 'db2' },
  hive: { database: 'Hive', build: 'hive' },
  flinksql: { database: 'FlinkSQL', build: 'flinksql' },
  trino: { database: 'Trino', build: 'trino' },
};

const parsers = new Map<string, NspParser>();

function parserFor(dialect: Exclude<Dialect, 'postgres'>): NspParser {
  const { build } = DATABASE[dialect];
  let p = parsers.get(build);
  if (!p) {
    const require = createRequire(import.meta.url);
    let mod: { Parser: new () => NspParser };
    try {
      mod = require(`node-sql-parser/build/${build}`) as { Parser: new () => NspParser };
    } catch {
      mod = require('node-sql-parser') as { Parser: new () => NspParser };
    }
    p = new mod.Parser();
    parsers.set(build, p);
  }
  return p;
}

export function parseOther(sql: string, dialect: Exclude<Dialect, 'postgres'>): ParseOk | ParseError {
  try {
    const r = parserFor(dialect).parse(sql, { database: DATABASE[dialect].database, parseOptions: { includeLocations: true } });
    return { ok: true, ast: r.ast, tableList: r.tableList ?? [], columnList: r.columnList ?? [] };
  } catch (e) {
    const err = e as { message?: unknown; location?: { start?: { offset?: unknown } } };
    const offset = typeof err?.location?.start?.offset === 'number' ? err.location.start.offset : null;
    const message = typeof err?.message === 'string' ? err.message : String(e);
    if (e instanceof RangeError) return { ok: false, message, offset: null, limit: true };
    return { ok: false, message, offset };
  }
}
