// `hoop-lint.config.json`: found by walking up from the working directory (or `--config`),
// validated against `rules/config.schema.json` with errors that point at the offending key.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { createRequire } from 'node:module';
import type { Ajv, ErrorObject } from 'ajv';
import type { Dialect } from '../../runtime/facts/types.js';
import schema from '../config.schema.json' with { type: 'json' };
import { nodeAt, parseJson, toPlain, type JsonNode } from '../inputs/json-source.js';
import { sourceFile, filePosition } from '../inputs/offset-map.js';
import type { InputError } from './finding.js';

export const CONFIG_FILE = 'hoop-lint.config.json';
export type Preset = 'recommended' | 'strict' | 'agent';
export type RuleSetting = 'off' | 'info' | 'warn' | 'warning' | 'error';

export interface LintConfig {
  extends?: Preset;
  rules?: Record<string, RuleSetting>;
  dialect?: Dialect;
  env?: string;
  schema?: string | string[];
  policy?: string | string[];
  builtin?: boolean;
  ignore?: string[];
  assumeInTransaction?: boolean;
  requireSuppressionReason?: boolean;
  maxWarnings?: number;
}

export interface LoadedConfig {
  path: string | null;
  dir: string;
  config: LintConfig;
  /** where each rule id key is written, for "unknown rule" errors */
  ruleKeyPositions: Map<string, { line: number; column: number }>;
}

let validate: ReturnType<Ajv['compile']> | null = null;
function validator() {
  if (!validate) {
    // ajv is loaded only when there is a config file to validate
    const { Ajv: AjvClass } = createRequire(import.meta.url)('ajv') as { Ajv: typeof Ajv };
    validate = new AjvClass({ allErrors: true, strict: false }).compile(schema);
  }
  return validate;
}

export function findConfig(cwd: string): string | null {
  let dir = resolve(cwd);
  for (;;) {
    const p = join(dir, CONFIG_FILE);
    if (existsSync(p)) return p;
    const up = dirname(dir);
    if (up === dir) return null;
    dir = up;
  }
}

const OPTION_NAMES = Object.keys(schema.properties);

function suggestion(word: string, options: string[]): string {
  const near = options.find((o) => distance(o.toLowerCase(), word.toLowerCase()) <= 2);
  return near ? ` (did you mean \`${near}\`?)` : '';
}

export function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
  return d[a.length][b.length];
}

function describeError(e: ErrorObject): { pointer: string; atKey: boolean; message: string } {
  const path = e.instancePath || '/';
  const name = e.instancePath.split('/').pop() ?? '';
  switch (e.keyword) {
    case 'additionalProperties': {
      const prop = String((e.params as { additionalProperty: string }).additionalProperty);
      return { pointer: `${e.instancePath}/${prop.replace(/~/g, '~0').replace(/\//g, '~1')}`, atKey: true, message: `unknown option \`${prop}\`${suggestion(prop, OPTION_NAMES)}` };
    }
    case 'enum': {
      const allowed = (e.params as { allowedValues: unknown[] }).allowedValues.map((v) => `\`${String(v)}\``).join(', ');
      return { pointer: e.instancePath, atKey: false, message: `\`${name}\` must be one of ${allowed}` };
    }
    case 'type': {
      const t = String((e.params as { type: string }).type).split(',')[0];
      return { pointer: e.instancePath, atKey: false, message: `\`${name || path}\` must be ${/^[aeiou]/.test(t) ? 'an' : 'a'} ${t}` };
    }
    case 'oneOf':
      return { pointer: e.instancePath, atKey: false, message: `\`${name}\` must be a string or a list of strings` };
    case 'minimum':
      return { pointer: e.instancePath, atKey: false, message: `\`${name}\` must be at least ${String((e.params as { limit: number }).limit)}` };
    case 'minLength':
      return { pointer: e.instancePath, atKey: false, message: `\`${name}\` must not be empty` };
    default:
      return { pointer: e.instancePath, atKey: false, message: `\`${name || 'config'}\` ${e.message ?? 'is invalid'}` };
  }
}

/** Reads and validates a config file; errors name the file, line and column of the offending key or value. */
export function loadConfig(path: string): { config: LoadedConfig | null; errors: InputError[] } {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return { config: null, errors: [{ file: path, line: 1, column: 1, code: 'config/unreadable', message: `cannot read config file \`${path}\`` }] };
  }
  return parseConfig(path, text);
}

export function parseConfig(path: string, text: string): { config: LoadedConfig | null; errors: InputError[] } {
  const file = sourceFile(path, text);
  const parsed = parseJson(text);
  if (parsed.error) {
    const p = filePosition(file, parsed.error.offset);
    return { config: null, errors: [{ file: path, line: p.line, column: p.column, code: 'config/invalid-json', message: parsed.error.message }] };
  }
  const root = parsed.value;
  const plain = toPlain(root);
  const v = validator();
  const errors: InputError[] = [];
  if (!v(plain)) {
    // oneOf reports its branches' errors too; keep the most specific one per location
    const seen = new Set<string>();
    for (const e of v.errors ?? []) {
      if (e.schemaPath.includes('/oneOf/')) continue;
      const d = describeError(e);
      if (seen.has(d.pointer)) continue;
      seen.add(d.pointer);
      const at = nodeAt(root, d.pointer);
      const node: JsonNode | null = at ? (d.atKey && at.key ? at.key : at.node) : null;
      const p = filePosition(file, node ? node.start : 0);
      errors.push({ file: path, line: p.line, column: p.column, code: 'config/invalid', message: d.message });
    }
    errors.sort((a, b) => a.line - b.line || a.column - b.column);
    return { config: null, errors };
  }
  const ruleKeyPositions = new Map<string, { line: number; column: number }>();
  const rules = nodeAt(root, '/rules');
  if (rules && rules.node.type === 'object') {
    for (const e of rules.node.entries) {
      const p = filePosition(file, e.key.start);
      ruleKeyPositions.set(e.key.value, { line: p.line, column: p.column });
    }
  }
  return { config: { path, dir: dirname(resolve(path)), config: plain as LintConfig, ruleKeyPositions }, errors };
}

export function emptyConfig(cwd: string): LoadedConfig {
  return { path: null, dir: resolve(cwd), config: {}, ruleKeyPositions: new Map() };
}

export const STARTER_CONFIG = `{
  "$schema": "./node_modules/hoop-lint/rules/config.schema.json",
  "extends": "recommended",
  "dialect": "postgres",
  "env": "development",
  "rules": {},
  "ignore": ["node_modules/", "dist/"],
  "assumeInTransaction": false,
  "requireSuppressionReason": true
}
`;

export function toList(v: string | string[] | undefined): string[] {
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}
