// fast-check generators for evasive spellings of a statement: random letter case, comments and
// odd whitespace between tokens. Only changes that keep the statement's meaning are generated
// (identifiers stay unquoted, so case folds; comments never split a token).
import fc from 'fast-check';
import type { Dialect } from '../../runtime/facts/types.js';

/** Random upper/lower case per letter. */
export function mangleCase(word: string): fc.Arbitrary<string> {
  const letters = [...word];
  return fc.array(fc.boolean(), { minLength: letters.length, maxLength: letters.length }).map((flips) =>
    letters.map((ch, i) => (flips[i] ? ch.toUpperCase() : ch.toLowerCase())).join(''),
  );
}

/** Something that separates two tokens in the dialect without changing the statement. */
export function separator(dialect: Dialect): fc.Arbitrary<string> {
  const common = [
    fc.constant(' '),
    fc.constant('\t'),
    fc.constant('\n'),
    fc.constant('\r\n'),
    fc.constant('/**/'),
    fc.constant('/* x */'),
    fc.constant('/* DROP TABLE decoy; */'),
    fc.constant(' -- x\n'),
    fc.stringMatching(/^[a-z ;]{0,8}$/).map((s) => `/*${s}*/`),
  ];
  // postgres: `--` needs no blank after it, and block comments nest
  const pg = [fc.constant('\f'), fc.constant('--; DROP TABLE decoy\n'), fc.constant('/* a /* nested ; */ b */'), fc.constant('/* /* */ */')];
  const mysql = [fc.constant(' # x\n'), fc.constant('#; DROP TABLE decoy\n'), fc.constant('/*!*/')];
  const extra = dialect === 'postgres' ? pg : dialect === 'mysql' || dialect === 'mariadb' ? mysql : [];
  return fc.array(fc.oneof(...common, ...extra), { minLength: 1, maxLength: 3 }).map((parts) => parts.join(''));
}

/**
 * Tokens joined by random separators, words (letters and `_` only) in random case; other tokens
 * (literals, punctuation, quoted names) kept as written.
 */
export function spelled(tokens: string[], dialect: Dialect): fc.Arbitrary<string> {
  const parts = tokens.map((t) => (/^[A-Za-z_]+$/.test(t) ? mangleCase(t) : fc.constant(t)));
  const seps = tokens.slice(1).map(() => separator(dialect));
  return fc.tuple(fc.tuple(...parts), fc.tuple(...seps), separator(dialect), fc.boolean()).map(([words, gaps, lead, withLead]) => {
    let out = withLead ? lead : '';
    words.forEach((w, i) => {
      out += w;
      if (i < gaps.length) out += gaps[i];
    });
    return out;
  });
}

/** Harmless statements an attacker puts before the dangerous one. */
export function harmlessPrefix(dialect: Dialect): fc.Arbitrary<string> {
  const pg = ["SELECT 'DROP TABLE users; --'", 'SELECT $$ ; $$', "SELECT E'O\\'Brien'", 'SELECT 1 /* ; */', "SELECT 'a'';b'"];
  const my = ["SELECT 'DROP TABLE users; --'", "SELECT 'O\\'Brien'", 'SELECT 1 /* ; */', 'SELECT `a;b` FROM t', "SELECT \"x;\""];
  const list = dialect === 'postgres' ? pg : my;
  return fc.array(fc.constantFrom(...list), { minLength: 0, maxLength: 3 }).map((xs) => xs.map((x) => `${x};`).join(' '));
}

// MySQL: some tokens wrapped in executable comments (`/*!tok` + `*/`, with or without a version), which run as code.
export function executableWrapped(tokens: string[]): fc.Arbitrary<string> {
  const one = (t: string) =>
    fc.oneof(
      fc.constant(t),
      mangleCase(t).map((w) => `/*!${w}*/`),
      mangleCase(t).map((w) => `/*!50000 ${w} */`),
      mangleCase(t).map((w) => `/*!${w} */`),
    );
  return fc.tuple(...tokens.map((t) => (/^[A-Za-z_]+$/.test(t) ? one(t) : fc.constant(t)))).map((parts) => parts.join(' '));
}
