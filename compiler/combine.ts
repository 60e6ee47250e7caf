// Effect combination: the one definition of how fired rules, `on unparsed` and `default` effects
// add up to a Decision. The interpreter calls it directly; the generated module carries a copy
// emitted from `COMBINE_JS` below, so both sides run the same text.
import type { Decision, Effect, FiredRule, MaskDirective, ReviewDirective } from '../runtime/decision/types.js';

/** Strength of an effect: lower is stronger (deny > review > mask > warn > allow). */
export const EFFECT_RANK: Readonly<Record<Effect, number>> = { deny: 0, review: 1, mask: 2, warn: 3, allow: 4 };

/** What one applicable policy contributes before combination. `fired` holds rules and the
 * pseudo-entries for `on unparsed` / `default` (ids `policy.@unparsed`, `policy.@default`),
 * already in source order. */
export interface Contribution {
  effects: Effect[];
  fired: FiredRule[];
  unparsed: boolean;
}

/** Combines the contributions of every applicable policy into one decision.
 * No contribution at all means `allow`. Reviews union approvers, take the largest minimum and the
 * shortest expiry; masks are all kept (they apply once a review is granted, too). */
export function combine(contributions: readonly Contribution[]): Decision {
  let best: Effect = 'allow';
  let unparsed = false;
  const fired: FiredRule[] = [];
  for (const c of contributions) {
    if (c.unparsed) unparsed = true;
    for (const e of c.effects) if (EFFECT_RANK[e] < EFFECT_RANK[best]) best = e;
    for (const f of c.fired) fired.push(f);
  }
  return finish(best, fired, unparsed);
}

function finish(effect: Effect, fired: FiredRule[], unparsed: boolean): Decision {
  let review: ReviewDirective | null = null;
  const masks: MaskDirective[] = [];
  for (const f of fired) {
    if (f.mask) masks.push(f.mask);
    if (effect === 'review' && f.review) review = mergeReview(review, f.review);
  }
  return { effect, fired, review, masks, unparsed };
}

export function mergeReview(a: ReviewDirective | null, b: ReviewDirective): ReviewDirective {
  if (!a) return { approvers: [...b.approvers], minApprovals: b.minApprovals, expiresIn: b.expiresIn, selfApproval: false };
  const approvers = [...a.approvers];
  for (const g of b.approvers) if (!approvers.includes(g)) approvers.push(g);
  return {
    approvers,
    minApprovals: Math.max(a.minApprovals, b.minApprovals),
    expiresIn: Math.min(a.expiresIn, b.expiresIn),
    selfApproval: false,
  };
}

/** Combines decisions of several statements of one request (tests, the linter over a file):
 * strongest effect, all fired rules, merged reviews and masks. */
export function combineDecisions(decisions: readonly Decision[]): Decision {
  let effect: Effect = 'allow';
  let unparsed = false;
  const fired: FiredRule[] = [];
  let review: ReviewDirective | null = null;
  const masks: MaskDirective[] = [];
  for (const d of decisions) {
    if (EFFECT_RANK[d.effect] < EFFECT_RANK[effect]) effect = d.effect;
    if (d.unparsed) unparsed = true;
    fired.push(...d.fired);
    masks.push(...d.masks);
  }
  if (effect === 'review') for (const d of decisions) if (d.review) review = mergeReview(review, d.review);
  return { effect, fired, review, masks, unparsed };
}

/** The same combination as plain JS for the generated module (kept textually next to the TS
 * version; `test/compiler/back-combine.test.ts` checks both agree). `R` is the effect rank table. */
export const COMBINE_JS = `const R = { deny: 0, review: 1, mask: 2, warn: 3, allow: 4 };
function mergeReview(a, b) {
  if (!a) return { approvers: b.approvers.slice(), minApprovals: b.minApprovals, expiresIn: b.expiresIn, selfApproval: false };
  const approvers = a.approvers.slice();
  for (const g of b.approvers) if (!approvers.includes(g)) approvers.push(g);
  return { approvers, minApprovals: Math.max(a.minApprovals, b.minApprovals), expiresIn: Math.min(a.expiresIn, b.expiresIn), selfApproval: false };
}
function finish(effect, fired, unparsed) {
  let review = null;
  const masks = [];
  for (const f of fired) {
    if (f.mask) masks.push(f.mask);
    if (effect === 'review' && f.review) review = mergeReview(review, f.review);
  }
  return { effect, fired, review, masks, unparsed };
}`;
