// Mechanical fixes a rule may declare (`fix add_concurrently` in a .hoop rule). Each is an
// insertion computed from the statement's words, so comments, strings and formatting stay
// as written; a fix that does not apply cleanly returns null and the finding stays unfixed.
import type { StatementFacts } from '../../runtime/facts/types.js';
import type { Fix, FixName, TextEdit } from './finding.js';
import { statementBodyEnd, words, type Word } from './sql-tokens.js';

export interface FixContext {
  /** the statement runs inside a transaction (explicit, or the migration tool wraps it) */
  inTransaction: boolean;
}

type Insert = { at: number; text: string };

const OBJECTS = new Set(['TABLE', 'INDEX', 'VIEW', 'SCHEMA', 'SEQUENCE', 'TYPE', 'FUNCTION', 'TRIGGER', 'EXTENSION', 'DOMAIN', 'ROLE', 'USER', 'POLICY', 'DATABASE', 'PROCEDURE']);

function find(ws: Word[], ...seq: string[]): number {
  outer: for (let i = 0; i + seq.length <= ws.length; i++) {
    for (let j = 0; j < seq.length; j++) if (ws[i + j].quoted || ws[i + j].upper !== seq[j]) continue outer;
    return i;
  }
  return -1;
}

function addConcurrently(ws: Word[], ctx: FixContext): Insert | null {
  if (ctx.inTransaction) return null; // CONCURRENTLY cannot run inside a transaction block
  const w0 = ws[0]?.upper;
  let i = -1;
  if (w0 === 'CREATE') i = ws[1]?.upper === 'UNIQUE' ? (ws[2]?.upper === 'INDEX' ? 2 : -1) : ws[1]?.upper === 'INDEX' ? 1 : -1;
  else if (w0 === 'DROP' && ws[1]?.upper === 'INDEX') i = 1;
  else if (w0 === 'REINDEX' && ['INDEX', 'TABLE'].includes(ws[1]?.upper ?? '')) i = 1;
  if (i < 0 || ws[i + 1]?.upper === 'CONCURRENTLY') return null;
  return { at: ws[i].end, text: ' CONCURRENTLY' };
}

function addIfExists(ws: Word[]): Insert | null {
  if (ws[0]?.upper === 'DROP') {
    let i = 1;
    if (ws[i]?.upper === 'MATERIALIZED') i++;
    if (!OBJECTS.has(ws[i]?.upper ?? '')) return null;
    if (ws[i + 1]?.upper === 'CONCURRENTLY') i++;
    if (ws[i + 1]?.upper === 'IF') return null;
    return { at: ws[i].end, text: ' IF EXISTS' };
  }
  if (ws[0]?.upper === 'ALTER' && ws[1]?.upper === 'TABLE') {
    for (const kw of ['COLUMN', 'CONSTRAINT']) {
      const i = find(ws, 'DROP', kw);
      if (i >= 0) return ws[i + 2]?.upper === 'IF' ? null : { at: ws[i + 1].end, text: ' IF EXISTS' };
    }
  }
  return null;
}

function addIfNotExists(ws: Word[]): Insert | null {
  if (ws[0]?.upper === 'CREATE') {
    let i = 1;
    if (ws[i]?.upper === 'UNIQUE') i++;
    if (ws[i]?.upper === 'TEMP' || ws[i]?.upper === 'TEMPORARY' || ws[i]?.upper === 'UNLOGGED') i++;
    const obj = ws[i]?.upper;
    if (!['TABLE', 'INDEX', 'SCHEMA', 'SEQUENCE', 'EXTENSION'].includes(obj ?? '')) return null;
    if (ws[i + 1]?.upper === 'CONCURRENTLY') i++;
    if (ws[i + 1]?.upper === 'IF') return null;
    if (obj === 'INDEX' && (ws[i + 1]?.upper === 'ON' || !ws[i + 1])) return null; // IF NOT EXISTS needs an index name
    return { at: ws[i].end, text: ' IF NOT EXISTS' };
  }
  if (ws[0]?.upper === 'ALTER' && ws[1]?.upper === 'TABLE') {
    const i = find(ws, 'ADD', 'COLUMN');
    if (i >= 0) return ws[i + 2]?.upper === 'IF' ? null : { at: ws[i + 1].end, text: ' IF NOT EXISTS' };
  }
  return null;
}

/** the words a table constraint of ADD starts with (anything else adds a column) */
const TABLE_CONSTRAINTS = new Set(['CONSTRAINT', 'FOREIGN', 'CHECK', 'UNIQUE', 'PRIMARY', 'EXCLUDE']);

function addNotValid(ws: Word[], sql: string): Insert | null {
  if (ws[0]?.upper !== 'ALTER' || ws[1]?.upper !== 'TABLE') return null;
  const adds = ws.filter((w) => w.upper === 'ADD').length;
  if (adds !== 1) return null; // NOT VALID goes at the end of its own subcommand; only one is safe to place
  // only a table constraint takes NOT VALID: a column's inline REFERENCES or CHECK (`ADD COLUMN
  // user_id bigint REFERENCES users`) would become a syntax error
  const first = ws[ws.findIndex((w) => w.upper === 'ADD') + 1];
  if (!first || first.quoted || !TABLE_CONSTRAINTS.has(first.upper)) return null;
  const kinds = ws.some((w) => w.upper === 'FOREIGN' || w.upper === 'REFERENCES' || w.upper === 'CHECK');
  if (!kinds || find(ws, 'NOT', 'VALID') >= 0) return null;
  return { at: statementBodyEnd(sql), text: ' NOT VALID' };
}

const DESCRIPTIONS: Record<FixName, string> = {
  add_concurrently: 'add CONCURRENTLY',
  add_if_exists: 'add IF EXISTS',
  add_if_not_exists: 'add IF NOT EXISTS',
  add_not_valid: 'add NOT VALID',
};

/**
 * Edits (in `toFile` coordinates) for a fix on a statement, or null when it does not apply.
 * `statementText` is the statement as analysed; `toFile` maps its offsets to the file.
 */
export function computeFix(
  name: FixName,
  statement: Pick<StatementFacts, 'text'>,
  ctx: FixContext,
  toFile: (offset: number) => number,
): Fix | null {
  const sql = statement.text;
  const ws = words(sql);
  let ins: Insert | null = null;
  if (name === 'add_concurrently') ins = addConcurrently(ws, ctx);
  else if (name === 'add_if_exists') ins = addIfExists(ws);
  else if (name === 'add_if_not_exists') ins = addIfNotExists(ws);
  else if (name === 'add_not_valid') ins = addNotValid(ws, sql);
  if (!ins) return null;
  const at = toFile(ins.at);
  return { name, description: DESCRIPTIONS[name], edits: [{ start: at, end: at, text: ins.text }] };
}

/** Order of insertions at the same offset: `CONCURRENTLY` before `IF [NOT] EXISTS`. */
const FIX_ORDER: Record<FixName, number> = { add_concurrently: 0, add_if_exists: 1, add_if_not_exists: 1, add_not_valid: 2 };

/** Applies fixes to a text: identical edits once, overlapping ones skipped (they wait for the next run). */
export function applyFixes(text: string, fixes: Fix[]): { text: string; applied: Fix[] } {
  const edits: Array<TextEdit & { order: number; fix: Fix }> = [];
  const seen = new Set<string>();
  for (const f of fixes) {
    for (const e of f.edits) {
      const key = `${e.start}:${e.end}:${e.text}`;
      if (seen.has(key)) continue;
      seen.add(key);
      edits.push({ ...e, order: FIX_ORDER[f.name], fix: f });
    }
  }
  edits.sort((a, b) => a.start - b.start || a.order - b.order);
  let out = '';
  let pos = 0;
  const applied = new Set<Fix>();
  for (const e of edits) {
    if (e.start < pos) continue;
    out += text.slice(pos, e.start) + e.text;
    pos = e.end;
    applied.add(e.fix);
  }
  out += text.slice(pos);
  return { text: out, applied: [...applied] };
}
