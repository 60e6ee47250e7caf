// The reference interpreter's semantics on small policies written in the language: messages and
// witnesses, defaults and `on unparsed`, tags and masks, dialect/source filters, combination.
// Each case also runs through the compiled module, which must say the same.
import { describe, expect, it } from 'vitest';
import { compilePolicySet, importBundle, interpret } from '../../compiler/index.js';
import { wrapBundle } from '../../compiler/bundle.js';
import { generateModule } from '../../compiler/codegen.js';
import { buildManifest } from '../../compiler/codegen-manifest.js';
import type { Decision, DecisionInput } from '../../runtime/decision/types.js';
import type { ActionFact, OutputColumnFact, PatternFact, Span, StatementFacts } from '../../runtime/facts/types.js';
import { newFileState, transactionContext } from '../../runtime/sql/file-state.js';

const span = (start: number): Span => ({ start, end: start + 4, line: 1, column: start + 1, endLine: 1, endColumn: start + 5 });

function statement(p: Partial<StatementFacts> = {}): StatementFacts {
  return {
    kind: 'statement', index: 0, span: span(0), text: 'x', dialect: 'postgres', parsed: true, statementKind: 'select',
    actions: [], tables: [], columns: [], outputs: [], functions: [], dynamicSql: [], privileges: [], roles: [], ddl: [], patterns: [],
      longIdentifiers: [],
    where: null, limit: null, returning: false, dataModifyingCte: false, explain: null,
    // outside any transaction, as the runtime's own fresh file state says
    transaction: transactionContext(newFileState()),
    reads: false, writes: false, isDdl: false, fingerprint: 'f', diagnostics: [], ...p,
  };
}
const action = (a: ActionFact['action'], at: number, extra: Partial<ActionFact> = {}): ActionFact => ({ kind: 'action', action: a, span: span(at), target: 'public.orders', nested: false, via: 'top', ...extra });
const output = (position: number, name: string, sources: { table: string | null; column: string }[], tags: string[] = []): OutputColumnFact => ({
  kind: 'output', name, position, sources, shape: 'column', tags, from: 'select', span: span(position * 10),
});

function input(st: StatementFacts, p: Partial<DecisionInput> = {}): DecisionInput {
  return {
    statement: st,
    principal: { id: 'ana', kind: 'human', groups: [], attributes: {} },
    connection: { name: 'c', env: 'production', dialect: st.dialect, database: 'db' },
    source: 'proxy',
    time: { iso: '2026-01-05T12:00:00.000Z', hour: 12, weekday: 1 },
    request: { statementCount: 1 },
    ...p,
  };
}

/** Decides with both engines, checks they agree, returns the decision. */
async function decide(text: string, i: DecisionInput): Promise<Decision> {
  const c = compilePolicySet([{ file: 'p.hoop', text }]);
  expect(c.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const want = interpret(c.set, i);
  const { decide: compiled } = await importBundle(wrapBundle(c.source!));
  expect(compiled(i)).toEqual(want);
  return want;
}

describe('interpreter semantics', () => {
  it('interpolates the witness of `any` into the message and points the finding at it', async () => {
    const d = await decide(
      `policy p {
  rule unfiltered {
    category destructive
    when any a in statement.actions where a.action in [update, delete] and a.where != present
    deny "\`{a.action}\` on \`{a.target}\` has no effective WHERE clause"
  }
}
`,
      input(statement({ actions: [action('select', 5), action('delete', 20, { where: 'absent' }), action('update', 40, { where: 'absent' })] })),
    );
    expect(d.effect).toBe('deny');
    expect(d.fired).toHaveLength(1);
    expect(d.fired[0]).toMatchObject({ id: 'p.unfiltered', message: '`delete` on `public.orders` has no effective WHERE clause', span: span(20), severity: 'error', source: { file: 'p.hoop', line: 2, column: 3 } });
  });

  it('with no applicable policy the effect is allow; a default deny says which policy denied', async () => {
    const text = `policy closed {
  applies when connection.env == "production"
  default deny "only listed statements run in production"
  rule reads_ok {
    category robustness
    when statement.actions has select
    allow
  }
}
`;
    expect((await decide(text, input(statement(), { connection: { name: 'c', env: 'staging', dialect: 'postgres', database: 'd' } }))).effect).toBe('allow');
    const d = await decide(text, input(statement({ actions: [action('insert', 0)] })));
    expect(d.effect).toBe('deny');
    expect(d.fired.map((f) => [f.id, f.message, f.source.line])).toEqual([['closed.@default', 'only listed statements run in production', 3]]);
    const ok = await decide(text, input(statement({ actions: [action('select', 0)] })));
    expect(ok.effect).toBe('allow');
    expect(ok.fired.map((f) => f.id)).toEqual(['closed.reads_ok']);
  });

  it('an unparsed statement gets `on unparsed` (fail closed by default) and rules still run', async () => {
    const text = `policy p {
  rule agents {
    category robustness
    when principal.kind == agent
    warn "agent"
  }
}
policy lenient {
  on unparsed allow
  rule never {
    category style
    when false
    deny "never"
  }
}
`;
    const d = await decide(text, input(statement({ parsed: false }), { principal: { id: 'x', kind: 'agent', groups: [], attributes: {} } }));
    expect(d.effect).toBe('deny');
    expect(d.unparsed).toBe(true);
    expect(d.fired.map((f) => [f.id, f.effect, f.message])).toEqual([
      ['p.@unparsed', 'deny', 'statement could not be parsed'],
      ['p.agents', 'warn', 'agent'],
    ]);
  });

  it('reviews from several policies merge; masks list the outputs their selectors hit', async () => {
    const text = `policy a {
  rule r {
    category robustness
    when statement.writes
    review by ["dba"] min 1 expires 2h
  }
}
policy b {
  rule r {
    category robustness
    when statement.writes
    review by ["oncall", "dba"] min 2 expires 15m "two people"
  }
  rule m {
    category pii
    when statement.reads_tagged(pii)
    mask tagged pii, *.ssn using last4
  }
}
tag pii on users.email
`;
    const st = statement({
      writes: true,
      outputs: [output(0, 'id', [{ table: 'public.users', column: 'id' }]), output(1, 'ssn', [{ table: 'public.users', column: 'ssn' }]), output(2, 'email', [{ table: 'public.users', column: 'email' }])],
    });
    const d = await decide(text, input(st));
    expect(d.effect).toBe('review');
    expect(d.review).toEqual({ approvers: ['dba', 'oncall'], minApprovals: 2, expiresIn: 900, selfApproval: false });
    expect(d.masks).toEqual([{ selector: 'tagged pii, *.ssn', strategy: 'last4', outputs: [1, 2] }]);
  });

  it('declared tags reach columns, outputs and unexpanded `*` outputs', async () => {
    const text = `policy p {
  rule pii_read {
    category pii
    when any c in statement.columns where c.tags has pii
    warn "column {c.column} is {c.tags}"
  }
  rule star {
    category pii
    when statement.outputs any o where o.tags has pii
    mask tagged pii using full
  }
}
tag pii on customers.*phone*
`;
    const st = statement({
      columns: [{ kind: 'column', table: 'crm.customers', column: 'home_phone', access: 'read', span: span(7), tags: ['contact'], fromStar: false }],
      outputs: [output(0, '*', [{ table: 'crm.customers', column: '*' }])],
    });
    const d = await decide(text, input(st));
    expect(d.fired.map((f) => f.message)).toEqual(['column home_phone is contact, pii', 'mask by `p.star`']);
    expect(d.fired[0]!.span).toEqual(span(7));
    expect(d.masks[0]!.outputs).toEqual([0]);
  });

  it('dialects and sources restrict rules; like is case-insensitive with ? and *', async () => {
    const text = `policy p {
  rule mysql_only {
    category compat
    dialects [mysql]
    when statement.text like "select ?"
    warn "mysql"
  }
  rule editor_only {
    category style
    sources [editor]
    when statement.text like "SEL*"
    warn "editor"
  }
}
`;
    const st = statement({ text: 'SELECT 1' });
    expect((await decide(text, input(st))).fired).toEqual([]);
    expect((await decide(text, input(statement({ text: 'select 1', dialect: 'mysql' })))).fired.map((f) => f.rule)).toEqual(['mysql_only']);
    expect((await decide(text, input(st, { source: 'editor' }))).fired.map((f) => f.rule)).toEqual(['editor_only']);
  });
});

describe('enum values that are keywords', () => {
  const pattern = (operator: PatternFact['operator'], text: string, leadingWildcard: boolean, at: number): PatternFact => ({ kind: 'pattern', operator, pattern: text, leadingWildcard, span: span(at) });
  const text = `policy p {
  rule plain_like {
    category style
    when any p in statement.patterns where p.operator == like
    warn "like {p.pattern}"
  }
  rule wild_like {
    category style
    when statement.patterns any p where p.operator in [like, ilike] and p.leadingWildcard
    warn "wild {p.pattern}"
  }
  rule similar_only {
    category style
    when statement.patterns has similar and not (statement.patterns has like)
    warn "similar only"
  }
  rule limit_all {
    category style
    when statement.limit == all and none p in statement.patterns where p.operator != like
    warn "limit all"
  }
}
`;

  it('compare as values (`p.operator == like`, `in [like, ilike]`, `has like`, `== all`) in both engines', async () => {
    const fired = async (st: StatementFacts) => (await decide(text, input(st))).fired.map((f) => `${f.rule}: ${f.message}`);
    expect(await fired(statement({ patterns: [pattern('ilike', '%a', true, 3), pattern('like', 'b%', false, 9)] }))).toEqual(['plain_like: like b%', 'wild_like: wild %a']);
    expect(await fired(statement({ patterns: [pattern('similar', '%c', true, 2), pattern('regex', 'd', true, 5)], limit: 'all' }))).toEqual(['similar_only: similar only']);
    expect(await fired(statement({ patterns: [pattern('like', '%e', true, 4)], limit: 'all' }))).toEqual(['plain_like: like %e', 'wild_like: wild %e', 'limit_all: limit all']);
    expect(await fired(statement({ patterns: [], limit: 10 }))).toEqual([]);
  });
});

describe('the rule index', () => {
  it('puts rules under the actions and tables their `when` requires, the rest in the always bucket', async () => {
    const c = compilePolicySet([
      {
        file: 'i.hoop',
        text: `policy p {
  rule ddl {
    category destructive
    when statement.actions has_any [drop_table, truncate]
    deny "x"
  }
  rule quantified {
    category destructive
    when principal.kind == agent
    when any a in statement.actions where a.action == delete or a.action == update
    deny "y"
  }
  rule users_writes {
    category pii
    when statement.actions has update and statement.tables has "public.users"
    warn "z"
  }
  rule orders_any {
    category pii
    when any t in statement.tables where t.name in ["public.orders", "public.items"]
    warn "w"
  }
  rule anything {
    category style
    when statement.writes or statement.actions has drop_table
    warn "v"
  }
  rule dead {
    category style
    when 1 > 2
    deny "never"
  }
}
`,
      },
    ]);
    expect(c.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const { index } = generateModule(c.set, buildManifest(c.set, []));
    expect(index.always).toEqual(['p.anything']);
    expect(index.byAction).toEqual({ drop_table: ['p.ddl'], truncate: ['p.ddl'], delete: ['p.quantified'], update: ['p.quantified'] });
    expect(index.byActionTable).toEqual({ 'update public.users': ['p.users_writes'] });
    expect(index.byTable).toEqual({ 'public.orders': ['p.orders_any'], 'public.items': ['p.orders_any'] });
    // a rule whose condition folds to false is not compiled at all
    expect(JSON.stringify(index)).not.toContain('p.dead');
  });

  it('indexes schema-change rules by DDL operation, and the compiled module still fires them', async () => {
    const files = [
      {
        file: 'd.hoop',
        text: `policy d {
  rule index_lock {
    category lock
    when any d in statement.ddl where d.operation == create_index and not d.concurrently
    deny "index {d.table}"
  }
  rule column_ops {
    category lock
    when any d in statement.ddl where d.operation in [add_column, drop_column]
    warn "column {d.column}"
  }
  rule has_ddl {
    category lock
    when statement.ddl has alter_column_type
    warn "type"
  }
  rule any_ddl {
    category lock
    when any d in statement.ddl where d.rewrite
    warn "rewrite"
  }
}
`,
      },
    ];
    const c = compilePolicySet(files);
    expect(c.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const { index } = generateModule(c.set, buildManifest(c.set, []));
    expect(index.byDdl).toEqual({ add_column: ['d.column_ops'], alter_column_type: ['d.has_ddl'], create_index: ['d.index_lock'], drop_column: ['d.column_ops'] });
    expect(index.always).toEqual(['d.any_ddl']);
    const mod = await importBundle(wrapBundle(c.source!));
    const ddl = (operation: string, extra: Record<string, unknown> = {}) =>
      ({ kind: 'ddl', span: { start: 0, end: 1, line: 1, column: 1 }, operation, table: 'public.t', column: 'c', concurrently: false, rewrite: false, ...extra }) as never;
    // the DDL facts need not be in statement.actions: the index reads the DDL list itself
    for (const st of [
      statement({ ddl: [ddl('create_index')] }),
      statement({ ddl: [ddl('add_column'), ddl('add_column'), ddl('create_index', { concurrently: true }), ddl('alter_column_type', { rewrite: true })] }),
      statement({ actions: [{ kind: 'action', action: 'alter_table', span: { start: 0, end: 1, line: 1, column: 1 }, target: null, nested: false, via: 'top' } as ActionFact], ddl: [ddl('drop_column')] }),
      statement({ ddl: [] }),
    ]) {
      const compiled = mod.decide(input(st));
      const interpreted = interpret(c.set, input(st));
      expect(compiled.fired.map((f) => f.message)).toEqual(interpreted.fired.map((f) => f.message));
    }
    expect(mod.decide(input(statement({ ddl: [ddl('add_column'), ddl('add_column'), ddl('create_index', { concurrently: true }), ddl('alter_column_type', { rewrite: true })] }))).fired.map((f) => f.message)).toEqual(['column c', 'type', 'rewrite']);
  });

  it('a decision never evaluates rules indexed under other actions', async () => {
    const rules = Array.from(
      { length: 50 },
      (_, k) => `  rule r${k} {\n    category destructive\n    when statement.actions has ${k % 2 ? 'drop_table' : 'truncate'} and principal.attributes.probe == "x${k}"\n    deny "r${k}"\n  }\n`,
    );
    const c = compilePolicySet([{ file: 'n.hoop', text: `policy p {\n${rules.join('')}}\n` }]);
    const { decide: compiled } = await importBundle(wrapBundle(c.source!));
    let reads = 0;
    const attributes = new Proxy({} as Record<string, string>, {
      get: (t, k) => (reads++, Reflect.get(t, k)),
      has: (t, k) => (reads++, Reflect.has(t, k)),
      getOwnPropertyDescriptor: (t, k) => (reads++, Reflect.getOwnPropertyDescriptor(t, k)),
    });
    const principal = { id: 'a', kind: 'human' as const, groups: [], attributes };
    expect(compiled(input(statement({ actions: [action('select', 0)] }), { principal })).effect).toBe('allow');
    expect(reads).toBe(0);
    compiled(input(statement({ actions: [action('drop_table', 0)] }), { principal }));
    expect(reads).toBe(25); // exactly the 25 drop_table rules read the attribute, once each
  });
});
