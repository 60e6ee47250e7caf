// Every rule of the built-in pack has a doc page and every page a rule; each `## Incorrect`
// example makes its rule fire and each `## Correct` example does not, through the real pipeline:
// the runtime's `analyze()` and the pack interpreted by the compiler's reference interpreter.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { interpret } from '../../compiler/index.js';
import type { CheckedPolicySet, CheckedRule } from '../../compiler/ast.js';
import { analyze, createCatalog, loadPostgres } from '../../runtime/index.js';
import type { DecisionInput } from '../../runtime/decision/types.js';
import { PRESET_NAMES, builtinRuleId, presetSeverity } from '../../rules/presets.js';
import { parseDocPage, type DocExample, type DocPage } from './doc-examples.js';
import { DOCS_DIR, loadPack } from './pack-helpers.js';

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

/** Ids of the pack rules that fire on any statement of the example. */
async function firedIn(page: DocPage, ex: DocExample): Promise<Set<string>> {
  const catalog = createCatalog();
  if (page.schema) catalog.replay(await analyze(page.schema.sql, { dialect: page.schema.dialect }));
  const result = await analyze(ex.sql, { dialect: ex.dialect, catalog, file: 'example.sql' });
  const fired = new Set<string>();
  for (const statement of result.statements) {
    const input: DecisionInput = {
      statement,
      principal: { id: 'docs', kind: ex.principal, groups: [], attributes: {} },
      connection: { name: 'docs', env: ex.env, dialect: ex.dialect, database: 'app' },
      source: ex.source,
      time: { iso: '2026-01-07T12:00:00Z', hour: 12, weekday: 3 },
      request: { statementCount: result.statements.length },
    };
    for (const f of interpret(set, input).fired) fired.add(builtinRuleId(f.rule));
  }
  return fired;
}

beforeAll(async () => {
  await loadPostgres();
});

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
      });
    }
  });
}
