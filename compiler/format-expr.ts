// Printing expressions, literals and templates back to source: canonical spacing, and parentheses
// where the meaning needs them plus a few fixed ones for the reader (`(a and b) or c`, `not (x == 1)`,
// `(any x in l where p) and q`). Used by the formatter and by messages that quote an expression.
import type * as A from './ast.js';

const PREC = { or: 1, and: 2, not: 3, rel: 4, primary: 5 } as const;

export function printString(value: string): string {
  return '"' + value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t') + '"';
}

export function printTemplate(t: A.MessageTemplate): string {
  let s = '';
  for (const p of t.parts) {
    s += p.kind === 'text' ? p.value.replace(/\{/g, '{{').replace(/\}/g, '}}') : '{' + p.path.segments.join('.') + '}';
  }
  return printString(s);
}

function printNumber(n: number): string {
  return Number.isInteger(n) ? String(n) : String(n);
}

/** does printing `e` end with an open-ended `where` body (which would swallow what follows)? */
function openEnded(e: A.Expr): boolean {
  return e.kind === 'quantifier' && e.where !== null;
}

/** @param prec the binding strength of the surrounding context
 *  @param trailing whether more of the same expression follows `e` */
export function printExpr(e: A.Expr, prec = 0, trailing = false): string {
  switch (e.kind) {
    case 'or':
    case 'and': {
      const own = PREC[e.kind];
      // for the reader, not the parser: `(a and b) or c`, `(any x in l where p) and q`
      const operandPrec = e.kind === 'or' ? PREC.and + 1 : own + 1;
      const inner = e.operands.map((o, i) =>
        openEnded(o) ? `(${printExpr(o)})` : printExpr(o, operandPrec, i < e.operands.length - 1 || (trailing && prec <= own)),
      );
      const s = inner.join(` ${e.kind} `);
      return prec > own ? `(${s})` : s;
    }
    case 'not': {
      // `not (x == 1)`, `not (any ...)`: only a bare path or call goes without parentheses
      const bare = e.operand.kind === 'path' || e.operand.kind === 'call' || e.operand.kind === 'bool' || e.operand.kind === 'not';
      const s = 'not ' + printExpr(e.operand, bare ? PREC.not : PREC.primary, trailing && prec <= PREC.not);
      return prec > PREC.not ? `(${s})` : s;
    }
    case 'quantifier': {
      let s: string;
      if (e.form === 'postfix' && e.where) {
        s = `${printExpr(e.list, PREC.primary)} ${e.quantifier} ${e.variable.value} where ${printExpr(e.where, 0)}`;
        return prec > PREC.rel || (openEnded(e) && trailing) ? `(${s})` : s;
      }
      s = `${e.quantifier} ${e.variable.value} in ${printExpr(e.list, PREC.primary)}` + (e.where ? ` where ${printExpr(e.where, 0)}` : '');
      return prec > PREC.not || (openEnded(e) && trailing) ? `(${s})` : s;
    }
    case 'compare':
      return rel(`${printExpr(e.left, PREC.primary)} ${e.op} ${printExpr(e.right, PREC.primary)}`, prec);
    case 'in':
      return rel(`${printExpr(e.value, PREC.primary)} in ${printExpr(e.list, PREC.primary)}`, prec);
    case 'has':
      return rel(`${printExpr(e.list, PREC.primary)} has ${printExpr(e.value, PREC.primary)}`, prec);
    case 'has_any':
    case 'has_all':
      return rel(`${printExpr(e.list, PREC.primary)} ${e.kind} ${printExpr(e.values, PREC.primary)}`, prec);
    case 'like':
    case 'matches':
      return rel(`${printExpr(e.value, PREC.primary)} ${e.kind} ${printString(e.pattern.value)}`, prec);
    case 'count':
      if (e.variable === null) return `count(${printExpr(e.list, PREC.primary)})`;
      return `count(${e.variable.value} in ${printExpr(e.list, PREC.primary)}${e.where ? ' where ' + printExpr(e.where, 0) : ''})`;
    case 'path':
      return e.segments.join('.');
    case 'call': {
      const target = e.target.segments.length > 0 ? e.target.segments.join('.') + '.' : '';
      return `${target}${e.name.value}(${e.args.map((a) => printExpr(a, 0)).join(', ')})`;
    }
    case 'string':
      return printString(e.value);
    case 'number':
      return printNumber(e.value);
    case 'bool':
      return e.value ? 'true' : 'false';
    case 'null':
      return 'null';
    case 'duration':
      return e.text;
    case 'enum':
      return e.value;
    case 'list':
      return `[${e.items.map((i) => printExpr(i, 0)).join(', ')}]`;
    case 'error':
      return '<error>';
  }
}

function rel(s: string, prec: number): string {
  return prec > PREC.rel ? `(${s})` : s;
}
