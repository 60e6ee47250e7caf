// The built-in pack checks cleanly, every rule carries the metadata the linter and the docs need,
// and the presets only name rules that exist.
import { describe, expect, it } from 'vitest';
import { FIX_NAMES } from '../../rules/lint/finding.js';
import { PRESETS, PRESET_NAMES, builtinRuleId, presetRules } from '../../rules/presets.js';
import { loadPack, packRules } from './pack-helpers.js';

describe('built-in rule pack', () => {
  it('checks with zero diagnostics', () => {
    const { diagnostics } = loadPack();
    const text = diagnostics.map((d) => `${d.file}:${d.span.line}:${d.span.column} ${d.code} ${d.message}`);
    expect(text).toEqual([]);
  });

  it('gives every rule a category, description, docs link and effect matching its severity', () => {
    const rules = packRules();
    expect(rules.size).toBeGreaterThan(0);
    for (const [id, r] of rules) {
      expect(id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(r.description, id).toBeTruthy();
      expect(r.docs, id).toBe(`https://hoop.dev/docs/rules/${id}`);
      expect(r.effect.message, id).not.toBeNull();
      // error-level rules deny, the others warn: every fired rule is its own finding
      expect(r.effect.kind, id).toBe(r.severity === 'error' ? 'deny' : 'warn');
      if (r.fix !== null) expect(FIX_NAMES, id).toContain(r.fix);
    }
  });

  it('keeps rule names unique across policies', () => {
    const names = loadPack().value.policies.flatMap((p) => p.rules.map((r) => r.name));
    expect(new Set(names).size).toBe(names.length);
  });

  it('never lets an unparsed statement fire a pseudo rule', () => {
    for (const p of loadPack().value.policies) {
      expect(p.onUnparsed.kind, p.name).toBe('allow');
      expect(p.default.kind, p.name).toBe('allow');
    }
  });
});

describe('presets', () => {
  const ids = new Set(packRules().keys());

  it('name only rules of the pack', () => {
    for (const name of PRESET_NAMES) {
      for (const id of Object.keys(PRESETS[name].rules)) expect(ids.has(id), `${name}: ${id}`).toBe(true);
    }
  });

  it('resolve `extends` so strict holds everything recommended turns on', () => {
    const rec = presetRules('recommended');
    const strict = presetRules('strict');
    for (const [id, sev] of Object.entries(rec)) if (sev !== 'off') expect(strict[id], id).not.toBe('off');
    expect(Object.values(rec).filter((s) => s !== 'off').length).toBeGreaterThan(10);
  });

  it('keep style rules out of recommended', () => {
    const rules = packRules();
    const rec = presetRules('recommended');
    for (const [id, sev] of Object.entries(rec)) if (sev !== 'off') expect(rules.get(id)?.category, id).not.toBe('style');
  });

  it('map rule names to kebab-case ids', () => {
    expect(builtinRuleId('require_concurrent_index_creation')).toBe('require-concurrent-index-creation');
  });
});
