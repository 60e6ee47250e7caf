// Effect combination: the order deny > review > mask > warn > allow, review merging, masks kept,
// and the JS copy the generated module carries behaves exactly like the TypeScript one.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { combine, combineDecisions, COMBINE_JS, mergeReview, type Contribution } from '../../compiler/combine.js';
import type { Effect, FiredRule } from '../../runtime/decision/types.js';
import { SP } from './back-arbitraries.js';

const EFFECTS: Effect[] = ['deny', 'review', 'mask', 'warn', 'allow'];

function fired(id: string, effect: Effect, extra: Partial<FiredRule> = {}): FiredRule {
  return {
    id,
    policy: id.split('.')[0]!,
    rule: id.split('.')[1]!,
    effect,
    message: id,
    category: 'destructive',
    severity: 'error',
    docs: null,
    source: { file: 'a.hoop', line: 1, column: 1 },
    span: SP,
    ...extra,
  };
}

const review = (approvers: string[], minApprovals: number, expiresIn: number) => ({ approvers, minApprovals, expiresIn, selfApproval: false as const });

describe('combine', () => {
  it('is allow with no applicable policy', () => {
    expect(combine([])).toEqual({ effect: 'allow', fired: [], review: null, masks: [], unparsed: false });
  });

  it('picks the strongest effect in the order deny > review > mask > warn > allow', () => {
    for (let a = 0; a < EFFECTS.length; a++)
      for (let b = 0; b < EFFECTS.length; b++) {
        const d = combine([{ effects: [EFFECTS[a]!], fired: [], unparsed: false }, { effects: [EFFECTS[b]!], fired: [], unparsed: false }]);
        expect(d.effect).toBe(EFFECTS[Math.min(a, b)]);
      }
  });

  it('unions approvers, takes the largest minimum and the shortest expiry', () => {
    const c: Contribution = {
      effects: ['review', 'review'],
      fired: [fired('p.a', 'review', { review: review(['dba'], 1, 3600) }), fired('p.b', 'review', { review: review(['oncall', 'dba'], 2, 600) })],
      unparsed: false,
    };
    expect(combine([c]).review).toEqual(review(['dba', 'oncall'], 2, 600));
  });

  it('has no review directive when a deny wins, but keeps masks and every fired rule in order', () => {
    const mask = { selector: 'tagged pii', strategy: 'partial' as const, outputs: [0] };
    const d = combine([
      { effects: ['review'], fired: [fired('p.a', 'review', { review: review(['dba'], 1, 60) })], unparsed: false },
      { effects: ['mask', 'deny'], fired: [fired('q.m', 'mask', { mask }), fired('q.d', 'deny')], unparsed: true },
    ]);
    expect(d.effect).toBe('deny');
    expect(d.review).toBeNull();
    expect(d.masks).toEqual([mask]);
    expect(d.fired.map((f) => f.id)).toEqual(['p.a', 'q.m', 'q.d']);
    expect(d.unparsed).toBe(true);
  });

  it('mergeReview never allows self-approval and does not alias its input', () => {
    const a = review(['x'], 1, 10);
    const m = mergeReview(null, a);
    m.approvers.push('y');
    expect(a.approvers).toEqual(['x']);
    expect(m.selfApproval).toBe(false);
  });

  it('combines the decisions of several statements', () => {
    const d1 = combine([{ effects: ['warn'], fired: [fired('p.w', 'warn')], unparsed: false }]);
    const d2 = combine([{ effects: ['review'], fired: [fired('p.r', 'review', { review: review(['dba'], 3, 100) })], unparsed: false }]);
    const d = combineDecisions([d1, d2]);
    expect(d.effect).toBe('review');
    expect(d.review).toEqual(review(['dba'], 3, 100));
    expect(d.fired.map((f) => f.id)).toEqual(['p.w', 'p.r']);
  });

  it('the generated module copy (COMBINE_JS) agrees with the TypeScript combine', async () => {
    const url = `data:text/javascript;base64,${Buffer.from(`${COMBINE_JS}\nexport { finish, R };`).toString('base64')}`;
    const js = (await import(url)) as { finish: (e: Effect, f: FiredRule[], u: boolean) => unknown; R: Record<string, number> };
    const rule = fc
      .tuple(fc.constantFrom(...EFFECTS), fc.uniqueArray(fc.constantFrom('a', 'b', 'c'), { minLength: 1 }), fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 9999 }), fc.nat(20))
      .map(([effect, approvers, min, exp, n]) =>
        fired(`p.r${n}`, effect, {
          ...(effect === 'review' ? { review: review(approvers, min, exp) } : {}),
          ...(effect === 'mask' ? { mask: { selector: 'tagged pii', strategy: 'full' as const, outputs: [n] } } : {}),
        }),
      );
    fc.assert(
      fc.property(fc.array(rule, { maxLength: 6 }), fc.boolean(), (rules, unparsed) => {
        const ts = combine([{ effects: rules.map((r) => r.effect), fired: rules, unparsed }]);
        let best = 4;
        for (const r of rules) best = Math.min(best, js.R[r.effect]!);
        expect(js.finish(EFFECTS[best]!, rules, unparsed)).toEqual(ts);
      }),
      { numRuns: 500 },
    );
  });
});
