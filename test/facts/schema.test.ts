// The JSON Schema of the fact model (runtime/facts/schema.ts) must (a) accept what the analyser
// really produces and (b) say exactly what runtime/facts/types.ts says: same types, same
// property names, same optionality, same union literals.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { analysisResultSchema, factDefinitions, statementFactsSchema } from '../../runtime/facts/schema.js';
import type { AnalysisResult, Dialect } from '../../runtime/facts/types.js';
import { analyze, loadPostgres } from '../../runtime/index.js';
import { openObjects, schemaShape, shapesOfTypeScript } from './type-shapes.js';
import { corpusSample, MYSQL_EDGE_CASES, POSTGRES_EDGE_CASES } from './sql-samples.js';

const typesPath = fileURLToPath(new URL('../../runtime/facts/types.ts', import.meta.url));
const tsShapes = shapesOfTypeScript(typesPath, readFileSync(typesPath, 'utf8'));

function newAjv() {
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  return { validateResult: ajv.compile(analysisResultSchema), validateStatement: ajv.compile(statementFactsSchema) };
}

describe('fact schema matches types.ts', () => {
  it('defines exactly the types that types.ts exports', () => {
    expect(Object.keys(factDefinitions).sort()).toEqual([...tsShapes.keys()].sort());
  });

  for (const [name, shape] of tsShapes) {
    it(`${name}: same properties, optionality and literals`, () => {
      const def = factDefinitions[name];
      expect(def, `schema.ts has no definition for \`${name}\``).toBeDefined();
      expect(schemaShape(def)).toEqual(shape);
    });
  }

  it('closes every object with additionalProperties: false', () => {
    expect(openObjects(analysisResultSchema)).toEqual([]);
  });

  it('the comparison notices drift', () => {
    const drifted = readFileSync(typesPath, 'utf8')
      .replace("| 'lock_table'", "| 'lock_table'\n  | 'new_action'")
      .replace('  temporary: boolean;', '  temporary: boolean;\n  extra?: string;');
    const shapes = shapesOfTypeScript(typesPath, drifted);
    expect(schemaShape(factDefinitions.Action)).not.toEqual(shapes.get('Action'));
    expect(schemaShape(factDefinitions.TableFact)).not.toEqual(shapes.get('TableFact'));
    expect(schemaShape(factDefinitions.ColumnFact)).toEqual(shapes.get('ColumnFact'));
  });
});

describe('fact schema accepts real analyser output', () => {
  const { validateResult, validateStatement } = newAjv();
  const failures = (result: AnalysisResult) => {
    if (validateResult(result)) return [];
    return (validateResult.errors ?? []).slice(0, 5).map((e) => `${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`);
  };

  beforeAll(async () => {
    await loadPostgres();
  });

  const cases: [Dialect, string[]][] = [
    ['postgres', POSTGRES_EDGE_CASES],
    ['mysql', MYSQL_EDGE_CASES],
  ];
  for (const [dialect, sqls] of cases) {
    it(`${dialect}: every edge case validates`, async () => {
      const bad: string[] = [];
      for (const sql of sqls) {
        const result = await analyze(sql, { dialect, file: 'sample.sql' });
        const errors = failures(result);
        if (errors.length) bad.push(`${JSON.stringify(sql)}: ${errors.join('; ')}`);
      }
      expect(bad).toEqual([]);
    });
  }

  it('postgres: the corpus sample validates, statement by statement too', async () => {
    const bad: string[] = [];
    for (const sql of corpusSample()) {
      const result = await analyze(sql, { dialect: 'postgres' });
      const errors = failures(result);
      if (errors.length) bad.push(`${JSON.stringify(sql.slice(0, 80))}: ${errors.join('; ')}`);
      for (const st of result.statements) expect(validateStatement(st)).toBe(true);
    }
    expect(bad).toEqual([]);
  });

  it('rejects output that drifts from the model', async () => {
    const result = await analyze('UPDATE users SET a = 1 WHERE id = 2', { dialect: 'postgres', file: 'x.sql' });
    expect(validateResult(result)).toBe(true);
    const extra = structuredClone(result) as unknown as { statements: Record<string, unknown>[] };
    extra.statements[0].surprise = 1;
    expect(validateResult(extra)).toBe(false);
    const badEnum = structuredClone(result);
    (badEnum.statements[0].actions[0] as { action: string }).action = 'obliterate';
    expect(validateResult(badEnum)).toBe(false);
    const missing = structuredClone(result) as unknown as { statements: Record<string, unknown>[] };
    delete missing.statements[0].where;
    expect(validateResult(missing)).toBe(false);
  });
});
