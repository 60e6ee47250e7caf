// The compiled module and the reference interpreter agree on every generated policy set and
// request: 300 sets × 40 inputs = 12,000 decisions compared field by field.
import { describe, expect, it, afterAll } from 'vitest';
import fc from 'fast-check';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { interpret } from '../../compiler/interpret.js';
import { generateModule } from '../../compiler/codegen.js';
import { buildManifest } from '../../compiler/codegen-manifest.js';
import type { Decision, DecisionInput } from '../../runtime/decision/types.js';
import { decisionInput, policySet } from './back-arbitraries.js';

const dir = mkdtempSync(join(tmpdir(), 'hoop-agree-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let fileNo = 0;
async function load(source: string): Promise<(i: DecisionInput) => Decision> {
  const file = join(dir, `m${fileNo++}.mjs`);
  writeFileSync(file, source);
  return ((await import(pathToFileURL(file).href)) as { decide: (i: DecisionInput) => Decision }).decide;
}

describe('compiled decide() agrees with the interpreter', () => {
  it('on 300 generated policy sets × 40 generated requests', async () => {
    let cases = 0;
    await fc.assert(
      fc.asyncProperty(policySet, fc.array(decisionInput, { minLength: 40, maxLength: 40 }), async (set, inputs) => {
        const { source } = generateModule(set, buildManifest(set, []));
        const decide = await load(source);
        for (const input of inputs) {
          const want = interpret(set, input);
          const got = decide(input);
          expect(got).toEqual(want);
          cases++;
        }
      }),
      { numRuns: 300, seed: 20261128 },
    );
    expect(cases).toBeGreaterThanOrEqual(12_000);
  });

  it('fires rules in most generated cases (the generators are not vacuous)', () => {
    let fired = 0;
    let effects = new Set<string>();
    const samples = fc.sample(fc.tuple(policySet, decisionInput), { numRuns: 500, seed: 7 });
    for (const [set, input] of samples) {
      const d = interpret(set, input);
      if (d.fired.some((f) => !f.rule.startsWith('@'))) fired++;
      effects.add(d.effect);
    }
    expect(fired).toBeGreaterThan(100);
    expect([...effects].sort()).toEqual(['allow', 'deny', 'mask', 'review', 'warn']);
  });
});
