// Reduces TypeScript declarations (read with the compiler API) and JSON Schema definitions to
// one comparable shape, so the schema test can say exactly where types.ts and schema.ts drift.
import ts from 'typescript';

export type Shape =
  | { prim: 'string' | 'number' | 'boolean' | 'null' }
  | { enum: string[] }
  | { ref: string }
  | { array: Shape }
  | { object: Record<string, { shape: Shape; optional: boolean }> }
  | { union: Shape[] };

/** Flattens nested unions, merges literal members into one enum, sorts members. */
function union(members: Shape[]): Shape {
  const flat: Shape[] = [];
  const literals = new Set<string>();
  const visit = (m: Shape) => {
    if ('union' in m) m.union.forEach(visit);
    else if ('enum' in m) m.enum.forEach((v) => literals.add(v));
    else flat.push(m);
  };
  members.forEach(visit);
  if (literals.size > 0) flat.push({ enum: [...literals].sort() });
  const unique = [...new Map(flat.map((m) => [JSON.stringify(m), m])).values()];
  unique.sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  return unique.length === 1 ? unique[0] : { union: unique };
}

// --- TypeScript side ------------------------------------------------------------------------

function tsShape(node: ts.TypeNode): Shape {
  switch (node.kind) {
    case ts.SyntaxKind.StringKeyword:
      return { prim: 'string' };
    case ts.SyntaxKind.NumberKeyword:
      return { prim: 'number' };
    case ts.SyntaxKind.BooleanKeyword:
      return { prim: 'boolean' };
  }
  if (ts.isLiteralTypeNode(node)) {
    if (node.literal.kind === ts.SyntaxKind.NullKeyword) return { prim: 'null' };
    if (ts.isStringLiteral(node.literal)) return { enum: [node.literal.text] };
    throw new Error(`unsupported literal type \`${node.getText()}\``);
  }
  if (ts.isUnionTypeNode(node)) return union(node.types.map(tsShape));
  if (ts.isParenthesizedTypeNode(node)) return tsShape(node.type);
  if (ts.isArrayTypeNode(node)) return { array: tsShape(node.elementType) };
  if (ts.isTypeReferenceNode(node)) return { ref: node.typeName.getText() };
  if (ts.isTypeLiteralNode(node)) return { object: tsMembers(node.members) };
  throw new Error(`unsupported type \`${node.getText()}\``);
}

function tsMembers(members: ts.NodeArray<ts.TypeElement>) {
  const out: Record<string, { shape: Shape; optional: boolean }> = {};
  for (const m of members) {
    if (!ts.isPropertySignature(m) || !m.type) throw new Error(`unsupported member \`${m.getText()}\``);
    out[m.name.getText()] = { shape: tsShape(m.type), optional: Boolean(m.questionToken) };
  }
  return out;
}

/** Every exported interface and type alias of a TypeScript file, as shapes. */
export function shapesOfTypeScript(fileName: string, text: string): Map<string, Shape> {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.ES2022, true);
  const shapes = new Map<string, Shape>();
  for (const st of source.statements) {
    if (ts.isInterfaceDeclaration(st)) shapes.set(st.name.text, { object: tsMembers(st.members) });
    else if (ts.isTypeAliasDeclaration(st)) shapes.set(st.name.text, tsShape(st.type));
  }
  return shapes;
}

// --- JSON Schema side -----------------------------------------------------------------------

type Schema = Record<string, unknown>;

export function schemaShape(s: Schema): Shape {
  if (typeof s.$ref === 'string') return { ref: s.$ref.replace('#/$defs/', '') };
  if ('const' in s) return { enum: [String(s.const)] };
  if (Array.isArray(s.enum)) return { enum: [...(s.enum as string[])].sort() };
  if (Array.isArray(s.anyOf)) return union((s.anyOf as Schema[]).map(schemaShape));
  if (Array.isArray(s.type)) return union((s.type as string[]).map((type) => schemaShape({ ...s, type })));
  switch (s.type) {
    case 'string':
      return { prim: 'string' };
    case 'integer':
    case 'number':
      return { prim: 'number' };
    case 'boolean':
      return { prim: 'boolean' };
    case 'null':
      return { prim: 'null' };
    case 'array':
      return { array: schemaShape(s.items as Schema) };
    case 'object': {
      const required = new Set((s.required as string[] | undefined) ?? []);
      const props = (s.properties ?? {}) as Record<string, Schema>;
      const out: Record<string, { shape: Shape; optional: boolean }> = {};
      for (const [k, v] of Object.entries(props)) out[k] = { shape: schemaShape(v), optional: !required.has(k) };
      return { object: out };
    }
  }
  throw new Error(`unsupported schema ${JSON.stringify(s)}`);
}

/** Paths of object schemas that are not closed with `additionalProperties: false`. */
export function openObjects(s: unknown, path = '#'): string[] {
  if (!s || typeof s !== 'object') return [];
  const node = s as Schema;
  const found: string[] = [];
  if (node.type === 'object' && node.additionalProperties !== false) found.push(path);
  for (const [k, v] of Object.entries(node)) {
    if (Array.isArray(v)) v.forEach((item, i) => found.push(...openObjects(item, `${path}/${k}/${i}`)));
    else if (v && typeof v === 'object') found.push(...openObjects(v, `${path}/${k}`));
  }
  return found;
}
