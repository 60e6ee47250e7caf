// Splits a SQL text into statements on the terminator outside quotes and comments, for every
// dialect. Also: BEGIN ... END bodies of CREATE FUNCTION/PROCEDURE/TRIGGER/EVENT keep their `;`
// (MySQL compound statements; Postgres `BEGIN ATOMIC`), the mysql client's DELIMITER directive
// changes the terminator (as do its `\g` and `\G`), sqlcmd's `GO` line ends a batch, and each
// psql or mysql client backslash command is a statement of its own (so are the mysql client's
// `system` and `source` lines). Postgres: a `;` inside parentheses does not end a statement, psql's
// `\;` does. Linear: one pass, no per-token allocation; at most one re-read from a body that never
// closes (later bodies are then split plainly), one from a `(` that never closes, and for MySQL one more pass under NO_BACKSLASH_ESCAPES when a string holds a
// backslash escape, to warn when that reading would move a statement boundary.
import type { Diagnostic, Dialect } from '../../facts/types.js';
import { lineIndex } from '../../text/spans.js';
import { Lexer, lexOptions, problemDiagnostics } from './lexer.js';
import type { LexOptions, LexProblem } from './tokens.js';

export interface RawStatement {
  /** UTF-16 offsets of the statement text, trimmed of surrounding whitespace and comments,
   * excluding the terminating `;` */
  start: number;
  end: number;
  /** contiguous partition: the chunks of all statements (plus a trailing chunk of whitespace,
   * comments and client directives, if any) join back to the whole text exactly. A chunk
   * begins right after the previous terminator and ends right after its own. */
  chunkStart: number;
  chunkEnd: number;
  /** set when the statement is a client-side command, not SQL: a psql backslash meta-command
   * (`\copy`, `\!`, ...) or a mysql client command (`\! cmd`, `\. file`, ...) */
  meta?: 'psql' | 'mysql';
  /** the statement begins inside a MySQL executable comment (`/*!50003 CREATE*\/ ...`): re-lex
   * it with `tokensIn(text, start, end, dialect, true)` so the closing markers read as such */
  inExecutableComment?: true;
}

const WORD_KEYS = new Set([
  'CREATE', 'FUNCTION', 'PROCEDURE', 'TRIGGER', 'EVENT', 'BEGIN', 'END', 'CASE', 'ATOMIC', 'IF', 'LOOP', 'WHILE', 'REPEAT',
  'DELIMITER', 'GO', 'TRAN', 'TRANSACTION', 'WORK', 'DISTRIBUTED', 'SYSTEM', 'SOURCE', 'PAGER',
]);
/** BEGIN followed by one of these starts a transaction, not a block (T-SQL `BEGIN TRAN` in a procedure) */
const BEGIN_TRANSACTION = new Set(['TRAN', 'TRANSACTION', 'WORK', 'DISTRIBUTED']);

interface Checkpoint {
  pos: number;
  inExec: boolean;
  problems: number;
  stmtStart: number;
  stmtEnd: number;
  words: number;
  blockOpen: number;
  parens: number;
}

export function splitStatements(text: string, dialect: Dialect): { statements: RawStatement[]; diagnostics: Diagnostic[] } {
  const opts = lexOptions(dialect);
  const main = splitWith(text, opts);
  const problems = main.problems;
  if (dialect === 'mysql' || dialect === 'mariadb') {
    // the server's sql_mode decides how quotes read: under NO_BACKSLASH_ESCAPES `\'` ends a
    // string. When that reading moves a statement boundary, a statement could hide inside what
    // we read as a string: say so. (ANSI_QUOTES only turns "..." into identifiers, which also
    // drops their backslash escapes: a boundary it moves, NO_BACKSLASH_ESCAPES moves too.)
    if (main.sawBackslashEscape) {
      const at = firstDifference(main.statements, splitWith(text, { ...opts, backslashEscapes: false }).statements);
      if (at) {
        problems.push({
          code: 'sql/ambiguous-quoting',
          message: 'statement boundaries change when the server runs with `NO_BACKSLASH_ESCAPES`',
          start: at[0],
          end: at[1],
          severity: 'warning',
        });
      }
    }
  }
  const diagnostics = problems.length > 0 ? problemDiagnostics(problems, lineIndex(text)) : [];
  return { statements: main.statements, diagnostics };
}

/** The first statement two splits disagree on: from its start to where the shorter reading ends it. */
function firstDifference(a: RawStatement[], b: RawStatement[]): [number, number] | null {
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i];
    const y = b[i];
    if (!x || !y) {
      const z = x ?? y;
      return [z.start, z.end];
    }
    if (x.start !== y.start) return [Math.min(x.start, y.start), Math.max(x.start, y.start)];
    if (x.end !== y.end) return [x.start, Math.min(x.end, y.end)];
  }
  return null;
}

interface SplitResult {
  statements: RawStatement[];
  problems: LexProblem[];
  sawBackslashEscape: boolean;
}

function splitWith(text: string, opts: LexOptions): SplitResult {
  const lx = new Lexer(text, opts);
  const statements: RawStatement[] = [];
  const extraProblems: LexProblem[] = [];
  const len = text.length;

  let chunkStart = 0;
  let stmtStart = -1;
  let stmtEnd = -1;
  let stmtInExec = false;
  let delimiter = ';';
  // block tracking for the current statement
  let words = 0;
  let firstWord = '';
  let routine = false;
  let noBlocks = false;
  const stack: number[] = []; // 0 = BEGIN, 1 = CASE
  let pendingEnd = false;
  let pendingBegin = false;
  let checkpoint: Checkpoint | null = null;
  let blocksBroken = false;
  // parenthesis depth of the current statement (psql: a `;` inside parentheses does not end it);
  // the first `;` held that way is a checkpoint to resume from when a `(` never closes
  const parensOn = opts.parenthesesHoldTerminator;
  let parens = 0;
  let parenOpen = 0;
  let parenCheckpoint: Checkpoint | null = null;
  let parensBroken = false;

  // methods rather than arrow constants: tsx (esbuild keepNames) renames an arrow constant on
  // every call, a measurable cost per statement
  const chunk = {
    reset(): void {
      stmtStart = -1;
      stmtEnd = -1;
      words = 0;
      firstWord = '';
      routine = false;
      noBlocks = false;
      stack.length = 0;
      pendingEnd = false;
      pendingBegin = false;
      checkpoint = null;
      parens = 0;
      parenCheckpoint = null;
    },
    finish(chunkEnd: number, meta?: 'psql' | 'mysql'): void {
      if (stmtStart >= 0) {
        const s: RawStatement = { start: stmtStart, end: stmtEnd, chunkStart, chunkEnd };
        if (meta) s.meta = meta;
        if (stmtInExec) s.inExecutableComment = true;
        statements.push(s);
        chunkStart = chunkEnd;
      }
      chunk.reset();
    },
  };
  const { finish } = chunk;

  for (;;) {
    if (delimiter !== ';' && text.startsWith(delimiter, lx.pos)) {
      lx.pos += delimiter.length;
      finish(lx.pos);
      continue;
    }
    if (!lx.next()) {
      if (pendingEnd && stack.length > 0) stack.pop();
      pendingEnd = false;
      if (stack.length > 0 && checkpoint) {
        // the body never closes: report it and split that statement as if it had no body
        const cp: Checkpoint = checkpoint;
        extraProblems.push({ code: 'sql/unterminated-block', message: 'unterminated `BEGIN` block', start: cp.blockOpen, end: cp.blockOpen + 5 });
        lx.pos = cp.pos;
        lx.inExec = cp.inExec;
        lx.problems.length = cp.problems;
        stmtStart = cp.stmtStart;
        words = cp.words;
        stack.length = 0;
        checkpoint = null;
        noBlocks = true;
        // later bodies are split plainly too: retrying each one to the end would be quadratic
        blocksBroken = true;
        parens = cp.parens;
        if (parenCheckpoint && parenCheckpoint.pos >= cp.pos) parenCheckpoint = null;
        continue;
      }
      if (parens > 0 && parenCheckpoint) {
        // a `(` never closes: report it and split that statement at its `;` after all (fail
        // closed: psql would send the rest of the file as one statement, which the server rejects)
        const cp: Checkpoint = parenCheckpoint;
        extraProblems.push({ code: 'sql/unterminated-parenthesis', message: 'unclosed `(` holds a `;`', start: parenOpen, end: parenOpen + 1 });
        lx.pos = cp.pos;
        lx.inExec = cp.inExec;
        lx.problems.length = cp.problems;
        stmtStart = cp.stmtStart;
        stmtEnd = cp.stmtEnd;
        words = cp.words;
        stack.length = 0;
        pendingBegin = false;
        checkpoint = null;
        noBlocks = true;
        parens = 0;
        parenCheckpoint = null;
        // later statements are split plainly too, keeping the splitter linear
        parensBroken = true;
        continue;
      }
      finish(len);
      break;
    }
    const kind = lx.kind;
    if (kind === 'whitespace' || kind === 'comment' || kind === 'exec_marker') continue;

    if (kind === 'meta') {
      if (opts.clientCommands === 'mysql' && (text.startsWith('\\g', lx.start) || text.startsWith('\\G', lx.start)) && lx.end - lx.start === 2) {
        // the mysql client's `\g` / `\G` terminate the statement like `;`
        finish(lx.end);
        continue;
      }
      finish(lx.start);
      let e = lx.end;
      while (e > lx.start && isSpace(text.charCodeAt(e - 1))) e--;
      stmtStart = lx.start;
      stmtEnd = e;
      stmtInExec = false;
      finish(lx.end, opts.clientCommands === 'mysql' ? 'mysql' : 'psql');
      continue;
    }

    const tokStart = lx.start;
    const tokEnd = lx.end;
    let upper = '';
    // only the first word, the head and body of a CREATE, and sqlcmd's GO need reading
    if (kind === 'word' && tokEnd - tokStart <= 11 && (words === 0 || firstWord === 'CREATE' || opts.goBatches)) {
      const w = text.slice(tokStart, tokEnd).toUpperCase();
      if (WORD_KEYS.has(w)) upper = w;
    }

    if (stmtStart < 0) {
      if (upper === 'DELIMITER' && opts.delimiterDirective) {
        const d = readDelimiter(text, tokEnd, len);
        if (d.value) {
          delimiter = d.value;
          lx.pos = d.lineEnd;
          continue;
        }
      }
      if ((upper === 'SYSTEM' || upper === 'SOURCE' || upper === 'PAGER') && opts.clientCommands === 'mysql' && !lx.inExec && blankBefore(text, tokStart)) {
        // the mysql client's long-form `system cmd` / `source file` / `pager cmd`, read at the start of a line
        // when no statement is pending: its argument is the rest of the line
        const eol = lineEndOf(text, tokEnd, len);
        let e = eol;
        while (e > tokStart && isSpace(text.charCodeAt(e - 1))) e--;
        stmtStart = tokStart;
        stmtEnd = e;
        stmtInExec = false;
        finish(eol, 'mysql');
        lx.pos = eol;
        continue;
      }
    }
    if (upper === 'GO' && opts.goBatches && aloneOnLine(text, tokStart, tokEnd, len)) {
      finish(lineEndOf(text, tokEnd, len));
      lx.pos = lineEndOf(text, tokEnd, len);
      continue;
    }

    const blocksOn = delimiter === ';' && !noBlocks && !blocksBroken;
    if (blocksOn && routine) {
      if (pendingBegin) {
        pendingBegin = false;
        if (opts.blocks === 'atomic' ? upper === 'ATOMIC' : !BEGIN_TRANSACTION.has(upper) && text.charCodeAt(tokStart) !== 59) stack.push(0);
      }
      if (pendingEnd) {
        pendingEnd = false;
        if (upper === 'IF' || upper === 'LOOP' || upper === 'WHILE' || upper === 'REPEAT') {
          upper = ''; // END IF and friends close nothing we track
        } else {
          stack.pop();
          if (upper === 'CASE') upper = ''; // END CASE
        }
      }
    }

    // `;`, or psql's `\;` (a `;` in the query buffer: the statements around it are sent together and all run)
    if (kind === 'punctuation' && delimiter === ';' && (text.charCodeAt(tokStart) === 59 || text.charCodeAt(tokStart) === 92)) {
      const held = parens > 0 && parensOn && !parensBroken;
      if (held && !parenCheckpoint) {
        parenCheckpoint = { pos: tokStart, inExec: lx.inExec, problems: lx.problems.length, stmtStart, stmtEnd, words, blockOpen: tokStart, parens };
      }
      if (!held && (stack.length === 0 || !blocksOn)) {
        finish(tokEnd);
        continue;
      }
      if (stmtStart < 0) {
        stmtStart = tokStart;
        stmtInExec = lx.inExec;
      }
      stmtEnd = tokEnd;
      continue;
    }

    if (stmtStart < 0) {
      stmtStart = tokStart;
      stmtInExec = lx.inExec;
    }
    stmtEnd = tokEnd;

    if (kind === 'punctuation' && parensOn && !parensBroken) {
      const ch = text.charCodeAt(tokStart);
      if (ch === 40) {
        if (parens++ === 0) parenOpen = tokStart;
      } else if (ch === 41 && parens > 0) parens--;
    }

    if (kind === 'word') {
      words++;
      if (words === 1) firstWord = upper;
      else if (!routine && words <= 12 && firstWord === 'CREATE' && (upper === 'FUNCTION' || upper === 'PROCEDURE' || upper === 'TRIGGER' || upper === 'EVENT')) {
        routine = true;
      }
      if (blocksOn && routine && upper !== '') {
        if (upper === 'BEGIN') {
          if (stack.length === 0 && !checkpoint) {
            // to resume just before BEGIN, re-reading the body with blocks off (BEGIN resets stmtEnd)
            checkpoint = { pos: tokStart, inExec: lx.inExec, problems: lx.problems.length, stmtStart, stmtEnd, words: words - 1, blockOpen: tokStart, parens };
          }
          pendingBegin = true;
        } else if (upper === 'CASE' && stack.length > 0) stack.push(1);
        else if (upper === 'END' && stack.length > 0) pendingEnd = true;
      }
    }
  }

  return {
    statements,
    problems: [...lx.problems, ...extraProblems],
    sawBackslashEscape: lx.sawBackslashEscape,
  };
}

function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

/** Only blanks between the start of the line and `p`. */
function blankBefore(text: string, p: number): boolean {
  for (let q = p - 1; q >= 0; q--) {
    const c = text.charCodeAt(q);
    if (c === 10 || c === 13) return true;
    if (c !== 32 && c !== 9) return false;
  }
  return true;
}

function lineEndOf(text: string, p: number, len: number): number {
  while (p < len) {
    const c = text.charCodeAt(p);
    if (c === 10 || c === 13) break;
    p++;
  }
  return p;
}

/** `DELIMITER x` (mysql client): the new terminator is the next run of non-blank characters. */
function readDelimiter(text: string, p: number, len: number): { value: string; lineEnd: number } {
  const eol = lineEndOf(text, p, len);
  let q = p;
  if (q < eol && !isSpace(text.charCodeAt(q))) return { value: '', lineEnd: eol };
  while (q < eol && isSpace(text.charCodeAt(q))) q++;
  let e = q;
  while (e < eol && !isSpace(text.charCodeAt(e))) e++;
  return { value: text.slice(q, e), lineEnd: eol };
}

/** sqlcmd's `GO [count]` must be alone on its line. */
function aloneOnLine(text: string, start: number, end: number, len: number): boolean {
  let p = start - 1;
  while (p >= 0) {
    const c = text.charCodeAt(p);
    if (c === 10 || c === 13) break;
    if (c !== 32 && c !== 9) return false;
    p--;
  }
  const eol = lineEndOf(text, end, len);
  for (let q = end; q < eol; q++) {
    const c = text.charCodeAt(q);
    if (!(c === 32 || c === 9 || (c >= 48 && c <= 57))) return false;
  }
  return true;
}
