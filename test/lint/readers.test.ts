import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { filePosition, mapEndOffset, mapOffset, sourceFile } from '../../rules/inputs/offset-map.js';
import { readInput } from '../../rules/inputs/read.js';
import type { SqlRegion } from '../../rules/inputs/region.js';
import { compareMigrationPaths, migrationFlavor } from '../../rules/inputs/migration.js';
import { parseJson } from '../../rules/inputs/json-source.js';

function at(text: string, region: SqlRegion, needle: string) {
  const i = region.text.indexOf(needle);
  expect(i, `\`${needle}\` in region`).toBeGreaterThanOrEqual(0);
  const p = filePosition(sourceFile('f', text), mapOffset(region.offsetMap, i));
  return { line: p.line, column: p.column, offset: p.offset };
}

function columnOf(line: string, needle: string) {
  return line.indexOf(needle) + 1;
}

describe('plan reader (JSON)', () => {
  it('maps SQL inside a JSON string with escapes back to the exact column', () => {
    const line = '  {"tool": "postgres", "sql": "DELETE FROM \\"users\\"\\n WHERE 1=1"}';
    const text = `[\n${line}\n]\n`;
    const r = readInput('plan.json', text);
    expect(r.problems).toEqual([]);
    expect(r.regions).toHaveLength(1);
    const region = r.regions[0];
    expect(region.text).toBe('DELETE FROM "users"\n WHERE 1=1');
    expect(region.origin).toBe('plan');
    expect(region.toolCall).toMatchObject({ index: 0, field: '[0].sql', tool: 'postgres' });
    expect(at(text, region, 'DELETE')).toMatchObject({ line: 2, column: columnOf(line, 'DELETE') });
    // `"users"` starts at the escaped quote `\"`
    expect(at(text, region, '"users"')).toMatchObject({ line: 2, column: columnOf(line, '\\"users') });
    expect(at(text, region, 'WHERE')).toMatchObject({ line: 2, column: columnOf(line, 'WHERE') });
    // the end of a span ending on an escape covers the whole escape
    const endOfUsers = region.text.indexOf('"users"') + '"users"'.length;
    expect(mapEndOffset(region.offsetMap, endOfUsers)).toBe(text.indexOf('\\"\\n') + 2);
  });

  it('follows OpenAI tool_calls arguments (JSON inside a JSON string) through both levels of escapes', () => {
    const args = JSON.stringify({ query: 'DROP TABLE "old orders";\nSELECT 1' });
    const line = `{"role":"assistant","tool_calls":[{"id":"call_1","type":"function","function":{"name":"execute_sql","arguments":${JSON.stringify(args)}}}]}`;
    const text = line + '\n';
    const r = readInput('transcript.json', text);
    expect(r.regions).toHaveLength(1);
    const region = r.regions[0];
    expect(region.text).toBe('DROP TABLE "old orders";\nSELECT 1');
    expect(region.toolCall).toMatchObject({ id: 'call_1', tool: 'execute_sql', field: 'tool_calls[0].function.arguments.query' });
    expect(at(text, region, 'DROP')).toMatchObject({ line: 1, column: columnOf(line, 'DROP') });
    expect(at(text, region, 'SELECT')).toMatchObject({ line: 1, column: columnOf(line, 'SELECT') });
    // `"old orders"` is `\\\"old` in the file: the quote maps to the start of its double escape
    expect(at(text, region, '"old')).toMatchObject({ column: columnOf(line, '\\\\\\"old') });
  });

  it('reads MCP tools/call params, statement lists and LangChain tool_input', () => {
    const text = [
      '{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"query","arguments":{"sql":"UPDATE accounts SET balance = 0"}}}',
      '{"tool":"sql_db_query","tool_input":"SELECT * FROM users","log":"Action: sql_db_query"}',
      '{"plan":{"statements":["ALTER TABLE users DROP COLUMN email","VACUUM"]},"query":"how many users signed up?"}',
    ].join('\n');
    const r = readInput('agent.jsonl', text);
    expect(r.problems).toEqual([]);
    expect(r.regions.map((x) => x.text)).toEqual(['UPDATE accounts SET balance = 0', 'SELECT * FROM users', 'ALTER TABLE users DROP COLUMN email', 'VACUUM']);
    expect(r.regions[0].toolCall).toMatchObject({ tool: 'query', field: 'params.arguments.sql' });
    expect(r.regions[1].toolCall).toMatchObject({ tool: 'sql_db_query', field: 'tool_input' });
    expect(at(text, r.regions[2], 'ALTER')).toMatchObject({ line: 3, column: text.split('\n')[2].indexOf('ALTER') + 1 });
    expect(r.regions.map((x) => x.toolCall?.index)).toEqual([0, 1, 2, 3]);
  });

  it('reports invalid JSON with its position and keeps other JSONL lines', () => {
    const text = '{"sql": "SELECT 1"}\n{"sql": "DROP TABLE t",}\n{"sql": "SELECT 2"}\n';
    const r = readInput('log.jsonl', text);
    expect(r.regions.map((x) => x.text)).toEqual(['SELECT 1', 'SELECT 2']);
    expect(r.problems).toHaveLength(1);
    const p = filePosition(sourceFile('f', text), r.problems[0].offset);
    expect(p).toMatchObject({ line: 2, column: 24 });
    expect(r.problems[0].message).toContain('expected a property name');
  });

  it('never throws on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const r = parseJson(s);
        expect(r.value === null).toBe(r.error !== null);
      }),
    );
  });

  it('decoded strings map every character into the source string', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const text = JSON.stringify({ sql: s });
        const r = parseJson(text);
        if (r.error || r.value.type !== 'object') throw new Error('parse failed');
        const v = r.value.entries[0].value;
        if (v.type !== 'string') throw new Error('not a string');
        expect(v.value).toBe(s);
        for (let i = 0; i < s.length; i++) {
          expect(v.starts[i]).toBeGreaterThan(v.start);
          expect(v.ends[i]).toBeLessThan(v.end);
          expect(JSON.parse(`"${text.slice(v.starts[i], v.ends[i])}"`)).toBe(s[i]);
        }
      }),
    );
  });
});

describe('plan reader (YAML)', () => {
  it('maps block literals and double-quoted scalars', () => {
    const text = [
      'steps:',
      '  - tool: run_sql',
      '    sql: |',
      '      UPDATE users',
      '         SET plan = \'free\';',
      '  - tool: run_sql',
      '    query: "DELETE FROM sessions\\n  WHERE expired"',
      '',
    ].join('\n');
    const r = readInput('plan.yaml', text);
    expect(r.problems).toEqual([]);
    expect(r.regions.map((x) => x.text)).toEqual(["UPDATE users\n   SET plan = 'free';\n", 'DELETE FROM sessions\n  WHERE expired']);
    expect(at(text, r.regions[0], 'UPDATE')).toMatchObject({ line: 4, column: 7 });
    expect(at(text, r.regions[0], 'SET')).toMatchObject({ line: 5, column: 10 });
    expect(at(text, r.regions[1], 'DELETE')).toMatchObject({ line: 7, column: 13 });
    expect(at(text, r.regions[1], 'WHERE')).toMatchObject({ line: 7, column: text.split('\n')[6].indexOf('WHERE') + 1 });
  });

  it('reports YAML syntax errors', () => {
    const r = readInput('bad.yml', 'a: [1, 2\nb: {');
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0].code).toBe('input/invalid-yaml');
  });

  it('reads Markdown inside `.prompt.yml` messages', () => {
    const text = ['messages:', '  - role: system', '    content: |', '      Run this first:', '      ```sql', '      DROP TABLE audit_log;', '      ```', ''].join('\n');
    const r = readInput('cleanup.prompt.yml', text);
    expect(r.kind).toBe('prompt');
    expect(r.regions).toHaveLength(1);
    expect(r.regions[0].origin).toBe('prompt');
    expect(at(text, r.regions[0], 'DROP')).toMatchObject({ line: 6, column: 7 });
  });
});

describe('prompt reader (Markdown)', () => {
  const md = [
    '# Cleanup', // 1
    '', // 2
    'First run `DELETE FROM carts WHERE updated_at < now() - interval \'30 days\'` nightly.', // 3
    '', // 4
    '```mysql', // 5
    'UPDATE orders SET status = \'x\';', // 6
    '```', // 7
    '', // 8
    '- TRUNCATE TABLE events;', // 9
    'Select the best option from the list and update the docs afterwards.', // 10
    '', // 11
    '```python', // 12
    'cursor.execute("DROP TABLE x")', // 13
    '```', // 14
    '', // 15
    '```', // 16
    'ALTER TABLE users ADD COLUMN age int;', // 17
    '```', // 18
    '', // 19
    '    ~~~postgresql', // 20
    '    SELECT * FROM users;', // 21
    '    ~~~', // 22
  ].join('\n');

  it('finds fenced, inline and prose SQL at exact positions, with dialects from fence tags', () => {
    const r = readInput('prompt.md', md);
    expect(r.regions.map((x) => [x.text.trim(), x.dialect ?? null])).toEqual([
      ["DELETE FROM carts WHERE updated_at < now() - interval '30 days'", null],
      ["UPDATE orders SET status = 'x';", 'mysql'],
      ['TRUNCATE TABLE events;', null],
      ['ALTER TABLE users ADD COLUMN age int;', null],
      ['SELECT * FROM users;', 'postgres'],
    ]);
    expect(at(md, r.regions[0], 'DELETE')).toMatchObject({ line: 3, column: 12 });
    expect(at(md, r.regions[1], 'UPDATE')).toMatchObject({ line: 6, column: 1 });
    expect(at(md, r.regions[2], 'TRUNCATE')).toMatchObject({ line: 9, column: 3 });
    expect(at(md, r.regions[4], 'SELECT')).toMatchObject({ line: 21, column: 5 });
    expect(r.regions.every((x) => x.origin === 'prompt')).toBe(true);
  });
});

describe('fence info strings', () => {
  it('take the dialect from `dialect=` attributes', () => {
    const r = readInput('a.md', '```sql dialect=mysql\nSELECT 1;\n```\n~~~{.sql dialect="sqlite"}\nSELECT 2;\n~~~\n');
    expect(r.regions.map((x) => x.dialect)).toEqual(['mysql', 'sqlite']);
  });
});

describe('migration readers', () => {
  it('recognises flavors by name and content', () => {
    expect(migrationFlavor('db/1_init.up.sql', 'x')).toBe('golang-migrate');
    expect(migrationFlavor('V2__add_users.sql', 'x')).toBe('flyway');
    expect(migrationFlavor('prisma/migrations/2024_init/migration.sql', 'x')).toBe('prisma');
    expect(migrationFlavor('a.sql', '-- liquibase formatted sql\n')).toBe('liquibase');
    expect(migrationFlavor('a.sql', '-- migrate:up\nSELECT 1;\n')).toBe('dbmate');
    expect(migrationFlavor('a.sql', 'SELECT 1;')).toBe('plain');
  });

  it('splits dbmate files into up and down regions that keep file offsets', () => {
    const text = '-- migrate:up\nCREATE TABLE t (id int);\n\n-- migrate:down\nDROP TABLE t;\n';
    const r = readInput('20240101_t.sql', text);
    expect(r.regions.map((x) => x.direction)).toEqual(['up', 'down']);
    for (const region of r.regions) expect(region.text).toHaveLength(text.length);
    expect(r.regions[0].text.trim()).toBe('CREATE TABLE t (id int);');
    expect(r.regions[1].text.trim()).toBe('DROP TABLE t;');
    expect(at(text, r.regions[1], 'DROP')).toMatchObject({ line: 5, column: 1 });
  });

  it('reads Liquibase rollback lines as the down direction', () => {
    const text = [
      '--liquibase formatted sql',
      '--changeset ana:1',
      'CREATE TABLE t (id int);',
      '--rollback DROP TABLE t;',
      '',
    ].join('\n');
    const r = readInput('changelog.sql', text);
    expect(r.regions.map((x) => x.direction)).toEqual(['up', 'down']);
    expect(r.regions[0].text).not.toContain('DROP');
    expect(r.regions[1].text.trim()).toBe('DROP TABLE t;');
    expect(at(text, r.regions[1], 'DROP')).toMatchObject({ line: 4, column: 12 });
  });

  it('takes the direction of golang-migrate and Flyway undo files from the name', () => {
    expect(readInput('3_x.down.sql', 'DROP TABLE x;').regions[0].direction).toBe('down');
    expect(readInput('U3__x.sql', 'DROP TABLE x;').regions[0].direction).toBe('down');
    expect(readInput('V3__x.sql', 'DROP TABLE x;').regions[0].direction).toBe('up');
  });

  it('orders migrations by version, an up before its down', () => {
    const names = ['10_c.up.sql', '2_b.down.sql', '2_b.up.sql', '1_a.up.sql', 'V11__z.sql', 'V9__y.sql'];
    expect([...names].sort(compareMigrationPaths)).toEqual(['1_a.up.sql', '2_b.up.sql', '2_b.down.sql', '10_c.up.sql', 'V9__y.sql', 'V11__z.sql']);
  });
});

describe('YAML positions (property)', () => {
  const sqlChar = fc.constantFrom(...'SELECT abc_1 FROM t WHERE x = \'y\' AND "q" <> 2;()*,.\n'.split(''));
  const sqlText = fc.array(sqlChar, { minLength: 1, maxLength: 80 }).map((a) => a.join('').replace(/^\s+|\s+$/g, '') || 'SELECT 1');

  it('every character of a block literal maps to the same character in the file', () => {
    fc.assert(
      fc.property(sqlText, (sql) => {
        const body = sql
          .split('\n')
          .map((l) => (l === '' ? '' : `      ${l}`))
          .join('\n');
        const text = `steps:\n  - sql: |\n${body}\n`;
        const r = readInput('p.yaml', text);
        expect(r.problems).toEqual([]);
        const region = r.regions[0];
        for (let i = 0; i < region.text.length; i++) {
          if (region.text[i] === '\n') continue;
          expect(text[mapOffset(region.offsetMap, i)]).toBe(region.text[i]);
        }
      }),
    );
  });

  it('every character of a double-quoted scalar maps to its escape or itself', () => {
    fc.assert(
      fc.property(sqlText, (sql) => {
        const text = `sql: ${JSON.stringify(sql)}\n`;
        const r = readInput('p.yaml', text);
        const region = r.regions[0];
        expect(region.text).toBe(sql);
        for (let i = 0; i < sql.length; i++) {
          const o = mapOffset(region.offsetMap, i);
          const e = mapEndOffset(region.offsetMap, i + 1);
          expect(JSON.parse(`"${text.slice(o, e)}"`)).toBe(sql[i]);
        }
      }),
    );
  });
});

describe('readers never throw', () => {
  it('on arbitrary text of any kind', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), fc.constantFrom('a.sql', 'a.md', 'a.json', 'a.jsonl', 'a.yaml', 'a.prompt.yml', 'x.down.sql'), (text, name) => {
        const r = readInput(name, text);
        for (const region of r.regions) {
          for (let i = 0; i <= region.text.length; i++) {
            const o = mapOffset(region.offsetMap, i);
            expect(o).toBeGreaterThanOrEqual(0);
            expect(o).toBeLessThanOrEqual(text.length);
          }
        }
        for (const p of r.problems) expect(p.offset).toBeLessThanOrEqual(text.length);
      }),
      { numRuns: 500 },
    );
  });

  it('on arbitrary JSON documents, mapping every plan string back to its source', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), fc.string({ minLength: 1, maxLength: 40 }), (doc, sql) => {
        const text = JSON.stringify({ wrapper: doc, sql: `DELETE FROM t${sql}` }, null, 1);
        const r = readInput('p.json', text);
        const region = r.regions.find((x) => x.toolCall?.field === 'sql');
        expect(region?.text).toBe(`DELETE FROM t${sql}`);
        expect(text.slice(mapOffset(region!.offsetMap, 0), mapOffset(region!.offsetMap, 0) + 6)).toBe('DELETE');
      }),
      { numRuns: 200 },
    );
  });
});
