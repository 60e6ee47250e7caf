// Soundness of the constant-condition checks: whatever `fold` claims (always / never) must hold
// for every assignment of a small model of the request, checked by brute force.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type * as A from '../../compiler/ast.js';
import { factsOf, fold, implied } from '../../compiler/check-logic.js';
import { printExpr } from '../../compiler/format-expr.js';

const S: A.Span = { start: 0, end: 0, line: 1, column: 1, endLine: 1, endColumn: 1 };
// paths carry the checker's annotation: `statement.index` is a number that is never null
const path = (p: string): A.PathExpr => ({ kind: 'path', segments: p.split('.'), segmentSpans: p.split('.').map(() => S), span: S, resolved: { type: p === 'statement.index' ? { kind: 'number' } : { kind: 'bool' }, variable: null, field: p } });
const num = (value: number): A.NumberLit => ({ kind: 'number', value, span: S });
const en = (value: string): A.EnumLit => ({ kind: 'enum', value, span: S });

type Env = { reads: boolean; writes: boolean; index: number; kind: string };
const KINDS = ['agent', 'human', 'service'];
const envs: Env[] = [];
for (const reads of [false, true]) for (const writes of [false, true]) for (let index = 0; index < 4; index++) for (const kind of KINDS) envs.push({ reads, writes, index, kind });

const boolPath = fc.constantFrom('statement.reads', 'statement.writes').map(path);
const ops = fc.constantFrom<A.CompareOp>('==', '!=', '<', '<=', '>', '>=');
const atom: fc.Arbitrary<A.Expr> = fc.oneof(
  boolPath,
  fc.boolean().map((value): A.Expr => ({ kind: 'bool', value, span: S })),
  fc.tuple(ops, fc.integer({ min: -1, max: 4 }), fc.boolean()).map(([op, n, flip]): A.Expr => (flip ? { kind: 'compare', op, left: num(n), right: path('statement.index'), span: S } : { kind: 'compare', op, left: path('statement.index'), right: num(n), span: S })),
  fc.tuple(fc.constantFrom<A.CompareOp>('==', '!='), fc.constantFrom(...KINDS)).map(([op, k]): A.Expr => ({ kind: 'compare', op, left: path('principal.kind'), right: en(k), span: S })),
  fc.subarray(KINDS).map((ks): A.Expr => ({ kind: 'in', value: path('principal.kind'), list: { kind: 'list', items: ks.map(en), span: S }, span: S })),
  fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 3 })).map(([a, b]): A.Expr => ({ kind: 'compare', op: '==', left: num(a), right: num(b), span: S })),
);
const exprArb: fc.Arbitrary<A.Expr> = fc.letrec<{ e: A.Expr }>((tie) => ({
  e: fc.oneof(
    { weight: 3, arbitrary: atom },
    { weight: 1, arbitrary: tie('e').map((operand): A.Expr => ({ kind: 'not', operand, span: S })) },
    { weight: 2, arbitrary: fc.array(tie('e'), { minLength: 2, maxLength: 4 }).map((operands): A.Expr => ({ kind: 'and', operands, span: S })) },
    { weight: 2, arbitrary: fc.array(tie('e'), { minLength: 2, maxLength: 4 }).map((operands): A.Expr => ({ kind: 'or', operands, span: S })) },
  ),
})).e;

function value(e: A.Expr, env: Env): unknown {
  if (e.kind === 'path') return e.segments[1] === 'reads' ? env.reads : e.segments[1] === 'writes' ? env.writes : e.segments[1] === 'index' ? env.index : env.kind;
  if (e.kind === 'number') return e.value;
  if (e.kind === 'enum') return e.value;
  throw new Error('unexpected ' + e.kind);
}

function evaluateWith(e: A.Expr, env: Env, groups: string[]): boolean {
  const strs = (l: A.Expr) => (l as A.ListLit).items.map((i) => (i as A.StringLit).value);
  switch (e.kind) {
    case 'has':
      return groups.includes((e.value as A.StringLit).value);
    case 'has_any':
      return strs(e.values).some((g) => groups.includes(g));
    case 'has_all':
      return strs(e.values).every((g) => groups.includes(g));
    case 'not':
      return !evaluateWith(e.operand, env, groups);
    case 'and':
      return e.operands.every((o) => evaluateWith(o, env, groups));
    case 'or':
      return e.operands.some((o) => evaluateWith(o, env, groups));
    default:
      return evaluate(e, env);
  }
}

function evaluate(e: A.Expr, env: Env): boolean {
  switch (e.kind) {
    case 'bool':
      return e.value;
    case 'path':
      return value(e, env) as boolean;
    case 'not':
      return !evaluate(e.operand, env);
    case 'and':
      return e.operands.every((o) => evaluate(o, env));
    case 'or':
      return e.operands.some((o) => evaluate(o, env));
    case 'in':
      return (e.list as A.ListLit).items.some((i) => value(i, env) === value(e.value, env));
    case 'compare': {
      const l = value(e.left, env) as number;
      const r = value(e.right, env) as number;
      return e.op === '==' ? l === r : e.op === '!=' ? l !== r : e.op === '<' ? l < r : e.op === '<=' ? l <= r : e.op === '>' ? l > r : l >= r;
    }
    default:
      throw new Error('unexpected ' + e.kind);
  }
}

describe('constant conditions', () => {
  it('never claims "always" or "never" wrongly (property)', () => {
    fc.assert(
      fc.property(exprArb, (e) => {
        const claim = fold(e);
        if (claim === null) return;
        for (const env of envs) expect(evaluate(e, env), `${printExpr(e)} with ${JSON.stringify(env)}`).toBe(claim);
      }),
      { numRuns: 3000 },
    );
  });

  it('never claims an implication that a model contradicts (property)', () => {
    const roles = fc.constantFrom('a', 'b').map((g): A.Expr => ({ kind: 'has', list: path('principal.groups'), value: { kind: 'string', value: g, span: S }, span: S }));
    const anyRoles = fc.subarray(['a', 'b']).map((gs): A.Expr => ({ kind: 'has_any', list: path('principal.groups'), values: { kind: 'list', items: gs.map((g): A.Expr => ({ kind: 'string', value: g, span: S })), span: S }, span: S }));
    const allRoles = fc.subarray(['a', 'b']).map((gs): A.Expr => ({ kind: 'has_all', list: path('principal.groups'), values: { kind: 'list', items: gs.map((g): A.Expr => ({ kind: 'string', value: g, span: S })), span: S }, span: S }));
    const conj = fc.oneof(atom, roles, anyRoles, allRoles);
    const groupsOf = [[], ['a'], ['b'], ['a', 'b']];
    fc.assert(
      fc.property(fc.array(conj, { maxLength: 4 }), fc.oneof(conj, exprArb), (bs, a) => {
        if (!implied(a, factsOf(bs))) return;
        for (const env of envs) {
          for (const groups of groupsOf) {
            const holds = (e: A.Expr) => evaluateWith(e, env, groups);
            if (bs.every(holds)) expect(holds(a), `${bs.map((b) => printExpr(b)).join(' and ')} => ${printExpr(a)}`).toBe(true);
          }
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('decides the textbook cases', () => {
    const idx = (op: A.CompareOp, n: number): A.Expr => ({ kind: 'compare', op, left: path('statement.index'), right: num(n), span: S });
    expect(fold({ kind: 'and', operands: [idx('==', 1), idx('==', 2)], span: S })).toBe(false);
    expect(fold({ kind: 'and', operands: [idx('>', 5), idx('<', 3)], span: S })).toBe(false);
    expect(fold({ kind: 'and', operands: [idx('>=', 3), idx('<=', 3)], span: S })).toBe(null);
    expect(fold({ kind: 'or', operands: [idx('==', 1), idx('!=', 1)], span: S })).toBe(true);
    expect(fold({ kind: 'or', operands: [idx('<', 1), idx('>=', 1)], span: S })).toBe(true);
    const w = path('statement.writes');
    expect(fold({ kind: 'and', operands: [w, { kind: 'not', operand: w, span: S }], span: S })).toBe(false);
  });
});
