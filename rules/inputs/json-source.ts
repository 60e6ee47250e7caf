// A small JSON parser that keeps source positions: every node has its range, every string
// the original range of each decoded character (escapes included), so SQL inside a JSON
// string — or inside JSON inside a JSON string — maps back to the exact file column.
// Never throws: errors come back as `{ error: { message, offset } }`.

export interface JsonBase {
  start: number;
  end: number;
}
export interface JsonString extends JsonBase {
  type: 'string';
  value: string;
  /** original offset of each decoded character (start of its escape) */
  starts: number[];
  /** original offset just past each decoded character (end of its escape) */
  ends: number[];
}
export interface JsonObject extends JsonBase {
  type: 'object';
  entries: { key: JsonString; value: JsonNode }[];
}
export interface JsonArray extends JsonBase {
  type: 'array';
  items: JsonNode[];
}
export interface JsonScalar extends JsonBase {
  type: 'number' | 'boolean' | 'null';
  value: number | boolean | null;
}
export type JsonNode = JsonString | JsonObject | JsonArray | JsonScalar;

export interface JsonError {
  message: string;
  offset: number;
}

export type JsonParse = { value: JsonNode; error: null } | { value: null; error: JsonError };

class Fail {
  constructor(readonly error: JsonError) {}
}

const MAX_DEPTH = 512;

/** Parses `text` from `from` to `to` (defaults: whole text) as one JSON value. */
export function parseJson(text: string, from = 0, to = text.length): JsonParse {
  let i = from;
  const fail = (message: string, at = i): never => {
    throw new Fail({ message, offset: at });
  };
  const ws = () => {
    while (i < to) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 9 || c === 10 || c === 13 || (c === 0xfeff && i === from)) i++;
      else break;
    }
  };
  const describe = (at: number) => (at >= to ? 'end of input' : `\`${text[at]}\``);

  const parseString = (): JsonString => {
    const start = i;
    i++; // opening quote
    let value = '';
    const starts: number[] = [];
    const ends: number[] = [];
    for (;;) {
      if (i >= to) fail('unterminated string', start);
      const c = text.charCodeAt(i);
      if (c === 34) {
        i++;
        return { type: 'string', start, end: i, value, starts, ends };
      }
      if (c < 0x20) fail('control character in string (escape it as `\\n`, `\\t`...)');
      if (c !== 92) {
        value += text[i];
        starts.push(i);
        ends.push(i + 1);
        i++;
        continue;
      }
      const at = i;
      const e = text[i + 1];
      const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
      if (e !== undefined && e in simple) {
        value += simple[e];
        starts.push(at);
        ends.push(at + 2);
        i += 2;
      } else if (e === 'u') {
        const hex = text.slice(i + 2, i + 6);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) fail('invalid unicode escape', at);
        value += String.fromCharCode(parseInt(hex, 16));
        starts.push(at);
        ends.push(at + 6);
        i += 6;
      } else fail(`invalid escape \`\\${e ?? ''}\` in string`, at);
    }
  };

  const parseValue = (depth: number): JsonNode => {
    if (depth > MAX_DEPTH) fail('nesting too deep');
    ws();
    if (i >= to) fail('unexpected end of input, expected a value');
    const c = text[i];
    const start = i;
    if (c === '"') return parseString();
    if (c === '{') {
      i++;
      const entries: JsonObject['entries'] = [];
      ws();
      if (text[i] === '}') {
        i++;
        return { type: 'object', start, end: i, entries };
      }
      for (;;) {
        ws();
        if (text[i] !== '"') fail(`expected a property name in double quotes, found ${describe(i)}`);
        const key = parseString();
        ws();
        if (text[i] !== ':') fail(`expected \`:\` after property name, found ${describe(i)}`);
        i++;
        const value = parseValue(depth + 1);
        entries.push({ key, value });
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') {
          i++;
          return { type: 'object', start, end: i, entries };
        }
        fail(`expected \`,\` or \`}\` in object, found ${describe(i)}`);
      }
    }
    if (c === '[') {
      i++;
      const items: JsonNode[] = [];
      ws();
      if (text[i] === ']') {
        i++;
        return { type: 'array', start, end: i, items };
      }
      for (;;) {
        items.push(parseValue(depth + 1));
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') {
          i++;
          return { type: 'array', start, end: i, items };
        }
        fail(`expected \`,\` or \`]\` in array, found ${describe(i)}`);
      }
    }
    const m = /^(?:-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)/.exec(text.slice(i, Math.min(to, i + 400)));
    if (!m) fail(`unexpected ${describe(i)}, expected a value`);
    const word = m![0];
    i += word.length;
    if (word === 'true' || word === 'false') return { type: 'boolean', start, end: i, value: word === 'true' };
    if (word === 'null') return { type: 'null', start, end: i, value: null };
    return { type: 'number', start, end: i, value: Number(word) };
  };

  try {
    const value = parseValue(0);
    ws();
    if (i < to) fail(`unexpected ${describe(i)} after the JSON value`);
    return { value, error: null };
  } catch (e) {
    if (e instanceof Fail) return { value: null, error: e.error };
    throw e;
  }
}

/** Plain JS value of a node (for validation). */
export function toPlain(node: JsonNode): unknown {
  switch (node.type) {
    case 'object': {
      const o: Record<string, unknown> = {};
      for (const e of node.entries) o[e.key.value] = toPlain(e.value);
      return o;
    }
    case 'array':
      return node.items.map(toPlain);
    default:
      return node.value;
  }
}

/** The node at a JSON pointer path (`/rules/foo`), and the key node naming it when it is a property. */
export function nodeAt(root: JsonNode, pointer: string): { node: JsonNode; key: JsonString | null } | null {
  if (pointer === '') return { node: root, key: null };
  const parts = pointer
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  let node: JsonNode = root;
  let key: JsonString | null = null;
  for (const p of parts) {
    if (node.type === 'object') {
      const e: { key: JsonString; value: JsonNode } | undefined = node.entries.filter((x) => x.key.value === p).pop();
      if (!e) return null;
      node = e.value;
      key = e.key;
    } else if (node.type === 'array') {
      const item: JsonNode | undefined = node.items[Number(p)];
      if (!item) return null;
      node = item;
      key = null;
    } else return null;
  }
  return { node, key };
}
