// The field table must mirror the fact model: this test reads runtime/facts/types.ts and
// runtime/decision/types.ts with the TypeScript compiler and compares every field and every
// string-literal enum with compiler/schema/fields.ts.
import { describe, expect, it } from 'vitest';
import ts from 'typescript';
import { fileURLToPath } from 'node:url';
import type { ValueType } from '../../compiler/ast.js';
import * as F from '../../compiler/schema/fields.js';
import { enumKeywords, hardKeywords, keywordWord } from '../../compiler/tokens.js';
import { loadPolicySet } from '../../compiler/policy-set.js';

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
  [factsFile, 'TableLock', F.TableLockType, []],
  [factsFile, 'IdentifierFact', F.IdentifierFactType, [...F.STRUCTURAL_FIELDS]],
  [factsFile, 'PatternFact', F.PatternFactType, [...F.STRUCTURAL_FIELDS]],
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

/** a condition comparing the field at `path` (`statement.patterns[].operator`) with `value`,
 * through a quantifier per list on the way; a list of enum values (`statement.tables[].access[]`) with `has` */
function comparison(path: string, value: string): string {
  const list = path.endsWith('[]');
  const parts = (list ? path.slice(0, -2) : path).split('[]');
  let head = parts[0];
  const open: string[] = [];
  for (let k = 1; k < parts.length; k++) {
    open.push(`any x${k} in ${head} where `);
    head = `x${k}${parts[k]}`;
  }
  return open.join('') + `${head} ${list ? 'has' : '=='} ${value}`;
}

describe('enum values are writable', () => {
  it('the hard keywords that double as enum values are exactly those of the fact model', () => {
    const values = new Set([...F.allEnums().values()].flatMap((e) => e.values));
    const clashes = hardKeywords.map((t) => keywordWord(t)!).filter((w) => values.has(w));
    expect(clashes.sort()).toEqual(enumKeywords.map((t) => keywordWord(t)!).sort());
    expect(clashes).toContain('like');
  });

  it('every value of every enum field compares with its field, keywords included', () => {
    const rules: string[] = [];
    for (const { path, type } of F.allFieldPaths()) {
      const members = type.kind === 'union' ? type.types : [type];
      for (const m of members) {
        if (m.kind !== 'enum') continue;
        for (const v of m.values) rules.push(`  rule r${rules.length} {\n    category style\n    when ${comparison(path, v)}\n    warn\n  }\n`);
      }
    }
    expect(rules.length).toBeGreaterThan(200);
    const text = `policy p {\n${rules.join('')}}\n`;
    const { diagnostics } = loadPolicySet([{ file: 'enums.hoop', text }]);
    expect(diagnostics.map((d) => `${d.span.line}: ${d.code} ${d.message} :: ${text.split('\n')[d.span.line - 1]!.trim()}`)).toEqual([]);
  });
});
