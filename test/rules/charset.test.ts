// disallowed-charset and the allow-list policy its page teaches, plus the MySQL CREATE TABLE
// facts (one per column and table constraint) that the charset rule and the table rules read.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { interpret } from '../../compiler/interpret.js';
import { loadPolicySet } from '../../compiler/policy-set.js';
import { loadPostgres } from '../../runtime/index.js';
import { presetSeverity } from '../../rules/presets.js';
import { DOCS_DIR, exampleInputs, firedPerStatement, loadPack, type ExampleContext } from './pack-helpers.js';

const pack = loadPack().value;

beforeAll(loadPostgres);

async function packFires(id: string, sql: string, ctx: ExampleContext = { dialect: 'mysql' }): Promise<boolean> {
  return (await firedPerStatement(pack, sql, ctx)).some((ids) => ids.includes(id));
}

describe('disallowed-charset', () => {
  it('is in strict only, at warning', () => {
    expect([presetSeverity('recommended', 'disallowed-charset'), presetSeverity('strict', 'disallowed-charset'), presetSeverity('agent', 'disallowed-charset')]).toEqual(['off', 'warning', 'off']);
  });

  it.each([
    ['CREATE TABLE t (a text) DEFAULT CHARSET=utf8', true],
    ['CREATE TABLE t (a text CHARACTER SET utf8mb3) DEFAULT CHARSET=utf8mb4', true],
    ['CREATE TABLE t (a varchar(5) COLLATE latin1_bin)', true],
    ['CREATE TABLE t (a nvarchar(5))', true],
    ["ALTER TABLE t ADD COLUMN a varchar(5) CHARACTER SET 'LATIN1'", true],
    ['ALTER TABLE t CHARACTER SET = latin1', true],
    ['CREATE DATABASE d CHARACTER SET latin1', true],
    ['CREATE TABLE t (a text CHARACTER SET utf8mb4 COLLATE utf8mb4_bin) DEFAULT CHARSET=utf8mb4', false],
    ['CREATE TABLE t (a text, b varbinary(9), c varchar(9) CHARACTER SET binary)', false],
    ['ALTER TABLE t ADD COLUMN a varchar(5) COLLATE utf8mb4_0900_ai_ci', false],
    ['CREATE DATABASE d', false],
  ])('mysql: %s -> %s', async (sql, fires) => {
    expect(await packFires('disallowed-charset', sql)).toBe(fires);
  });

  it('postgres: an encoding other than UTF8; a collation alone is no charset', async () => {
    const pg: ExampleContext = { dialect: 'postgres' };
    expect(await packFires('disallowed-charset', "CREATE DATABASE d ENCODING 'LATIN1' TEMPLATE template0", pg)).toBe(true);
    expect(await packFires('disallowed-charset', "CREATE DATABASE d ENCODING 'UTF-8'", pg)).toBe(false);
    expect(await packFires('disallowed-charset', 'CREATE TABLE t (a text COLLATE "C")', pg)).toBe(false);
    // `utf8mb4` is MySQL's name: on Postgres it is no encoding name, and `utf8` is the right one
    expect(await packFires('disallowed-charset', "CREATE DATABASE d ENCODING 'UTF8'", pg)).toBe(false);
  });

  it('names the table and the character set, at the column', async () => {
    const [input] = await exampleInputs('CREATE TABLE msgs (id bigint PRIMARY KEY, body text CHARACTER SET latin1)', { dialect: 'mysql' });
    const fired = interpret(pack, input).fired.filter((f) => f.rule === 'disallowed_charset');
    expect(fired.map((f) => f.message)).toEqual([expect.stringContaining('character set `latin1` cannot store every Unicode character')]);
  });
});

describe('the allow-list policy on the disallowed-charset page', () => {
  const page = readFileSync(join(DOCS_DIR, 'disallowed-charset.md'), 'utf8');
  const source = /```hoop\n([\s\S]*?)```/.exec(page)?.[1] ?? '';
  const loaded = loadPolicySet([{ file: 'team.hoop', text: source }]);

  async function fired(sql: string): Promise<string[]> {
    const out: string[] = [];
    for (const input of await exampleInputs(sql, { dialect: 'mysql' })) for (const f of interpret(loaded.value, input).fired) out.push(f.rule);
    return out;
  }

  it('compiles without diagnostics', () => {
    expect(source).toContain('policy team_charsets');
    expect(loaded.diagnostics.map((d) => d.message)).toEqual([]);
  });

  it('allows its list and flags the rest', async () => {
    expect(await fired('CREATE TABLE t (a char(36) CHARACTER SET ascii COLLATE ascii_bin, b text) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin')).toEqual([]);
    expect(await fired('CREATE TABLE t (a text CHARACTER SET latin1)')).toEqual(['charset_allow_list']);
    expect(await fired('ALTER TABLE t MODIFY a text COLLATE utf8mb4_general_ci')).toEqual(['collation_allow_list']);
  });
});

describe('MySQL CREATE TABLE constraints reach the table rules', () => {
  it('require-primary-key sees an inline, a column KEY or a table PRIMARY KEY', async () => {
    expect(await packFires('require-primary-key', 'CREATE TABLE t (id int PRIMARY KEY, name varchar(10))')).toBe(false);
    expect(await packFires('require-primary-key', 'CREATE TABLE t (id int KEY)', { dialect: 'mariadb' })).toBe(false);
    expect(await packFires('require-primary-key', 'CREATE TABLE t (id int NOT NULL, PRIMARY KEY (id)) ENGINE=InnoDB')).toBe(false);
    expect(await packFires('require-primary-key', 'CREATE TABLE t (id int NOT NULL, KEY i (id))')).toBe(true);
  });

  it('ban-on-delete-cascade and ban-foreign-key see a foreign key declared with the table', async () => {
    const sql = 'CREATE TABLE o (id int PRIMARY KEY, u int, CONSTRAINT fk FOREIGN KEY (u) REFERENCES users (id) ON DELETE CASCADE)';
    expect(await packFires('ban-on-delete-cascade', sql)).toBe(true);
    expect(await packFires('ban-foreign-key', sql)).toBe(true);
    expect(await packFires('ban-on-delete-cascade', 'CREATE TABLE o (id int PRIMARY KEY, u int, FOREIGN KEY (u) REFERENCES users (id))')).toBe(false);
  });
});
