// The formatter: canonical layout (2-space indentation, one item per line, one space around
// operators, fewest parentheses) printed from the AST, with every comment kept: comments between
// items stay on their own lines, comments after an item on the same line stay there, and comments
// inside a multi-line item move just above it. A file with errors is returned unchanged.
import type * as A from './ast.js';
import { type Diagnostic } from './diagnostics.js';
import { parsePolicyFile } from './parse-file.js';
import { printExpr, printString, printTemplate } from './format-expr.js';

export function printEffect(e: A.EffectNode): string {
  const msg = e.message ? ' ' + printTemplate(e.message) : '';
  switch (e.kind) {
    case 'deny':
    case 'warn':
    case 'allow':
      return e.kind + msg;
    case 'review':
      return `review by [${e.approvers.map((a) => printString(a.value)).join(', ')}]` + (e.min ? ` min ${e.min.value}` : '') + (e.expires ? ` expires ${e.expires.text}` : '') + msg;
    case 'mask':
      return `mask ${e.selectors.map((s) => (s.kind === 'tagged' ? `tagged ${s.tag.value}` : s.pattern)).join(', ')} using ${e.strategy.value}` + msg;
  }
}

function printLiteral(v: A.Literal | A.ObjectLit): string {
  return v.kind === 'object' ? printObject(v) : printExpr(v);
}

function printObject(o: A.ObjectLit): string {
  if (o.entries.length === 0) return '{}';
  return `{ ${o.entries.map((e) => `${e.key.value} ${printLiteral(e.value)}`).join(' ')} }`;
}

/** one line for an item that is not a block */
function printSimple(item: A.RuleItem | A.PolicyItem | A.TestItem | A.TagAst): string {
  switch (item.kind) {
    case 'category':
    case 'severity':
    case 'fix':
      return `${item.kind} ${item.value.value}`;
    case 'description':
    case 'docs':
      return `${item.kind} ${printString(item.value.value)}`;
    case 'dialects':
    case 'sources':
      return `${item.kind} [${item.values.map((v) => v.value).join(', ')}]`;
    case 'when':
    case 'unless':
      return `${item.kind} ${printExpr(item.expr)}`;
    case 'applies':
      return `applies when ${printExpr(item.expr)}`;
    case 'default':
      return `default ${printEffect(item.effect)}`;
    case 'on_unparsed':
      return `on unparsed ${printEffect(item.effect)}`;
    case 'deny':
    case 'warn':
    case 'allow':
    case 'review':
    case 'mask':
      return printEffect(item);
    case 'tag':
      return `tag ${item.name.value} on ${item.selectors.map((s) => s.pattern).join(', ')}`;
    case 'sql':
      return `sql ${printString(item.value.value)}`;
    case 'dialect':
    case 'source':
      return `${item.kind} ${item.value.value}`;
    case 'assumeInTransaction':
      return `${item.kind} ${printLiteral(item.value)}`;
    case 'principal':
    case 'connection':
    case 'time':
    case 'request':
      return `${item.kind} ${printObject(item.value)}`;
    case 'expect':
      return `expect ${item.effect.value}` + (item.fired ? ` fired [${item.fired.map((f) => f.value).join(', ')}]` : '');
    case 'rule':
      return `rule ${item.name}`;
  }
}

class Printer {
  private lines: string[] = [];
  private ci = 0;
  /** whether the last emitted line was the end of a block item (top level spacing) */
  private lastWasBlock = false;
  private lastWasItem = false;

  constructor(
    private readonly text: string,
    private readonly comments: A.Comment[],
  ) {}

  private blankBefore(offset: number): boolean {
    let i = offset - 1;
    let newlines = 0;
    while (i >= 0) {
      const ch = this.text[i];
      if (ch === '\n') newlines++;
      else if (ch !== ' ' && ch !== '\t' && ch !== '\r') break;
      i--;
    }
    return i >= 0 && newlines >= 2;
  }

  private push(indent: number, s: string): void {
    this.lines.push('  '.repeat(indent) + s);
  }

  private blank(): void {
    if (this.lines.length > 0 && this.lines[this.lines.length - 1] !== '' && !this.lines[this.lines.length - 1].endsWith('{')) this.lines.push('');
  }

  /** own-line comments that start before `offset` */
  private commentsBefore(offset: number, indent: number, top: boolean): void {
    while (this.ci < this.comments.length && this.comments[this.ci].span.start < offset) {
      const c = this.comments[this.ci++];
      if (this.blankBefore(c.span.start) || (top && this.lastWasBlock)) this.blank();
      this.push(indent, c.text.trimEnd());
      this.lastWasBlock = false;
      this.lastWasItem = false;
    }
  }

  /** a comment that follows `end` on the line `line`, appended to the current line */
  private trailing(end: number, line: number, header = false): void {
    const c = this.comments[this.ci];
    // only what follows the item directly (`category lock when true # c` belongs to the `when`);
    // after a block header, its `{`
    const between = header ? /^[ \t]*\{?[ \t]*$/ : /^[ \t]*$/;
    if (c && c.span.start >= end && c.span.line === line && between.test(this.text.slice(end, c.span.start))) {
      this.lines[this.lines.length - 1] += ' ' + c.text.trimEnd();
      this.ci++;
    }
  }

  private spacing(item: { span: A.Span }, top: boolean, block: boolean): void {
    if (this.blankBefore(item.span.start) || (top && this.lastWasItem && (block || this.lastWasBlock))) this.blank();
  }

  item(item: A.TopItem | A.PolicyItem | A.RuleItem | A.TestItem, indent: number, top: boolean): void {
    const isBlock = item.kind === 'policy' || item.kind === 'rule' || item.kind === 'test';
    this.commentsBefore(item.span.start, indent, top);
    this.spacing(item, top, isBlock);
    if (item.kind === 'policy' || item.kind === 'rule' || item.kind === 'test') {
      const header = item.kind === 'test' ? `test ${printString(item.name.value)}` : `${item.kind} ${item.name}`;
      const children: Array<A.PolicyItem | A.RuleItem | A.TestItem> = item.items;
      const headerLine = item.kind === 'test' ? item.name.span.line : item.nameSpan.line;
      const headerEnd = item.kind === 'test' ? item.name.span.end : item.nameSpan.end;
      this.push(indent, header + ' {');
      const firstChild = children.length > 0 ? children[0].span.start : item.span.end;
      const c = this.comments[this.ci];
      if (c && c.span.line === headerLine && c.span.start >= headerEnd && c.span.start < firstChild) this.trailing(headerEnd, headerLine, true);
      this.lastWasItem = false;
      this.lastWasBlock = false;
      for (const child of children) this.item(child, indent + 1, false);
      this.commentsBefore(item.span.end - 1, indent + 1, false);
      this.push(indent, '}');
      this.trailing(item.span.end, item.span.endLine);
      this.lastWasBlock = true;
      this.lastWasItem = true;
      return;
    }
    this.commentsBefore(item.span.end, indent, false);
    this.push(indent, printSimple(item));
    this.trailing(item.span.end, item.span.endLine);
    this.lastWasBlock = false;
    this.lastWasItem = true;
  }

  finish(): string {
    this.commentsBefore(Infinity, 0, true);
    while (this.lines.length > 0 && this.lines[this.lines.length - 1] === '') this.lines.pop();
    return this.lines.length === 0 ? '' : this.lines.join('\n') + '\n';
  }
}

/** print a parsed file in canonical form (comments from `ast.comments`, blank lines from `text`) */
export function printPolicyFile(ast: A.PolicyFileAst, text: string): string {
  const p = new Printer(text, [...ast.comments].sort((a, b) => a.span.start - b.span.start));
  for (const item of ast.items) p.item(item, 0, true);
  return p.finish();
}

/** format a policy file; with any error in it the text comes back unchanged, with the errors */
export function formatPolicyFile(text: string, file = '<input>'): { value: string; diagnostics: Diagnostic[] } {
  const parsed = parsePolicyFile(text, file);
  const errors = parsed.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) return { value: text, diagnostics: errors };
  return { value: printPolicyFile(parsed.value, text), diagnostics: [] };
}
