import { describe, expect, it } from 'vitest';
import { brief, check, codes, rule } from './front-helpers.js';
import type { CompareExpr, EnumLit, HasExpr, PathExpr, QuantifierExpr } from '../../compiler/ast.js';

function only(text: string) {
  return check(text).diagnostics.map((d) => [d.code, d.message, d.help]);
}

describe('checker: fields and types', () => {
  it('accepts a well-typed rule and annotates paths, enum values and key fields', () => {
    const r = check(rule('statement.actions has drop_table and any d in statement.ddl where d.lock == access_exclusive'));
    expect(brief(r.diagnostics)).toEqual([]);
    const when = r.value.policies[0].rules[0].when[0];
    expect(when.kind).toBe('and');
    if (when.kind !== 'and') return;
    const has = when.operands[0] as HasExpr;
    expect(has.key).toBe('action');
    expect((has.list as PathExpr).resolved).toMatchObject({ field: 'statement.actions', variable: null, type: { kind: 'list' } });
    expect((has.value as EnumLit).resolved).toEqual({ enumName: 'Action', runtimeValue: 'drop_table' });
    const q = when.operands[1] as QuantifierExpr;
    const cmp = q.where as CompareExpr;
    expect((cmp.left as PathExpr).resolved).toMatchObject({ variable: 'd', field: 'statement.ddl[].lock' });
    expect((cmp.right as EnumLit).resolved).toEqual({ enumName: 'LockLevel', runtimeValue: 'ACCESS EXCLUSIVE' });
  });

  it('reports unknown fields with the path meant', () => {
    expect(only(rule('statement.acitons has drop_table'))).toEqual([['policy/unknown-field', 'unknown field `statement.acitons`', 'did you mean `statement.actions`?']]);
    expect(only(rule('statment.writes'))).toEqual([['policy/unknown-field', 'unknown field `statment.writes`', 'did you mean `statement.writes`?']]);
    expect(only(rule('any a in statement.actions where a.acton == drop_table'))).toEqual([['policy/unknown-field', 'unknown field `a.acton`', 'did you mean `a.action`?']]);
    expect(codes(check(rule('principal.attributes.team == "core" and principal.attributes.level > 3')).diagnostics)).toEqual([]);
  });

  it('reports unknown enum values with the value meant', () => {
    expect(only(rule('statement.actions has_any [drop_tabel, truncate]'))).toEqual([['policy/unknown-enum', 'unknown Action value `drop_tabel`', 'did you mean `drop_table`?']]);
    expect(only(rule('principal.kind == agnet'))).toEqual([['policy/unknown-enum', 'unknown PrincipalKind value `agnet`', 'did you mean `agent`?']]);
    expect(only(rule('connection.dialect in [postgres, mysq]'))).toEqual([['policy/unknown-enum', 'unknown Dialect value `mysq`', 'did you mean `mysql`?']]);
  });

  it('checks enum values that are keywords (`like`, `all`, `none`) like any other', () => {
    const r = check(rule('any p in statement.patterns where p.operator in [like, ilike] and p.operator != like and statement.limit != all'));
    expect(brief(r.diagnostics)).toEqual([]);
    const q = r.value.policies[0].rules[0].when[0] as QuantifierExpr;
    const ops = (q.where as { operands: unknown[] }).operands as [{ list: { items: EnumLit[] } }, CompareExpr, CompareExpr];
    expect(ops[0].list.items.map((i) => i.resolved)).toEqual([{ enumName: 'PatternOperator', runtimeValue: 'like' }, { enumName: 'PatternOperator', runtimeValue: 'ilike' }]);
    expect((ops[1].right as EnumLit).resolved).toEqual({ enumName: 'PatternOperator', runtimeValue: 'like' });
    expect((ops[2].right as EnumLit).resolved).toEqual({ enumName: 'LimitKeyword', runtimeValue: 'all' });
    expect(codes(check(rule('statement.patterns has like')).diagnostics)).toEqual([]);
    expect(only(rule('any p in statement.patterns where p.operator == lik'))).toEqual([['policy/unknown-enum', 'unknown PatternOperator value `lik`', 'did you mean `like`?']]);
    expect(only(rule('principal.kind == like'))).toEqual([['policy/unknown-enum', 'unknown PrincipalKind value `like`', '`principal.kind` is one of `human`, `agent`, `service`']]);
    // the help for a quoted value names a form that is accepted
    const quoted = only(rule('any p in statement.patterns where p.operator == "like"'));
    expect(quoted).toEqual([['policy/type-mismatch', '`p.operator` is an enum (PatternOperator), not a string', 'write enum values without quotes: `like`']]);
    expect(codes(check(rule('any p in statement.patterns where p.operator == like')).diagnostics)).toEqual([]);
  });

  it('reports type mismatches', () => {
    const cases: Array<[string, string]> = [
      ['statement.actions == drop_table', 'cannot compare `statement.actions` (list of ActionFact) with `==`'],
      ['statement.index == "3"', 'cannot compare `statement.index` (number) with a string'],
      ['statement.index like "1*"', '`like` needs a string, `statement.index` is a number'],
      ['connection.env == production', '`production` is a bare name where a string is expected'],
      ['principal.groups has dba', '`dba` is a bare name where a string is expected'],
      ['[statement.writes]', '`when` condition is a list literal, not a boolean'],
      ['connection.dialect == "postgres"', '`connection.dialect` is an enum (Dialect), not a string'],
      ['principal.kind < agent', '`<` needs numbers, strings or durations, `principal.kind` is a PrincipalKind'],
      ['principal.id has "x"', '`has` needs a list, `principal.id` is a string'],
      ['statement.actions.action == drop_table', '`statement.actions` is a list, it has no field `action`'],
      ['statement.tables', '`when` condition `statement.tables` is a list of TableFact, not a boolean'],
      ['statement.returning == 1', 'cannot compare `statement.returning` (bool) with a number'],
      ['principal.id == null', '`principal.id` is never null'],
      ['statement.tables_tagged(pii, pii)', '`tables_tagged` takes 1 argument, found 2'],
    ];
    for (const [when, message] of cases) {
      const ds = check(rule(when)).diagnostics;
      expect(ds.map((d) => [d.code, d.message]), when).toEqual([['policy/type-mismatch', message]]);
    }
  });

  it('accepts nullable fields against null and enum unions', () => {
    expect(brief(check(rule('statement.explain != null and statement.limit == all and statement.limit > 100 and statement.where == trivial')).diagnostics)).toEqual([]);
  });

  it('warns about quantifier variables that are unused or hide another name', () => {
    expect(brief(check(rule('any a in statement.actions where statement.writes')).diagnostics)).toEqual(['4:14 policy/unused-variable variable `a` is not used in its `where`']);
    expect(brief(check(rule('any a in statement.actions where any a in statement.tables where a.temporary')).diagnostics)).toEqual([
      '4:14 policy/unused-variable variable `a` is not used in its `where`',
      '4:47 policy/shadowed-variable variable `a` hides an outer variable of the same name',
    ]);
    expect(codes(check(rule('any statement in statement.actions where statement.nested')).diagnostics)).toEqual(['policy/shadowed-variable']);
  });

  it('validates regular expressions at compile time', () => {
    expect(only(rule('statement.text matches "(unclosed"'))).toEqual([
      ['policy/invalid-regex', 'invalid regular expression `(unclosed`: unterminated group', 'patterns are JavaScript regular expressions; escape a backslash in a string as `\\\\`'],
    ]);
  });

  it('checks functions', () => {
    expect(only(rule('statement.tables_taged(pii)'))[0]).toEqual(['policy/unknown-function', 'unknown function `tables_taged`', 'did you mean `tables_tagged`?']);
  });

  it('checks message templates against the rule condition', () => {
    expect(brief(check(rule('any a in statement.actions where a.action == delete', 'deny "`{a.action}` on `{a.target}` in {connection.env}"')).diagnostics)).toEqual([]);
    expect(codes(check(rule('statement.writes', 'deny "{a.action}"')).diagnostics)).toEqual(['policy/invalid-template']);
    expect(only(rule('statement.writes', 'deny "{statement.statmentKind}"'))).toEqual([['policy/unknown-field', 'unknown field `statement.statmentKind`', 'did you mean `statement.statementKind`?']]);
    expect(codes(check(rule('statement.writes', 'deny "{statement.transaction}"')).diagnostics)).toEqual(['policy/invalid-template']);
    // a variable under `or` or `not` has no witness
    expect(codes(check(rule('statement.reads or any a in statement.actions where a.nested', 'deny "{a.action}"')).diagnostics)).toEqual(['policy/invalid-template']);
  });
});

describe('checker: items', () => {
  it('requires a category, a when and an effect', () => {
    const r = check('policy p {\n  rule r {\n    description "x"\n  }\n}\n');
    expect(r.diagnostics.map((d) => d.code)).toEqual(['policy/missing-category', 'policy/missing-when', 'policy/missing-effect']);
    expect(r.value.policies[0].rules).toEqual([]);
  });

  it('reports unknown categories, severities, dialects, sources, strategies and effects', () => {
    const text = 'policy p {\n  default warn\n  rule r {\n    category destrutive\n    severity fatal\n    dialects [postgress]\n    sources [proxi]\n    when statement.writes\n    mask users.email using partal\n    fix add_concurently\n  }\n}\n';
    expect(check(text).diagnostics.map((d) => [d.span.line, d.code, d.help])).toEqual([
      [2, 'policy/invalid-effect', 'write `warn` in a rule with `when true` instead'],
      [4, 'policy/unknown-category', 'did you mean `destructive`?'],
      [5, 'policy/unknown-severity', 'severities are `error`, `warning`, `info`'],
      [6, 'policy/unknown-dialect', 'did you mean `postgres`?'],
      [7, 'policy/unknown-source', 'did you mean `proxy`?'],
      [9, 'policy/unknown-strategy', 'did you mean `partial`?'],
      [10, 'policy/unknown-fix', 'did you mean `add_concurrently`?'],
    ]);
  });

  it('validates review and mask arguments', () => {
    expect(codes(check(rule('statement.writes', 'review by [] min 0 expires 0m')).diagnostics)).toEqual(['policy/invalid-value', 'policy/invalid-value', 'policy/invalid-value']);
    expect(codes(check(rule('statement.writes', 'mask email using hash')).diagnostics)).toEqual(['policy/invalid-value']);
  });

  it('fills defaults in the checked set', () => {
    const r = check('policy p {\n  rule r {\n    category lock\n    when statement.writes\n    review by ["dba", "dba"]\n  }\n  rule s {\n    category lock\n    when statement.reads\n    deny\n  }\n}\n');
    expect(brief(r.diagnostics)).toEqual([]);
    const p = r.value.policies[0];
    expect(p.default).toMatchObject({ kind: 'allow' });
    expect(p.onUnparsed).toMatchObject({ kind: 'deny' });
    expect(p.rules[0]).toMatchObject({ id: 'p.r', severity: 'warning', effect: { kind: 'review', approvers: ['dba'], minApprovals: 1, expiresIn: 3600 } });
    expect(p.rules[1]).toMatchObject({ severity: 'error', dialects: null, sources: null, effect: { kind: 'deny', message: null } });
  });
});

describe('checker: logic', () => {
  it('finds conditions that can never hold', () => {
    const never = [
      'statement.index == 1 and statement.index == 2',
      'principal.kind == agent and principal.kind == human',
      'statement.writes and not statement.writes',
      'statement.index > 5 and statement.index < 3',
      'connection.env == "prod" and connection.env != "prod"',
      'principal.kind in [agent, service] and principal.kind == human',
      'count(statement.tables) < 0',
      'statement.actions has_any []',
      '1 == 2',
      'false',
    ];
    for (const w of never) expect(codes(check(rule(w)).diagnostics), w).toEqual(['policy/never-true']);
    const d = check(rule('statement.index == 1 and statement.index == 2')).diagnostics[0];
    expect(d).toMatchObject({ severity: 'warning', message: 'condition `statement.index == 1 and statement.index == 2` can never hold', help: 'rule `r` never fires' });
  });

  it('finds conditions that always hold, also inside larger ones', () => {
    expect(codes(check(rule('true')).diagnostics)).toEqual([]);
    const always = ['statement.writes or not statement.writes', 'connection.env == "a" or connection.env != "a"', 'statement.reads or true', 'count(statement.tables) >= 0', 'statement.index == statement.index', 'statement.index < 3 or statement.index >= 3'];
    for (const w of always) expect(codes(check(rule(w)).diagnostics), w).toEqual(['policy/always-true']);
    const r = check(rule('statement.reads and (statement.writes or not statement.writes)'));
    expect(brief(r.diagnostics)).toEqual(['4:31 policy/always-true condition `statement.writes or not statement.writes` always holds']);
  });

  it('finds contradictions across `when` lines', () => {
    const r = check('policy p {\n  rule r {\n    category lock\n    when principal.kind == agent\n    when principal.kind == human\n    deny\n  }\n}\n');
    expect(brief(r.diagnostics)).toEqual(['2:8 policy/never-true the `when` conditions of rule `r` can never hold together']);
  });

  it('does not flag satisfiable conditions', () => {
    for (const w of ['statement.limit < 100 or statement.limit >= 100', 'statement.index == 1 or statement.index == 2', 'statement.index > 1 and statement.index < 3', 'principal.kind != agent and principal.kind != human', 'statement.writes and statement.reads']) {
      expect(codes(check(rule(w)).diagnostics), w).toEqual([]);
    }
  });

  it('finds rules shadowed by implication', () => {
    const policy = (a: string, b: string, effect = 'deny') =>
      `policy p {\n  rule a {\n    category lock\n    when ${a}\n    ${effect}\n  }\n  rule b {\n    category lock\n    when ${b}\n    deny\n  }\n}\n`;
    const shadowed = [
      ['principal.kind in [agent, service]', 'principal.kind == agent and statement.writes'],
      ['statement.index > 5', 'statement.index > 10'],
      ['statement.actions has_any [drop_table, truncate]', 'statement.actions has truncate'],
      ['principal.groups has "x" or statement.writes', 'statement.writes'],
      ['true', 'statement.writes'],
    ];
    for (const [a, b] of shadowed) expect(codes(check(policy(a, b)).diagnostics), `${a} <= ${b}`).toEqual(['policy/shadowed-rule']);
    const independent = [
      ['principal.kind in [agent, human]', 'principal.kind != human'],
      ['statement.index > 10', 'statement.index < 5'],
      ['statement.actions has truncate', 'statement.actions has_any [drop_table, delete]'],
    ];
    for (const [a, b] of independent) expect(codes(check(policy(a, b)).diagnostics), `${a} vs ${b}`).toEqual([]);
    expect(codes(check(policy('statement.index > 5', 'statement.index > 10', 'warn')).diagnostics)).toEqual([]);
    // whichever comes first, the narrower rule is the one reported
    expect(check(policy('statement.index > 10', 'statement.index > 5')).diagnostics.map((d) => d.message)).toEqual(['rule `a` is shadowed by rule `b`']);
    expect(check(policy('statement.index > 5', 'statement.index > 10')).diagnostics.map((d) => d.message)).toEqual(['rule `b` is shadowed by rule `a`']);
  });

  it('finds shadowed rules', () => {
    const text = [
      'policy p {',
      '  rule broad {',
      '    category destructive',
      '    when statement.actions has drop_table',
      '    deny "no"',
      '  }',
      '  rule narrow {',
      '    category destructive',
      '    when statement.actions has drop_table and principal.kind == agent',
      '    deny "agents may not"',
      '  }',
      '  rule other_effect {',
      '    category destructive',
      '    when statement.actions has drop_table and principal.kind == agent',
      '    warn "w"',
      '  }',
      '  rule excepted {',
      '    category destructive',
      '    when statement.actions has truncate',
      '    unless principal.groups has "dba"',
      '    deny "t"',
      '  }',
      '  rule after_excepted {',
      '    category destructive',
      '    when statement.actions has truncate',
      '    when principal.kind == agent',
      '    deny "t2"',
      '  }',
      '}',
    ].join('\n');
    const r = check(text);
    expect(r.diagnostics.map((d) => [d.span.line, d.code, d.message, d.help])).toEqual([
      [7, 'policy/shadowed-rule', 'rule `narrow` is shadowed by rule `broad`', 'whenever `p.narrow` fires, `p.broad` (p.hoop:2:8) fires with the same effect; remove one or change its effect'],
    ]);
  });
});

describe('checker: tags and tests', () => {
  it('reports unused tags and counts every kind of use', () => {
    const base = 'tag pii on users.email\ntag secret on *.token\ntag spare on users.x\n';
    const uses = 'policy p {\n  rule r {\n    category pii\n    when statement.outputs any o where o.tags has pii\n    mask tagged secret using full\n  }\n}\n';
    const r = check(base + uses);
    expect(brief(r.diagnostics)).toEqual(['3:5 policy/unused-tag tag `spare` is not used by any rule or mask']);
    expect(brief(check('tag t on a.b\n' + rule('statement.reads_tagged(t)')).diagnostics)).toEqual([]);
  });

  it('checks tests', () => {
    const text = rule('statement.writes') + 'test "t" {\n  sql "DELETE FROM x"\n  dialect postgress\n  principal { kind agnt groups ["a"] tema "x" }\n  connection { env "production" dialect mysql }\n  time { hour 25 }\n  expect dney fired [p.rr]\n}\ntest "empty" {\n}\n';
    const r = check(text);
    expect(r.diagnostics.map((d) => [d.code, d.message, d.help ?? null])).toEqual([
      ['policy/unknown-dialect', 'unknown dialect `postgress`', 'did you mean `postgres`?'],
      ['policy/unknown-enum', 'unknown principal kind `agnt`', 'did you mean `agent`?'],
      ['policy/unknown-field', 'unknown field `principal.tema`', 'principal has `id`, `kind`, `groups`, `attributes`'],
      ['policy/invalid-value', '`time.hour` is a whole number from 0 to 23', null],
      ['policy/unknown-effect', 'unknown effect `dney`', 'did you mean `deny`?'],
      ['policy/unknown-rule', 'unknown rule `p.rr`', 'did you mean `p.r`?'],
      ['policy/missing-item', 'test `empty` has no `sql`', 'add `sql "SELECT ..."`'],
      ['policy/missing-item', 'test `empty` has no `expect`', 'add `expect deny` (or `allow`, `warn`, `mask`, `review`)'],
    ]);
  });

  it('builds checked tests', () => {
    const text = rule('statement.writes') + 'test "t" {\n  sql "DELETE FROM x"\n  principal { id "ana" kind agent groups ["a"] attributes { team "core" level 3 } }\n  connection { env "production" }\n  source proxy\n  time { hour 3 weekday 0 }\n  request { statementCount 2 }\n  expect deny fired [p.r]\n}\n';
    const r = check(text);
    expect(brief(r.diagnostics)).toEqual([]);
    expect(r.value.tests[0]).toMatchObject({
      name: 't',
      sql: 'DELETE FROM x',
      principal: { id: 'ana', kind: 'agent', groups: ['a'], attributes: { team: 'core', level: 3 } },
      connection: { env: 'production' },
      source: 'proxy',
      time: { hour: 3, weekday: 0 },
      request: { statementCount: 2 },
      expect: { effect: 'deny', fired: ['p.r'] },
    });
  });

  it('checks `assumeInTransaction`: `true`, `false` or `always`, false when left out', () => {
    const t = (item: string) => rule('statement.writes') + `test "t" {\n  sql "DELETE FROM x"\n  ${item}\n  expect deny\n}\n`;
    expect(check(t('assumeInTransaction true')).value.tests[0].assumeInTransaction).toBe(true);
    expect(check(t('assumeInTransaction false')).value.tests[0].assumeInTransaction).toBe(false);
    expect(check(t('assumeInTransaction always')).value.tests[0].assumeInTransaction).toBe('always');
    const plain = check(t('source proxy'));
    expect(brief(plain.diagnostics)).toEqual([]);
    expect(plain.value.tests[0].assumeInTransaction).toBe(false);
    const bad = (value: string) => {
      const r = check(t(`assumeInTransaction ${value}`));
      expect(r.value.tests).toEqual([]);
      return r.diagnostics.map((d) => [`${d.span.line}:${d.span.column}`, d.code, d.message, d.help ?? null]);
    };
    expect(bad('alwys')).toEqual([['10:23', 'policy/invalid-value', '`assumeInTransaction` must be `true`, `false` or `always`, found `alwys`', 'did you mean `always`?']]);
    expect(bad('yes')).toEqual([['10:23', 'policy/invalid-value', '`assumeInTransaction` must be `true`, `false` or `always`, found `yes`', null]]);
    expect(bad('"always"')).toEqual([['10:23', 'policy/invalid-value', '`assumeInTransaction` must be `true`, `false` or `always`, found `"always"`', 'write it without quotes: `always`']]);
    expect(bad('1')).toEqual([['10:23', 'policy/invalid-value', '`assumeInTransaction` must be `true`, `false` or `always`, found `1`', null]]);
  });
});
