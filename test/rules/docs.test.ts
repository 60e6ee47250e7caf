// Every rule of the built-in pack has a doc page and every page a rule; each `## Incorrect`
// example makes its rule fire and each `## Correct` example does not, through the real pipeline:
// the runtime's `analyze()` and the pack, interpreted by the compiler's reference interpreter and
// compiled by its code generator (both must agree).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckedPolicySet, CheckedRule } from '../../compiler/ast.js';
import { interpret } from '../../compiler/interpret.js';
import { analyze, createCatalog, loadPostgres } from '../../runtime/index.js';
import { PRESET_NAMES, builtinRuleId, presetSeverity } from '../../rules/presets.js';
import { parseDocPage, type DocExample, type DocPage } from './doc-examples.js';
import { DOCS_DIR, compiledPack, exampleInputs, findings, loadPack } from './pack-helpers.js';

const loaded = loadPack();
const set: CheckedPolicySet = loaded.value;
const rules = new Map<string, CheckedRule>();
for (const p of set.policies) for (const r of p.rules) rules.set(builtinRuleId(r.name), r);
const docIds = readdirSync(DOCS_DIR)
  .filter((f) => f.endsWith('.md') && f !== 'README.md')
  .map((f) => f.slice(0, -3))
  .sort();
const pages = new Map<string, DocPage>();
for (const id of docIds) pages.set(id, parseDocPage(readFileSync(join(DOCS_DIR, `${id}.md`), 'utf8')));

let compiled: Awaited<ReturnType<typeof compiledPack>>;

/** The pack rules that fire on any statement of the example, with their messages. The reference
 * interpreter decides; the compiled module must agree with it statement by statement. */
async function firedIn(page: DocPage, ex: DocExample): Promise<Map<string, string[]>> {
  const catalog = createCatalog();
  if (page.schema) catalog.replay(await analyze(page.schema.sql, { dialect: page.schema.dialect }));
  const fired = new Map<string, string[]>();
  for (const input of await exampleInputs(ex.sql, { ...ex, catalog })) {
    const interpreted = findings(interpret(set, input));
    expect(findings(compiled.decide(input)), `compiled module disagrees on: ${input.statement.text}`).toEqual(interpreted);
    for (const f of interpreted) fired.set(f.id, [...(fired.get(f.id) ?? []), f.message]);
  }
  return fired;
}

beforeAll(async () => {
  await loadPostgres();
  compiled = await compiledPack();
});

afterAll(() => compiled?.cleanup());

describe('rule docs', () => {
  it('the pack loads without diagnostics', () => {
    expect(loaded.diagnostics.map((d) => `${d.file}:${d.span.line} ${d.message}`)).toEqual([]);
  });

  it('every rule has a doc page', () => {
    const missing = [...rules.keys()].filter((id) => !existsSync(join(DOCS_DIR, `${id}.md`)));
    expect(missing).toEqual([]);
  });

  it('every doc page has a rule', () => {
    expect(docIds.filter((id) => !rules.has(id))).toEqual([]);
  });

  it('the index lists every rule and names its peers', () => {
    const readme = readFileSync(join(DOCS_DIR, 'README.md'), 'utf8');
    for (const id of rules.keys()) expect(readme, id).toContain(`[${id}](${id}.md)`);
    expect(readme).toMatch(/## Peer mapping/);
  });
});

for (const [id, rule] of rules) {
  describe(id, () => {
    const page = pages.get(id);
    if (!page) return; // reported by `every rule has a doc page`

    it('states the rule metadata', () => {
      expect(page.title).toBe(id);
      expect(page.meta['category']).toBe(rule.category);
      expect(page.meta['default severity']).toBe(rule.severity);
      expect(page.meta['dialects']).toBe(rule.dialects ? rule.dialects.join(', ') : 'all');
      const presets = PRESET_NAMES.filter((p) => presetSeverity(p, id) !== 'off');
      expect(page.meta['presets']).toBe(presets.length ? presets.join(', ') : 'none (opt-in)');
      for (const s of ['incorrect', 'correct', 'how to suppress']) expect(page.sections, s).toContain(s);
    });

    it('has at least one incorrect and one correct example', () => {
      expect(page.examples.filter((e) => e.section === 'incorrect').length).toBeGreaterThan(0);
      expect(page.examples.filter((e) => e.section === 'correct').length).toBeGreaterThan(0);
    });

    for (const ex of page.examples) {
      const label = `${ex.section} example (line ${ex.line})`;
      it(`${ex.section === 'incorrect' ? 'fires on' : 'stays quiet on'} ${label}`, async () => {
        const fired = await firedIn(page, ex);
        expect(fired.has(id), `${id} ${ex.section === 'incorrect' ? 'did not fire' : 'fired'} on:\n${ex.sql}`).toBe(ex.section === 'incorrect');
        // a message names what it found: no field it interpolates may be missing
        for (const m of fired.get(id) ?? []) expect(m, ex.sql).not.toMatch(/`null`|\bnull\b/);
      });
    }
  });
}
