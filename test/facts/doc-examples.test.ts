// Every example in docs/facts.md is real: each ```sql block is analysed and the ```json block
// after it must be a subset of the result (rules in the doc's "How the examples work"). The doc
// must also document every field of every type in runtime/facts/types.ts.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Dialect } from '../../runtime/facts/types.js';
import { analyze, createCatalog, loadPostgres, type Catalog } from '../../runtime/index.js';
import { shapesOfTypeScript } from './type-shapes.js';
import { subsetMismatches } from './subset.js';

const docPath = fileURLToPath(new URL('../../docs/facts.md', import.meta.url));
const typesPath = fileURLToPath(new URL('../../runtime/facts/types.ts', import.meta.url));
const doc = readFileSync(docPath, 'utf8');

interface Block {
  lang: string;
  info: string[];
  body: string;
  line: number;
}

function fencedBlocks(markdown: string): Block[] {
  const blocks: Block[] = [];
  const re = /^```(\w*)([^\n]*)\n([\s\S]*?)^```[ \t]*$/gm;
  for (let m = re.exec(markdown); m; m = re.exec(markdown)) {
    blocks.push({
      lang: m[1],
      info: m[2].trim().split(/\s+/).filter(Boolean),
      body: m[3].replace(/\n$/, ''),
      line: markdown.slice(0, m.index).split('\n').length,
    });
  }
  return blocks;
}

interface Example {
  sql: string;
  dialect: Dialect;
  /** the SQL of the ```sql catalog block just before, replayed into the catalog */
  catalogSql: string | null;
  /** `assume-in-transaction` in the info string: the runtime's option of that name */
  assumeInTransaction: boolean;
  expected: Record<string, unknown>;
  line: number;
}

function examples(): Example[] {
  const blocks = fencedBlocks(doc);
  const out: Example[] = [];
  let catalogSql: string | null = null;
  blocks.forEach((b, i) => {
    if (b.lang !== 'sql') return;
    if (b.info.includes('catalog')) {
      catalogSql = b.body;
      return;
    }
    const next = blocks[i + 1];
    if (!next || next.lang !== 'json') throw new Error(`docs/facts.md:${b.line}: a sql example needs a json block after it`);
    const dialect = (b.info.find((w) => w !== 'catalog' && w !== 'assume-in-transaction') ?? 'postgres') as Dialect;
    const assumeInTransaction = b.info.includes('assume-in-transaction');
    out.push({ sql: b.body, dialect, catalogSql, assumeInTransaction, expected: JSON.parse(next.body), line: b.line });
    catalogSql = null;
  });
  return out;
}

describe('docs/facts.md examples', () => {
  beforeAll(async () => {
    await loadPostgres();
  });

  const all = examples();
  it('has examples in both dialects', () => {
    expect(all.length).toBeGreaterThan(60);
    expect(all.some((e) => e.dialect === 'mysql')).toBe(true);
    expect(all.some((e) => e.catalogSql !== null)).toBe(true);
    expect(all.some((e) => e.assumeInTransaction)).toBe(true);
  });

  for (const ex of all) {
    it(`line ${ex.line}: ${ex.sql.replace(/\s+/g, ' ').slice(0, 150)}`, async () => {
      let catalog: Catalog | undefined;
      if (ex.catalogSql !== null) {
        catalog = createCatalog();
        catalog.replay(await analyze(ex.catalogSql, { dialect: ex.dialect, file: 'schema.sql' }));
      }
      const result = await analyze(ex.sql, { dialect: ex.dialect, file: 'example.sql', catalog, assumeInTransaction: ex.assumeInTransaction });
      const actual = ex.expected.kind === 'analysis' ? result : result.statements[result.statements.length - 1];
      expect(actual, 'the example produced no statement').toBeDefined();
      expect(subsetMismatches(ex.expected, actual)).toEqual([]);
    });
  }
});

describe('docs/facts.md documents every field', () => {
  const shapes = shapesOfTypeScript(typesPath, readFileSync(typesPath, 'utf8'));
  const sections = doc.split(/^## /m).slice(1);
  for (const [name, shape] of shapes) {
    if (!('object' in shape)) continue;
    it(`${name}`, () => {
      const section = sections.find((s) => s.split('\n')[0].includes(`\`${name}\``));
      expect(section, `no section whose heading names \`${name}\``).toBeDefined();
      // the section's field table lists the type's own fields (a later table may belong to another type)
      const documented = new Set([...section!.matchAll(/^\| `(\w+)` \|/gm)].map((m) => m[1]));
      const missing = Object.keys(shape.object).filter((f) => !documented.has(f));
      expect(missing).toEqual([]);
    });
  }

  // the closed lists a policy author picks from: every value is named in the doc
  for (const name of ['Dialect', 'Action', 'Via', 'Access', 'FunctionCategory', 'RoleAttribute', 'LockLevel', 'Severity', 'WhereState', 'Volatility']) {
    it(`lists every \`${name}\` value`, () => {
      const shape = shapes.get(name);
      expect(shape && 'enum' in shape, `\`${name}\` is not a union of literals in types.ts`).toBe(true);
      const missing = (shape as { enum: string[] }).enum.filter((v) => !doc.includes(`\`${v}\``) && !doc.includes(`"${v}"`));
      expect(missing).toEqual([]);
    });
  }

  it('every sql example is followed by its json', () => {
    expect(() => examples()).not.toThrow();
  });
});

describe('the subset rules the doc states', () => {
  it('match as documented', () => {
    expect(subsetMismatches({ a: 1 }, { a: 1, b: 2 })).toEqual([]);
    expect(subsetMismatches({ a: 1 }, { a: 2 })).not.toEqual([]);
    expect(subsetMismatches([{ x: 1 }, { x: 1 }], [{ x: 1 }])).not.toEqual([]);
    expect(subsetMismatches([{ x: 2 }, { x: 1 }], [{ x: 1, y: 0 }, { x: 2 }])).toEqual([]);
    expect(subsetMismatches([], [1])).not.toEqual([]);
    expect(subsetMismatches(['b', 'a'], ['a', 'b'])).toEqual([]);
    expect(subsetMismatches(['a'], ['a', 'b'])).not.toEqual([]);
    expect(subsetMismatches({ n: null }, { n: null })).toEqual([]);
    expect(subsetMismatches({ n: null }, {})).not.toEqual([]);
  });
});
