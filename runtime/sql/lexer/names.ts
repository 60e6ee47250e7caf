// Identifier normal forms shared by the lexer-based classifier and the node-sql-parser
// extractor: unquoted names fold to lower case, quoted ones keep their case; Postgres fills in
// the `public` schema, the other dialects keep `db.table` when qualified and the bare name when not.
import type { Dialect } from '../../facts/types.js';

export interface NormalName {
  name: string;
  schema: string | null;
  table: string;
}

/** The text of a quoted identifier without its quotes (doubled quotes undone). */
export function unquote(raw: string): string {
  const open = raw.charAt(0);
  if (open === '"' || open === '`' || open === '[') {
    const close = open === '[' ? ']' : open;
    const inner = raw.endsWith(close) && raw.length >= 2 ? raw.slice(1, -1) : raw.slice(1);
    return inner.split(close + close).join(close);
  }
  return raw;
}

/** One identifier part in normal form: quoted keeps its case, unquoted is lowercased. */
export function identPart(raw: string, quoted: boolean): string {
  return quoted ? unquote(raw) : raw.toLowerCase();
}

/** Parts (already in normal form, schema first) to a qualified table name for the dialect. */
export function qualifyParts(parts: string[], dialect: Dialect): NormalName {
  const table = parts[parts.length - 1] ?? '';
  if (dialect === 'postgres' || dialect === 'redshift') {
    const schema = parts.length >= 2 ? parts[parts.length - 2] : 'public';
    return { name: `${schema}.${table}`, schema, table };
  }
  if (parts.length === 1) return { name: table, schema: null, table };
  const schema = parts.slice(0, -1).join('.');
  return { name: `${schema}.${table}`, schema, table };
}
