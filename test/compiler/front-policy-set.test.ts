import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { loadPolicySet, hasErrors } from '../../compiler/policy-set.js';
import { brief } from './front-helpers.js';

const ruleText = (name: string) => `  rule ${name} {\n    category destructive\n    when statement.actions has truncate\n    deny "no"\n  }\n`;

describe('loadPolicySet', () => {
  it('checks several files as one set', () => {
    const r = loadPolicySet([
      { file: 'a.hoop', text: `policy a {\n${ruleText('one')}}\ntag pii on users.email\n` },
      { file: 'b.hoop', text: `policy b {\n  rule two {\n    category pii\n    when statement.outputs any o where o.tags has pii\n    mask tagged pii using hash\n  }\n}\ntest "t" {\n  sql "TRUNCATE x"\n  expect deny fired [a.one]\n}\n` },
    ]);
    expect(brief(r.diagnostics)).toEqual([]);
    expect(hasErrors(r.diagnostics)).toBe(false);
    expect(r.value.files).toEqual(['a.hoop', 'b.hoop']);
    expect(r.value.policies.map((p) => p.name)).toEqual(['a', 'b']);
    expect(r.value.policies[1].rules[0]).toMatchObject({ id: 'b.two', file: 'b.hoop', effect: { kind: 'mask', strategy: 'hash' } });
    expect(r.value.tags).toMatchObject([{ name: 'pii', file: 'a.hoop', selectors: ['users.email'] }]);
    expect(r.value.tests).toMatchObject([{ name: 't', expect: { effect: 'deny', fired: ['a.one'] } }]);
  });

  it('keeps rule ids unique across files and points at the first definition', () => {
    const r = loadPolicySet([
      { file: 'a.hoop', text: `policy p {\n${ruleText('r')}${ruleText('r')}}\n` },
      { file: 'b.hoop', text: `policy p {\n${ruleText('r')}}\n` },
    ]);
    expect(r.diagnostics.filter((d) => d.severity === 'error').map((d) => [d.file, d.span.line, d.code, d.message, d.help])).toEqual([
      ['a.hoop', 7, 'policy/duplicate-rule', 'duplicate rule id `p.r`', 'first defined at a.hoop:2:8'],
      ['b.hoop', 1, 'policy/duplicate-policy', 'duplicate policy `p`', 'first defined at a.hoop:1:8; rule ids are `policy.rule`, so policy names are unique across the set'],
      ['b.hoop', 2, 'policy/duplicate-rule', 'duplicate rule id `p.r`', 'first defined at a.hoop:2:8'],
    ]);
    expect(hasErrors(r.diagnostics)).toBe(true);
  });

  it('reports syntax errors of every file and still checks the rest', () => {
    const r = loadPolicySet([
      { file: 'a.hoop', text: 'policy a { rule r { when ( } }' },
      { file: 'b.hoop', text: `policy b {\n  rule r {\n    category lock\n    when statement.acitons has drop_table\n    deny\n  }\n}\n` },
    ]);
    expect(r.diagnostics.map((d) => [d.file, d.code])).toEqual(
      expect.arrayContaining([
        ['a.hoop', 'policy/syntax'],
        ['b.hoop', 'policy/unknown-field'],
      ]),
    );
  });

  it('checks any jumble of policy fragments without throwing, in the house style (property)', () => {
    const pieces = ['policy p {', 'rule r {', '}', 'category lock', 'category lok', 'when', 'statement.actions', 'has', 'drop_tabel', '==', '"x"', '1', 'deny', 'dney', 'review by ["a"] min 0', 'mask tagged t using x', 'unless', 'any a in statement.tables where', 'a.name', 'like', 'matches "("', 'count(', ')', '[', ']', 'and', 'or', 'not', 'tag t on a.b', 'test "t" {', 'expect', 'fired [p.x]', 'principal { kind x }', '\n', 'deny "{a.b} {"', 'statement.limit', '>', 'null', 'default warn', 'on unparsed mask t using full'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 40 }), (ps) => {
        const text = ps.join(' ');
        const r = loadPolicySet([{ file: 'x.hoop', text }]);
        for (const d of r.diagnostics) {
          expect(d.message).toMatch(/^[a-z`]/);
          expect(d.message).not.toMatch(/(\.|\n)$|undefined|NaN|internal error|\(\?!/);
          expect(d.span.end).toBeLessThanOrEqual(text.length);
          expect(d.url).toBe(`https://hoop.dev/docs/policy/errors#${d.code}`);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('never throws, whatever the files hold', () => {
    const r = loadPolicySet([
      { file: 'x.hoop', text: '\u0000\u0001 policy' },
      { file: 'y.hoop', text: '' },
    ]);
    expect(r.value.kind).toBe('policy_set');
  });
});
