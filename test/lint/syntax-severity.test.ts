// A statement libpg-query rejects is not Postgres: an error. A statement node-sql-parser rejects
// may be valid SQL that parser does not read (MySQL's `GRANT ALL PRIVILEGES ON *.*`): a warning
// that says so, unless the user rates the check themselves.
import { describe, expect, it } from 'vitest';
import { runWith } from '../../rules/cli.js';
import { defaultToolkit } from '../../rules/lint/toolkit.js';
import { memoryIo } from '../../runtime/io/cli-io.js';
import { tempTree } from './helpers.js';

async function syntax(files: Record<string, string>, args: string[]) {
  const dir = tempTree(files);
  const m = memoryIo({ cwd: dir });
  const code = await runWith(['--format', 'json', ...args, '.'], m.io, defaultToolkit());
  const out = JSON.parse(m.stdout()) as { messages: { ruleId: string; severity: number; message: string; line: number }[] }[];
  return { code, found: out.flatMap((f) => f.messages.filter((x) => x.ruleId === 'hoop-lint/syntax-error')) };
}

describe('hoop-lint/syntax-error severity by parser', () => {
  it('is a warning for what node-sql-parser cannot read, and says it may be valid', async () => {
    const r = await syntax({ 'm.sql': "GRANT SELECT ON app.* TO 'bob'@'%';\nGRANT ALL PRIVILEGES ON *.* TO 'bob'@'%';\n" }, ['--dialect', 'mysql']);
    expect(r.found).toEqual([
      expect.objectContaining({ severity: 1, line: 2, message: 'the mysql grammar cannot read this statement at `PRIVILEGES`: invalid SQL, or syntax node-sql-parser does not support' }),
    ]);
  }, 60_000);

  it('stays an error when the user rates it, and for Postgres', async () => {
    const mysql = await syntax({ 'm.sql': "GRANT ALL PRIVILEGES ON *.* TO 'bob'@'%';\n" }, ['--dialect', 'mysql', '--rule', 'hoop-lint/syntax-error=error']);
    expect(mysql.found.map((f) => f.severity)).toEqual([2]);
    expect(mysql.code).toBe(1);
    const pg = await syntax({ 'm.sql': 'DROP TABLE users garbage;\n' }, []);
    expect(pg.found).toEqual([expect.objectContaining({ severity: 2, message: 'syntax error at or near `garbage`' })]);
  }, 60_000);
});
