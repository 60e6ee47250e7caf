// ban-leading-wildcard-like names the LIKE operators directly (`p.operator in [like, ilike]`): it reports
// LIKE and ILIKE with a leading wildcard, never SIMILAR TO or a regular expression, interpreted and compiled.
import { afterAll, describe, expect, it } from 'vitest';
import { interpret } from '../../compiler/interpret.js';
import { compiledPack, exampleInputs, findings, loadPack } from './pack-helpers.js';

const RULE = 'ban-leading-wildcard-like';

describe(RULE, () => {
  const set = loadPack().value;
  const compiled = compiledPack();
  afterAll(async () => (await compiled).cleanup());

  it('reports LIKE and ILIKE only', async () => {
    const { decide } = await compiled;
    const cases: Array<[string, boolean]> = [
      ["SELECT id FROM users WHERE email LIKE '%@example.com'", true],
      ["SELECT id FROM users WHERE name NOT ILIKE '_nn%'", true],
      ["SELECT id FROM users WHERE name SIMILAR TO '_b%'", false],
      ["SELECT id FROM users WHERE name ~ 'nn'", false],
      ["SELECT id FROM users WHERE email LIKE 'ann%'", false],
    ];
    for (const [sql, fires] of cases) {
      const [input] = await exampleInputs(sql);
      const interpreted = interpret(set, input!);
      expect(decide(input!), sql).toEqual(interpreted);
      expect(findings(interpreted).some((f) => f.id === RULE), sql).toBe(fires);
    }
  });
});
