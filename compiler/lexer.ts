// Stage 1: text to tokens. Never throws: unexpected characters, unterminated strings and habits
// from other languages (`=`, `&&`, `||`, `!`) become diagnostics, and the token stream handed to
// the parser is repaired (the character skipped, the string closed, the right operator substituted)
// so one mistake yields one error.
import { Lexer, type IToken } from 'chevrotain';
import * as T from './tokens.js';
import { diagnostic, quote, type Diagnostic } from './diagnostics.js';
import { lineIndex, span, type LineIndex } from '../runtime/text/spans.js';

/** a token that is the first on its line (the parser uses it to tell an item from an operand) */
export interface LineToken extends IToken {
  startsLine?: boolean;
}

export interface LexResult {
  tokens: IToken[];
  comments: IToken[];
  diagnostics: Diagnostic[];
  index: LineIndex;
}

let lexer: Lexer | undefined;

function getLexer(): Lexer {
  lexer ??= new Lexer(T.allTokens, { positionTracking: 'full', ensureOptimizations: false });
  return lexer;
}

const substitutes = new Map([
  [T.SingleEq, { by: T.EqEq, image: '==', help: 'comparison is written `==`' }],
  [T.AmpAmp, { by: T.And, image: 'and', help: 'conjunction is written `and`' }],
  [T.PipePipe, { by: T.Or, image: 'or', help: 'disjunction is written `or`' }],
  [T.Bang, { by: T.Not, image: 'not', help: 'negation is written `not`' }],
]);

export function lex(text: string, file: string): LexResult {
  const index = lineIndex(text);
  const result = getLexer().tokenize(text);
  const diagnostics: Diagnostic[] = [];
  for (const e of result.errors) {
    const ch = text.slice(e.offset, e.offset + e.length);
    diagnostics.push(
      diagnostic('policy/syntax', `unexpected character ${quote(ch)}`, span(index, e.offset, e.offset + e.length), {
        file,
        help: 'names are letters, digits and `_`; strings are written in double quotes',
      }),
    );
  }
  const tokens = result.tokens;
  let line = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.startLine !== line) (t as LineToken).startsLine = true;
    line = t.endLine ?? t.startLine ?? line;
    const end = t.startOffset + t.image.length;
    if (t.tokenType === T.BadString) {
      diagnostics.push(
        diagnostic('policy/unterminated-string', 'string is missing its closing `"`', span(index, t.startOffset, end), {
          file,
          help: 'close the string on the same line; write a newline inside a string as `\\n`',
        }),
      );
      tokens[i] = { ...t, tokenType: T.StringLit, tokenTypeIdx: T.StringLit.tokenTypeIdx!, image: t.image + '"' };
      // keep the span of what was written
      (tokens[i] as IToken).endOffset = end - 1;
      continue;
    }
    if (t.tokenType === T.BadNumber) {
      diagnostics.push(
        diagnostic('policy/syntax', `${quote(t.image)} is not a number or a duration`, span(index, t.startOffset, end), {
          file,
          help: 'numbers are written `10`, `-1`, `2.5`; durations `30s`, `15m`, `2h`, `1d`',
        }),
      );
      const digits = /^-?\d+(?:\.\d+)?/.exec(t.image)![0];
      tokens[i] = { ...t, tokenType: T.NumberLit, tokenTypeIdx: T.NumberLit.tokenTypeIdx!, image: digits, endOffset: end - 1 };
      continue;
    }
    if (t.tokenType === T.SingleQuoted) {
      const inner = t.image.slice(1, t.image.endsWith("'") && t.image.length > 1 ? -1 : undefined);
      diagnostics.push(
        diagnostic('policy/syntax', `strings are written in double quotes, found ${quote(t.image)}`, span(index, t.startOffset, end), {
          file,
          help: `write \`"${inner.replace(/"/g, '\\"')}"\``,
        }),
      );
      tokens[i] = { ...t, tokenType: T.StringLit, tokenTypeIdx: T.StringLit.tokenTypeIdx!, image: '"' + inner.replace(/\\'/g, "'").replace(/"/g, '\\"') + '"', endOffset: end - 1 };
      continue;
    }
    const sub = substitutes.get(t.tokenType);
    if (sub) {
      diagnostics.push(
        diagnostic('policy/syntax', `unexpected ${quote(t.image)}`, span(index, t.startOffset, end), { file, help: sub.help }),
      );
      tokens[i] = { ...t, tokenType: sub.by, tokenTypeIdx: sub.by.tokenTypeIdx!, image: sub.image, endOffset: end - 1 };
    }
  }
  return { tokens, comments: (result.groups.comments as IToken[] | undefined) ?? [], diagnostics, index };
}

/** end offset (exclusive) of a token as written */
export function tokenEnd(t: IToken): number {
  return t.endOffset !== undefined && !Number.isNaN(t.endOffset) ? t.endOffset + 1 : t.startOffset + t.image.length;
}
