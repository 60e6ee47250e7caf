// fast-check generators of valid policy ASTs (spans are placeholders: the round-trip tests compare
// ASTs with spans stripped), and a stripper for the comparison.
import fc from 'fast-check';
import type * as A from '../../compiler/ast.js';

const S: A.Span = { start: 0, end: 0, line: 1, column: 1, endLine: 1, endColumn: 1 };
const name = (value: string): A.Name => ({ kind: 'name', value, span: S });

const ROOTS = ['statement', 'principal', 'connection', 'source', 'time', 'request'];
const VARS = ['a', 'b', 'o', 'x'];
/** words usable as path segments after the root: fields, soft and hard keywords */
const SEGMENTS = ['actions', 'tables', 'action', 'where', 'kind', 'groups', 'env', 'deny', 'in', 'tags', 'lock', 'attributes', 'team'];
/** bare names that are enum values: never roots or variables; `all`/`none`/`like` are keywords that double as values */
const ENUMS = ['drop_table', 'agent', 'postgres', 'pii', 'present', 'access_exclusive', 'all', 'none', 'like', 'deny', 'when', 'x1', 'Foo_Bar'];

export const stringValue = fc.string({ unit: fc.oneof(fc.constantFrom('"', '\\', '\n', '\t', '\r', '{', '}', '#', 'é', '😀'), fc.string({ minLength: 1, maxLength: 1 })), maxLength: 12 });

const numberLit: fc.Arbitrary<A.NumberLit> = fc
  .oneof(fc.integer({ min: -100000, max: 100000 }), fc.integer({ min: -10000, max: 10000 }).map((n) => n / 100))
  .map((value) => ({ kind: 'number', value: Object.is(value, -0) ? 0 : value, span: S }));

const durationLit: fc.Arbitrary<A.DurationLit> = fc
  .tuple(fc.integer({ min: 0, max: 999 }), fc.constantFrom('s', 'm', 'h', 'd'))
  .map(([n, u]) => ({ kind: 'duration', seconds: n * { s: 1, m: 60, h: 3600, d: 86400 }[u]!, text: `${n}${u}`, span: S }));

const stringLit: fc.Arbitrary<A.StringLit> = stringValue.map((value) => ({ kind: 'string', value, span: S }));

function pathArb(vars: string[]): fc.Arbitrary<A.PathExpr> {
  const heads = [...ROOTS, ...vars];
  return fc.tuple(fc.constantFrom(...heads), fc.array(fc.constantFrom(...SEGMENTS), { maxLength: 3 })).map(([h, rest]) => {
    const segments = [h, ...rest];
    return { kind: 'path', segments, segmentSpans: segments.map(() => S), span: S };
  });
}

function scalarLit(vars: string[]): fc.Arbitrary<A.Expr> {
  const enums = ENUMS.filter((e) => !vars.includes(e));
  return fc.oneof(
    stringLit,
    numberLit,
    durationLit,
    fc.boolean().map((value): A.BoolLit => ({ kind: 'bool', value, span: S })),
    fc.constant<A.NullLit>({ kind: 'null', span: S }),
    fc.constantFrom(...enums).map((value): A.EnumLit => ({ kind: 'enum', value, span: S })),
  );
}

function flat(kind: 'and' | 'or', operands: A.Expr[]): A.Expr {
  return { kind, operands: operands.flatMap((o) => (o.kind === kind ? o.operands : [o])), span: S } as A.Expr;
}

/** expressions with the variables in `vars` bound */
export function exprArb(vars: string[], depth: number): fc.Arbitrary<A.Expr> {
  const leaf = fc.oneof(pathArb(vars), scalarLit(vars));
  if (depth <= 0) return leaf;
  const sub = () => exprArb(vars, depth - 1);
  const list = fc.array(sub(), { maxLength: 3 }).map((items): A.ListLit => ({ kind: 'list', items, span: S }));
  const withVar = (f: (v: string) => fc.Arbitrary<A.Expr>) => fc.constantFrom(...VARS).chain(f);
  return fc.oneof(
    { weight: 3, arbitrary: leaf },
    { weight: 1, arbitrary: fc.array(sub(), { minLength: 2, maxLength: 3 }).map((ops) => flat('and', ops)) },
    { weight: 1, arbitrary: fc.array(sub(), { minLength: 2, maxLength: 3 }).map((ops) => flat('or', ops)) },
    { weight: 1, arbitrary: sub().map((operand): A.Expr => ({ kind: 'not', operand, span: S })) },
    {
      weight: 2,
      arbitrary: fc.tuple(fc.constantFrom<A.CompareOp>('==', '!=', '<', '<=', '>', '>='), sub(), sub()).map(([op, left, right]): A.Expr => ({ kind: 'compare', op, left, right, span: S })),
    },
    { weight: 1, arbitrary: fc.tuple(sub(), list).map(([value, l]): A.Expr => ({ kind: 'in', value, list: l, span: S })) },
    { weight: 1, arbitrary: fc.tuple(pathArb(vars), sub()).map(([l, value]): A.Expr => ({ kind: 'has', list: l, value, span: S })) },
    {
      weight: 1,
      arbitrary: fc.tuple(fc.constantFrom('has_any' as const, 'has_all' as const), pathArb(vars), list).map(([kind, l, values]): A.Expr => ({ kind, list: l, values, span: S }) as A.Expr),
    },
    {
      weight: 1,
      arbitrary: fc.tuple(fc.constantFrom('like' as const, 'matches' as const), sub(), stringLit).map(([kind, value, pattern]): A.Expr => ({ kind, value, pattern, span: S }) as A.Expr),
    },
    {
      weight: 1,
      arbitrary: withVar((v) =>
        fc
          .tuple(fc.constantFrom<A.QuantifierKind>('any', 'all', 'none'), pathArb(vars), fc.option(exprArb([...vars, v], depth - 1), { nil: null }), fc.boolean())
          .map(([quantifier, l, where, postfix]): A.Expr => ({ kind: 'quantifier', quantifier, variable: name(v), list: l, where, form: postfix && where ? 'postfix' : 'prefix', span: S })),
      ),
    },
    {
      weight: 1,
      arbitrary: fc.oneof(
        pathArb(vars).map((l): A.Expr => ({ kind: 'count', variable: null, list: l, where: null, span: S })),
        withVar((v) =>
          fc.tuple(pathArb(vars), fc.option(exprArb([...vars, v], depth - 1), { nil: null })).map(([l, where]): A.Expr => ({ kind: 'count', variable: name(v), list: l, where, span: S })),
        ),
      ),
    },
    {
      weight: 1,
      arbitrary: fc.tuple(fc.constantFrom('tables_tagged', 'reads_tagged', 'writes_tagged'), fc.array(sub(), { maxLength: 2 })).map(([fn, args]): A.Expr => ({
        kind: 'call',
        target: { kind: 'path', segments: ['statement'], segmentSpans: [S], span: S },
        name: name(fn),
        args,
        span: S,
      })),
    },
    { weight: 1, arbitrary: list },
  );
}

const templateArb: fc.Arbitrary<A.MessageTemplate> = fc
  .array(fc.oneof(stringValue.filter((s) => s.length > 0).map((value): A.TemplatePart => ({ kind: 'text', value, span: S })), pathArb([]).map((path): A.TemplatePart => ({ kind: 'field', path, span: S }))), { maxLength: 4 })
  .map((parts) => {
    // adjacent text parts are one part once parsed
    const merged: A.TemplatePart[] = [];
    for (const p of parts) {
      const last = merged[merged.length - 1];
      if (p.kind === 'text' && last && last.kind === 'text') merged[merged.length - 1] = { ...last, value: last.value + p.value };
      else merged.push(p);
    }
    const raw = merged.map((p) => (p.kind === 'text' ? p.value.replace(/\{/g, '{{').replace(/\}/g, '}}') : `{${p.path.segments.join('.')}}`)).join('');
    return { kind: 'template', raw, parts: merged, span: S };
  });

const ident = fc.stringMatching(/^[a-z_][a-z0-9_]{0,8}$/).filter((s) => !['and', 'or', 'not', 'in', 'has', 'has_any', 'has_all', 'like', 'matches', 'where', 'any', 'all', 'none', 'count', 'true', 'false', 'null'].includes(s));

export const effectArb: fc.Arbitrary<A.EffectNode> = fc.oneof(
  fc.tuple(fc.constantFrom('deny' as const, 'warn' as const, 'allow' as const), fc.option(templateArb, { nil: null })).map(([kind, message]): A.EffectNode => ({ kind, message, span: S })),
  fc
    .tuple(fc.array(stringLit, { maxLength: 3 }), fc.option(numberLit.map((n) => ({ ...n, value: Math.abs(Math.trunc(n.value)) })), { nil: null }), fc.option(durationLit, { nil: null }), fc.option(templateArb, { nil: null }))
    .map(([approvers, min, expires, message]): A.EffectNode => ({ kind: 'review', approvers, min, expires, message, span: S })),
  fc
    .tuple(
      fc.array(
        fc.oneof(
          ident.map((t): A.MaskSelector => ({ kind: 'tagged', tag: name(t), span: S })),
          fc.array(fc.constantFrom('users', 'email', '*', '*phone*', 'ssn', 'public'), { minLength: 1, maxLength: 3 }).map((segments): A.MaskSelector => ({ kind: 'column', pattern: segments.join('.'), segments, span: S })),
        ),
        { minLength: 1, maxLength: 3 },
      ),
      fc.constantFrom('full', 'partial', 'hash', 'null', 'redact'),
      fc.option(templateArb, { nil: null }),
    )
    .map(([selectors, strategy, message]): A.EffectNode => ({ kind: 'mask', selectors, strategy: name(strategy), message, span: S })),
);

const ruleItemArb: fc.Arbitrary<A.RuleItem> = fc.oneof(
  fc.tuple(fc.constantFrom('category' as const, 'severity' as const, 'fix' as const), fc.constantFrom('destructive', 'dynamic-sql', 'error', 'lock', 'deny', 'policy')).map(([kind, v]) => ({ kind, value: name(v), span: S }) as A.RuleItem),
  fc.tuple(fc.constantFrom('description' as const, 'docs' as const), stringLit).map(([kind, value]) => ({ kind, value, span: S }) as A.RuleItem),
  fc.tuple(fc.constantFrom('dialects' as const, 'sources' as const), fc.array(fc.constantFrom('postgres', 'mysql', 'proxy', 'editor'), { maxLength: 3 })).map(([kind, vs]) => ({ kind, values: vs.map(name), span: S }) as A.RuleItem),
  fc.tuple(fc.constantFrom('when' as const, 'unless' as const), exprArb([], 3)).map(([kind, expr]) => ({ kind, expr, span: S }) as A.RuleItem),
  effectArb,
);

function ruleFrom(policy: string, ruleName: string, items: A.RuleItem[]): A.RuleAst {
  const first = <K extends A.RuleItem['kind']>(k: K) => items.find((i) => i.kind === k) as Extract<A.RuleItem, { kind: K }> | undefined;
  return {
    kind: 'rule',
    file: 'gen.hoop',
    id: `${policy}.${ruleName}`,
    policy,
    name: ruleName,
    nameSpan: S,
    category: first('category')?.value ?? null,
    severity: first('severity')?.value ?? null,
    description: first('description')?.value ?? null,
    docs: first('docs')?.value ?? null,
    dialects: first('dialects')?.values ?? null,
    sources: first('sources')?.values ?? null,
    fix: first('fix')?.value ?? null,
    when: items.filter((i): i is A.WhenItem => i.kind === 'when').map((i) => i.expr),
    unless: items.filter((i): i is A.UnlessItem => i.kind === 'unless').map((i) => i.expr),
    effect: (items.find((i) => ['deny', 'warn', 'allow', 'review', 'mask'].includes(i.kind)) as A.EffectNode | undefined) ?? null,
    items,
    span: S,
  };
}

/** items in a rule: single items at most once and one effect, so the file has no parse errors */
const ruleItemsArb = fc.array(ruleItemArb, { maxLength: 6 }).map((items) => {
  const seen = new Set<string>();
  return items.filter((i) => {
    const k = ['deny', 'warn', 'allow', 'review', 'mask'].includes(i.kind) ? 'effect' : i.kind;
    if (k === 'when' || k === 'unless') return true;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
});

const objectArb: fc.Arbitrary<A.ObjectLit> = fc
  .array(fc.tuple(ident, fc.oneof(stringLit, numberLit, fc.constantFrom('agent', 'postgres').map((value): A.EnumLit => ({ kind: 'enum', value, span: S })))), { maxLength: 3 })
  .map((entries) => ({ kind: 'object', entries: entries.map(([k, value]): A.ObjectEntry => ({ kind: 'entry', key: name(k), value, span: S })), span: S }));

const nestedObjectArb: fc.Arbitrary<A.ObjectLit> = fc
  .tuple(objectArb, fc.option(objectArb, { nil: null }))
  .map(([o, inner]) => (inner ? { ...o, entries: [...o.entries, { kind: 'entry', key: name('attributes'), value: inner, span: S }] } : o));

const testArb: fc.Arbitrary<A.TestAst> = fc
  .tuple(
    stringLit,
    fc.option(stringLit, { nil: null }),
    fc.option(nestedObjectArb, { nil: null }),
    fc.option(fc.constantFrom('proxy', 'editor'), { nil: null }),
    fc.option(fc.tuple(fc.constantFrom('deny', 'allow'), fc.option(fc.array(fc.tuple(ident, ident), { maxLength: 2 }), { nil: null })), { nil: null }),
    fc.option(fc.constantFrom('postgres', 'mysql'), { nil: null }),
    fc.option(objectArb, { nil: null }),
    fc.option(objectArb, { nil: null }),
    fc.option(objectArb, { nil: null }),
    fc.option(fc.constantFrom<A.Literal>({ kind: 'bool', value: true, span: S }, { kind: 'bool', value: false, span: S }, { kind: 'enum', value: 'always', span: S }), { nil: null }),
  )
  .map(([n, sql, principal, source, expect, dialect, connection, time, request, assumeInTransaction]) => {
    const items: A.TestItem[] = [];
    if (sql) items.push({ kind: 'sql', value: sql, span: S });
    if (dialect) items.push({ kind: 'dialect', value: name(dialect), span: S });
    if (principal) items.push({ kind: 'principal', value: principal, span: S });
    if (connection) items.push({ kind: 'connection', value: connection, span: S });
    if (time) items.push({ kind: 'time', value: time, span: S });
    if (request) items.push({ kind: 'request', value: request, span: S });
    if (source) items.push({ kind: 'source', value: name(source), span: S });
    if (assumeInTransaction) items.push({ kind: 'assumeInTransaction', value: assumeInTransaction, span: S });
    const ex: A.ExpectItem | null = expect ? { kind: 'expect', effect: name(expect[0]), fired: expect[1] ? expect[1].map(([p, r]) => name(`${p}.${r}`)) : null, span: S } : null;
    if (ex) items.push(ex);
    return {
      kind: 'test',
      file: 'gen.hoop',
      name: n,
      sql,
      dialect: dialect ? name(dialect) : null,
      principal,
      connection,
      source: source ? name(source) : null,
      time,
      request,
      assumeInTransaction,
      expect: ex,
      items,
      span: S,
    };
  });

const policyArb: fc.Arbitrary<A.PolicyAst> = fc
  .tuple(ident, fc.option(exprArb([], 2), { nil: null }), fc.option(effectArb, { nil: null }), fc.uniqueArray(fc.tuple(ident, ruleItemsArb), { selector: ([n]) => n, maxLength: 3 }), fc.option(stringLit, { nil: null }), fc.option(effectArb, { nil: null }))
  .map(([pname, applies, def, rules, description, unparsed]) => {
    const items: A.PolicyItem[] = [];
    if (description) items.push({ kind: 'description', value: description, span: S });
    if (applies) items.push({ kind: 'applies', expr: applies, span: S });
    const d: A.DefaultAst | null = def ? { kind: 'default', effect: def, span: S } : null;
    if (d) items.push(d);
    const u: A.OnUnparsedAst | null = unparsed ? { kind: 'on_unparsed', effect: unparsed, span: S } : null;
    if (u) items.push(u);
    const rs = rules.map(([n, ri]) => ruleFrom(pname, n, ri));
    items.push(...rs);
    return { kind: 'policy', file: 'gen.hoop', name: pname, nameSpan: S, description, applies, default: d, onUnparsed: u, rules: rs, items, span: S };
  });

const tagArb: fc.Arbitrary<A.TagAst> = fc
  .tuple(ident, fc.array(fc.array(fc.constantFrom('users', 'email', '*', '*phone*', 'where'), { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 3 }))
  .map(([n, sels]) => ({ kind: 'tag', file: 'gen.hoop', name: name(n), selectors: sels.map((segments): A.ColumnSelector => ({ kind: 'column', pattern: segments.join('.'), segments, span: S })), span: S }));

export const fileArb: fc.Arbitrary<A.PolicyFileAst> = fc
  .array(fc.oneof(policyArb, tagArb, testArb), { maxLength: 4 })
  .map((items) => ({ kind: 'file', file: 'gen.hoop', items, comments: [], span: S }));

/** the AST without positions and checker annotations */
export function strip(x: unknown): unknown {
  if (Array.isArray(x)) return x.map(strip);
  if (x && typeof x === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(x)) {
      if (k === 'span' || k === 'segmentSpans' || k === 'nameSpan' || k === 'resolved' || k === 'key' || k === 'comments') continue;
      out[k] = strip(v);
    }
    return out;
  }
  return x;
}
