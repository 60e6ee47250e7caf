// A linear-time SQL lexer for every dialect. It never throws: an unterminated quote or comment
// becomes a problem (reported with the opener's offsets) and its token runs to the end of the
// text. The streaming `Lexer` allocates nothing per token, so the splitter can walk 50 MB
// without building token arrays; `tokenize` builds them for short statement texts.
import type { Diagnostic, Dialect } from '../../facts/types.js';
import { lineIndex, span, type LineIndex } from '../../text/spans.js';
import { DIALECT_LEX, type LexOptions, type LexProblem, type Token, type TokenKind } from './tokens.js';

const TAB = 9;
const LF = 10;
const CR = 13;
const SPACE = 32;
const BANG = 33;
const DQUOTE = 34;
const HASH = 35;
const DOLLAR = 36;
const SQUOTE = 39;
const STAR = 42;
const DASH = 45;
const SLASH = 47;
const COLON = 58;
const QUESTION = 63;
const AT = 64;
const LBRACKET = 91;
const BACKSLASH = 92;
const RBRACKET = 93;
const BACKTICK = 96;

function isWhitespace(c: number): boolean {
  return c === SPACE || (c >= TAB && c <= CR);
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Letters, `_` and anything beyond ASCII start an identifier (Postgres and MySQL both allow it),
 * except U+FFFD: it stands for bytes that were not UTF-8, and must not glue `\xffDROP` into one word. */
export function isIdentStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || (c >= 0x80 && c !== 0xfffd);
}

export function isIdentPart(c: number): boolean {
  return isIdentStart(c) || isDigit(c) || c === DOLLAR;
}

const PUNCTUATION = new Set([40, 41, 44, 59, 46, 91, 93, 123, 125]); // ( ) , ; . [ ] { }
const TWO_CHAR_OPERATORS = new Set(['::', '<=', '>=', '<>', '!=', '||', '->', '=>', ':=', '<<', '>>', '&&', '**']);

export class Lexer {
  /** offsets of the last token read by next() */
  start = 0;
  end = 0;
  kind: TokenKind = 'whitespace';
  /** inside a MySQL executable comment: its content is code, its `*\/` an exec_marker */
  inExec = false;
  readonly problems: LexProblem[] = [];
  /** a backslash escape was read inside a quoted string (its reading depends on the server's mode) */
  sawBackslashEscape = false;
  pos: number;
  private readonly length: number;

  constructor(
    readonly text: string,
    readonly opts: LexOptions,
    start = 0,
    end = text.length,
  ) {
    this.pos = start;
    this.length = end;
  }

  /** Read one token into start/end/kind; false at the end of the text. */
  next(): boolean {
    const text = this.text;
    const len = this.length;
    let p = this.pos;
    if (p >= len) return false;
    const o = this.opts;
    this.start = p;
    const c = text.charCodeAt(p);
    const d = p + 1 < len ? text.charCodeAt(p + 1) : -1;
    let kind: TokenKind;

    if (isWhitespace(c)) {
      p++;
      while (p < len && isWhitespace(text.charCodeAt(p))) p++;
      kind = 'whitespace';
    } else if (this.inExec && c === STAR && d === SLASH) {
      p += 2;
      this.inExec = false;
      kind = 'exec_marker';
    } else if (
      // the end of the text (not of a re-lexed range) counts as whitespace after MySQL's `--`
      (c === DASH && d === DASH && (!o.dashCommentNeedsSpace || p + 2 >= text.length || isWhitespace(text.charCodeAt(p + 2)))) ||
      (c === HASH && o.hashComments) ||
      (c === SLASH && d === SLASH && o.slashSlashComments)
    ) {
      p = lineEnd(text, p, len);
      kind = 'comment';
    } else if (c === SLASH && d === STAR) {
      const e = p + 2 < len ? text.charCodeAt(p + 2) : -1;
      const mariaExec = e === 77 && p + 3 < len && text.charCodeAt(p + 3) === BANG; // /*M!
      if (o.executableComments && !this.inExec && (e === BANG || mariaExec)) {
        p += mariaExec ? 4 : 3;
        while (p < len && isDigit(text.charCodeAt(p))) p++;
        this.inExec = true;
        kind = 'exec_marker';
      } else {
        p = this.blockComment(p, len);
        kind = 'comment';
      }
    } else if (c === SQUOTE) {
      if (o.tripleQuotedStrings && d === SQUOTE && p + 2 < len && text.charCodeAt(p + 2) === SQUOTE) {
        p = this.triple(p, "'''", len);
      } else p = this.quoted(p, SQUOTE, o.backslashEscapes, 'sql/unterminated-string', 'string', len);
      kind = 'string';
    } else if (c === DQUOTE) {
      if (o.doubleQuotedStrings) {
        if (o.tripleQuotedStrings && d === DQUOTE && p + 2 < len && text.charCodeAt(p + 2) === DQUOTE) {
          p = this.triple(p, '"""', len);
        } else p = this.quoted(p, DQUOTE, o.backslashEscapes, 'sql/unterminated-string', 'string', len);
        kind = 'string';
      } else {
        p = this.quoted(p, DQUOTE, false, 'sql/unterminated-identifier', 'quoted identifier', len);
        kind = 'quoted_identifier';
      }
    } else if (c === BACKTICK && o.backtickIdentifiers) {
      p = this.quoted(p, BACKTICK, false, 'sql/unterminated-identifier', 'quoted identifier', len);
      kind = 'quoted_identifier';
    } else if (c === LBRACKET && o.bracketIdentifiers) {
      p = this.quoted(p, RBRACKET, false, 'sql/unterminated-identifier', 'quoted identifier', len);
      kind = 'quoted_identifier';
    } else if (c === DOLLAR) {
      const q = o.dollarQuotes === 'none' ? -1 : this.dollarQuote(p, len);
      if (q >= 0) {
        p = q;
        kind = 'string';
      } else if (isDigit(d)) {
        p += 2;
        while (p < len && isDigit(text.charCodeAt(p))) p++;
        kind = 'parameter';
      } else if (d >= 0 && isIdentStart(d)) {
        // $name: Snowflake/SQLite variables
        p += 2;
        while (p < len && isIdentPart(text.charCodeAt(p))) p++;
        kind = 'parameter';
      } else {
        p++;
        kind = 'operator';
      }
    } else if (isDigit(c)) {
      p++;
      while (p < len) {
        const x = text.charCodeAt(p);
        if (isIdentPart(x) || x === 46) p++;
        else if ((x === 43 || x === DASH) && (text.charCodeAt(p - 1) | 32) === 101 && isDigit(text.charCodeAt(p + 1))) p++; // 1e+5
        else break;
      }
      kind = 'number';
    } else if (isIdentStart(c)) {
      if (o.eStrings && (c === 69 || c === 101) && d === SQUOTE) {
        p = this.quoted(p + 1, SQUOTE, true, 'sql/unterminated-string', 'string', len);
        kind = 'string';
      } else {
        p++;
        while (p < len && isIdentPart(text.charCodeAt(p))) p++;
        kind = 'word';
      }
    } else if (c === BACKSLASH && o.clientCommands === 'psql' && (d === 59 || d === COLON)) {
      // psql puts a plain `;` or `:` into the query buffer: `\;` separates statements sent together
      p += 2;
      kind = d === 59 ? 'punctuation' : 'operator';
    } else if (c === BACKSLASH && o.clientCommands === 'psql') {
      p = lineEnd(text, p, len);
      kind = 'meta';
    } else if (c === BACKSLASH && o.clientCommands === 'mysql' && d > 32) {
      // `\! cmd`, `\. file` and `\P pager` take the rest of the line
      p = d === BANG || d === 46 || d === 80 ? lineEnd(text, p, len) : p + 2;
      kind = 'meta';
    } else if (c === QUESTION && o.questionParameter) {
      p++;
      while (p < len && isDigit(text.charCodeAt(p))) p++;
      kind = 'parameter';
    } else if (c === COLON && d >= 0 && isIdentStart(d) && !(p > 0 && text.charCodeAt(p - 1) === COLON)) {
      p += 2;
      while (p < len && isIdentPart(text.charCodeAt(p))) p++;
      kind = 'parameter';
    } else if (c === AT && o.atVariables && (d === AT || isIdentStart(d) || d === SQUOTE || d === DQUOTE || d === BACKTICK)) {
      p++;
      if (text.charCodeAt(p) === AT) p++;
      const q = text.charCodeAt(p);
      if (q === SQUOTE || q === DQUOTE || q === BACKTICK) {
        p = this.quoted(p, q, q !== BACKTICK && o.backslashEscapes, 'sql/unterminated-string', 'string', len);
      } else {
        while (p < len && (isIdentPart(text.charCodeAt(p)) || text.charCodeAt(p) === 46)) p++;
      }
      kind = 'variable';
    } else if (PUNCTUATION.has(c)) {
      p++;
      kind = 'punctuation';
    } else {
      if (d >= 0 && TWO_CHAR_OPERATORS.has(text.slice(p, p + 2))) {
        p += 2;
        if (c === DASH && text.charCodeAt(p) === 62) p++; // ->>
      } else if (c >= 0xd800 && c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff) p += 2;
      else p++;
      kind = 'operator';
    }
    this.pos = p;
    this.end = p;
    this.kind = kind;
    return true;
  }

  private problem(code: string, message: string, start: number, end: number): void {
    this.problems.push({ code, message, start, end });
  }

  /** A quoted run closed by `close` (doubled to escape it), optionally with backslash escapes. */
  private quoted(p: number, close: number, backslash: boolean, code: string, what: string, len: number): number {
    const text = this.text;
    const open = p;
    p++;
    while (p < len) {
      const x = text.charCodeAt(p);
      if (x === close) {
        if (p + 1 < len && text.charCodeAt(p + 1) === close) p += 2;
        else return p + 1;
      } else if (backslash && x === BACKSLASH) {
        this.sawBackslashEscape = true;
        p += 2;
      } else p++;
    }
    this.problem(code, `unterminated ${what}`, open, open + 1);
    return len;
  }

  private triple(p: number, quote: string, len: number): number {
    const text = this.text;
    let q = p + 3;
    while (q < len) {
      const x = text.charCodeAt(q);
      if (x === BACKSLASH) q += 2;
      else if (text.startsWith(quote, q)) return q + 3;
      else q++;
    }
    this.problem('sql/unterminated-string', 'unterminated string', p, p + 3);
    return len;
  }

  private blockComment(p: number, len: number): number {
    const text = this.text;
    const open = p;
    const nested = this.opts.nestedComments;
    let depth = 1;
    p += 2;
    while (p < len) {
      const x = text.charCodeAt(p);
      if (x === STAR && p + 1 < len && text.charCodeAt(p + 1) === SLASH) {
        p += 2;
        if (--depth === 0) return p;
      } else if (nested && x === SLASH && p + 1 < len && text.charCodeAt(p + 1) === STAR) {
        depth++;
        p += 2;
      } else p++;
    }
    this.problem('sql/unterminated-comment', 'unterminated block comment', open, open + 2);
    return len;
  }

  /** $tag$...$tag$: the end offset, or -1 when `$` does not open a dollar quote here. */
  private dollarQuote(p: number, len: number): number {
    const text = this.text;
    let q = p + 1;
    if (this.opts.dollarQuotes === 'tagged' && q < len && isIdentStart(text.charCodeAt(q))) {
      q++;
      while (q < len) {
        const x = text.charCodeAt(q);
        if (isIdentStart(x) || isDigit(x)) q++;
        else break;
      }
    }
    if (q >= len || text.charCodeAt(q) !== DOLLAR) return -1;
    // a `$` directly after an identifier character belongs to that identifier (the lexer never gets here then)
    const tag = text.slice(p, q + 1);
    const close = text.indexOf(tag, q + 1);
    if (close < 0 || close + tag.length > len) {
      this.problem('sql/unterminated-dollar-quote', `unterminated dollar-quoted string \`${tag}\``, p, q + 1);
      return len;
    }
    return close + tag.length;
  }
}

function lineEnd(text: string, p: number, len: number): number {
  while (p < len) {
    const x = text.charCodeAt(p);
    if (x === LF || x === CR) break;
    p++;
  }
  return p;
}

export function lexOptions(dialect: Dialect): LexOptions {
  return DIALECT_LEX[dialect] ?? DIALECT_LEX.postgres;
}

const HELP: Record<string, string> = {
  'sql/unterminated-string': 'the rest of the text is read as part of the string: close the quote',
  'sql/unterminated-identifier': 'the rest of the text is read as part of the quoted name: close the quote',
  'sql/unterminated-comment': 'the rest of the text is read as part of the comment: close it with `*/`',
  'sql/unterminated-dollar-quote': 'the rest of the text is read as part of the string: repeat the opening tag to close it',
  'sql/unterminated-block': 'the body has no matching `END`: its statements are analysed one by one',
  'sql/unterminated-parenthesis': 'the parenthesis has no matching `)`: the statement is split at each `;` after it',
  'sql/ambiguous-quoting': 'a backslash inside a string ends it under `NO_BACKSLASH_ESCAPES`: write quotes as `\'\'` instead of `\\\'`',
};

/** Problems to diagnostics; `lines` indexes the same text the offsets refer to. */
export function problemDiagnostics(problems: readonly LexProblem[], lines: LineIndex, offset = 0): Diagnostic[] {
  return problems.map((p) => {
    const d: Diagnostic = {
      kind: 'diagnostic',
      code: p.code,
      severity: p.severity ?? 'error',
      message: p.message,
      span: span(lines, p.start + offset, p.end + offset),
    };
    const help = HELP[p.code];
    if (help) d.help = help;
    return d;
  });
}

/** All tokens of `text` (they partition it exactly), plus diagnostics for unterminated tokens. */
export function tokenize(text: string, dialect: Dialect, lines?: LineIndex): { tokens: Token[]; diagnostics: Diagnostic[] } {
  const lx = new Lexer(text, lexOptions(dialect));
  const tokens: Token[] = [];
  while (lx.next()) tokens.push({ kind: lx.kind, start: lx.start, end: lx.end });
  const diagnostics = lx.problems.length > 0 ? problemDiagnostics(lx.problems, lines ?? lineIndex(text)) : [];
  return { tokens, diagnostics };
}

/** Tokens of text[start, end) with offsets into the whole text; problems are dropped.
 * `inExec`: the range begins inside a MySQL executable comment. */
export function tokensIn(text: string, start: number, end: number, dialect: Dialect, inExec = false): Token[] {
  const lx = new Lexer(text, lexOptions(dialect), start, end);
  lx.inExec = inExec;
  const tokens: Token[] = [];
  while (lx.next()) tokens.push({ kind: lx.kind, start: lx.start, end: lx.end });
  return tokens;
}
