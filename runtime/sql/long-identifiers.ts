// Identifiers as long as written. libpg-query truncates identifiers to 63 bytes (NAMEDATALEN - 1)
// before any fact is built, so their real length comes from our own lexer's tokens of the
// statement text. Only schema changes are measured: they are where names are given.
import type { Dialect, IdentifierFact, StatementFacts } from '../facts/types.js';
import { span, type LineIndex } from '../text/spans.js';
import { tokensIn } from './lexer/lexer.js';
import { identPart } from './lexer/names.js';

/** Postgres keeps 63 bytes; one more is the shortest name it truncates. */
const MIN_BYTES = 64;

function utf8Bytes(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/** Fill `longIdentifiers` of a schema-changing statement from the tokens of its text. */
export function measureIdentifiers(facts: StatementFacts, text: string, dialect: Dialect, lines: LineIndex): void {
  if (!facts.isDdl) return;
  const out: IdentifierFact[] = [];
  for (const t of tokensIn(text, facts.span.start, facts.span.end, dialect)) {
    if (t.kind !== 'word' && t.kind !== 'quoted_identifier') continue;
    // 3 bytes per UTF-16 unit at most: shorter tokens cannot reach the limit
    if ((t.end - t.start) * 3 < MIN_BYTES) continue;
    const name = identPart(text.slice(t.start, t.end), t.kind === 'quoted_identifier');
    const bytes = utf8Bytes(name);
    if (bytes < MIN_BYTES) continue;
    out.push({ kind: 'identifier', name, bytes, characters: [...name].length, span: span(lines, t.start, t.end) });
  }
  facts.longIdentifiers = out;
}
