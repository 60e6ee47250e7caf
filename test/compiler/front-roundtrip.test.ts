import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parsePolicyFile } from '../../compiler/parse-file.js';
import { formatPolicyFile, printPolicyFile } from '../../compiler/format.js';
import { exprArb, fileArb, strip } from './front-arbitraries.js';
import { printExpr } from '../../compiler/format-expr.js';

describe('parser round trip (property)', () => {
  it('prints any valid AST to text that parses back to the same AST', () => {
    fc.assert(
      fc.property(fileArb, (ast) => {
        const text = printPolicyFile(ast, '');
        const parsed = parsePolicyFile(text, 'gen.hoop');
        const syntax = parsed.diagnostics.filter((d) => d.code === 'policy/syntax' || d.code === 'policy/unterminated-string');
        expect(syntax, text).toEqual([]);
        expect(strip(parsed.value), text).toEqual(strip(ast));
      }),
      { numRuns: 300 },
    );
  });

  it('prints any expression so that it parses back to the same expression', () => {
    fc.assert(
      fc.property(exprArb([], 4), (e) => {
        const src = printExpr(e);
        const text = `policy p {\n  rule r {\n    when ${src}\n    deny\n  }\n}\n`;
        const parsed = parsePolicyFile(text, 'gen.hoop');
        expect(parsed.diagnostics.filter((d) => d.code === 'policy/syntax'), src).toEqual([]);
        const item = parsed.value.items[0];
        expect(item.kind).toBe('policy');
        if (item.kind !== 'policy') return;
        expect(strip(item.rules[0].when), src).toEqual([strip(e)]);
        expect(item.rules[0].effect?.kind).toBe('deny');
      }),
      { numRuns: 400 },
    );
  });

  it('formatting is idempotent', () => {
    fc.assert(
      fc.property(fileArb, (ast) => {
        const text = printPolicyFile(ast, '');
        const once = formatPolicyFile(text, 'gen.hoop');
        expect(once.diagnostics).toEqual([]);
        const twice = formatPolicyFile(once.value, 'gen.hoop');
        expect(twice.value).toBe(once.value);
      }),
      { numRuns: 200 },
    );
  });
});

describe('parser robustness (property)', () => {
  const alphabet = fc.constantFrom(
    'policy', 'rule', 'tag', 'test', 'when', 'unless', 'deny', 'mask', 'review', 'by', 'using', 'any', 'all', 'in', 'where', 'like', 'none',
    'and', 'or', 'not', 'has', 'count', '(', ')', '{', '}', '[', ']', ',', '.', '==', '=', '!', '"', '"x"', '#c\n', '\n', ' ',
    'statement', 'actions', 'x', '1', '30m', '*', '\\', 'é', '\u0000', '😀', 'on', 'unparsed', 'default',
  );
  const soup = fc.array(alphabet, { maxLength: 60 }).map((a) => a.join(' '));
  const anyText = fc.oneof(fc.string({ maxLength: 200 }), fc.string({ unit: 'binary', maxLength: 100 }), soup);

  it('never throws and every span lies inside the input', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const r = parsePolicyFile(text, 'fuzz.hoop');
        for (const d of r.diagnostics) {
          expect(d.span.start).toBeGreaterThanOrEqual(0);
          expect(d.span.end).toBeLessThanOrEqual(text.length);
          expect(d.span.start).toBeLessThanOrEqual(d.span.end);
          expect(d.message).not.toMatch(/\n/);
          expect(d.code).toMatch(/^policy\//);
          expect(d.code).not.toBe('policy/internal');
          expect(d.message).not.toMatch(/internal error/);
        }
        const walk = (x: unknown): void => {
          if (Array.isArray(x)) return x.forEach(walk);
          if (x && typeof x === 'object') {
            const o = x as Record<string, unknown>;
            const s = o.span as { start: number; end: number } | undefined;
            if (s && typeof s.start === 'number') {
              expect(s.start).toBeGreaterThanOrEqual(0);
              expect(s.end).toBeLessThanOrEqual(text.length);
            }
            Object.values(o).forEach(walk);
          }
        };
        walk(r.value);
      }),
      { numRuns: 500 },
    );
  });

  it('formatting never throws and refuses files with errors', () => {
    fc.assert(
      fc.property(soup, (text) => {
        const r = formatPolicyFile(text, 'fuzz.hoop');
        if (r.diagnostics.length > 0) expect(r.value).toBe(text);
      }),
      { numRuns: 300 },
    );
  });
});
