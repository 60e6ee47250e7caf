// hoop-lint's own checks (not policies) have doc pages too, and their examples are executed:
// every Incorrect block reports the check, every Correct block does not.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintText } from '../../rules/index.js';
import { ENGINE_RULES } from '../../rules/lint/engine-rules.js';
import { parseDocPage } from './doc-examples.js';

const DIR = 'docs/rules/engine';

describe('engine check docs', () => {
  it('every engine check has a page and every page a check', () => {
    const pages = readdirSync(DIR).filter((f) => f.endsWith('.md')).map((f) => `hoop-lint/${f.slice(0, -3)}`).sort();
    expect(pages).toEqual(ENGINE_RULES.map((r) => r.id).sort());
  });

  for (const rule of ENGINE_RULES) {
    const name = rule.id.slice('hoop-lint/'.length);
    const page = parseDocPage(readFileSync(join(DIR, `${name}.md`), 'utf8'));
    it(`${rule.id}: links its page and its examples behave`, async () => {
      expect(rule.docs?.endsWith(`/engine/${name}`)).toBe(true);
      const incorrect = page.examples.filter((e) => e.section === 'incorrect');
      const correct = page.examples.filter((e) => e.section === 'correct');
      expect(incorrect.length).toBeGreaterThan(0);
      expect(correct.length).toBeGreaterThan(0);
      for (const ex of incorrect) {
        const r = await lintText(ex.sql, { filename: 'example.sql', preset: 'strict' });
        expect(r.findings.map((f) => f.ruleId), ex.sql).toContain(rule.id);
      }
      for (const ex of correct) {
        const r = await lintText(ex.sql, { filename: 'example.sql', preset: 'strict' });
        expect(r.findings.map((f) => f.ruleId), ex.sql).not.toContain(rule.id);
      }
    });
  }
});
