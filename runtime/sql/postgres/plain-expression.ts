// PL/pgSQL expressions that need no parse: `x > 0`, `v_total + 1`, `NEW.updated_at`, `'done'`.
// Each would be parsed as `SELECT <expr>` and walked in a scope without tables, where column
// references, constants and operators other than pattern matches yield no facts. So when our
// lexer shows the text is certainly such an expression (names, numbers, plain strings, a few
// operators; no parenthesis, hence no call, subquery or cast) the parse is skipped: the facts are
// the same. Anything else is parsed as before. The grammar accepted here is a strict subset of
// what Postgres parses (comparisons do not chain, IS ends an operand, NOT only starts one).
import { Lexer, lexOptions } from '../lexer/lexer.js';

const LEX = lexOptions('postgres');

/** Postgres 18 keywords that are not unreserved (reserved, column-name and type/function-name
 * keywords): as a bare name they are a syntax error or something other than a column. */
const NOT_A_NAME = new Set(
  (
    'all analyse analyze and any array as asc asymmetric authorization between bigint binary bit boolean both case ' +
    'cast char character check coalesce collate collation column concurrently constraint create cross ' +
    'current_catalog current_date current_role current_schema current_time current_timestamp current_user dec ' +
    'decimal default deferrable desc distinct do else end except exists extract false fetch float for foreign ' +
    'freeze from full grant greatest group grouping having ilike in initially inner inout int integer intersect ' +
    'interval into is isnull join json json_array json_arrayagg json_exists json_object json_objectagg json_query ' +
    'json_scalar json_serialize json_table json_value lateral leading least left like limit localtime ' +
    'localtimestamp merge_action national natural nchar none normalize not notnull null nullif numeric offset on ' +
    'only or order out outer overlaps overlay placing position precision primary real references returning right ' +
    'row select session_user setof similar smallint some substring symmetric system_user table tablesample then ' +
    'time timestamp to trailing treat trim true union unique user using values varchar variadic verbose when where ' +
    'window with xmlattributes xmlconcat xmlelement xmlexists xmlforest xmlnamespaces xmlparse xmlpi xmlroot ' +
    'xmlserialize xmltable'
  ).split(' '),
);
/** comparisons: non-associative in Postgres (`a < b < c` is a syntax error) */
const COMPARISONS = new Set(['=', '<', '>', '<=', '>=', '<>', '!=']);
const ARITHMETIC = new Set(['+', '-', '*', '/', '%', '||']);
const NAME = /^[A-Za-z_][A-Za-z0-9_$]*$/;
const NUMBER = /^[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?$/;
const PARAM = /^\$[0-9]+$/;

/** What the next token may be. */
const enum Want {
  /** an operand, or a prefix (`-`, `+`, and NOT where `notOk`) */
  Operand,
  /** a name after `.` */
  Field,
  /** a binary operator, `.` (after a name), IS, AND, OR, or the end */
  After,
  /** after IS [NOT] NULL/TRUE/FALSE: AND, OR or the end */
  AfterIs,
}

/** True when `SELECT <sql>` certainly parses and its walk certainly yields no fact. */
export function isPlainExpression(sql: string): boolean {
  if (sql.length > 200) return false;
  const lx = new Lexer(sql, LEX);
  let want: Want = Want.Operand;
  let notOk = true; // NOT may start the operand (at the start, after AND, OR, NOT)
  let afterName = false;
  let comparisons = 0; // in the current AND/OR operand
  let isState = 0; // 1 after IS, 2 after IS NOT
  let prevOperatorEnd = -1;
  let tokens = 0;
  while (lx.next()) {
    const kind = lx.kind;
    if (kind === 'whitespace') continue;
    if (++tokens > 40) return false;
    const text = sql.slice(lx.start, lx.end);
    const up = kind === 'word' ? text.toLowerCase() : '';
    if (isState > 0) {
      if (kind !== 'word') return false;
      if (up === 'not' && isState === 1) {
        isState = 2;
        continue;
      }
      if (up !== 'null' && up !== 'true' && up !== 'false') return false;
      isState = 0;
      want = Want.AfterIs;
      continue;
    }
    if (want === Want.Operand || want === Want.Field) {
      if (kind === 'operator' && want === Want.Operand && (text === '-' || text === '+')) {
        if (lx.start === prevOperatorEnd) return false; // `>-` and the like: Postgres may join them
        prevOperatorEnd = lx.end;
        notOk = false;
        continue;
      }
      if (kind === 'word' && want === Want.Operand && up === 'not') {
        if (!notOk) return false;
        continue;
      }
      afterName = false;
      if (kind === 'word') {
        if (NOT_A_NAME.has(up)) {
          if (want === Want.Field || (up !== 'null' && up !== 'true' && up !== 'false')) return false;
        } else if (NAME.test(text)) afterName = true;
        else return false;
      } else if (kind === 'quoted_identifier') {
        if (text.length <= 2 || text.charCodeAt(0) !== 34 || text.charCodeAt(text.length - 1) !== 34) return false;
        afterName = true;
      } else if (want === Want.Field) return false;
      else if (kind === 'number') {
        if (!NUMBER.test(text)) return false;
      } else if (kind === 'string') {
        if (text.length < 2 || text.charCodeAt(0) !== 39 || text.charCodeAt(text.length - 1) !== 39 || text.includes('\\')) return false;
      } else if (kind === 'parameter') {
        if (!PARAM.test(text)) return false;
      } else return false;
      want = Want.After;
      continue;
    }
    // after an operand
    if (kind === 'punctuation' && text === '.' && afterName && want === Want.After) {
      want = Want.Field;
      continue;
    }
    if (kind === 'word' && (up === 'and' || up === 'or')) {
      want = Want.Operand;
      notOk = true;
      comparisons = 0;
      continue;
    }
    if (want === Want.AfterIs) return false;
    if (kind === 'word' && up === 'is') {
      isState = 1;
      continue;
    }
    if (kind !== 'operator') return false;
    if (COMPARISONS.has(text)) {
      if (++comparisons > 1) return false;
    } else if (!ARITHMETIC.has(text)) return false;
    prevOperatorEnd = lx.end;
    want = Want.Operand;
    notOk = false;
  }
  return lx.problems.length === 0 && isState === 0 && (want === Want.After || want === Want.AfterIs);
}

/** A call without arguments (`now()`, `s.f()`, `"F"()`): the tree libpg-query builds for
 * `SELECT <sql>`, built here without a parse; null for anything else. */
export function plainCallTree(sql: string): unknown {
  if (sql.length > 200) return null;
  for (let i = 0; i < sql.length; i++) if (sql.charCodeAt(i) >= 128) return null; // byte offsets = char offsets
  const lx = new Lexer(sql, LEX);
  const names: string[] = [];
  let location = -1;
  let step = 0; // 0 name, 1 `.` or `(`, 2 `)`, 3 end
  while (lx.next()) {
    const kind = lx.kind;
    if (kind === 'whitespace') continue;
    const text = sql.slice(lx.start, lx.end);
    if (step === 0) {
      if (kind === 'word') {
        const low = text.toLowerCase();
        // OPERATOR( starts an operator name, not a call
        if (NOT_A_NAME.has(low) || low === 'operator' || !NAME.test(text)) return null;
        names.push(low);
      } else if (kind === 'quoted_identifier') {
        if (text.length <= 2 || text.charCodeAt(0) !== 34 || text.charCodeAt(text.length - 1) !== 34) return null;
        names.push(text.slice(1, -1).split('""').join('"'));
      } else return null;
      if (names[names.length - 1].length > 63 || names.length > 2) return null; // longer names are truncated
      if (location < 0) location = lx.start;
      step = 1;
    } else if (step === 1 && kind === 'punctuation' && text === '.') step = 0;
    else if (step === 1 && kind === 'punctuation' && text === '(') step = 2;
    else if (step === 2 && kind === 'punctuation' && text === ')') step = 3;
    else return null;
  }
  if (step !== 3 || lx.problems.length > 0) return null;
  const at = 'SELECT '.length + location;
  return {
    stmts: [
      {
        stmt: {
          SelectStmt: {
            targetList: [
              {
                ResTarget: {
                  val: { FuncCall: { funcname: names.map((sval) => ({ String: { sval } })), funcformat: 'COERCE_EXPLICIT_CALL', location: at } },
                  location: at,
                },
              },
            ],
            limitOption: 'LIMIT_OPTION_DEFAULT',
            op: 'SETOP_NONE',
          },
        },
      },
    ],
  };
}
