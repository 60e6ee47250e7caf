// fast-check generators for the back end: checked policy sets built directly as annotated ASTs
// (what the checker hands over), and decision inputs (facts of one statement plus the request).
import fc from 'fast-check';
import type {
  CheckedEffect,
  CheckedPolicy,
  CheckedPolicySet,
  CheckedRule,
  CheckedTag,
  Expr,
  MessageTemplate,
  PathExpr,
  PolicyAst,
  RuleAst,
  TagAst,
} from '../../compiler/ast.js';
import type { ActionFact, PatternFact, Span, StatementFacts } from '../../runtime/facts/types.js';
import type { DecisionInput } from '../../runtime/decision/types.js';
import { newFileState, transactionContext } from '../../runtime/sql/file-state.js';

export const SP: Span = { start: 0, end: 0, line: 1, column: 1, endLine: 1, endColumn: 1 };
const sp = (line: number): Span => ({ start: line, end: line + 1, line, column: 3, endLine: line, endColumn: 4 });

export function path(segments: string[], variable: string | null = null, field?: string): PathExpr {
  return {
    kind: 'path',
    segments,
    segmentSpans: segments.map(() => SP),
    span: SP,
    resolved: { type: { kind: 'scalar' }, variable, field: field ?? segments.join('.') },
  };
}
const str = (value: string): Expr => ({ kind: 'string', value, span: SP });
const num = (value: number): Expr => ({ kind: 'number', value, span: SP });
const en = (value: string, enumName = 'Action'): Expr => ({ kind: 'enum', value, span: SP, resolved: { enumName, runtimeValue: value } });
const list = (items: Expr[]): Expr => ({ kind: 'list', items, span: SP });
const cmp = (op: '==' | '!=' | '<' | '<=' | '>' | '>=', left: Expr, right: Expr): Expr => ({ kind: 'compare', op, left, right, span: SP });
const name = (value: string) => ({ kind: 'name' as const, value, span: SP });
const q = (quantifier: 'any' | 'all' | 'none', v: string, l: Expr, where: Expr | null): Expr => ({
  kind: 'quantifier',
  quantifier,
  variable: name(v),
  list: l,
  where,
  form: 'prefix',
  span: SP,
});

export const ACTIONS = ['select', 'insert', 'update', 'delete', 'drop_table', 'truncate', 'grant', 'create_index', 'alter_table'] as const;
const GROUPS = ['dba', 'oncall', 'support', 'dev'];
const TABLES = ['public.users', 'public.orders', 'billing.invoices', 'public.audit_log'];
const COLUMNS = ['email', 'ssn', 'id', 'phone', 'total', 'name'];
const TAGS = ['pii', 'email', 'secret'];
const ENVS = ['production', 'staging', 'development'];

const actions = path(['statement', 'actions']);
const tables = path(['statement', 'tables']);
const columns = path(['statement', 'columns']);
const outputs = path(['statement', 'outputs']);
const patterns = path(['statement', 'patterns']);
const ddlList = path(['statement', 'ddl']);
/** DDL operations: some also in ACTIONS, so the action and DDL indexes meet */
const DDL_OPS = ['create_index', 'add_column', 'drop_column', 'alter_column_type', 'drop_table'] as const;

const pick = <T>(xs: readonly T[]) => fc.constantFrom(...xs);
const subset = <T>(xs: readonly T[]) => fc.uniqueArray(pick(xs), { minLength: 0, maxLength: 3 });

/** Leaf conditions: each a form the language has, over fields the inputs vary. */
const leaf: fc.Arbitrary<Expr> = fc.oneof(
  pick(ACTIONS).map((a): Expr => ({ kind: 'has', list: actions, value: en(a), span: SP, key: 'action' })),
  subset(ACTIONS).map((as): Expr => ({ kind: 'has_any', list: actions, values: list(as.map((a) => en(a))), span: SP, key: 'action' })),
  subset(ACTIONS).map((as): Expr => ({ kind: 'has_all', list: actions, values: list(as.map((a) => en(a))), span: SP, key: 'action' })),
  fc
    .tuple(subset(ACTIONS), fc.constantFrom('where', 'nested', 'like', 'none'))
    .map(([as, extra]): Expr => {
      const av = path(['a', 'action'], 'a', 'statement.actions[].action');
      const parts: Expr[] = [{ kind: 'in', value: av, list: list(as.map((a) => en(a))), span: SP }];
      if (extra === 'where') parts.push(cmp('!=', path(['a', 'where'], 'a', 'statement.actions[].where'), en('present', 'WhereState')));
      if (extra === 'nested') parts.push(cmp('==', path(['a', 'nested'], 'a'), { kind: 'bool', value: true, span: SP }));
      if (extra === 'like') parts.push({ kind: 'like', value: path(['a', 'target'], 'a'), pattern: { kind: 'string', value: 'public.*', span: SP }, span: SP });
      return q('any', 'a', actions, parts.length === 1 ? parts[0]! : { kind: 'and', operands: parts, span: SP });
    }),
  pick(['human', 'agent', 'service']).map((k) => cmp('==', path(['principal', 'kind']), en(k, 'PrincipalKind'))),
  pick(GROUPS).map((g): Expr => ({ kind: 'has', list: path(['principal', 'groups']), value: str(g), span: SP, key: null })),
  subset(GROUPS).map((gs): Expr => ({ kind: 'has_any', list: path(['principal', 'groups']), values: list(gs.map(str)), span: SP, key: null })),
  subset(GROUPS).map((gs): Expr => ({ kind: 'has_all', list: path(['principal', 'groups']), values: list(gs.map(str)), span: SP, key: null })),
  pick(ENVS).map((e) => cmp('==', path(['connection', 'env']), str(e))),
  subset(ENVS).map((es): Expr => ({ kind: 'in', value: path(['connection', 'env']), list: list(es.map(str)), span: SP })),
  subset(['proxy', 'migration', 'prompt']).map((ss): Expr => ({ kind: 'in', value: path(['source']), list: list(ss.map((s) => en(s, 'Source'))), span: SP })),
  pick(['parsed', 'writes', 'reads', 'isDdl', 'returning']).map((f) => path(['statement', f])),
  pick(TABLES).map((t): Expr => ({ kind: 'has', list: tables, value: str(t), span: SP, key: 'name' })),
  subset(TABLES).map((ts): Expr => ({ kind: 'has_any', list: tables, values: list(ts.map(str)), span: SP, key: 'name' })),
  fc.tuple(subset(TABLES), pick(ACTIONS)).map(([ts, a]) =>
    q('any', 't', tables, {
      kind: 'and',
      operands: [{ kind: 'in', value: path(['t', 'name'], 't'), list: list(ts.map(str)), span: SP }, { kind: 'has', list: actions, value: en(a), span: SP, key: 'action' }],
      span: SP,
    }),
  ),
  fc.tuple(pick(TABLES), pick(ACTIONS)).map(([t, a]): Expr => ({
    kind: 'and',
    operands: [{ kind: 'has', list: actions, value: en(a), span: SP, key: 'action' }, q('any', 't', tables, cmp('==', str(t), path(['t', 'name'], 't')))],
    span: SP,
  })),
  fc.tuple(pick(['*.users', 'public.*', 'BILLING.*', '*o?ders']), fc.boolean()).map(([g, post]): Expr => ({
    ...(q('any', 't', tables, { kind: 'like', value: path(['t', 'name'], 't'), pattern: { kind: 'string', value: g, span: SP }, span: SP }) as object),
    form: post ? 'postfix' : 'prefix',
  }) as Expr),
  pick(TAGS).map((tag) => q('any', 'c', columns, { kind: 'has', list: path(['c', 'tags'], 'c', 'statement.columns[].tags'), value: en(tag, 'tag'), span: SP, key: null })),
  subset(TAGS).map((ts) => q('any', 'o', outputs, { kind: 'has_any', list: path(['o', 'tags'], 'o', 'statement.outputs[].tags'), values: list(ts.map((t) => en(t, 'tag'))), span: SP, key: null })),
  pick(['all', 'none'] as const).map((k) => q(k, 't', tables, { kind: 'has', list: path(['t', 'access'], 't'), value: en('write', 'Access'), span: SP, key: null })),
  subset(['like', 'ilike', 'similar', 'regex']).map((ops) =>
    q('any', 'p', patterns, { kind: 'in', value: path(['p', 'operator'], 'p', 'statement.patterns[].operator'), list: list(ops.map((o) => en(o, 'PatternOperator'))), span: SP }),
  ),
  pick(['like', 'similar']).map((o): Expr => ({ kind: 'has', list: patterns, value: en(o, 'PatternOperator'), span: SP, key: 'operator' })),
  // schema-change rules, which the compiled module indexes by DDL operation
  fc.tuple(subset(DDL_OPS), fc.constantFrom('plain', 'concurrently', 'or', 'none')).map(([ops, extra]) => {
    const op = path(['d', 'operation'], 'd', 'statement.ddl[].operation');
    const inOps: Expr = { kind: 'in', value: op, list: list(ops.map((o) => en(o))), span: SP };
    const flag = path(['d', 'concurrently'], 'd', 'statement.ddl[].concurrently');
    const where: Expr =
      extra === 'concurrently' ? { kind: 'and', operands: [inOps, { kind: 'not', operand: flag, span: SP }], span: SP }
      : extra === 'or' ? { kind: 'or', operands: [inOps, flag], span: SP }
      : inOps;
    return q(extra === 'none' ? 'none' : 'any', 'd', ddlList, where);
  }),
  pick(DDL_OPS).map((o): Expr => ({ kind: 'has', list: ddlList, value: en(o), span: SP, key: 'operation' })),
  pick(DDL_OPS).map((o) => q('any', 'd', ddlList, cmp('==', en(o), path(['d', 'operation'], 'd', 'statement.ddl[].operation')))),
  pick(['all', 'none', 'any'] as const).map((k) => q(k, 'x', tables, null)),
  fc.tuple(pick(['>', '>=', '<', '==', '!='] as const), fc.integer({ min: 0, max: 3 })).map(([op, n]) => cmp(op, { kind: 'count', variable: null, list: actions, where: null, span: SP }, num(n))),
  fc.integer({ min: 0, max: 2 }).map((n) =>
    cmp('>=', { kind: 'count', variable: name('a'), list: actions, where: path(['a', 'nested'], 'a'), span: SP }, num(n)),
  ),
  fc.tuple(pick(['<', '>=', '=='] as const), fc.integer({ min: 0, max: 23 })).map(([op, h]) => cmp(op, path(['time', 'hour']), num(h))),
  pick(['core', 'infra']).map((t) => cmp('==', path(['principal', 'attributes', 'team']), str(t))),
  fc.integer({ min: 0, max: 5 }).map((n) => cmp('>=', path(['principal', 'attributes', 'level']), num(n))),
  fc.constantFrom<Expr>(
    cmp('==', path(['statement', 'limit']), { kind: 'null', span: SP }),
    cmp('>', path(['statement', 'limit']), num(100)),
    cmp('==', path(['statement', 'limit']), en('all', 'Limit')),
    cmp('==', path(['statement', 'where']), en('absent', 'WhereState')),
    cmp('==', path(['statement', 'explain', 'analyze']), { kind: 'bool', value: true, span: SP }),
    { kind: 'matches', value: path(['statement', 'statementKind']), pattern: { kind: 'string', value: '^(update|delete)$', span: SP }, span: SP },
    { kind: 'like', value: path(['statement', 'text']), pattern: { kind: 'string', value: '*DROP*', span: SP }, span: SP },
    { kind: 'call', target: path(['statement']), name: name('reads_tagged'), args: [en('pii', 'tag')], span: SP },
    { kind: 'call', target: path(['statement']), name: name('writes_tagged'), args: [en('pii', 'tag')], span: SP },
    { kind: 'call', target: path(['statement']), name: name('tables_tagged'), args: [en('secret', 'tag')], span: SP },
    { kind: 'bool', value: true, span: SP },
    { kind: 'bool', value: false, span: SP },
    cmp('==', str('a'), str('a')),
    cmp('<', num(2), num(1)),
    { kind: 'in', value: en('drop_table'), list: list([en('drop_table'), en('truncate')]), span: SP },
    cmp('==', path(['dialect_less_attr']), { kind: 'null', span: SP }),
    q('any', 'a', actions, q('any', 'c', columns, cmp('==', path(['c', 'table'], 'c'), path(['a', 'target'], 'a')))),
  ),
);

export const expr: fc.Arbitrary<Expr> = fc.letrec<{ e: Expr }>((tie) => ({
  e: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.array(tie('e'), { minLength: 2, maxLength: 3 }).map((operands): Expr => ({ kind: 'and', operands: operands.flatMap((o) => (o.kind === 'and' ? o.operands : [o])), span: SP })),
    fc.array(tie('e'), { minLength: 2, maxLength: 3 }).map((operands): Expr => ({ kind: 'or', operands: operands.flatMap((o) => (o.kind === 'or' ? o.operands : [o])), span: SP })),
    tie('e').map((operand): Expr => ({ kind: 'not', operand, span: SP })),
  ),
})).e;

function template(parts: ({ text: string } | { path: string[]; variable?: string })[]): MessageTemplate {
  return {
    kind: 'template',
    raw: '',
    span: SP,
    parts: parts.map((p) =>
      'text' in p ? { kind: 'text', value: p.text, span: SP } : { kind: 'field', path: path(p.path, p.variable ?? null), span: SP },
    ),
  };
}

const message: fc.Arbitrary<MessageTemplate | null> = fc.oneof(
  fc.constant(null),
  fc.constant(template([{ text: 'blocked: ' }, { path: ['statement', 'statementKind'] }])),
  fc.constant(template([{ text: '`' }, { path: ['a', 'action'], variable: 'a' }, { text: '` on `' }, { path: ['a', 'target'], variable: 'a' }, { text: '`' }])),
  fc.constant(template([{ text: 'table ' }, { path: ['t'], variable: 't' }, { text: ' by ' }, { path: ['principal', 'groups'] }])),
  fc.constant(template([{ text: 'tags ' }, { path: ['c', 'tags'], variable: 'c' }])),
);

const effect: fc.Arbitrary<CheckedEffect> = fc.oneof(
  fc.tuple(pick(['deny', 'warn', 'allow'] as const), message).map(([kind, m]): CheckedEffect => ({ kind, message: m, span: SP })),
  fc
    .tuple(fc.uniqueArray(pick(GROUPS), { minLength: 1, maxLength: 3 }), fc.integer({ min: 1, max: 3 }), pick([60, 1800, 3600, 86400]), message)
    .map(([approvers, minApprovals, expiresIn, m]): CheckedEffect => ({ kind: 'review', approvers, minApprovals, expiresIn, message: m, span: SP })),
  fc
    .tuple(
      fc.array(
        fc.oneof(
          pick(TAGS).map((t) => ({ kind: 'tagged' as const, tag: name(t), span: SP })),
          pick(['users.email', '*.ssn', 'public.users.*', '*phone*', 'orders.*']).map((p) => ({ kind: 'column' as const, pattern: p, segments: p.split('.'), span: SP })),
        ),
        { minLength: 1, maxLength: 2 },
      ),
      pick(['full', 'partial', 'hash'] as const),
      message,
    )
    .map(([selectors, strategy, m]): CheckedEffect => ({ kind: 'mask', selectors, strategy, message: m, span: SP })),
);

let ruleCounter = 0;

const rule = (policy: string, file: string) =>
  fc
    .record({
      when: fc.array(expr, { minLength: 1, maxLength: 2 }),
      unless: fc.array(expr, { minLength: 0, maxLength: 2 }),
      effect,
      severity: pick(['error', 'warning', 'info'] as const),
      dialects: fc.option(fc.uniqueArray(pick(['postgres', 'mysql'] as const), { minLength: 1, maxLength: 2 })),
      sources: fc.option(fc.uniqueArray(pick(['proxy', 'migration'] as const), { minLength: 1, maxLength: 2 })),
      description: fc.option(pick(['a rule', 'blocks things'])),
    })
    .map((r): CheckedRule => {
      const n = ruleCounter++;
      const nameStr = `r${n}`;
      return {
        kind: 'checked_rule',
        id: `${policy}.${nameStr}`,
        policy,
        name: nameStr,
        file,
        span: sp(n + 2),
        category: 'destructive',
        severity: r.severity,
        description: r.description,
        docs: n % 2 ? `https://docs/${nameStr}` : null,
        dialects: r.dialects,
        sources: r.sources,
        fix: null,
        when: r.when,
        unless: r.unless,
        effect: r.effect,
        ast: {} as RuleAst,
      };
    });

const simpleEffect = (kinds: readonly ('deny' | 'warn' | 'allow' | 'review')[]) =>
  fc.tuple(pick(kinds), fc.option(pick(['custom message']))).map(([kind, m]): CheckedEffect =>
    kind === 'review'
      ? { kind, approvers: ['dba'], minApprovals: 2, expiresIn: 900, message: null, span: SP }
      : { kind, message: m === null ? null : template([{ text: m }]), span: SP },
  );

const policy = (index: number) =>
  fc
    .record({
      applies: fc.option(expr, { freq: 2 }),
      dflt: simpleEffect(['allow', 'allow', 'deny', 'warn']),
      unparsed: simpleEffect(['deny', 'allow', 'review']),
      defaultWritten: fc.boolean(),
    })
    .chain((p) => {
      const nm = `p${index}`;
      const file = `f${index % 2}.hoop`;
      return fc.array(rule(nm, file), { minLength: 1, maxLength: 5 }).map(
        (rules): CheckedPolicy => ({
          kind: 'checked_policy',
          name: nm,
          file,
          span: sp(1),
          description: null,
          applies: p.applies,
          default: p.dflt,
          onUnparsed: p.unparsed,
          rules,
          ast: { onUnparsed: null, default: p.defaultWritten ? { kind: 'default', effect: { kind: 'allow', message: null, span: SP }, span: sp(40) } : null } as unknown as PolicyAst,
        }),
      );
    });

const tagDecl = fc
  .tuple(pick(TAGS), fc.uniqueArray(pick(['users.email', '*.ssn', 'orders.*', 'public.users.phone', 'name']), { minLength: 1, maxLength: 2 }))
  .map(([nm, selectors]): CheckedTag => ({ kind: 'checked_tag', name: nm, file: 'f0.hoop', span: SP, selectors, ast: {} as TagAst }));

export const policySet: fc.Arbitrary<CheckedPolicySet> = fc
  .tuple(fc.integer({ min: 1, max: 3 }), fc.array(tagDecl, { maxLength: 2 }))
  .chain(([n, tags]) =>
    fc.tuple(...Array.from({ length: n }, (_, k) => policy(k))).map(
      (policies): CheckedPolicySet => ({ kind: 'policy_set', files: ['f0.hoop', 'f1.hoop'], policies, tags, tests: [] }),
    ),
  );

// ---------------------------------------------------------------------------------------------
// inputs

const factSpan = (k: number): Span => ({ start: k * 10, end: k * 10 + 5, line: 1, column: k * 10 + 1, endLine: 1, endColumn: k * 10 + 6 });

const actionFact = fc
  .record({
    action: pick(ACTIONS),
    target: fc.option(pick(TABLES)),
    nested: fc.boolean(),
    where: fc.option(pick(['absent', 'trivial', 'present'] as const), { nil: undefined }),
    k: fc.integer({ min: 1, max: 50 }),
  })
  .map(({ action, target, nested, where, k }): ActionFact => {
    const a: ActionFact = { kind: 'action', action, span: factSpan(k), target, nested, via: nested ? 'cte' : 'top' };
    if (where !== undefined) a.where = where;
    return a;
  });

const tableFact = fc.tuple(pick(TABLES), subset(['read', 'write', 'ddl'] as const), fc.integer({ min: 1, max: 50 })).map(([t, accessKinds, k]) => ({
  kind: 'table' as const,
  name: t,
  schema: t.split('.')[0]!,
  table: t.split('.')[1]!,
  access: accessKinds,
  span: factSpan(k),
  createdInFile: false,
  temporary: false,
  qualified: false,
}));

const columnFact = fc
  .tuple(fc.option(pick(TABLES)), pick(COLUMNS), pick(['read', 'write'] as const), subset(TAGS), fc.integer({ min: 1, max: 50 }))
  .map(([table, column, accessKind, tags, k]) => ({ kind: 'column' as const, table, column, access: accessKind, span: factSpan(k), tags, fromStar: false }));

const outputFact = fc
  .tuple(
    pick(COLUMNS),
    fc.array(fc.record({ table: fc.option(pick(TABLES)), column: fc.oneof(pick(COLUMNS), fc.constant('*')) }), { maxLength: 2 }),
    subset(TAGS),
    fc.integer({ min: 1, max: 50 }),
  )
  .map(([nm, sources, tags, k]) => ({ kind: 'output' as const, name: nm, position: 0, sources, shape: 'column' as const, tags, from: 'select' as const, span: factSpan(k) }));

const ddlFact = fc
  .tuple(pick(DDL_OPS), fc.boolean(), fc.integer({ min: 1, max: 50 }))
  .map(([operation, concurrently, k]) => ({ kind: 'ddl', span: factSpan(k), operation, table: 'public.users', column: 'email', concurrently, rewrite: false, createdInFile: false }) as unknown as StatementFacts['ddl'][number]);

const patternFact = fc
  .tuple(pick(['like', 'ilike', 'similar', 'regex'] as const), fc.option(pick(['%a', 'b%', '_c', '^d'])), fc.integer({ min: 1, max: 50 }))
  .map(([operator, pattern, k]): PatternFact => ({ kind: 'pattern', operator, pattern, leadingWildcard: pattern !== null && /^[%_]/.test(pattern), span: factSpan(k) }));

export const decisionInput: fc.Arbitrary<DecisionInput> = fc
  .record({
    actions: fc.array(actionFact, { maxLength: 3 }),
    tables: fc.array(tableFact, { maxLength: 3 }),
    columns: fc.array(columnFact, { maxLength: 3 }),
    outputs: fc.array(outputFact, { maxLength: 3 }),
    patterns: fc.array(patternFact, { maxLength: 2 }),
    ddl: fc.array(ddlFact, { maxLength: 3 }),
    parsed: fc.boolean(),
    unparsedRare: fc.integer({ min: 0, max: 9 }),
    writes: fc.boolean(),
    reads: fc.boolean(),
    isDdl: fc.boolean(),
    returning: fc.boolean(),
    limit: fc.oneof(fc.constant(null), fc.integer({ min: 0, max: 500 }), fc.constant('all' as const), fc.constant('param' as const)),
    where: fc.option(pick(['absent', 'trivial', 'present'] as const)),
    explain: fc.option(fc.record({ analyze: fc.boolean() })),
    statementKind: pick(['select', 'update', 'delete', 'drop_table', 'insert']),
    text: pick(['DROP TABLE x', 'select 1', 'delete from users']),
    dialect: pick(['postgres', 'mysql'] as const),
    kind: pick(['human', 'agent', 'service'] as const),
    groups: subset(GROUPS),
    attributes: fc.record({ team: pick(['core', 'infra']), level: fc.integer({ min: 0, max: 6 }) }, { requiredKeys: [] }),
    env: pick(ENVS),
    source: pick(['proxy', 'migration', 'prompt', 'editor'] as const),
    hour: fc.integer({ min: 0, max: 23 }),
    count: fc.integer({ min: 1, max: 4 }),
  })
  .map((r): DecisionInput => {
    const statement: StatementFacts = {
      kind: 'statement',
      index: 0,
      span: { start: 0, end: 20, line: 1, column: 1, endLine: 1, endColumn: 21 },
      text: r.text,
      dialect: r.dialect,
      parsed: r.parsed || r.unparsedRare > 0,
      statementKind: r.statementKind,
      actions: r.actions,
      tables: r.tables,
      columns: r.columns,
      outputs: r.outputs.map((o, k) => ({ ...o, position: k })),
      functions: [],
      dynamicSql: [],
      privileges: [],
      roles: [],
      ddl: r.ddl,
      patterns: r.patterns,
      longIdentifiers: [],
      where: r.where,
      limit: r.limit,
      returning: r.returning,
      dataModifyingCte: false,
      explain: r.explain,
      // outside any transaction, as the runtime's own fresh file state says
      transaction: transactionContext(newFileState()),
      reads: r.reads,
      writes: r.writes,
      isDdl: r.isDdl,
      fingerprint: 'f',
      diagnostics: [],
    };
    return {
      statement,
      principal: { id: 'u', kind: r.kind, groups: r.groups, attributes: r.attributes },
      connection: { name: 'c', env: r.env, dialect: r.dialect, database: 'db' },
      source: r.source,
      time: { iso: '2026-01-05T12:00:00.000Z', hour: r.hour, weekday: 1 },
      request: { statementCount: r.count },
    };
  });
