// Property tests: random case, comments (nested, line, decoys mentioning DROP TABLE) and odd
// whitespace between the tokens of a dangerous statement, after random harmless stacked
// statements, never hide the dangerous fact and never invent the decoy's.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AnalysisResult, Dialect, StatementFacts } from '../../runtime/facts/types.js';
import { analyzeSync, loadPostgres } from '../../runtime/index.js';
import { executableWrapped, harmlessPrefix, spelled } from './arbitraries.js';

beforeAll(async () => {
  await loadPostgres();
});

interface Case {
  name: string;
  tokens: string[];
  /** what the dangerous (last) statement must show */
  check: (s: StatementFacts) => boolean;
}

const has = (s: StatementFacts, action: string, target: string, extra: (a: StatementFacts['actions'][number]) => boolean = () => true) =>
  s.actions.some((a) => a.action === action && a.target === target && extra(a));

const PG: Case[] = [
  { name: 'DROP TABLE users', tokens: ['DROP', 'TABLE', 'users'], check: (s) => has(s, 'drop_table', 'public.users') },
  { name: 'DROP TABLE public.users', tokens: ['DROP', 'TABLE', 'public', '.', 'users'], check: (s) => has(s, 'drop_table', 'public.users') },
  { name: 'DELETE FROM users', tokens: ['DELETE', 'FROM', 'users'], check: (s) => has(s, 'delete', 'public.users', (a) => a.where === 'absent') },
  {
    name: 'DELETE FROM users WHERE 1 = 1',
    tokens: ['DELETE', 'FROM', 'users', 'WHERE', '1', '=', '1'],
    check: (s) => has(s, 'delete', 'public.users', (a) => a.where === 'trivial'),
  },
  {
    name: 'UPDATE users SET is_admin = true',
    tokens: ['UPDATE', 'users', 'SET', 'is_admin', '=', 'true'],
    check: (s) => has(s, 'update', 'public.users', (a) => a.where === 'absent'),
  },
  { name: 'TRUNCATE users', tokens: ['TRUNCATE', 'users'], check: (s) => has(s, 'truncate', 'public.users') },
  { name: 'TRUNCATE TABLE users', tokens: ['TRUNCATE', 'TABLE', 'users'], check: (s) => has(s, 'truncate', 'public.users') },
  {
    name: 'GRANT ALL ON users TO PUBLIC',
    tokens: ['GRANT', 'ALL', 'ON', 'users', 'TO', 'PUBLIC'],
    check: (s) => s.privileges.some((p) => p.operation === 'grant' && p.grantees.includes('public') && p.privileges.includes('all')),
  },
  {
    name: "COPY users TO PROGRAM 'curl'",
    tokens: ['COPY', 'users', 'TO', 'PROGRAM', "'curl'"],
    check: (s) => has(s, 'copy_to_program', 'public.users'),
  },
  {
    name: 'ALTER TABLE users DISABLE ROW LEVEL SECURITY',
    tokens: ['ALTER', 'TABLE', 'users', 'DISABLE', 'ROW', 'LEVEL', 'SECURITY'],
    check: (s) => has(s, 'disable_rls', 'public.users'),
  },
  {
    name: 'EXPLAIN ANALYZE DELETE FROM users',
    tokens: ['EXPLAIN', 'ANALYZE', 'DELETE', 'FROM', 'users'],
    check: (s) => has(s, 'delete', 'public.users', (a) => a.nested && a.via === 'explain_analyze'),
  },
  {
    name: 'WITH d AS (DELETE FROM users RETURNING *) SELECT 1',
    tokens: ['WITH', 'd', 'AS', '(', 'DELETE', 'FROM', 'users', 'RETURNING', '*', ')', 'SELECT', '1'],
    check: (s) => has(s, 'delete', 'public.users', (a) => a.nested && a.via === 'cte'),
  },
  {
    name: 'CREATE ROLE x SUPERUSER',
    tokens: ['CREATE', 'ROLE', 'x', 'SUPERUSER'],
    check: (s) => s.roles.some((r) => r.operation === 'create_role' && r.attributes.includes('superuser')),
  },
  { name: 'SET ROLE postgres', tokens: ['SET', 'ROLE', 'postgres'], check: (s) => s.roles.some((r) => r.operation === 'set_role' && r.role === 'postgres') },
];

const MYSQL: Case[] = [
  { name: 'DROP TABLE users', tokens: ['DROP', 'TABLE', 'users'], check: (s) => s.actions.some((a) => a.action === 'drop_table' && a.target?.toLowerCase() === 'users') },
  { name: 'DROP TABLE `users`', tokens: ['DROP', 'TABLE', '`users`'], check: (s) => has(s, 'drop_table', 'users') },
  {
    name: 'DELETE FROM users LIMIT 1',
    tokens: ['DELETE', 'FROM', 'users', 'LIMIT', '1'],
    check: (s) => s.actions.some((a) => a.action === 'delete' && a.target?.toLowerCase() === 'users' && a.where === 'absent'),
  },
  { name: 'TRUNCATE users', tokens: ['TRUNCATE', 'users'], check: (s) => s.actions.some((a) => a.action === 'truncate' && a.target?.toLowerCase() === 'users') },
  {
    name: "SELECT * FROM users INTO OUTFILE '/tmp/x'",
    tokens: ['SELECT', '*', 'FROM', 'users', 'INTO', 'OUTFILE', "'/tmp/x'"],
    check: (s) => s.actions.some((a) => a.action === 'into_outfile'),
  },
  {
    name: "LOAD DATA INFILE '/tmp/x' INTO TABLE users",
    tokens: ['LOAD', 'DATA', 'INFILE', "'/tmp/x'", 'INTO', 'TABLE', 'users'],
    check: (s) => s.actions.some((a) => a.action === 'load_data'),
  },
];

function decoyFree(r: AnalysisResult): boolean {
  return r.statements.every((s) => s.actions.every((a) => !(a.target ?? '').includes('decoy')));
}

function property(dialect: Dialect, c: Case) {
  return fc.property(harmlessPrefix(dialect), spelled(c.tokens, dialect), (prefix, body) => {
    const text = prefix ? `${prefix} ${body}` : body;
    const r = analyzeSync(text, { dialect });
    const last = r.statements[r.statements.length - 1];
    const ok = last !== undefined && c.check(last) && decoyFree(r);
    if (!ok) {
      // make the counterexample readable
      expect({ text, statements: r.statements.map((s) => ({ text: s.text, parsed: s.parsed, actions: s.actions.map((a) => `${a.action} ${a.target}`) })) }).toBe(
        `the dangerous fact of ${c.name}`,
      );
    }
    return ok;
  });
}

describe('postgres: case and comment mangling never hides the dangerous fact', () => {
  for (const c of PG) {
    it(c.name, () => {
      fc.assert(property('postgres', c), { numRuns: 150 });
    });
  }
});

describe('mysql: case and comment mangling never hides the dangerous fact', () => {
  for (const c of MYSQL) {
    it(c.name, () => {
      fc.assert(property('mysql', c), { numRuns: 150 });
    });
  }
});

describe('postgres: the dangerous statement inside EXECUTE of a constant string', () => {
  for (const c of PG.filter((x) => !x.tokens.includes("'curl'") && x.tokens[0] !== 'EXPLAIN')) {
    it(c.name, () => {
      fc.assert(
        fc.property(spelled(c.tokens, 'postgres'), (body) => {
          const text = `DO $$ BEGIN EXECUTE '${body.replace(/'/g, "''")}'; END $$`;
          const s = analyzeSync(text, { dialect: 'postgres' }).statements[0];
          // only nested actions count: the DO block's body is just the EXECUTE (privilege and role facts stay)
          const nested = { ...s, actions: s.actions.filter((a) => a.nested) };
          const ok = s.dynamicSql.some((d) => d.via === 'execute' && d.constant) && c.check(nested);
          if (!ok) expect({ text, actions: s.actions.map((a) => `${a.action} ${a.target} ${a.via}`) }).toBe(`the dynamic ${c.name}`);
          return ok;
        }),
        { numRuns: 60 },
      );
    });
  }
});

describe('mysql: tokens hidden in executable comments still run', () => {
  for (const c of MYSQL) {
    it(c.name, () => {
      fc.assert(
        fc.property(harmlessPrefix('mysql'), executableWrapped(c.tokens), (prefix, body) => {
          const text = prefix ? `${prefix} ${body}` : body;
          const r = analyzeSync(text, { dialect: 'mysql' });
          const last = r.statements[r.statements.length - 1];
          const ok = last !== undefined && c.check(last);
          if (!ok) expect({ text, actions: r.statements.map((s) => s.actions.map((a) => `${a.action} ${a.target}`)) }).toBe(`the dangerous fact of ${c.name}`);
          return ok;
        }),
        { numRuns: 100 },
      );
    });
  }
});
