// `--cache`: results of unchanged files are taken from the last run instead of being linted again
// (ESLint's `--cache`). A file's key hashes everything its findings depend on: the run key (tool
// code, rule pack, user policies, schema files, configuration), the file's path and bytes, and —
// in a migration chain, whose later files see the tables of earlier ones — the key of the file
// before it. So a key never goes stale: an edited migration misses, and so does every later file
// of its chain. The misses of a chain are linted after the hits before them are replayed into the
// catalog from their cached replay projections (runtime/catalog/replay-input.ts), which changes
// the catalog exactly as analysing those files again would.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync, type Stats } from 'node:fs';
import { dirname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ReplayInput } from '../../runtime/catalog/replay-input.js';
import { VERSION } from '../version.js';
import type { LintTarget, LintUnit } from './files.js';
import type { Finding, InputError } from './finding.js';
import type { FileResult, LintDeps } from './lint-source.js';
import { hoopFiles, readPackSources } from './pack-sources.js';
import { packHash } from './pack-cache.js';
import type { SetupSpec } from './setup.js';

/** bump when the entry layout or the key recipe changes */
const CACHE_FORMAT = 3;
const CACHE_TOOL = 'hoop-lint-cache';
export const DEFAULT_CACHE_FILE = '.hoop-lint-cache';

/** What a migration tells the files after it in its chain. */
export interface ChainRecord {
  /** what its up-direction SQL changed in the catalog */
  replay: ReplayInput;
  /** objects its up migration created, for its down migration */
  created: string[];
}

export interface CacheEntry {
  key: string;
  /** the file's bytes hashed, and its size and modification time then: a file whose size and time
   * are unchanged is not read again to be hashed (ESLint's metadata strategy) */
  hash: string;
  size: number;
  mtimeMs: number;
  result: FileResult;
  /** the ChainRecord as JSON text: parsed only when a later file of the chain misses, so a run that
   * hits everything never builds these objects */
  chain?: string;
}

interface CacheFile {
  tool: typeof CACHE_TOOL;
  format: number;
  runKey: string;
  /** by absolute path */
  files: Record<string, CacheEntry>;
}

export interface LintCache {
  path: string;
  runKey: string;
  entries: Map<string, CacheEntry>;
  /** entries changed since the file was read: it is written only then */
  dirty: boolean;
}

/** A chain file whose result is cached: replayed before the misses after it are linted. */
export interface Preload {
  path: string;
  /** ChainRecord JSON (CacheEntry.chain) */
  chain: string | null;
}

const sha = (...parts: Array<string | Uint8Array>) => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p).update('\0');
  return h.digest('base64url');
};

/** `--cache-location`: a file, or a directory (existing, or written with a trailing slash, as
 * ESLint reads it) to hold `.hoop-lint-cache`. */
export function cachePath(location: string): string {
  if (location.endsWith('/') || location.endsWith(sep)) return join(location, DEFAULT_CACHE_FILE);
  try {
    if (statSync(location).isDirectory()) return join(location, DEFAULT_CACHE_FILE);
  } catch {
    /* a file to create */
  }
  return location;
}

/** Reads the cache at `path`. A cache of another run key (other rules, settings or tool version)
 * starts empty; a file that is not a hoop-lint cache is never overwritten: an error, and no cache. */
export function openCache(path: string, runKey: string, display: string): { cache: LintCache | null; error: InputError | null } {
  const empty = (): LintCache => ({ path, runKey, entries: new Map(), dirty: true });
  if (!existsSync(path)) return { cache: empty(), error: null };
  let data: Partial<CacheFile> | null = null;
  try {
    data = JSON.parse(readFileSync(path, 'utf8')) as Partial<CacheFile>;
  } catch {
    data = null;
  }
  if (data === null || typeof data !== 'object' || data.tool !== CACHE_TOOL) {
    return { cache: null, error: { file: display, line: 1, column: 1, code: 'cache/not-a-cache', message: `\`${display}\` is not a hoop-lint cache; not overwriting it (choose another \`--cache-location\`)` } };
  }
  if (data.format !== CACHE_FORMAT || data.runKey !== runKey || !data.files || typeof data.files !== 'object') return { cache: empty(), error: null };
  return { cache: { path, runKey, entries: new Map(Object.entries(data.files)), dirty: false }, error: null };
}

/** Writes the cache (atomically: a temporary file renamed over it), dropping entries of deleted
 * files; a problem is returned, not thrown: a cache that cannot be written costs time, not results. */
export function saveCache(cache: LintCache, display: string): string | null {
  if (!cache.dirty) return null;
  const files: Record<string, CacheEntry> = {};
  for (const [abs, e] of cache.entries) if (existsSync(abs)) files[abs] = e;
  const body: CacheFile = { tool: CACHE_TOOL, format: CACHE_FORMAT, runKey: cache.runKey, files };
  const tmp = `${cache.path}.${process.pid}.tmp`;
  try {
    mkdirSync(dirname(cache.path), { recursive: true });
    writeFileSync(tmp, JSON.stringify(body));
    renameSync(tmp, cache.path);
    cache.dirty = false;
    return null;
  } catch (e) {
    try {
      rmSync(tmp, { force: true });
    } catch {
      // the directory refuses even that: nothing was written there
    }
    return `cannot write cache \`${display}\`${(e as NodeJS.ErrnoException).code ? ` (${(e as NodeJS.ErrnoException).code})` : ''}`;
  }
}

/** Everything besides a file's own path and bytes that its findings depend on. */
export function runKey(spec: SetupSpec, deps: LintDeps): string {
  const h = createHash('sha256');
  const add = (label: string, value: string | Uint8Array) => h.update(label).update('\0').update(value).update('\0');
  add('format', String(CACHE_FORMAT));
  add('version', VERSION);
  add('code', codeIdentity());
  // decisions see the time only through `time.*`, so it is part of the key only as far as some rule
  // reads it: the hour and weekday (results stay valid within the hour), or the instant itself
  const timeFields = new Set<string>();
  for (const e of deps.engines) {
    if (e.requiredFacts === null) timeFields.add('time.iso');
    else for (const f of e.requiredFacts) if (f === 'time' || f.startsWith('time.')) timeFields.add(f === 'time' ? 'time.iso' : f);
  }
  const { now, ...settings } = spec.settings;
  add('settings', JSON.stringify(settings));
  const at = new Date(now);
  if (timeFields.has('time.iso')) add('now', now);
  else {
    if (timeFields.has('time.hour')) add('hour', String(at.getUTCHours()));
    if (timeFields.has('time.weekday')) add('weekday', String(at.getUTCDay()));
  }
  add('cwd', spec.cwd);
  add('preset', spec.preset);
  add('overrides', JSON.stringify(spec.overrides.map((o) => [o.id, o.setting])));
  add('builtin', String(spec.builtin));
  if (spec.builtin) add('pack', builtinPackHash());
  for (const p of spec.policies) add('policy', treeHash(p, (name) => name.endsWith('.hoop')));
  for (const p of spec.schema) add('schema', treeHash(p, (name) => name.endsWith('.sql')));
  return h.digest('base64url');
}

function builtinPackHash(): string {
  const dir = findUp('rules/pack');
  if (!dir) return 'none';
  try {
    return packHash(readPackSources(dir));
  } catch {
    return `unreadable:${Date.now()}`; // never matches: the run lints everything
  }
}

/** A file's bytes, or a directory's matching files (paths and bytes), as one hash. */
function treeHash(path: string, wanted: (name: string) => boolean): string {
  const h = createHash('sha256');
  const visit = (p: string) => {
    let st;
    try {
      st = statSync(p);
    } catch {
      h.update(`missing:${p}\0`);
      return;
    }
    if (st.isFile()) {
      h.update(p).update('\0').update(readFileSync(p)).update('\0');
      return;
    }
    if (!st.isDirectory()) return;
    const entries = readdirSync(p, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      if (e.name.startsWith('.') || e.name === 'node_modules') continue;
      if (e.isDirectory() || wanted(e.name)) visit(join(p, e.name));
    }
  };
  visit(path);
  return h.digest('base64url');
}

/** The code that lints: the built bundle's files (or, run from source, the sources' sizes and
 * times) and the parsers' versions, so a rebuilt or upgraded tool never reads old results. */
function codeIdentity(): string {
  const h = createHash('sha256');
  const here = dirname(fileURLToPath(import.meta.url));
  const root = findUp('package.json', here);
  const pkgRoot = root ? dirname(root) : here;
  if (existsSync(join(here, 'hoop-lint.js'))) {
    for (const f of readdirSync(here).filter((n) => n.endsWith('.js') || n.endsWith('.json')).sort()) h.update(f).update(readFileSync(join(here, f)));
  } else {
    const walk = (d: string) => {
      for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
        const p = join(d, e.name);
        if (e.isDirectory()) walk(p);
        else if (e.name.endsWith('.ts') || e.name.endsWith('.json')) {
          const st = statSync(p);
          h.update(`${p}:${st.size}:${st.mtimeMs}\0`);
        }
      }
    };
    for (const d of ['runtime', 'compiler', 'rules']) if (existsSync(join(pkgRoot, d))) walk(join(pkgRoot, d));
  }
  for (const dep of ['libpg-query', 'node-sql-parser']) {
    const manifest = findUp(`node_modules/${dep}/package.json`, pkgRoot);
    h.update(`${dep}:${manifest ? (JSON.parse(readFileSync(manifest, 'utf8')) as { version?: string }).version : 'none'}\0`);
  }
  return h.digest('base64url');
}

function findUp(rel: string, from = dirname(fileURLToPath(import.meta.url))): string | null {
  let dir = from;
  for (let i = 0; i < 6; i++) {
    const p = join(dir, rel);
    if (existsSync(p)) return p;
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return null;
}

/** The results the cache holds for the run's units, and the units left to lint: a chain's misses
 * carry the cached records of the files before them (`preload`). `keys` maps the display path of
 * each file to lint to what `recordResults` stores with its result. */
export function splitByCache(units: LintUnit[], cache: LintCache): { hits: FileResult[]; todo: LintUnit[]; keys: Map<string, FileKey> } {
  const hits: FileResult[] = [];
  const todo: LintUnit[] = [];
  const keys = new Map<string, FileKey>();
  for (const u of units) {
    let prev = '';
    let firstMiss = -1;
    const preload: Preload[] = [];
    u.files.forEach((t: LintTarget, i) => {
      const entry = cache.entries.get(t.abs);
      const content = contentHash(t.abs, entry);
      // in a chain, a key covers the files before it; an unreadable file breaks the chain of keys
      const key = content === null ? null : sha(cache.runKey, t.path, content.hash, u.chain ? prev : '');
      prev = key ?? `unreadable:${i}`;
      if (key !== null && content !== null) keys.set(t.path, { abs: t.abs, key, hash: content.hash, size: content.stat.size, mtimeMs: content.stat.mtimeMs });
      if (firstMiss >= 0) return;
      if (entry && entry.key === key && (!u.chain || typeof entry.chain === 'string')) {
        hits.push(unpackResult(entry.result));
        if (u.chain) preload.push({ path: t.path, chain: entry.chain ?? null });
      } else firstMiss = i;
    });
    if (firstMiss < 0) continue;
    todo.push({ ...u, files: u.files.slice(firstMiss), record: true, ...(u.chain && preload.length ? { preload } : {}) });
  }
  for (const r of hits) keys.delete(r.file);
  return { hits, todo, keys };
}

interface FileKey {
  abs: string;
  key: string;
  hash: string;
  size: number;
  mtimeMs: number;
}

/** The hash of a file's bytes: the entry's when size and time are unchanged; null when unreadable
 * (linted, and the error reported, every time). */
function contentHash(abs: string, entry: CacheEntry | undefined): { hash: string; stat: Stats } | null {
  try {
    const stat = statSync(abs);
    if (entry && entry.size === stat.size && entry.mtimeMs === stat.mtimeMs && typeof entry.hash === 'string') return { hash: entry.hash, stat };
    return { hash: sha(readFileSync(abs)), stat };
  } catch {
    return null;
  }
}

/** A result as stored: a finding's `file` is the result's (restored on load), and its `statement`
 * (the text its fingerprint was computed from) is left out: the CLI, the only user of the cache,
 * prints neither. A fifth of the cache, read and written on every run. */
function packResult(r: FileResult): FileResult {
  return {
    ...r,
    findings: r.findings.map((f) => {
      const { statement: _statement, file, ...rest } = f;
      return (file === r.file ? rest : { ...rest, file }) as Finding;
    }),
  };
}

function unpackResult(r: FileResult): FileResult {
  for (const f of r.findings) {
    if (f.file === undefined) f.file = r.file;
    if (f.statement === undefined) f.statement = null;
  }
  return r;
}

/** Stores what was linted; takes the chain records off the results (they are not output). */
export function recordResults(cache: LintCache, results: FileResult[], keys: Map<string, FileKey>): void {
  for (const r of results) {
    const chain = r.chain;
    delete r.chain;
    const k = keys.get(r.file);
    // unreadable files are not cached: whether they can be read is not in their key
    if (!k || r.errors.some((e) => e.code === 'input/unreadable')) continue;
    cache.entries.set(k.abs, { key: k.key, hash: k.hash, size: k.size, mtimeMs: k.mtimeMs, result: packResult(r), ...(chain ? { chain: JSON.stringify(chain) } : {}) });
    cache.dirty = true;
  }
}
