import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parsePolicyFile } from '../../compiler/parse-file.js';
import { brief } from './front-helpers.js';
import type { PolicyAst, RuleAst, TestAst } from '../../compiler/ast.js';
import { lineIndex, span } from '../../runtime/text/spans.js';

const doc = readFileSync(fileURLToPath(new URL('../../docs/policy-language.md', import.meta.url)), 'utf8');
const docExamples = [...doc.matchAll(/```hoop\n([\s\S]*?)```/g)].map((m) => m[1]);

function firstRule(text: string): RuleAst {
  const r = parsePolicyFile(text, 'p.hoop');
  expect(brief(r.diagnostics)).toEqual([]);
  return (r.value.items[0] as PolicyAst).rules[0];
}

describe('parsePolicyFile', () => {
  it('parses every example of the language documentation without a diagnostic', () => {
    expect(docExamples.length).toBeGreaterThanOrEqual(2);
    for (const text of docExamples) expect(brief(parsePolicyFile(text, 'doc.hoop').diagnostics), text).toEqual([]);
  });

  it('builds the policy, rule, tag and test nodes with ids, files and spans', () => {
    const text = docExamples[0];
    const { value } = parsePolicyFile(text, 'prod.hoop');
    expect(value.kind).toBe('file');
    const policy = value.items[0] as PolicyAst;
    expect(policy.kind).toBe('policy');
    expect(policy.file).toBe('prod.hoop');
    expect(policy.default?.effect.kind).toBe('allow');
    expect(policy.onUnparsed?.effect.kind).toBe('deny');
    expect(policy.rules.map((r) => r.id)).toEqual([
      'prod_guardrails.no_destructive_ddl',
      'prod_guardrails.agent_writes_need_review',
      'prod_guardrails.pii_for_support_only',
      'prod_guardrails.unfiltered_delete',
    ]);
    const r0 = policy.rules[0];
    expect(text.slice(r0.nameSpan.start, r0.nameSpan.end)).toBe('no_destructive_ddl');
    expect(r0.category?.value).toBe('destructive');
    expect(r0.unless).toHaveLength(1);
    const review = policy.rules[1].effect;
    expect(review).toMatchObject({ kind: 'review', min: { value: 1 }, expires: { seconds: 1800, text: '30m' } });
    expect(policy.rules[2].effect).toMatchObject({ kind: 'mask', selectors: [{ kind: 'tagged', tag: { value: 'pii' } }], strategy: { value: 'partial' } });
    const tag = value.items[1];
    expect(tag).toMatchObject({ kind: 'tag', name: { value: 'pii' }, selectors: [{ pattern: 'users.email' }, { pattern: 'users.ssn' }, { pattern: 'customers.*phone*' }] });
    expect(value.comments).toHaveLength(1);
    expect(value.comments[0].text).toMatch(/^# Production guardrails/);
  });

  it('parses tests with objects and fired ids', () => {
    const { value } = parsePolicyFile(docExamples[1], 't.hoop');
    const t = value.items[0];
    expect(t).toMatchObject({ kind: 'test', name: { value: 'dba may drop in production' }, sql: { value: 'DROP TABLE old_orders' }, dialect: { value: 'postgres' }, source: { value: 'proxy' }, expect: { effect: { value: 'allow' }, fired: null } });
    const t2 = value.items[1];
    expect(t2).toMatchObject({ expect: { effect: { value: 'review' }, fired: [{ value: 'prod_guardrails.agent_writes_need_review' }] } });
  });

  it('parses `assumeInTransaction` with its value, reports it twice and suggests it when misspelt', () => {
    const { value, diagnostics } = parsePolicyFile('test "t" {\n  sql "CREATE INDEX i ON t (a)"\n  assumeInTransaction always\n  expect deny\n}\ntest "u" { sql "x" assumeInTransaction true expect allow }\n', 't.hoop');
    expect(brief(diagnostics)).toEqual([]);
    expect(value.items[0]).toMatchObject({ kind: 'test', assumeInTransaction: { kind: 'enum', value: 'always' }, expect: { effect: { value: 'deny' } } });
    expect((value.items[0] as TestAst).items.map((i) => i.kind)).toEqual(['sql', 'assumeInTransaction', 'expect']);
    expect(value.items[1]).toMatchObject({ assumeInTransaction: { kind: 'bool', value: true }, expect: { effect: { value: 'allow' } } });
    const twice = parsePolicyFile('test "t" {\n  sql "x"\n  assumeInTransaction true\n  assumeInTransaction false\n  expect allow\n}\n', 'd.hoop');
    expect(brief(twice.diagnostics)).toEqual(['4:3 policy/duplicate-item duplicate `assumeInTransaction` in test `t`']);
    const typo = parsePolicyFile('test "t" {\n  sql "x"\n  assumeInTransacton true\n  expect allow\n}\n', 'y.hoop');
    expect(typo.diagnostics.map((d) => [d.span.line, d.code, d.message, d.help])).toEqual([[3, 'policy/unknown-item', 'unknown test item `assumeInTransacton`', 'did you mean `assumeInTransaction`?']]);
    // still a name elsewhere, like every soft keyword
    expect(firstRule('policy p { rule r { category lock when principal.attributes.assumeInTransaction == true deny } }').when[0]).toMatchObject({ left: { segments: ['principal', 'attributes', 'assumeInTransaction'] } });
  });

  it('gives precedence or < and < not < comparison', () => {
    const r = firstRule('policy p { rule r { when not a.x == 1 or b and c deny } }');
    // `a`, `b`, `c` are not roots: `a.x` is a path, `b` and `c` are enum values
    expect(r.when[0]).toMatchObject({
      kind: 'or',
      operands: [{ kind: 'not', operand: { kind: 'compare', op: '==', left: { kind: 'path', segments: ['a', 'x'] } } }, { kind: 'and', operands: [{ kind: 'enum', value: 'b' }, { kind: 'enum', value: 'c' }] }],
    });
  });

  it('flattens and/or chains, including parenthesised ones', () => {
    const r = firstRule('policy p { rule r { when statement.reads and (statement.writes and statement.isDdl) deny } }');
    expect(r.when[0]).toMatchObject({ kind: 'and', operands: [{ kind: 'path' }, { kind: 'path' }, { kind: 'path' }] });
  });

  it('binds quantifier variables: inside `where` a bare name is a path, outside it is an enum value', () => {
    const r = firstRule('policy p { rule r { when any a in statement.actions where a == drop_table and a.where != present deny } }');
    expect(r.when[0]).toMatchObject({
      kind: 'quantifier',
      quantifier: 'any',
      variable: { value: 'a' },
      form: 'prefix',
      where: { kind: 'and', operands: [{ kind: 'compare', left: { kind: 'path', segments: ['a'] }, right: { kind: 'enum', value: 'drop_table' } }, { kind: 'compare', left: { kind: 'path', segments: ['a', 'where'] }, right: { kind: 'enum', value: 'present' } }] },
    });
  });

  it('parses postfix quantifiers, count, calls, membership and literals', () => {
    const r = firstRule(
      'policy p { rule r { when statement.outputs any o where o.tags has pii\n when count(t in statement.tables where t.temporary) >= 2 and count(statement.actions) < 10\n when statement.reads_tagged(pii) and x in [1, -2.5, "s", true, null, 30m, all, none]\n when statement.text like "drop*" or statement.text matches "^x\\\\d" deny } }',
    );
    expect(r.when[0]).toMatchObject({ kind: 'quantifier', form: 'postfix', variable: { value: 'o' }, where: { kind: 'has', list: { segments: ['o', 'tags'] }, value: { kind: 'enum', value: 'pii' } } });
    expect(r.when[1]).toMatchObject({ kind: 'and', operands: [{ kind: 'compare', op: '>=', left: { kind: 'count', variable: { value: 't' }, where: { kind: 'path', segments: ['t', 'temporary'] } } }, { kind: 'compare', left: { kind: 'count', variable: null } }] });
    expect(r.when[2]).toMatchObject({
      kind: 'and',
      operands: [
        { kind: 'call', target: { segments: ['statement'] }, name: { value: 'reads_tagged' }, args: [{ kind: 'enum', value: 'pii' }] },
        { kind: 'in', list: { kind: 'list', items: [{ kind: 'number', value: 1 }, { kind: 'number', value: -2.5 }, { kind: 'string', value: 's' }, { kind: 'bool', value: true }, { kind: 'null' }, { kind: 'duration', seconds: 1800 }, { kind: 'enum', value: 'all' }, { kind: 'enum', value: 'none' }] } },
      ],
    });
    expect(r.when[3]).toMatchObject({ kind: 'or', operands: [{ kind: 'like', pattern: { value: 'drop*' } }, { kind: 'matches', pattern: { value: '^x\\d' } }] });
  });

  it('splits message templates into text and field parts with spans', () => {
    const text = 'policy p { rule r { when true deny "`{a.action}` on {{x}} {statement.text}" } }';
    const r = firstRule(text);
    const m = r.effect!.message!;
    expect(m.parts.map((p) => (p.kind === 'text' ? p.value : '<' + p.path.segments.join('.') + '>'))).toEqual(['`', '<a.action>', '` on {x} ', '<statement.text>']);
    const f = m.parts[1];
    expect(f.kind === 'field' && text.slice(f.path.span.start, f.path.span.end)).toBe('a.action');
    expect(f.kind === 'field' && text.slice(f.span.start, f.span.end)).toBe('{a.action}');
  });

  it('resolves string escapes', () => {
    const r = firstRule('policy p { rule r { description "a \\"b\\" \\\\ c\\n" when true deny } }');
    expect(r.description?.value).toBe('a "b" \\ c\n');
  });

  it('reports every syntax error of a file in one pass, each with a span', () => {
    const text = [
      'policy p {',
      '  rule a {',
      '    category destructive',
      '    when statement.writes ==',
      '    deny "x"',
      '  }',
      '  rule b {',
      '    when (statement.reads',
      '    deny "y"',
      '  }',
      '  rule c {',
      '    when statement.reads',
      '    review ["dba"]',
      '  }',
      '}',
    ].join('\n');
    const r = parsePolicyFile(text, 'bad.hoop');
    const syntax = r.diagnostics.filter((d) => d.code === 'policy/syntax');
    expect(syntax.map((d) => d.span.line)).toEqual([5, 9, 13]);
    for (const d of r.diagnostics) {
      expect(d.file).toBe('bad.hoop');
      expect(d.url).toBe(`https://hoop.dev/docs/policy/errors#${d.code}`);
      expect(d.message).toMatch(/^[a-z`]/);
      expect(d.message).not.toMatch(/[.\n]$/);
    }
    expect(syntax[0].message).toBe('expected an expression, found `deny`');
    expect(syntax[1].message).toBe('expected `)`, found `deny`');
    expect(syntax[2].message).toBe('expected `by`, found `[`');
  });

  it('recovers inside a rule, across policies, tags and tests', () => {
    const text = [
      'policy p {',
      '  rule a {',
      '    category lock',
      '    when statement.writes ==',
      '    unless (statement.reads',
      '    when statement.index > > 1',
      '    deny "x',
      '  }',
      '  rule b { category lock when x in [1, 2 deny }',
      '}',
      'policy q {',
      '  default review',
      '  rule c {',
      '    category lock',
      '    when statement.reads',
      '    mask tagged using full',
      '  }',
      '}',
      'tag t on users.',
      'test "x" {',
      '  sql "select"',
      '  principal { kind agent groups ["a" }',
      '  expect deny fired [p.a p.b]',
      '}',
    ].join('\n');
    expect(brief(parsePolicyFile(text, 'many.hoop').diagnostics)).toEqual([
      '5:5 policy/syntax expected an expression, found `unless`',
      '6:5 policy/syntax expected `)`, found `when`',
      '6:28 policy/syntax expected an expression, found `>`',
      '7:10 policy/unterminated-string string is missing its closing `"`',
      '9:42 policy/syntax expected `]`, found `deny`',
      '13:3 policy/syntax expected `by`, found `rule`',
      '16:17 policy/syntax expected a tag name, found `using`',
      '20:1 policy/syntax expected a column name or pattern, found `test`',
      '22:38 policy/syntax expected `]`, found `}`',
      '23:26 policy/syntax expected `]`, found `p`',
    ]);
  });

  it('explains common slips', () => {
    const msgs = (t: string) => parsePolicyFile(t, 's.hoop').diagnostics.map((d) => [d.message, d.help]);
    expect(msgs('rule r { }')).toEqual([['expected `policy`, `tag` or `test`, found `rule`', 'rules are written inside a policy: `policy p { rule r { ... } }`']]);
    expect(msgs('policy p { rule r { when any in statement.actions where x deny } }')).toEqual([['`any` needs a variable and a list', 'write `any a in statement.actions where a.action == delete`']]);
    expect(msgs('policy p { rule r { when count() > 1 deny } }')).toEqual([['expected a list (`count(statement.tables)`), found `)`', undefined]]);
    expect(msgs('tag x on')).toEqual([['expected a column selector (`users.email`, `*.ssn`), found end of file', undefined]]);
  });

  it('writes chevrotain errors in the house style', () => {
    const r = parsePolicyFile('policy p {\n  rule r {\n    when statement.reads\n', 'eof.hoop');
    expect(brief(r.diagnostics)).toEqual(['3:25 policy/syntax expected `}`, found end of file']);
    const r2 = parsePolicyFile('policy {\n}', 'x.hoop');
    expect(brief(r2.diagnostics)).toEqual(['1:8 policy/syntax expected a name, found `{`']);
  });

  it('suggests the keyword meant by a misspelt item', () => {
    const text = 'polcy p {}\npolicy q {\n  rul r { }\n  rule s {\n    catgory lock\n    when true\n    dney "x"\n  }\n}\ntest "t" {\n  sqll "x"\n}\n';
    const r = parsePolicyFile(text, 'typo.hoop');
    expect(r.diagnostics.map((d) => [d.span.line, d.code, d.message, d.help])).toEqual([
      [1, 'policy/unknown-item', 'unknown top-level item `polcy`', 'did you mean `policy`?'],
      [3, 'policy/unknown-item', 'unknown policy item `rul`', 'did you mean `rule`?'],
      [5, 'policy/unknown-item', 'unknown rule item `catgory`', 'did you mean `category`?'],
      [7, 'policy/unknown-item', 'unknown rule item `dney`', 'did you mean `deny`?'],
      [11, 'policy/unknown-item', 'unknown test item `sqll`', 'did you mean `sql`?'],
    ]);
  });

  it('reports lexical mistakes once and recovers', () => {
    const r = parsePolicyFile('policy p {\n  rule r {\n    when statement.index = 1 && statement.reads\n    deny "open\n  }\n}\n', 'lex.hoop');
    expect(r.diagnostics.map((d) => [d.code, d.message, d.help])).toEqual([
      ['policy/syntax', 'unexpected `=`', 'comparison is written `==`'],
      ['policy/syntax', 'unexpected `&&`', 'conjunction is written `and`'],
      ['policy/unterminated-string', 'string is missing its closing `"`', 'close the string on the same line; write a newline inside a string as `\\n`'],
    ]);
    const r2 = parsePolicyFile('policy p { rule r { when statement.text == "a\\qb" deny "x {" } }', 'esc.hoop');
    expect(r2.diagnostics.map((d) => d.code)).toEqual(['policy/invalid-escape', 'policy/invalid-template']);
    const r4 = parsePolicyFile("policy p { rule r { when statement.text == 'x' and statement.index > 10days deny } }", 'q.hoop');
    expect(r4.diagnostics.map((d) => [d.message, d.help])).toEqual([
      ["strings are written in double quotes, found `'x'`", 'write `"x"`'],
      ['`10days` is not a number or a duration', 'numbers are written `10`, `-1`, `2.5`; durations `30s`, `15m`, `2h`, `1d`'],
    ]);
    const r3 = parsePolicyFile('policy p { ~ }', 'ch.hoop');
    expect(brief(r3.diagnostics)).toEqual(['1:12 policy/syntax unexpected character `~`']);
  });

  it('reports repeated single items', () => {
    const r = parsePolicyFile('policy p {\n  default allow\n  default deny\n  rule r {\n    category lock\n    category pii\n    when true\n    deny\n    warn\n  }\n}\n', 'dup.hoop');
    expect(brief(r.diagnostics)).toEqual([
      '3:3 policy/duplicate-item duplicate `default` in policy `p`',
      '6:5 policy/duplicate-item duplicate `category` in rule `r`',
      '9:5 policy/duplicate-item rule `r` has more than one effect',
    ]);
  });

  it('rejects names that are not identifiers', () => {
    const r = parsePolicyFile('policy my-policy { rule no-drop { when true deny } }', 'n.hoop');
    expect(brief(r.diagnostics)).toEqual(['1:8 policy/invalid-name policy name `my-policy` is not a valid name', '1:25 policy/invalid-name rule name `no-drop` is not a valid name']);
  });

  it('keeps soft keywords usable as names', () => {
    const r = firstRule('policy rule { rule when { category lock when source == proxy and principal.kind == agent and x.where == deny deny } }');
    expect(r.id).toBe('rule.when');
    expect(r.when[0]).toMatchObject({ kind: 'and', operands: [{ left: { kind: 'path', segments: ['source'] } }, {}, { left: { segments: ['x', 'where'] }, right: { kind: 'enum', value: 'deny' } }] });
    expect(r.effect?.kind).toBe('deny');
  });

  it('reads `like`, `all` and `none` as enum values where an operand starts and as keywords after one', () => {
    const r = firstRule('policy p { rule r { category style when any p in statement.patterns where p.operator in [like, similar] and p.operator != like and p.pattern like "%x" warn } }');
    expect(r.when[0]).toMatchObject({
      kind: 'quantifier',
      where: {
        kind: 'and',
        operands: [
          { kind: 'in', value: { kind: 'path', segments: ['p', 'operator'] }, list: { kind: 'list', items: [{ kind: 'enum', value: 'like' }, { kind: 'enum', value: 'similar' }] } },
          { kind: 'compare', op: '!=', right: { kind: 'enum', value: 'like' } },
          { kind: 'like', value: { kind: 'path', segments: ['p', 'pattern'] }, pattern: { kind: 'string', value: '%x' } },
        ],
      },
    });
    // the operand may itself be the value `like`; after an operand, also on the next line, `like` is the operator
    expect(firstRule('policy p { rule r { when like like "l*" and statement.text\n  like "a*" and statement.limit == all warn } }').when[0]).toMatchObject({
      kind: 'and',
      operands: [
        { kind: 'like', value: { kind: 'enum', value: 'like' }, pattern: { value: 'l*' } },
        { kind: 'like', value: { kind: 'path', segments: ['statement', 'text'] }, pattern: { value: 'a*' } },
        { kind: 'compare', right: { kind: 'enum', value: 'all' } },
      ],
    });
    const text = 'policy p { rule r { when [like, none] has like warn } }';
    const { value } = parsePolicyFile(text, 'p.hoop');
    const has = (value.items[0] as PolicyAst).rules[0].when[0];
    expect(has).toMatchObject({ kind: 'has', list: { items: [{ kind: 'enum', value: 'like' }, { kind: 'enum', value: 'none' }] }, value: { kind: 'enum', value: 'like' } });
    if (has.kind !== 'has') return;
    expect(text.slice(has.value.span.start, has.value.span.end)).toBe('like');
  });

  it('reads `like` followed by a pattern as the operator missing its left operand', () => {
    const msgs = (when: string) => parsePolicyFile(`policy p {\n  rule r {\n    when ${when}\n    deny\n  }\n}\n`, 'l.hoop').diagnostics.map((d) => [`${d.span.line}:${d.span.column}`, d.message, d.help]);
    const help = '`like` needs a value on its left: `statement.text like "*pg_*"`';
    expect(msgs('like "pg_*"')).toEqual([['3:10', 'expected an expression, found `like`', help]]);
    expect(msgs('statement.reads and (like "pg_*")')).toEqual([['3:31', 'expected an expression, found `like`', help]]);
    // the pattern of the first `like` is what is missing here
    expect(msgs('statement.text like\n      like "pg_*"')).toEqual([['4:7', 'expected an expression, found `like`', undefined]]);
    expect(msgs('statement.text like')).toEqual([['4:5', 'expected an expression, found `deny`', undefined]]);
  });

  it('gives every node a span whose lines and columns match its offsets, with any line ending', () => {
    for (const eol of ['\n', '\r\n', '\r']) {
      const text = docExamples.join('\n').replace(/\n/g, eol) + eol + 'policy q { rule r { when statement.text == "é😀x" and statement.text == "unclosed' + eol + '} }';
      const index = lineIndex(text);
      const r = parsePolicyFile(text, 'eol.hoop');
      let n = 0;
      const walk = (x: unknown): void => {
        if (Array.isArray(x)) return x.forEach(walk);
        if (x && typeof x === 'object') {
          const o = x as Record<string, unknown>;
          for (const [k, v] of Object.entries(o)) {
            if ((k === 'span' || k === 'nameSpan') && v && typeof v === 'object') {
              const sp = v as { start: number; end: number };
              expect(v, JSON.stringify(eol)).toEqual(span(index, sp.start, sp.end));
              n++;
            } else walk(v);
          }
        }
      };
      walk(r.value);
      walk(r.diagnostics);
      expect(n).toBeGreaterThan(200);
    }
  });

  it('never throws on hostile input', () => {
    for (const text of ['', '{', '}}}}', '"', 'policy', 'policy p { rule', '\u0000\uffff', 'policy p { rule r { when ((((((( } }', 'test "x" { principal { a { b { c', '#'.repeat(10000)]) {
      const r = parsePolicyFile(text, 'h.hoop');
      expect(r.value.kind).toBe('file');
      for (const d of r.diagnostics) expect(d.span.end).toBeLessThanOrEqual(text.length);
    }
  });
});
