// Parallel lint of one long migration chain. A chain is ordered only through its catalog (and the
// objects an up migration created, for its down): so the ordered file list is cut into segments,
// and the lane that lints segment j first replays segments 0..j-1 into its catalog with a cheap
// catalog-only pass (only the statements that can change tables or columns are analysed), then
// lints segment j in full. Exactness does not rest on that selection: every lane reports the
// catalog changes it replayed, the full lint of segment i must have replayed exactly what the
// cheap passes of later lanes replayed for it, and when it did not, the chain is linted again
// sequentially. Segments never split the files of one migration version (up and down).
import { replayStatement } from '../../runtime/catalog/replay-input.js';
import type { AnalysisResult, Dialect } from '../../runtime/facts/types.js';
import { fileDirection, migrationVersion } from '../inputs/migration.js';
import { decodeFile, readInput } from '../inputs/read.js';
import type { Analyzer, LintCatalog } from './deps.js';
import type { LintTarget, LintUnit } from './files.js';

/** What one lane replayed into its catalog: per file a marker, then one entry per statement that
 * changed what the catalog knows (in replay order). */
export interface ChainCheck {
  /** the catalog-only pass over the files before the lane's own segment */
  prefix: string[];
  /** the full lint of the lane's own files */
  own: string[];
}

/** A chain unit cut into lanes: `segments[j]` is linted after a catalog pass over `prefix`. */
export interface ChainSegment {
  chain: number;
  index: number;
}

/** Everything `Catalog.replay` reads of one statement (its replay projection, the same the cache
 * stores: constraints included), as a string; null when it changes nothing. */
export function catalogEffect(st: AnalysisResult['statements'][number]): string | null {
  const r = replayStatement(st);
  return r === null ? null : JSON.stringify(r);
}

export function recordEffects(result: AnalysisResult, out: string[]): void {
  for (const st of result.statements) {
    const e = catalogEffect(st);
    if (e !== null) out.push(e);
  }
}

export function fileMarker(path: string): string {
  return `\u0000${path}`;
}

// Statements that may change what the catalog knows: CREATE TABLE (also AS, LIKE, PARTITION OF),
// ALTER TABLE adding, dropping or renaming columns and constraints, retyping columns or attaching
// partitions, DROP TABLE, SELECT ... INTO, DO blocks that run such DDL. Indexes, views, functions,
// grants, DML and ALTER TABLE forms that change neither (defaults, NOT NULL, VALIDATE, storage,
// owner) are left out; the consistency check catches a wrong guess.
const CREATE_TABLE = /^create\s+(?:(?:global|local)\s+)?(?:(?:temp|temporary|unlogged)\s+)?table\b/i;
const ALTER_TABLE_CHANGE = /\badd\b|\bdrop\s+(?!default\b|not\b|identity\b|expression\b)|\brename\b|\btype\b|\bpartition\b/i;
const TABLE_DDL = /\b(?:create|alter|drop)\s+(?:(?:global|local)\s+)?(?:(?:temp|temporary|unlogged|foreign)\s+)?table\b/i;

export function mayChangeCatalog(stmt: string): boolean {
  const head = /^[a-z]+/i.exec(stmt)?.[0].toLowerCase();
  switch (head) {
    case 'create':
      return CREATE_TABLE.test(stmt);
    case 'alter':
      return /^alter\s+table\b/i.test(stmt) && ALTER_TABLE_CHANGE.test(stmt);
    case 'drop':
      return /^drop\s+table\b/i.test(stmt);
    case 'select':
    case 'with':
      return /\binto\b/i.test(stmt);
    case 'do':
    case 'execute':
    case 'call':
      return TABLE_DDL.test(stmt);
    default:
      return false;
  }
}

/** The text with every statement that cannot change the catalog blanked (line breaks kept). */
function catalogText(text: string, ranges: ReadonlyArray<{ start: number; end: number; chunkStart: number; chunkEnd: number }>): string | null {
  let out = '';
  let kept = 0;
  let at = 0;
  for (const r of ranges) {
    if (!mayChangeCatalog(text.slice(r.start, r.end))) continue;
    out += blank(text.slice(at, r.chunkStart)) + text.slice(r.chunkStart, r.chunkEnd);
    at = r.chunkEnd;
    kept++;
  }
  return kept ? out + blank(text.slice(at)) : null;
}

function blank(s: string): string {
  return s.replace(/[^\r\n]/g, ' ');
}

/** The catalog-only pass over one file: what `lintText` replays, for the statements that matter. */
export async function replayCatalogOnly(
  path: string,
  bytes: Uint8Array,
  analyzer: Analyzer & Required<Pick<Analyzer, 'statementRanges'>>,
  dialect: Dialect,
  catalog: LintCatalog,
  effects: string[],
): Promise<void> {
  const decoded = decodeFile(bytes);
  if (decoded.problem) return; // lintBytes stops there too
  effects.push(fileMarker(path));
  for (const region of readInput(path, decoded.text).regions) {
    if (region.origin !== 'migration' || region.guessed) continue;
    if ((region.direction ?? fileDirection(path)) !== 'up') continue;
    const d = region.dialect ?? dialect;
    const text = catalogText(region.text, analyzer.statementRanges(region.text, d));
    if (text === null) continue;
    let result: AnalysisResult;
    try {
      result = await analyzer.analyze(text, { dialect: d, file: path, catalog });
    } catch {
      continue;
    }
    catalog.replay(result);
    recordEffects(result, effects);
  }
}

/**
 * Cuts a chain into `lanes` segments by bytes. Lane 0 (the main thread) starts at once; lane j > 0
 * first pays a worker's start-up and the catalog pass over the segments before it (`passCost` of a
 * full lint per byte), so later segments are smaller. Returns null when the chain cannot be cut
 * (too short, or one migration version would be split across segments).
 */
export function cutChain(
  unit: LintUnit,
  sizes: number[],
  lanes: number,
  cost: { passCost: number; startBytes: number },
  chain: number,
): LintUnit[] | null {
  const n = unit.files.length;
  if (!unit.chain || lanes < 2 || n < 2 * lanes) return null;
  const total = sizes.reduce((a, b) => a + b, 0);
  // own bytes of each lane for a common finishing cost c; the largest c whose shares fit the total
  const shares = (c: number) => {
    const out: number[] = [];
    let before = 0;
    for (let j = 0; j < lanes; j++) {
      const own = Math.max(0, c - (j ? cost.startBytes + cost.passCost * before : 0));
      out.push(own);
      before += own;
    }
    return out;
  };
  let lo = 0;
  let hi = total;
  for (let k = 0; k < 40; k++) {
    const mid = (lo + hi) / 2;
    if (shares(mid).reduce((a, b) => a + b, 0) < total) lo = mid;
    else hi = mid;
  }
  const want = shares(hi);
  const versions = unit.files.map((f) => migrationVersion(f.path));
  const bounds: number[] = [0];
  let acc = 0;
  let target = want[0];
  for (let i = 0; i < n && bounds.length < lanes; i++) {
    acc += sizes[i];
    if (acc < target || i + 1 >= n) continue;
    let b = i + 1;
    // a down migration reads what its up created: keep one version's files together
    while (b < n && versions[b] !== null && versions[b] === versions[b - 1]) b++;
    if (b >= n) break;
    bounds.push(b);
    for (; i + 1 < b; i++) acc += sizes[i + 1];
    target += want[bounds.length - 1];
  }
  if (bounds.length < 2) return null;
  bounds.push(n);
  const segments: LintUnit[] = [];
  const seen = new Set<string>();
  for (let j = 0; j + 1 < bounds.length; j++) {
    const files = unit.files.slice(bounds[j], bounds[j + 1]);
    if (files.length === 0) return null;
    const own = new Set(files.map((f) => migrationVersion(f.path)).filter((v): v is string => v !== null));
    for (const v of own) if (seen.has(v)) return null;
    for (const v of own) seen.add(v);
    const prefix: LintTarget[] = unit.files.slice(0, bounds[j]);
    segments.push({ files, chain: true, ...(prefix.length ? { prefix } : {}), segment: { chain, index: j } });
  }
  return segments;
}

/** True when each lane's catalog pass replayed exactly what the full lints before it replayed. */
export function chainConsistent(checks: ChainCheck[]): boolean {
  const full: string[] = [];
  for (const c of checks) {
    if (c.prefix.length !== full.length) return false;
    for (let i = 0; i < full.length; i++) if (c.prefix[i] !== full[i]) return false;
    full.push(...c.own);
  }
  return true;
}
