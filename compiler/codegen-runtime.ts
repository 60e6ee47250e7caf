// The helpers every generated decision module carries (plain JS text, no imports).
// Each mirrors one piece of the interpreter (`compiler/interpret.ts`) exactly; the agreement
// property test holds them together.
import { COMBINE_JS } from './combine.js';

export const RUNTIME_JS = `${COMBINE_JS}
const EFFECTS = ['deny', 'review', 'mask', 'warn', 'allow'];
const EMPTY = [];
function nrm(v) { return v === undefined ? null : v; }
function lst(v) { return Array.isArray(v) ? v : EMPTY; }
function eq(a, b) { return nrm(a) === nrm(b); }
function cmpOk(a, b) { return (typeof a === 'number' && typeof b === 'number') || (typeof a === 'string' && typeof b === 'string'); }
function lt(a, b) { return cmpOk(a, b) && a < b; }
function le(a, b) { return cmpOk(a, b) && a <= b; }
function gt(a, b) { return cmpOk(a, b) && a > b; }
function ge(a, b) { return cmpOk(a, b) && a >= b; }
function key(v, k) { return v === null || typeof v !== 'object' ? nrm(v) : nrm(v[k]); }
function own(o, k) {
  if (o === null || typeof o !== 'object' || Array.isArray(o)) return null;
  return Object.prototype.hasOwnProperty.call(o, k) ? nrm(o[k]) : null;
}
function inl(v, list) { const l = lst(list); for (let j = 0; j < l.length; j++) if (nrm(v) === nrm(l[j])) return true; return false; }
function hv(list, v) { const l = lst(list), w = nrm(v); for (let j = 0; j < l.length; j++) if (nrm(l[j]) === w) return true; return false; }
function hk(list, k, v) { const l = lst(list), w = nrm(v); for (let j = 0; j < l.length; j++) if (key(l[j], k) === w) return true; return false; }
function hAny(list, k, set) { const l = lst(list); for (let j = 0; j < l.length; j++) if (set.has(k === null ? nrm(l[j]) : key(l[j], k))) return true; return false; }
function hAnyL(list, k, vals) { const v = lst(vals); for (let j = 0; j < v.length; j++) if (k === null ? hv(list, v[j]) : hk(list, k, v[j])) return true; return false; }
function hAllL(list, k, vals) { const v = lst(vals); for (let j = 0; j < v.length; j++) if (!(k === null ? hv(list, v[j]) : hk(list, k, v[j]))) return false; return true; }
function lk(re, v) { return typeof v === 'string' && re.test(v); }
function anyB(list, f) { const l = lst(list); for (let j = 0; j < l.length; j++) if (f(l[j]) === true) return true; return false; }
function anyI(l, f) { for (let j = 0; j < l.length; j++) if (f(l[j]) === true) return j; return -1; }
function allB(list, f) { const l = lst(list); for (let j = 0; j < l.length; j++) if (f(l[j]) !== true) return false; return true; }
function noneB(list, f) { const l = lst(list); for (let j = 0; j < l.length; j++) if (f(l[j]) === true) return false; return true; }
function cnt(list, f) { const l = lst(list); let n = 0; for (let j = 0; j < l.length; j++) if (f(l[j]) === true) n++; return n; }
function spn(e) { return e !== null && typeof e === 'object' && 'span' in e ? e.span : null; }
function disp(v) {
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v)) return v.map(disp).join(', ');
  if (typeof v === 'object') {
    for (const k of ['name', 'action', 'column', 'operation', 'role']) if (typeof v[k] === 'string') return v[k];
    return '?';
  }
  return String(v);
}
function mcol(m, table, column) {
  if (column !== '*' && !m.c.test(column)) return false;
  if (m.t === null) return true;
  const t = table === null || table === undefined ? '' : table;
  if (m.q) return m.t.test(t);
  const dot = t.lastIndexOf('.');
  return m.t.test(dot < 0 ? t : t.slice(dot + 1)) || (dot >= 0 && m.t.test(t));
}
function ctags(c) {
  const out = c.tags.slice();
  for (let j = 0; j < TAGS.length; j++) { const t = TAGS[j]; if (mcol(t.m, c.table, c.column) && !out.includes(t.tag)) out.push(t.tag); }
  return out;
}
function otags(o) {
  const out = o.tags.slice();
  for (let j = 0; j < TAGS.length; j++) {
    const t = TAGS[j];
    if (!out.includes(t.tag) && o.sources.some((x) => mcol(t.m, x.table, x.column))) out.push(t.tag);
  }
  return out;
}
function tg(p) {
  const v = p === null || typeof p !== 'object' || Array.isArray(p) ? null : nrm(p.tags);
  if (TAGS.length === 0 || !Array.isArray(v)) return v;
  if (p.kind === 'column') return ctags(p);
  if (p.kind === 'output') return otags(p);
  return v;
}
function tablesTagged(s, tag) {
  return s.columns.some((c) => ctags(c).includes(tag)) || s.outputs.some((o) => otags(o).includes(tag));
}
function readsTagged(s, tag) {
  return s.columns.some((c) => c.access === 'read' && ctags(c).includes(tag)) || s.outputs.some((o) => otags(o).includes(tag));
}
function writesTagged(s, tag) { return s.columns.some((c) => c.access === 'write' && ctags(c).includes(tag)); }
function mask(s, sels, selector, strategy) {
  const outputs = [];
  for (const o of s.outputs) {
    let hit = false;
    for (const x of sels) {
      if (x.tag !== undefined ? otags(o).includes(x.tag) : o.sources.some((src) => mcol(x.m, src.table, src.column))) { hit = true; break; }
    }
    if (hit && !outputs.includes(o.position)) outputs.push(o.position);
  }
  outputs.sort((a, b) => a - b);
  return { selector, strategy, outputs };
}
function candidates(s) {
  const acts = s.actions;
  const ddl = HAS_D ? lst(s.ddl) : EMPTY;
  if (!HAS_T && ddl.length === 0) {
    if (acts.length === 0) return ALWAYS;
    if (acts.length === 1) { const c = BY_ACTION.get(acts[0].action); return c === undefined ? ALWAYS : c; }
  }
  const tabs = s.tables;
  const lists = [];
  if (ALWAYS.length > 0) lists.push(ALWAYS);
  for (let j = 0; j < acts.length; j++) {
    const a = acts[j].action;
    const l = ONLY.get(a);
    if (l !== undefined) lists.push(l);
    if (HAS_T) for (let q = 0; q < tabs.length; q++) { const m = AT.get(a + ' ' + tabs[q].name); if (m !== undefined) lists.push(m); }
  }
  if (HAS_T) for (let q = 0; q < tabs.length; q++) { const m = TONLY.get(tabs[q].name); if (m !== undefined) lists.push(m); }
  // a CREATE TABLE has a DDL fact per column: each operation's list once
  for (let j = 0; j < ddl.length; j++) {
    const m = DONLY.get(key(ddl[j], 'operation'));
    if (m !== undefined && !lists.includes(m)) lists.push(m);
  }
  if (lists.length === 0) return EMPTY;
  if (lists.length === 1) return lists[0];
  const out = [];
  for (let j = 0; j < lists.length; j++) { const l = lists[j]; for (let q = 0; q < l.length; q++) out.push(l[q]); }
  out.sort((a, b) => a - b);
  let w = 0;
  for (let j = 0; j < out.length; j++) if (j === 0 || out[j] !== out[j - 1]) out[w++] = out[j];
  out.length = w;
  return out;
}`;
