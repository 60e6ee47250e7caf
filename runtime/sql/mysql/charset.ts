// Character sets and collations written in DDL of the node-sql-parser dialects, read from tokens:
// column definitions (`CHARACTER SET x`, `CHARSET x`, `COLLATE x`, `ASCII`, `UNICODE`, national
// character types) and table or database options (`[DEFAULT] CHARSET [=] x`, `[DEFAULT] COLLATE
// [=] x`, `CONVERT TO CHARACTER SET x`). Names are lowercased, quotes removed.
import type { Dialect } from '../../facts/types.js';
import { stringValue, type Tok } from '../lexer/cursor.js';
import { MYSQL_FAMILY } from '../lexer/heads-common.js';
import { unquote } from '../lexer/names.js';

export interface CharsetOptions {
  charset: string | null;
  collation: string | null;
  /** CONVERT TO CHARACTER SET: every character column is converted (the table is copied) */
  convert: boolean;
}

/** The value of an option at toks[i] (after an optional `=`): a word, a quoted name or a string;
 * `DEFAULT` (the enclosing object's) is none. */
function valueAt(toks: readonly Tok[], i: number, to: number): string | null {
  const j = toks[i]?.text === '=' ? i + 1 : i;
  const t = toks[j];
  if (!t || j >= to) return null;
  if (t.kind === 'word') return t.up === 'DEFAULT' ? null : t.text.toLowerCase();
  if (t.kind === 'quoted_identifier') return unquote(t.text).toLowerCase();
  if (t.kind === 'string') return stringValue(t).toLowerCase();
  return null;
}

/** Index of the value when toks[k] starts `CHARACTER SET`, `CHAR SET` or `CHARSET`, else -1. */
export function charsetKeyword(toks: readonly Tok[], k: number): number {
  const u = toks[k]?.up;
  if (u === 'CHARSET') return k + 1;
  if ((u === 'CHARACTER' || u === 'CHAR') && toks[k + 1]?.up === 'SET') return k + 2;
  return -1;
}

/** The character set and collation options at paren depth `depth` in [from, to). MySQL-family
 * dialects: a collation given alone implies its character set (`latin1_swedish_ci` is latin1,
 * `binary` is binary). */
export function charsetOptions(toks: readonly Tok[], from: number, to: number, depth: number, dialect: Dialect): CharsetOptions {
  const out: CharsetOptions = { charset: null, collation: null, convert: false };
  for (let k = from; k < to; k++) {
    const t = toks[k];
    if (t.depth !== depth || t.up === '') continue;
    const v = charsetKeyword(toks, k);
    if (v >= 0) {
      out.charset = valueAt(toks, v, to) ?? out.charset;
      if (toks[k - 1]?.up === 'TO' && toks[k - 2]?.up === 'CONVERT') out.convert = true;
    } else if (t.up === 'COLLATE') out.collation = valueAt(toks, k + 1, to) ?? out.collation;
  }
  if (out.charset === null && out.collation !== null && MYSQL_FAMILY.has(dialect)) out.charset = charsetOfCollation(out.collation);
  return out;
}

/** MySQL and MariaDB name every collation after its character set (`utf8mb4_0900_ai_ci`). */
export function charsetOfCollation(collation: string): string {
  const i = collation.indexOf('_');
  return i > 0 ? collation.slice(0, i) : collation;
}

/** The character set a column type implies in MySQL and MariaDB: NCHAR, NVARCHAR and NATIONAL
 * CHAR/VARCHAR use utf8mb3 (the 3-byte utf8), whatever the table's default. */
export function nationalCharset(columnType: string | null, dialect: Dialect): string | null {
  if (!columnType || !MYSQL_FAMILY.has(dialect)) return null;
  return /^(national\b|nchar\b|nchar\(|nvarchar\b|nvarchar\()/.test(columnType) ? 'utf8mb3' : null;
}
