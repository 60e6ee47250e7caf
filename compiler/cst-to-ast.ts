// Stage 3: concrete syntax tree to AST. Resolves what the grammar leaves open (a bare name is a
// variable, a root or an enum value; a message string is split into a template), reports unknown
// and repeated items, and copes with the partial trees error recovery leaves behind.
import type { CstNode, IToken } from 'chevrotain';
import type * as A from './ast.js';
import { diagnostic, quote, suggestion, type Diagnostic, type PolicyCode } from './diagnostics.js';
import { span as mkSpan, type LineIndex } from '../runtime/text/spans.js';
import { tokenEnd } from './lexer.js';
import { POLICY_ITEM_WORDS, RULE_ITEM_WORDS, TEST_ITEM_WORDS, TOP_ITEM_WORDS } from './tokens.js';

export { POLICY_ITEM_WORDS, RULE_ITEM_WORDS, TEST_ITEM_WORDS, TOP_ITEM_WORDS };

type Children = Record<string, (CstNode | IToken)[] | undefined>;

/** path roots of the request; any other bare name that is not a bound variable is an enum value */
export const ROOTS: readonly string[] = ['statement', 'principal', 'connection', 'source', 'time', 'request'];


const NAME_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;
const DURATION_UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400 };

interface Ctx {
  file: string;
  index: LineIndex;
  diagnostics: Diagnostic[];
  /** quantifier variables in scope, innermost last */
  scope: string[];
}

function ch(node: CstNode | undefined): Children {
  return (node?.children ?? {}) as Children;
}
function sub(node: CstNode | undefined, key: string, i = 0): CstNode | undefined {
  const v = ch(node)[key]?.[i];
  return v && 'children' in v ? v : undefined;
}
function subs(node: CstNode | undefined, key: string): CstNode[] {
  return (ch(node)[key] ?? []).filter((v): v is CstNode => 'children' in v);
}
function tok(node: CstNode | undefined, key: string, i = 0): IToken | undefined {
  const v = ch(node)[key]?.[i];
  return v && !('children' in v) && !v.isInsertedInRecovery ? v : undefined;
}
function toks(node: CstNode | undefined, key: string): IToken[] {
  return (ch(node)[key] ?? []).filter((v): v is IToken => !('children' in v) && !v.isInsertedInRecovery);
}

function report(ctx: Ctx, code: PolicyCode, message: string, span: A.Span, help?: string): void {
  ctx.diagnostics.push(diagnostic(code, message, span, { file: ctx.file, help }));
}

function spanFrom(ctx: Ctx, start: number, end: number): A.Span {
  return mkSpan(ctx.index, start, end);
}
function tokSpan(ctx: Ctx, t: IToken): A.Span {
  // the lexer tracked lines and columns already; tokens never span lines, except strings the lexer closed
  if (t.startLine !== undefined && t.startLine === t.endLine && t.startColumn !== undefined && t.endColumn !== undefined && t.endOffset !== undefined) {
    return { start: t.startOffset, end: t.endOffset + 1, line: t.startLine, column: t.startColumn, endLine: t.startLine, endColumn: t.endColumn + 1 };
  }
  return mkSpan(ctx.index, t.startOffset, tokenEnd(t));
}

/** first and last real token offsets under a node (recovered nodes may lack a location) */
function nodeRange(node: CstNode): [number, number] | null {
  const loc = node.location;
  if (loc && Number.isFinite(loc.startOffset) && loc.endOffset !== undefined && Number.isFinite(loc.endOffset)) {
    return [loc.startOffset, loc.endOffset + 1];
  }
  let lo = Infinity;
  let hi = -Infinity;
  for (const vs of Object.values(node.children)) {
    for (const v of vs ?? []) {
      if ('children' in v) {
        const r = nodeRange(v);
        if (r) {
          lo = Math.min(lo, r[0]);
          hi = Math.max(hi, r[1]);
        }
      } else if (!v.isInsertedInRecovery && Number.isFinite(v.startOffset)) {
        lo = Math.min(lo, v.startOffset);
        hi = Math.max(hi, tokenEnd(v));
      }
    }
  }
  return lo === Infinity ? null : [lo, hi];
}
function nodeSpan(ctx: Ctx, node: CstNode | undefined, fallback: A.Span): A.Span {
  const r = node ? nodeRange(node) : null;
  return r ? spanFrom(ctx, r[0], r[1]) : fallback;
}
function join(ctx: Ctx, a: A.Span, b: A.Span): A.Span {
  return spanFrom(ctx, Math.min(a.start, b.start), Math.max(a.end, b.end));
}

// ---------------------------------------------------------------------------------------------
// strings, templates, numbers, durations

interface Unescaped {
  value: string;
  /** source offset of each character of `value`, plus one for the closing quote */
  offsets: number[];
}

function unescape(ctx: Ctx, t: IToken): Unescaped {
  const raw = t.image;
  const base = t.startOffset;
  let value = '';
  const offsets: number[] = [];
  const close = raw.length > 1 && raw.endsWith('"') ? raw.length - 1 : raw.length;
  for (let i = 1; i < close; i++) {
    const c = raw[i];
    if (c === '\\' && i + 1 < close) {
      const n = raw[i + 1];
      const map: Record<string, string> = { '"': '"', '\\': '\\', n: '\n', r: '\r', t: '\t' };
      const out = map[n];
      if (out === undefined) {
        report(ctx, 'policy/invalid-escape', `unknown escape ${quote('\\' + n)}`, spanFrom(ctx, base + i, base + i + 2), 'strings support `\\"`, `\\\\`, `\\n`, `\\r` and `\\t`');
        value += n;
      } else value += out;
      offsets.push(base + i);
      i++;
    } else {
      value += c;
      offsets.push(base + i);
    }
  }
  offsets.push(base + close);
  return { value, offsets };
}

function stringLit(ctx: Ctx, t: IToken): A.StringLit {
  return { kind: 'string', value: unescape(ctx, t).value, span: tokSpan(ctx, t) };
}

const TEMPLATE_PATH_RE = /^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*$/;

/** split a message into text and `{path}` parts; `{{` and `}}` are literal braces */
function template(ctx: Ctx, t: IToken): A.MessageTemplate {
  const { value, offsets } = unescape(ctx, t);
  const parts: A.TemplatePart[] = [];
  const at = (i: number) => offsets[Math.min(i, offsets.length - 1)];
  let text = '';
  let textStart = 0;
  const flush = (end: number) => {
    if (text !== '') parts.push({ kind: 'text', value: text, span: spanFrom(ctx, at(textStart), at(end)) });
    text = '';
  };
  let i = 0;
  while (i < value.length) {
    const c = value[i];
    if ((c === '{' || c === '}') && value[i + 1] === c) {
      if (text === '') textStart = i;
      text += c;
      i += 2;
      continue;
    }
    if (c === '{') {
      const close = value.indexOf('}', i + 1);
      if (close < 0) {
        report(ctx, 'policy/invalid-template', 'unclosed `{` in message', spanFrom(ctx, at(i), at(i + 1)), 'write a literal brace as `{{`');
        if (text === '') textStart = i;
        text += value.slice(i);
        break;
      }
      const inner = value.slice(i + 1, close).trim();
      if (!TEMPLATE_PATH_RE.test(inner)) {
        report(ctx, 'policy/invalid-template', `${quote('{' + inner + '}')} is not a field path`, spanFrom(ctx, at(i), at(close + 1)), 'interpolate a path such as `{statement.statementKind}`; write a literal brace as `{{`');
        if (text === '') textStart = i;
        text += value.slice(i, close + 1);
        i = close + 1;
        continue;
      }
      flush(i);
      const lead = value.indexOf(inner, i + 1);
      const segments = inner.split('.');
      const segmentSpans: A.Span[] = [];
      let o = lead;
      for (const s of segments) {
        segmentSpans.push(spanFrom(ctx, at(o), at(o + s.length)));
        o += s.length + 1;
      }
      const path: A.PathExpr = { kind: 'path', segments, segmentSpans, span: spanFrom(ctx, at(lead), at(lead + inner.length)) };
      parts.push({ kind: 'field', path, span: spanFrom(ctx, at(i), at(close + 1)) });
      i = close + 1;
      continue;
    }
    if (c === '}') {
      report(ctx, 'policy/invalid-template', 'unmatched `}` in message', spanFrom(ctx, at(i), at(i + 1)), 'write a literal brace as `}}`');
    }
    if (text === '') textStart = i;
    text += c;
    i++;
  }
  flush(value.length);
  return { kind: 'template', raw: value, parts, span: tokSpan(ctx, t) };
}

function numberLit(ctx: Ctx, t: IToken): A.NumberLit {
  return { kind: 'number', value: Number(t.image), span: tokSpan(ctx, t) };
}

export function durationSeconds(text: string): number {
  return Number(text.slice(0, -1)) * DURATION_UNITS[text[text.length - 1]];
}

function durationLit(ctx: Ctx, t: IToken): A.DurationLit {
  return { kind: 'duration', seconds: durationSeconds(t.image), text: t.image, span: tokSpan(ctx, t) };
}

function nameOf(ctx: Ctx, node: CstNode | undefined, fallback: A.Span): A.Name {
  const t = tok(node, 'Name');
  return t ? { kind: 'name', value: t.image, span: tokSpan(ctx, t) } : { kind: 'name', value: '', span: fallback };
}

function checkIdent(ctx: Ctx, n: A.Name, what: string): void {
  if (n.value !== '' && !NAME_RE.test(n.value)) {
    report(ctx, 'policy/invalid-name', `${what} name ${quote(n.value)} is not a valid name`, n.span, 'names are letters, digits and `_`, starting with a letter or `_`');
  }
}

// ---------------------------------------------------------------------------------------------
// expressions

function errorExpr(span: A.Span): A.ErrorExpr {
  return { kind: 'error', span };
}

// Spans of the pass-through levels (an `or` of one `and` of one `not` ...) are never built: only
// nodes that become AST nodes compute theirs; `fallback` serves nodes recovery left empty.

function expr(ctx: Ctx, node: CstNode | undefined, fallback: A.Span): A.Expr {
  if (!node) return errorExpr(fallback);
  const parts = subs(node, 'andExpr');
  if (parts.length === 1) return andExpr(ctx, parts[0], fallback);
  const span = nodeSpan(ctx, node, fallback);
  const ands = parts.map((n) => andExpr(ctx, n, span));
  if (ands.length === 0) return errorExpr(span);
  return { kind: 'or', operands: ands.flatMap((e) => (e.kind === 'or' ? e.operands : [e])), span };
}

function andExpr(ctx: Ctx, node: CstNode, fallback: A.Span): A.Expr {
  const parts = subs(node, 'notExpr');
  if (parts.length === 1) return notExpr(ctx, parts[0], fallback);
  const span = nodeSpan(ctx, node, fallback);
  const nots = parts.map((n) => notExpr(ctx, n, span));
  if (nots.length === 0) return errorExpr(span);
  return { kind: 'and', operands: nots.flatMap((e) => (e.kind === 'and' ? e.operands : [e])), span };
}

function notExpr(ctx: Ctx, node: CstNode, fallback: A.Span): A.Expr {
  if (ch(node).KwNot) {
    const span = nodeSpan(ctx, node, fallback);
    return { kind: 'not', operand: sub(node, 'notExpr') ? notExpr(ctx, sub(node, 'notExpr')!, span) : errorExpr(span), span };
  }
  const q = sub(node, 'quantifier');
  if (q) return quantifier(ctx, q, nodeSpan(ctx, q, fallback));
  const r = sub(node, 'relExpr');
  return r ? relExpr(ctx, r, fallback) : errorExpr(fallback);
}

function quantKind(node: CstNode, keys: string[]): A.QuantifierKind {
  for (const k of keys) {
    const t = tok(node, k);
    if (t) return t.image as A.QuantifierKind;
  }
  return 'any';
}

function withVariable<T>(ctx: Ctx, v: A.Name, f: () => T): T {
  ctx.scope.push(v.value);
  try {
    return f();
  } finally {
    ctx.scope.pop();
  }
}

function quantifier(ctx: Ctx, node: CstNode, span: A.Span): A.QuantifierExpr {
  const variable = nameOf(ctx, sub(node, 'name'), span);
  checkIdent(ctx, variable, 'variable');
  const list = primary(ctx, sub(node, 'primary'), span);
  const whereNode = sub(node, 'expr');
  const where = whereNode ? withVariable(ctx, variable, () => expr(ctx, whereNode, span)) : null;
  return { kind: 'quantifier', quantifier: quantKind(node, ['KwAny', 'KwAll', 'KwNone']), variable, list, where, form: 'prefix', span };
}

function relExpr(ctx: Ctx, node: CstNode, fallback: A.Span): A.Expr {
  if (!ch(node).quant && !ch(node).op) return primary(ctx, sub(node, 'left'), fallback);
  const span = nodeSpan(ctx, node, fallback);
  const left = primary(ctx, sub(node, 'left'), span);
  const quant = tok(node, 'quant');
  if (quant) {
    const variable = nameOf(ctx, sub(node, 'name'), span);
    checkIdent(ctx, variable, 'variable');
    const whereNode = sub(node, 'expr');
    const where = whereNode ? withVariable(ctx, variable, () => expr(ctx, whereNode, span)) : null;
    return { kind: 'quantifier', quantifier: quant.image as A.QuantifierKind, variable, list: left, where, form: 'postfix', span };
  }
  const op = tok(node, 'op');
  if (!op) return left;
  const right = primary(ctx, sub(node, 'right'), span);
  switch (op.image) {
    case '==':
    case '!=':
    case '<':
    case '<=':
    case '>':
    case '>=':
      return { kind: 'compare', op: op.image, left, right, span };
    case 'in':
      return { kind: 'in', value: left, list: right, span };
    case 'has':
      return { kind: 'has', list: left, value: right, span };
    case 'has_any':
      return { kind: 'has_any', list: left, values: right, span };
    case 'has_all':
      return { kind: 'has_all', list: left, values: right, span };
    case 'like':
    case 'matches': {
      if (right.kind !== 'string') {
        if (right.kind !== 'error') {
          report(ctx, 'policy/type-mismatch', `\`${op.image}\` takes a string pattern, found ${describeExpr(right)}`, right.span, op.image === 'like' ? 'write the pattern in quotes: `x like "pg_*"`' : 'write the regular expression in quotes: `x matches "^pg_"`');
        }
        return errorExpr(span);
      }
      return op.image === 'like' ? { kind: 'like', value: left, pattern: right, span } : { kind: 'matches', value: left, pattern: right, span };
    }
  }
  return errorExpr(span);
}

export function describeExpr(e: A.Expr): string {
  switch (e.kind) {
    case 'string':
      return 'a string';
    case 'number':
      return 'a number';
    case 'bool':
      return 'a boolean';
    case 'null':
      return '`null`';
    case 'duration':
      return 'a duration';
    case 'enum':
      return `\`${e.value}\``;
    case 'list':
      return 'a list';
    case 'path':
      return `\`${e.segments.join('.')}\``;
    default:
      return 'an expression';
  }
}

function primary(ctx: Ctx, node: CstNode | undefined, fallback: A.Span): A.Expr {
  if (!node) return errorExpr(fallback);
  const c = ch(node);
  if (c.pathOrName) return pathOrName(ctx, sub(node, 'pathOrName')!, fallback);
  if (c.expr) return expr(ctx, sub(node, 'expr'), nodeSpan(ctx, node, fallback));
  const span = nodeSpan(ctx, node, fallback);
  if (c.countExpr) return countExpr(ctx, sub(node, 'countExpr')!, span);
  if (c.listLit) return listLit(ctx, sub(node, 'listLit')!, span);
  return literalToken(ctx, node, span);
}

/** the literal a single token stands for (primary and literal share the token alternatives) */
function literalToken(ctx: Ctx, node: CstNode, span: A.Span): A.Expr {
  let t: IToken | undefined;
  if ((t = tok(node, 'StringLit'))) return stringLit(ctx, t);
  if ((t = tok(node, 'NumberLit'))) return numberLit(ctx, t);
  if ((t = tok(node, 'Duration'))) return durationLit(ctx, t);
  if ((t = tok(node, 'KwTrue'))) return { kind: 'bool', value: true, span: tokSpan(ctx, t) };
  if ((t = tok(node, 'KwFalse'))) return { kind: 'bool', value: false, span: tokSpan(ctx, t) };
  if ((t = tok(node, 'KwNull'))) return { kind: 'null', span: tokSpan(ctx, t) };
  if ((t = tok(node, 'enumKw') ?? tok(node, 'Name'))) return { kind: 'enum', value: t.image, span: tokSpan(ctx, t) };
  return errorExpr(span);
}

function pathOrName(ctx: Ctx, node: CstNode, fallback: A.Span): A.Expr {
  const segs = toks(node, 'segment');
  if (segs.length === 0) return errorExpr(nodeSpan(ctx, node, fallback));
  const segments = segs.map((t) => t.image);
  const segmentSpans = segs.map((t) => tokSpan(ctx, t));
  if (ch(node).LParen) {
    const span = nodeSpan(ctx, node, fallback);
    const target: A.PathExpr = {
      kind: 'path',
      segments: segments.slice(0, -1),
      segmentSpans: segmentSpans.slice(0, -1),
      span: segments.length > 1 ? join(ctx, segmentSpans[0], segmentSpans[segments.length - 2]) : segmentSpans[0],
    };
    const name: A.Name = { kind: 'name', value: segments[segments.length - 1], span: segmentSpans[segments.length - 1] };
    const args = subs(node, 'arg').map((a) => expr(ctx, a, span));
    return { kind: 'call', target, name, args, span };
  }
  const pathSpan = join(ctx, segmentSpans[0], segmentSpans[segmentSpans.length - 1]);
  if (segments.length === 1 && !ROOTS.includes(segments[0]) && !ctx.scope.includes(segments[0])) {
    return { kind: 'enum', value: segments[0], span: pathSpan };
  }
  return { kind: 'path', segments, segmentSpans, span: pathSpan };
}

function countExpr(ctx: Ctx, node: CstNode, span: A.Span): A.CountExpr {
  const vNode = sub(node, 'variable');
  const list = primary(ctx, sub(node, 'list'), span);
  if (!vNode) return { kind: 'count', variable: null, list, where: null, span };
  const variable = nameOf(ctx, vNode, span);
  checkIdent(ctx, variable, 'variable');
  const whereNode = sub(node, 'where');
  const where = whereNode ? withVariable(ctx, variable, () => expr(ctx, whereNode, span)) : null;
  return { kind: 'count', variable, list, where, span };
}

function listLit(ctx: Ctx, node: CstNode, span: A.Span): A.ListLit {
  return { kind: 'list', items: subs(node, 'item').map((n) => expr(ctx, n, span)), span };
}

function literal(ctx: Ctx, node: CstNode | undefined, fallback: A.Span): A.Literal {
  if (!node) return { kind: 'null', span: fallback };
  const span = nodeSpan(ctx, node, fallback);
  const l = sub(node, 'listLit');
  if (l) return listLit(ctx, l, span);
  const e = literalToken(ctx, node, span);
  return e.kind === 'error' ? { kind: 'null', span } : (e as A.Literal);
}

// ---------------------------------------------------------------------------------------------
// effects, selectors

function effect(ctx: Ctx, node: CstNode, fallback: A.Span): A.EffectNode {
  const span = nodeSpan(ctx, node, fallback);
  const review = sub(node, 'reviewEffect');
  if (review) {
    const msg = tok(review, 'message');
    const min = tok(review, 'NumberLit');
    const exp = tok(review, 'Duration');
    return {
      kind: 'review',
      approvers: toks(review, 'approver').map((t) => stringLit(ctx, t)),
      min: min ? numberLit(ctx, min) : null,
      expires: exp ? durationLit(ctx, exp) : null,
      message: msg ? template(ctx, msg) : null,
      span,
    };
  }
  const mask = sub(node, 'maskEffect');
  if (mask) {
    const msg = tok(mask, 'StringLit');
    return {
      kind: 'mask',
      selectors: subs(mask, 'maskSelector').map((s) => maskSelector(ctx, s, span)),
      strategy: strategyName(ctx, tok(mask, 'strategy'), span),
      message: msg ? template(ctx, msg) : null,
      span,
    };
  }
  const kind = tok(node, 'KwDeny') ? 'deny' : tok(node, 'KwWarn') ? 'warn' : 'allow';
  const msg = tok(node, 'StringLit');
  return { kind, message: msg ? template(ctx, msg) : null, span };
}

function strategyName(ctx: Ctx, t: IToken | undefined, fallback: A.Span): A.Name {
  return t ? { kind: 'name', value: t.image, span: tokSpan(ctx, t) } : { kind: 'name', value: '', span: fallback };
}

function maskSelector(ctx: Ctx, node: CstNode, fallback: A.Span): A.MaskSelector {
  const span = nodeSpan(ctx, node, fallback);
  if (ch(node).KwTagged) return { kind: 'tagged', tag: nameOf(ctx, sub(node, 'tagName'), span), span };
  return columnSelector(ctx, sub(node, 'columnSelector'), span);
}

function columnSelector(ctx: Ctx, node: CstNode | undefined, fallback: A.Span): A.ColumnSelector {
  const span = nodeSpan(ctx, node, fallback);
  const segments = subs(node, 'selectorSegment').map((s) => (tok(s, 'Word') ?? tok(s, 'Glob'))?.image ?? '');
  return { kind: 'column', pattern: segments.join('.'), segments, span };
}

// ---------------------------------------------------------------------------------------------
// items

function unknownItem(ctx: Ctx, node: CstNode, where: string, words: string[]): void {
  const head = tok(node, 'Ident');
  if (!head) return;
  report(ctx, 'policy/unknown-item', `unknown ${where} item ${quote(head.image)}`, tokSpan(ctx, head), suggestion(head.image, words) ?? `${where} items are ${words.map((w) => '`' + w + '`').join(', ')}`);
}

function duplicate(ctx: Ctx, item: { kind: string; span: A.Span }, owner: string): void {
  report(ctx, 'policy/duplicate-item', `duplicate \`${item.kind === 'on_unparsed' ? 'on unparsed' : item.kind}\` in ${owner}`, item.span, `a ${owner.split(' ')[0]} has at most one \`${item.kind === 'on_unparsed' ? 'on unparsed' : item.kind}\``);
}

function rule(ctx: Ctx, node: CstNode, policy: string, fallback: A.Span): A.RuleAst {
  const span = nodeSpan(ctx, node, fallback);
  const name = nameOf(ctx, sub(node, 'name'), span);
  checkIdent(ctx, name, 'rule');
  const r: A.RuleAst = {
    kind: 'rule',
    file: ctx.file,
    id: `${policy}.${name.value}`,
    policy,
    name: name.value,
    nameSpan: name.span,
    category: null,
    severity: null,
    description: null,
    docs: null,
    dialects: null,
    sources: null,
    fix: null,
    when: [],
    unless: [],
    effect: null,
    items: [],
    span,
  };
  const owner = `rule ${quote(name.value)}`;
  for (const itemNode of subs(node, 'ruleItem')) {
    const c = ch(itemNode);
    const key = Object.keys(c)[0];
    const n = sub(itemNode, key);
    if (!n) continue;
    const ispan = nodeSpan(ctx, n, span);
    let item: A.RuleItem | null = null;
    switch (key) {
      case 'categoryItem':
      case 'severityItem':
      case 'fixItem': {
        const kind = key.slice(0, -4) as 'category' | 'severity' | 'fix';
        const value = nameOf(ctx, sub(n, 'name'), ispan);
        const it = { kind, value, span: ispan } as A.CategoryItem | A.SeverityItem | A.FixItem;
        item = it;
        if (r[kind]) duplicate(ctx, it, owner);
        else r[kind] = value;
        break;
      }
      case 'descriptionItem':
      case 'docsItem': {
        const kind = key === 'docsItem' ? 'docs' : 'description';
        const t = tok(n, 'StringLit');
        const value = t ? stringLit(ctx, t) : { kind: 'string' as const, value: '', span: ispan };
        const it: A.DescriptionItem | A.DocsItem = { kind, value, span: ispan };
        item = it;
        if (r[kind]) duplicate(ctx, it, owner);
        else r[kind] = value;
        break;
      }
      case 'dialectsItem':
      case 'sourcesItem': {
        const kind = key === 'dialectsItem' ? 'dialects' : 'sources';
        const values = subs(sub(n, 'nameList'), 'name').map((x) => nameOf(ctx, x, ispan));
        const it: A.DialectsItem | A.SourcesItem = { kind, values, span: ispan };
        item = it;
        if (r[kind]) duplicate(ctx, it, owner);
        else r[kind] = values;
        break;
      }
      case 'whenItem':
      case 'unlessItem': {
        const kind = key === 'whenItem' ? 'when' : 'unless';
        const e = expr(ctx, sub(n, 'expr'), ispan);
        item = { kind, expr: e, span: ispan };
        r[kind].push(e);
        break;
      }
      case 'effect': {
        const e = effect(ctx, n, ispan);
        item = e;
        if (r.effect) report(ctx, 'policy/duplicate-item', `rule ${quote(name.value)} has more than one effect`, e.span, 'a rule has exactly one effect; split it into two rules');
        else r.effect = e;
        break;
      }
      case 'unknownItem':
        unknownItem(ctx, n, 'rule', RULE_ITEM_WORDS);
        break;
    }
    if (item) r.items.push(item);
  }
  return r;
}

function policy(ctx: Ctx, node: CstNode, fallback: A.Span): A.PolicyAst {
  const span = nodeSpan(ctx, node, fallback);
  const name = nameOf(ctx, sub(node, 'name'), span);
  checkIdent(ctx, name, 'policy');
  const p: A.PolicyAst = {
    kind: 'policy',
    file: ctx.file,
    name: name.value,
    nameSpan: name.span,
    description: null,
    applies: null,
    default: null,
    onUnparsed: null,
    rules: [],
    items: [],
    span,
  };
  const owner = `policy ${quote(name.value)}`;
  for (const itemNode of subs(node, 'policyItem')) {
    const key = Object.keys(ch(itemNode))[0];
    const n = sub(itemNode, key);
    if (!n) continue;
    const ispan = nodeSpan(ctx, n, span);
    switch (key) {
      case 'descriptionItem': {
        const t = tok(n, 'StringLit');
        const value = t ? stringLit(ctx, t) : { kind: 'string' as const, value: '', span: ispan };
        const item: A.DescriptionItem = { kind: 'description', value, span: ispan };
        if (p.description) duplicate(ctx, item, owner);
        else p.description = value;
        p.items.push(item);
        break;
      }
      case 'appliesItem': {
        const e = expr(ctx, sub(n, 'expr'), ispan);
        const item: A.AppliesItem = { kind: 'applies', expr: e, span: ispan };
        if (p.applies) duplicate(ctx, item, owner);
        else p.applies = e;
        p.items.push(item);
        break;
      }
      case 'defaultItem':
      case 'onUnparsedItem': {
        const eNode = sub(n, 'effect');
        if (!eNode) break;
        const e = effect(ctx, eNode, ispan);
        const item: A.DefaultAst | A.OnUnparsedAst = key === 'defaultItem' ? { kind: 'default', effect: e, span: ispan } : { kind: 'on_unparsed', effect: e, span: ispan };
        const field = key === 'defaultItem' ? 'default' : 'onUnparsed';
        if (p[field]) duplicate(ctx, item, owner);
        else if (item.kind === 'default') p.default = item;
        else p.onUnparsed = item;
        p.items.push(item);
        break;
      }
      case 'ruleDecl': {
        const r = rule(ctx, n, name.value, ispan);
        p.rules.push(r);
        p.items.push(r);
        break;
      }
      case 'unknownItem':
        unknownItem(ctx, n, 'policy', POLICY_ITEM_WORDS);
        break;
    }
  }
  return p;
}

function tag(ctx: Ctx, node: CstNode, fallback: A.Span): A.TagAst {
  const span = nodeSpan(ctx, node, fallback);
  const name = nameOf(ctx, sub(node, 'name'), span);
  return { kind: 'tag', file: ctx.file, name, selectors: subs(node, 'columnSelector').map((s) => columnSelector(ctx, s, span)), span };
}

function objectLit(ctx: Ctx, node: CstNode | undefined, fallback: A.Span): A.ObjectLit {
  const span = nodeSpan(ctx, node, fallback);
  const entries = subs(node, 'objectEntry').map((e): A.ObjectEntry => {
    const espan = nodeSpan(ctx, e, span);
    const key = nameOf(ctx, sub(e, 'name'), espan);
    const v = sub(e, 'entryValue');
    const obj = sub(v, 'objectLit');
    const value = obj ? objectLit(ctx, obj, espan) : literal(ctx, sub(v, 'literal'), espan);
    return { kind: 'entry', key, value, span: espan };
  });
  return { kind: 'object', entries, span };
}

function test(ctx: Ctx, node: CstNode, fallback: A.Span): A.TestAst {
  const span = nodeSpan(ctx, node, fallback);
  const nameTok = tok(node, 'StringLit');
  const t: A.TestAst = {
    kind: 'test',
    file: ctx.file,
    name: nameTok ? stringLit(ctx, nameTok) : { kind: 'string', value: '', span },
    sql: null,
    dialect: null,
    principal: null,
    connection: null,
    source: null,
    time: null,
    request: null,
    assumeInTransaction: null,
    expect: null,
    items: [],
    span,
  };
  const owner = `test ${quote(t.name.value)}`;
  for (const itemNode of subs(node, 'testItem')) {
    const ispan = nodeSpan(ctx, itemNode, span);
    const c = ch(itemNode);
    let item: A.TestItem | null = null;
    if (c.KwSql) {
      const s = tok(itemNode, 'StringLit');
      item = { kind: 'sql', value: s ? stringLit(ctx, s) : { kind: 'string', value: '', span: ispan }, span: ispan };
    } else if (c.KwDialect) item = { kind: 'dialect', value: nameOf(ctx, sub(itemNode, 'name'), ispan), span: ispan };
    else if (c.KwSource) item = { kind: 'source', value: nameOf(ctx, sub(itemNode, 'name'), ispan), span: ispan };
    else if (c.KwPrincipal || c.KwConnection || c.KwTime || c.KwRequest) {
      const kind = c.KwPrincipal ? 'principal' : c.KwConnection ? 'connection' : c.KwTime ? 'time' : 'request';
      item = { kind, value: objectLit(ctx, sub(itemNode, 'objectLit'), ispan), span: ispan };
    } else if (c.KwAssumeInTransaction) item = { kind: 'assumeInTransaction', value: literal(ctx, sub(itemNode, 'literal'), ispan), span: ispan };
    else if (c.expectItem) {
      const n = sub(itemNode, 'expectItem')!;
      const fired = ch(n).KwFired
        ? subs(n, 'ruleRef').map((r): A.Name => {
            const rspan = nodeSpan(ctx, r, ispan);
            const parts = subs(r, 'name').map((x) => nameOf(ctx, x, rspan).value);
            return { kind: 'name', value: parts.join('.'), span: rspan };
          })
        : null;
      item = { kind: 'expect', effect: nameOf(ctx, sub(n, 'name'), ispan), fired, span: ispan };
    } else if (c.unknownItem) unknownItem(ctx, sub(itemNode, 'unknownItem')!, 'test', TEST_ITEM_WORDS);
    if (!item) continue;
    t.items.push(item);
    const field = item.kind;
    if (t[field]) duplicate(ctx, item, owner);
    else (t as unknown as Record<string, unknown>)[field] = item.kind === 'expect' ? item : item.value;
  }
  return t;
}

export function cstToAst(cst: CstNode, file: string, text: string, index: LineIndex, comments: IToken[]): { value: A.PolicyFileAst; diagnostics: Diagnostic[] } {
  const ctx: Ctx = { file, index, diagnostics: [], scope: [] };
  const span = mkSpan(index, 0, text.length);
  const items: A.TopItem[] = [];
  for (const top of subs(cst, 'topItem')) {
    const key = Object.keys(ch(top))[0];
    const n = sub(top, key);
    if (!n) continue;
    if (key === 'policyDecl') items.push(policy(ctx, n, span));
    else if (key === 'tagDecl') items.push(tag(ctx, n, span));
    else if (key === 'testDecl') items.push(test(ctx, n, span));
    else if (key === 'unknownItem') unknownItem(ctx, n, 'top-level', TOP_ITEM_WORDS);
  }
  const cs: A.Comment[] = comments.map((t) => ({ kind: 'comment', text: t.image, span: tokSpan(ctx, t) }));
  return { value: { kind: 'file', file, items, comments: cs, span }, diagnostics: ctx.diagnostics };
}
