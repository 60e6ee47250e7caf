// Globs of the policy language (`like`, column selectors): `*` any run, `?` one character,
// case-insensitive, whole-string. Translated once to a RegExp source; the interpreter builds a
// RegExp from it and the code generator writes it as a literal.

export function globToRegExpSource(glob: string): string {
  let out = '^';
  for (const ch of glob) {
    if (ch === '*') out += '[\\s\\S]*';
    else if (ch === '?') out += '[\\s\\S]';
    else if (/[\\^$.*+?()[\]{}|/]/.test(ch)) out += '\\' + ch;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\u2028') out += '\\u2028';
    else if (ch === '\u2029') out += '\\u2029';
    else out += ch;
  }
  return out + '$';
}

/** Flags for glob regexps: case-insensitive, `u` so astral characters count as one `?`. */
export const GLOB_FLAGS = 'iu';

export function globRegExp(glob: string): RegExp {
  return new RegExp(globToRegExpSource(glob), GLOB_FLAGS);
}

/** A column selector (`users.email`, `*.ssn`, `public.users.*phone*`, `email`) split into globs:
 * the column glob and, when given, the table glob (matched against the bare table name and the
 * qualified name) or schema-and-table glob (matched against the qualified name). */
export interface ColumnPattern {
  column: string;
  table: string | null;
  /** true when the table part has a schema (`public.users.email`) */
  qualified: boolean;
}

export function columnPattern(pattern: string): ColumnPattern {
  const segs = pattern.split('.');
  const column = segs[segs.length - 1]!;
  if (segs.length === 1) return { column, table: null, qualified: false };
  if (segs.length === 2) return { column, table: segs[0]!, qualified: false };
  return { column, table: segs.slice(0, -1).join('.'), qualified: true };
}
