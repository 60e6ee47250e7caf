// Agreement through the whole pipeline: generated policy *source* is parsed and checked by the
// front end, then compiled; the module and the interpreter must agree (120 sets × 25 requests).
// Also fails when the generator writes a policy the checker rejects, so the two stay in step.
import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { compilePolicySet, interpret } from '../../compiler/index.js';
import type { Decision, DecisionInput } from '../../runtime/decision/types.js';
import { decisionInput } from './back-arbitraries.js';

const dir = mkdtempSync(join(tmpdir(), 'hoop-src-agree-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const CONDITIONS = [
  'statement.actions has drop_table',
  'statement.actions has_any [update, delete]',
  'statement.actions has_all [select, insert]',
  'any a in statement.actions where a.action in [update, delete] and a.where != present',
  'statement.actions any a where a.nested',
  'principal.kind == agent',
  'principal.kind != human',
  'principal.groups has "dba"',
  'principal.groups has_all ["dba", "oncall"]',
  'connection.env == "production"',
  'connection.env in ["staging", "production"]',
  'source in [proxy, migration]',
  'statement.writes',
  'statement.parsed',
  'not statement.reads',
  'statement.tables has "public.users"',
  'any t in statement.tables where t.name like "public.*"',
  'any t in statement.tables where t.name == "public.orders" and t.access has write',
  'any c in statement.columns where c.tags has pii',
  'statement.outputs any o where o.tags has_any [pii, email]',
  'count(statement.actions) > 1',
  'count(a in statement.actions where a.nested) >= 1',
  'time.hour < 9',
  'principal.attributes.team == "core"',
  'statement.reads_tagged(pii)',
  'statement.writes_tagged(pii)',
  'statement.statementKind matches "^(update|delete)$"',
  'statement.text like "*DROP*"',
  'all t in statement.tables where t.access has write',
  'none c in statement.columns where c.access == write',
  'true',
  '"a" == "b"',
  // hard keywords that are enum values, written where an operand starts
  'any p in statement.patterns where p.operator == like',
  'statement.patterns any p where p.operator in [like, ilike] and p.leadingWildcard',
  'statement.patterns has like',
  'any p in statement.patterns where p.operator != like and p.pattern like "%*"',
  'statement.limit == all',
];

const cond: fc.Arbitrary<string> = fc.letrec<{ c: string }>((tie) => ({
  c: fc.oneof(
    { depthSize: 'small' },
    fc.constantFrom(...CONDITIONS),
    fc.tuple(tie('c'), tie('c')).map(([a, b]) => `(${a}) and (${b})`),
    fc.tuple(tie('c'), tie('c')).map(([a, b]) => `(${a}) or (${b})`),
    tie('c').map((a) => `not (${a})`),
  ),
})).c;

const EFFECTS = [
  'deny "blocked `{statement.statementKind}` for {principal.id}"',
  'warn "careful"',
  'allow',
  'review by ["dba", "oncall"] min 2 expires 30m "needs review"',
  'review by ["security"]',
  'mask tagged pii using partial',
  'mask users.email, *.ssn using hash "masked"',
];

const rule = (k: number) =>
  fc
    .record({
      when: fc.array(cond, { minLength: 1, maxLength: 2 }),
      unless: fc.array(cond, { maxLength: 1 }),
      effect: fc.constantFrom(...EFFECTS),
      dialects: fc.constantFrom('', '    dialects [postgres]\n', '    dialects [mysql, postgres]\n'),
      sources: fc.constantFrom('', '', '    sources [proxy, editor]\n'),
    })
    .map(
      (r) =>
        `  rule r${k} {\n    category destructive\n${r.dialects}${r.sources}` +
        r.when.map((w) => `    when ${w}\n`).join('') +
        r.unless.map((u) => `    unless ${u}\n`).join('') +
        `    ${r.effect}\n  }\n`,
    );

const policy = (k: number) =>
  fc
    .record({
      applies: fc.option(cond),
      dflt: fc.constantFrom('', '  default allow\n', '  default deny "closed"\n'),
      unparsed: fc.constantFrom('', '  on unparsed allow\n', '  on unparsed review by ["dba"]\n'),
      rules: fc.integer({ min: 1, max: 4 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, j) => rule(j)))),
    })
    .map((p) => `policy p${k} {\n${p.applies ? `  applies when ${p.applies}\n` : ''}${p.dflt}${p.unparsed}\n${p.rules.join('\n')}}\n`);

const sourceSet = fc
  .tuple(fc.integer({ min: 1, max: 3 }), fc.boolean())
  .chain(([n, tags]) => fc.tuple(...Array.from({ length: n }, (_, k) => policy(k))).map((ps) => (tags ? [...ps, 'tag pii on users.email, *.ssn\ntag email on users.email\n'] : ps)));

let fileNo = 0;

describe('source → check → compile agrees with the interpreter', () => {
  it('on 120 generated policy files × 25 requests', async () => {
    let cases = 0;
    await fc.assert(
      fc.asyncProperty(sourceSet, fc.array(decisionInput, { minLength: 25, maxLength: 25 }), async (texts, inputs) => {
        const files = texts.map((text, k) => ({ file: `g${k}.hoop`, text }));
        const c = compilePolicySet(files);
        const errors = c.diagnostics.filter((d) => d.severity === 'error');
        expect(errors.map((d) => `${d.file}:${d.span.line}:${d.span.column}: ${d.message}`), texts.join('\n')).toEqual([]);
        const file = join(dir, `s${fileNo++}.mjs`);
        writeFileSync(file, c.source!);
        const { decide } = (await import(pathToFileURL(file).href)) as { decide: (i: DecisionInput) => Decision };
        for (const input of inputs) {
          expect(decide(input)).toEqual(interpret(c.set, input));
          cases++;
        }
      }),
      { numRuns: 120, seed: 4242 },
    );
    expect(cases).toBe(3000);
  });
});
