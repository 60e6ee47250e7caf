// The lexer fallback's privilege facts (GRANT / REVOKE, ALTER DEFAULT PRIVILEGES) are the parsed
// path's: the same statement gives the same facts whether libpg-query accepts it or, broken by
// trailing garbage, only our classifier reads it.
import { describe, expect, it } from 'vitest';
import type { Dialect, StatementFacts } from '../../runtime/facts/types.js';
import { analyze } from '../../runtime/index.js';
import { classifyUnparsed } from '../../runtime/sql/lexer/classify.js';
import { splitStatements } from '../../runtime/sql/lexer/split.js';
import { newFileState, transactionContext } from '../../runtime/sql/file-state.js';
import { lineIndex } from '../../runtime/text/spans.js';

function classified(text: string, dialect: Dialect = 'postgres'): StatementFacts {
  const lines = lineIndex(text);
  const file = newFileState();
  const raw = splitStatements(text, dialect).statements[0]!;
  return classifyUnparsed({ text, raw, index: 0, dialect, lines, transaction: transactionContext(file), file });
}

/** what a policy reads of a statement's privileges: the facts without spans, actions, tables */
function privilegeView(s: StatementFacts) {
  return {
    kind: s.statementKind,
    privileges: s.privileges.map(({ span: _span, ...p }) => p),
    actions: s.actions.map((a) => [a.action, a.target]),
    tables: s.tables.map((t) => [t.name, t.access]),
  };
}

async function parsed(sql: string): Promise<StatementFacts> {
  const [s] = (await analyze(sql)).statements;
  expect(s!.parsed).toBe(true);
  return s!;
}

const DEFAULT_PRIVILEGES = [
  'ALTER DEFAULT PRIVILEGES FOR ROLE a IN SCHEMA s GRANT SELECT ON TABLES TO r WITH GRANT OPTION',
  'ALTER DEFAULT PRIVILEGES REVOKE ALL ON FUNCTIONS FROM PUBLIC',
  'ALTER DEFAULT PRIVILEGES IN SCHEMA s1, "S2" GRANT SELECT, INSERT, select ON TABLES TO "Bob", GROUP g, CURRENT_USER',
  'ALTER DEFAULT PRIVILEGES IN SCHEMA app FOR USER a, b GRANT USAGE ON SEQUENCES TO r',
  'ALTER DEFAULT PRIVILEGES GRANT EXECUTE ON ROUTINES TO r',
  'ALTER DEFAULT PRIVILEGES GRANT USAGE ON TYPES TO r',
  'ALTER DEFAULT PRIVILEGES GRANT CREATE ON SCHEMAS TO r',
  'ALTER DEFAULT PRIVILEGES GRANT ALL PRIVILEGES ON TABLES TO r',
  'ALTER DEFAULT PRIVILEGES REVOKE GRANT OPTION FOR ALL ON TABLES FROM r CASCADE',
  'ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE EXECUTE ON FUNCTIONS FROM public',
  'alter/**/default/**/privileges/**/grant/**/all/**/on/**/tables/**/to/**/public',
];

const GRANTS = [
  'GRANT SELECT, INSERT (a, b) ON TABLE t, s.u TO bob, PUBLIC WITH GRANT OPTION',
  'GRANT ALL ON ALL TABLES IN SCHEMA public TO reporting',
  'REVOKE GRANT OPTION FOR SELECT ON t FROM "Bob" CASCADE',
  'GRANT admin, dev TO bob WITH ADMIN OPTION',
];

describe('privilege facts of the lexer fallback', () => {
  it.each([...DEFAULT_PRIVILEGES, ...GRANTS])('agree with the parsed path: %s', async (sql) => {
    const fallback = classified(sql);
    expect(fallback.parsed).toBe(false);
    expect(privilegeView(fallback)).toEqual(privilegeView(await parsed(sql)));
  });

  it.each(DEFAULT_PRIVILEGES)('survive trailing garbage no parser accepts: %s', async (sql) => {
    const [broken] = (await analyze(`${sql} garbage`)).statements;
    expect(broken!.parsed).toBe(false);
    expect(broken!.statementKind).toBe('alter_default_privileges');
    expect(privilegeView(broken!).privileges).toEqual(privilegeView(await parsed(sql)).privileges);
  });

  it('ALTER DEFAULT PRIVILEGES broken in the middle still grants to public', async () => {
    const [s] = (await analyze('ALTER DEFAULT PRIVILEGES IN SCHEMA app GRANT ALL ON TABLES TO PUBLIC WITH GRANT OPTION garbage, DROP TABLE users')).statements;
    expect(s!.parsed).toBe(false);
    expect(s!.privileges.map(({ span: _span, ...p }) => p)).toEqual([
      { kind: 'privilege', operation: 'alter_default_privileges', privileges: ['all'], objectType: 'table', objects: ['app'], grantees: ['public'], withGrantOption: true, revoke: false },
    ]);
    // and what hides behind the garbage is still read
    expect(s!.actions.map((a) => [a.action, a.target])).toEqual([
      ['alter_default_privileges', 'app'],
      ['drop_table', 'public.users'],
    ]);
  });

  it('without GRANT or REVOKE there is the action but no privilege fact; REVOKE ... FROM names no table', () => {
    const none = classified('ALTER DEFAULT PRIVILEGES IN SCHEMA app xyzzy');
    expect(privilegeView(none)).toEqual({ kind: 'alter_default_privileges', privileges: [], actions: [['alter_default_privileges', 'app']], tables: [] });
    // a FROM after the grantees still reads its table
    const from = classified('ALTER DEFAULT PRIVILEGES REVOKE ALL ON TABLES FROM r garbage SELECT * FROM secrets');
    expect(from.tables.map((t) => t.name)).toEqual(['public.secrets']);
    expect(from.privileges.map((p) => p.grantees)).toEqual([['r']]);
  });

  it('Redshift reads ALTER DEFAULT PRIVILEGES the same way', () => {
    const s = classified('ALTER DEFAULT PRIVILEGES FOR USER etl IN SCHEMA sales GRANT SELECT ON TABLES TO GROUP analysts', 'redshift');
    expect(privilegeView(s).privileges).toEqual([
      { kind: 'privilege', operation: 'alter_default_privileges', privileges: ['select'], objectType: 'table', objects: ['sales'], grantees: ['analysts'], withGrantOption: false, revoke: false },
    ]);
  });
});
