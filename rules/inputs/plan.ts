// Agent plans and transcripts (`.json`, `.jsonl`, `.yaml`): SQL-bearing fields (`sql`, `query`,
// `statements`...), MCP `tools/call` params, OpenAI `tool_calls[].function.arguments` (JSON inside a
// JSON string: positions go through both levels of escapes) and LangChain `tool_input`/`action_input`.
// Each SQL string is one tool call.
import { createRequire } from 'node:module';
import type { Node as YamlNode } from 'yaml';
import type { Dialect } from '../../runtime/facts/types.js';
import { parseJson, type JsonNode } from './json-source.js';
import { composeMaps, sliceMap, tableMap, type OffsetMap } from './offset-map.js';
import { promptRegions } from './prompt.js';
import type { InputProblem, ReadResult, SqlRegion } from './region.js';
import { dialectFromName, looksLikeSql } from './sql-shape.js';
import { alignScalar } from './yaml-source.js';

// `yaml` is loaded on the first YAML file: most runs lint SQL only, and it is slow to load
let yamlLib: typeof import('yaml') | null = null;
const yaml = () => (yamlLib ??= createRequire(import.meta.url)('yaml') as typeof import('yaml'));

/** A plan document with positions, independent of JSON or YAML. */
type PlanNode =
  | { type: 'object'; entries: Array<[string, PlanNode]> }
  | { type: 'array'; items: PlanNode[] }
  | { type: 'string'; value: string; map: OffsetMap }
  | { type: 'other' };

/** Fields whose string value is SQL. */
const SQL_KEYS = new Set([
  'sql',
  'sql_query',
  'sqlquery',
  'raw_sql',
  'rawsql',
  'sql_statement',
  'statement',
  'query_sql',
  'sqltext',
  'sql_text',
  'ddl',
  'dml',
]);
/** Fields that hold SQL in some tools and prose or shell in others: taken when the value looks like SQL. */
const MAYBE_SQL_KEYS = new Set(['query', 'command', 'cmd', 'script', 'code', 'q', 'input', 'text', 'migration', 'tool_input', 'action_input']);
/** Fields holding a list of statements. */
const SQL_LIST_KEYS = new Set(['statements', 'queries', 'sql', 'sqls', 'commands', 'migrations']);
/** Fields whose string value may be JSON holding the tool arguments. */
const JSON_STRING_KEYS = new Set(['arguments', 'args', 'tool_input', 'action_input', 'input', 'parameters', 'params', 'function_call']);

export function readPlan(path: string, text: string, dialect?: Dialect, mode: 'plan' | 'prompt' = 'plan'): ReadResult {
  const problems: InputProblem[] = [];
  const roots: PlanNode[] = [];
  const lower = path.toLowerCase();
  if (lower.endsWith('.jsonl') || lower.endsWith('.ndjson')) {
    let start = 0;
    for (let i = 0; i <= text.length; i++) {
      if (i === text.length || text[i] === '\n') {
        if (text.slice(start, i).trim() !== '') {
          const r = parseJson(text, start, i);
          if (r.error) problems.push({ code: 'input/invalid-json', message: r.error.message, offset: r.error.offset });
          else roots.push(fromJson(r.value, null));
        }
        start = i + 1;
      }
    }
  } else if (lower.endsWith('.json')) {
    const r = parseJson(text);
    if (r.error) problems.push({ code: 'input/invalid-json', message: r.error.message, offset: r.error.offset });
    else roots.push(fromJson(r.value, null));
  } else {
    const doc = yaml().parseDocument(text, { uniqueKeys: false, strict: false });
    if (doc.errors.length) {
      const e = doc.errors[0];
      problems.push({ code: 'input/invalid-yaml', message: e.message.split('\n')[0].replace(/\.$/, '').replace(/^./, (c) => c.toLowerCase()), offset: e.pos[0] });
    } else if (doc.contents) roots.push(fromYaml(doc.contents as YamlNode, text));
  }
  const regions: SqlRegion[] = [];
  const ctx: WalkState = { regions, count: 0, mode, dialect };
  for (const root of roots) walk(root, '', { tool: null, id: null, dialect }, ctx);
  return { kind: mode, regions, problems };
}

function fromJson(node: JsonNode, outer: OffsetMap | null): PlanNode {
  switch (node.type) {
    case 'object':
      return { type: 'object', entries: node.entries.map((e) => [e.key.value, fromJson(e.value, outer)]) };
    case 'array':
      return { type: 'array', items: node.items.map((n) => fromJson(n, outer)) };
    case 'string': {
      let verbatim = true;
      for (let i = 0; i < node.value.length; i++) {
        if (node.ends[i] - node.starts[i] !== 1 || node.starts[i] !== node.start + 1 + i) {
          verbatim = false;
          break;
        }
      }
      const own = verbatim ? sliceMap(node.start + 1) : tableMap(node.starts, node.ends, node.end - 1);
      const map = outer ? composeMaps(own, outer, node.value.length) : own;
      return { type: 'string', value: node.value, map };
    }
    default:
      return { type: 'other' };
  }
}

function fromYaml(node: YamlNode, src: string): PlanNode {
  const { isMap, isScalar, isSeq } = yaml();
  if (isMap(node)) {
    const entries: Array<[string, PlanNode]> = [];
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
      entries.push([key, pair.value ? fromYaml(pair.value as YamlNode, src) : { type: 'other' }]);
    }
    return { type: 'object', entries };
  }
  if (isSeq(node)) return { type: 'array', items: node.items.map((n) => fromYaml(n as YamlNode, src)) };
  if (isScalar(node) && typeof node.value === 'string' && node.range) {
    const [start, valueEnd] = node.range;
    const { starts, ends } = alignScalar(src, start, valueEnd, node.value, node.type);
    return { type: 'string', value: node.value, map: tableMap(starts, ends, ends.length ? ends[ends.length - 1] : start) };
  }
  return { type: 'other' };
}

interface WalkState {
  regions: SqlRegion[];
  count: number;
  mode: 'plan' | 'prompt';
  dialect?: Dialect;
}

interface Scope {
  tool: string | null;
  id: string | null;
  dialect?: Dialect;
}

function str(node: PlanNode | undefined): string | null {
  return node && node.type === 'string' ? node.value : null;
}

function walk(node: PlanNode, path: string, scope: Scope, st: WalkState): void {
  if (node.type === 'array') {
    node.items.forEach((item, i) => walk(item, `${path}[${i}]`, scope, st));
    return;
  }
  if (node.type === 'string') {
    if (st.mode === 'prompt') pushPrompt(node, st, scope);
    return;
  }
  if (node.type !== 'object') return;
  const get = (k: string) => node.entries.find(([key]) => key === k)?.[1];
  const fn = get('function');
  const tool =
    str(get('name')) ?? str(get('tool')) ?? str(get('tool_name')) ?? (fn && fn.type === 'object' ? str(fn.entries.find(([k]) => k === 'name')?.[1]) : null);
  const d = str(get('dialect')) ?? str(get('database_type')) ?? str(get('engine'));
  const dialect = (d && dialectFromName(d)) || scope.dialect;
  const inner: Scope = {
    tool: tool ?? scope.tool,
    id: str(get('id')) ?? str(get('tool_call_id')) ?? str(get('call_id')) ?? scope.id,
    ...(dialect ? { dialect } : {}),
  };
  for (const [key, value] of node.entries) {
    const k = key.toLowerCase();
    const field = path ? `${path}.${key}` : key;
    if (value.type === 'string') {
      const v = value.value;
      if (SQL_KEYS.has(k)) {
        if (v.trim() !== '') pushSql(value, field, inner, st);
      } else if (JSON_STRING_KEYS.has(k) && /^\s*[{[]/.test(v)) {
        const parsed = parseJson(v);
        if (!parsed.error) walk(fromJson(parsed.value, value.map), field, inner, st);
      } else if (MAYBE_SQL_KEYS.has(k) && looksLikeSql(v)) pushSql(value, field, inner, st, true);
      else if (st.mode === 'prompt') pushPrompt(value, st, inner);
    } else if (value.type === 'array' && SQL_LIST_KEYS.has(k) && value.items.every((i) => i.type === 'string')) {
      value.items.forEach((item, i) => {
        if (item.type === 'string' && (k !== 'commands' || looksLikeSql(item.value)) && item.value.trim() !== '')
          pushSql(item, `${field}[${i}]`, inner, st);
      });
    } else walk(value, field, inner, st);
  }
}

function pushSql(node: Extract<PlanNode, { type: 'string' }>, field: string, scope: Scope, st: WalkState, guessed = false): void {
  st.regions.push({
    ...(guessed ? { guessed } : {}),
    text: node.value,
    offsetMap: node.map,
    origin: 'plan',
    toolCall: { index: st.count++, field, tool: scope.tool, id: scope.id },
    ...(scope.dialect ? { dialect: scope.dialect } : {}),
  });
}

function pushPrompt(node: Extract<PlanNode, { type: 'string' }>, st: WalkState, scope: Scope): void {
  for (const r of promptRegions(node.value, node.map, scope.dialect)) st.regions.push(r);
}
