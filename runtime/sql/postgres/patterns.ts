// Pattern matches (LIKE, ILIKE, SIMILAR TO, regular expression operators) as PatternFacts: the
// operator, the constant pattern and whether it starts with a wildcard (no B-tree index helps).
import type { PatternFact, PatternOperator } from '../../facts/types.js';
import { leadingWildcard } from '../patterns.js';
import { spanAt, type Ctx } from './context.js';
import { nameParts, stringConst } from './names.js';

/** operator names as libpg-query spells them (`x LIKE y` is `~~`, NOT LIKE `!~~`) */
const OPERATORS: Record<string, PatternOperator> = {
  '~~': 'like',
  '!~~': 'like',
  '~~*': 'ilike',
  '!~~*': 'ilike',
  '~': 'regex',
  '!~': 'regex',
  '~*': 'regex',
  '!~*': 'regex',
};

function operatorOf(e: any): PatternOperator | null {
  if (e.kind === 'AEXPR_LIKE') return 'like';
  if (e.kind === 'AEXPR_ILIKE') return 'ilike';
  if (e.kind === 'AEXPR_SIMILAR') return 'similar';
  if (e.kind !== 'AEXPR_OP' && e.kind !== 'AEXPR_OP_ANY' && e.kind !== 'AEXPR_OP_ALL') return null;
  const name = nameParts(e.name);
  return OPERATORS[name[name.length - 1] ?? ''] ?? null;
}

/** The pattern operand: a constant, possibly wrapped in like_escape()/similar_to_escape() (ESCAPE, SIMILAR TO). */
function patternNode(rexpr: any): any {
  const call = rexpr?.FuncCall;
  if (call && /^(like_escape|similar_to_escape|similar_escape)$/.test(nameParts(call.funcname).at(-1) ?? '')) return call.args?.[0];
  return rexpr;
}

/** Record the A_Expr as a PatternFact when it is a pattern match. */
export function recordPattern(ctx: Ctx, e: any): void {
  const operator = operatorOf(e);
  if (!operator) return;
  const node = patternNode(e.rexpr);
  const pattern = stringConst(node);
  const constLoc = node?.A_Const?.location ?? node?.TypeCast?.arg?.A_Const?.location;
  const fact: PatternFact = {
    kind: 'pattern',
    operator,
    pattern,
    leadingWildcard: pattern !== null && leadingWildcard(operator, pattern),
    span: spanAt(ctx, pattern !== null && typeof constLoc === 'number' ? constLoc : e.location),
  };
  ctx.st.out.patterns.push(fact);
}
