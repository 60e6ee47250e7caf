// The field table must mirror the fact model: this test reads runtime/facts/types.ts and
// runtime/decision/types.ts with the TypeScript compiler and compares every field and every
// string-literal enum with compiler/schema/fields.ts.
import { describe, expect, it } from 'vitest';
import ts from 'typescript';
import { fileURLToPath } from 'node:url';
import type { ValueType } from '../../compiler/ast.js';
import * as F from '../../compiler/schema/fields.js';

const factsFile = fileURLToPath(new URL('../../runtime/facts/types.ts', import.meta.url));
const decisionFile = fileURLToPath(new URL('../../runtime/decision/types.ts', import.meta.url));
const findingFile = fileURLToPath(new URL('../../rules/lint/finding.ts', import.meta.url));
const program = ts.createProgram([factsFile, decisionFile, findingFile], { strict: true, noEmit: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext });
const checker = program.getTypeChecker();

function declaredType(file: string, name: string): ts.Type {
  const sf = program.getSourceFile(file)!;
  for (const st of sf.statements) {
    if ((ts.isInterfaceDeclaration(st) || ts.isTypeAliasDeclaration(st)) && st.name.text === name) return checker.getTypeAtLocation(st.name);
  }
  throw new Error(`${name} not found in ${file}`);
}

/** string literals of a type (through unions, arrays and null) */
function stringLiterals(t: ts.Type): string[] {
  if (t.isUnion()) return t.types.flatMap(stringLiterals);
  if (t.isStringLiteral()) return [t.value];
  if (checker.isArrayType(t)) return stringLiterals(checker.getTypeArguments(t as ts.TypeReference)[0]);
  return [];
}

function tableEnumValues(t: ValueType): string[] {
  switch (t.kind) {
    case 'enum':
      return t.values.map((v) => t.runtime?.[v] ?? v);
    case 'list':
      return tableEnumValues(t.element);
    case 'union':
      return t.types.flatMap(tableEnumValues);
    default:
      return [];
  }
}

function objectFields(t: ValueType): Record<string, ValueType> {
  const o = t.kind === 'union' ? t.types.find((x) => x.kind === 'object') : t;
  if (!o || o.kind !== 'object') throw new Error('not an object type');
  return o.fields as Record<string, ValueType>;
}

const pairs: Array<[string, string, ValueType, string[]]> = [
  [factsFile, 'StatementFacts', F.StatementFactsType, [...F.STRUCTURAL_FIELDS]],
  [factsFile, 'ActionFact', F.ActionFactType, [...F.STRUCTURAL_FIELDS]],
  [factsFile, 'TableFact', F.TableFactType, [...F.STRUCTURAL_FIELDS]],
  [factsFile, 'ColumnFact', F.ColumnFactType, [...F.STRUCTURAL_FIELDS]],
  [factsFile, 'SourceColumn', F.SourceColumnType, []],
  [factsFile, 'OutputColumnFact', F.OutputColumnFactType, [...F.STRUCTURAL_FIELDS]],
  [factsFile, 'FunctionCallFact', F.FunctionCallFactType, [...F.STRUCTURAL_FIELDS]],
  [factsFile, 'DynamicSqlFact', F.DynamicSqlFactType, [...F.STRUCTURAL_FIELDS]],
  [factsFile, 'PrivilegeFact', F.PrivilegeFactType, [...F.STRUCTURAL_FIELDS]],
  [factsFile, 'RoleFact', F.RoleFactType, [...F.STRUCTURAL_FIELDS]],
  [factsFile, 'DdlFact', F.DdlFactType, [...F.STRUCTURAL_FIELDS]],
  [factsFile, 'TransactionContext', F.TransactionContextType, []],
  [decisionFile, 'Principal', F.PrincipalType, []],
  [decisionFile, 'Connection', F.ConnectionType, []],
];

describe('field table mirrors the fact model', () => {
  for (const [file, name, table, structural] of pairs) {
    it(`${name}: same fields, same enum values`, () => {
      const t = declaredType(file, name);
      const props = checker.getPropertiesOfType(t).map((p) => p.name).filter((p) => !structural.includes(p));
      const fields = objectFields(table);
      expect(Object.keys(fields).sort(), `fields of ${name}`).toEqual(props.sort());
      for (const p of checker.getPropertiesOfType(t)) {
        if (structural.includes(p.name)) continue;
        const literals = stringLiterals(checker.getTypeOfSymbol(p));
        if (literals.length === 0) continue;
        expect(tableEnumValues(fields[p.name]).sort(), `${name}.${p.name}`).toEqual([...new Set(literals)].sort());
      }
    });
  }

  it('DecisionInput: every field is a root of a path', () => {
    const props = checker.getPropertiesOfType(declaredType(decisionFile, 'DecisionInput')).map((p) => p.name);
    expect(Object.keys(F.ROOT_TYPES).sort()).toEqual(props.sort());
    const time = checker.getPropertiesOfType(checker.getTypeOfSymbol(checker.getPropertiesOfType(declaredType(decisionFile, 'DecisionInput')).find((p) => p.name === 'time')!));
    expect(Object.keys(objectFields(F.TimeType)).sort()).toEqual(time.map((p) => p.name).sort());
    expect(tableEnumValues(F.ROOT_TYPES.source).sort()).toEqual(stringLiterals(declaredType(decisionFile, 'Source')).sort());
  });

  it('named enums match their type aliases', () => {
    const aliases: Array<[string, string, readonly string[]]> = [
      [factsFile, 'Action', F.ACTIONS],
      [factsFile, 'Dialect', F.DIALECTS],
      [factsFile, 'Severity', F.SEVERITIES],
      [decisionFile, 'Effect', F.EFFECTS],
      [decisionFile, 'Source', F.SOURCES],
    ];
    for (const [file, name, values] of aliases) expect([...values].sort(), name).toEqual(stringLiterals(declaredType(file, name)).sort());
    expect([...F.FIX_NAMES].sort(), 'FixName').toEqual(stringLiterals(declaredType(findingFile, 'FixName')).sort());
    const mask = checker.getPropertiesOfType(declaredType(decisionFile, 'MaskDirective')).find((p) => p.name === 'strategy')!;
    expect([...F.MASK_STRATEGIES].sort()).toEqual(stringLiterals(checker.getTypeOfSymbol(mask)).sort());
  });

  it('lists every path with a type', () => {
    const paths = F.allFieldPaths().map((p) => p.path);
    expect(paths).toContain('statement.actions[].action');
    expect(paths).toContain('statement.ddl[].lock');
    expect(paths).toContain('principal.attributes');
    expect(new Set(paths).size).toBe(paths.length);
  });
});
