// Suppression comments: `-- hoop-lint-disable-next-line <rule>[, <rule>] -- <reason>` covers the
// next statement (and the next line), `-- hoop-lint-disable-file <rule> -- <reason>` the whole file.
// Also `#` (YAML), `//` and `<!-- ... -->` (Markdown). A reason is required by default; directives
// that suppress nothing are reported, so stale ones do not pile up.
import type { SourceFile } from '../inputs/offset-map.js';
import { filePosition, mapOffset, type OffsetMap } from '../inputs/offset-map.js';
import { DOCS_BASE } from './engine-rules.js';
import { fingerprint, type Finding } from './finding.js';
import type { Dialect } from '../../runtime/facts/types.js';
import { tokenize } from '../../runtime/sql/lexer/lexer.js';

export interface Directive {
  kind: 'next-line' | 'file';
  /** rule ids or short names as written; empty = every rule */
  rules: string[];
  reason: string | null;
  /** original-file offsets of the comment */
  start: number;
  end: number;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

const DIRECTIVE = /(--|#|\/\/|<!--)[ \t]*hoop-lint-disable-(next-line|file)\b([^\n]*)/;

/** Comment forms of the file's own format (outside SQL): Markdown `<!-- -->`, YAML `#`; SQL files are all SQL. */
export type HostFormat = 'sql' | 'markdown' | 'yaml' | 'json';
const HOST_COMMENT: Record<HostFormat, RegExp | null> = {
  sql: /^(--|\/\/)$/,
  markdown: /^<!--$/,
  yaml: /^#$/,
  json: null,
};

/** Offsets where a SQL comment starts. A directive counts only there: text inside a string literal
 * or a quoted name (which an agent or a user controls) must never switch a rule off. */
function sqlCommentStarts(text: string, dialect: Dialect): Set<number> {
  const starts = new Set<number>();
  for (const t of tokenize(text, dialect).tokens) if (t.kind === 'comment') starts.add(t.start);
  return starts;
}

function parseDirectives(
  text: string,
  toFile: (offset: number) => number,
  file: SourceFile,
  opener: RegExp,
  commentStarts: Set<number> | null,
): Directive[] {
  const out: Directive[] = [];
  const re = new RegExp(DIRECTIVE.source, 'g');
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    if (!opener.test(m[1])) continue;
    if (commentStarts && !commentStarts.has(m.index)) continue;
    let rest = m[3].replace(/\r$/, '');
    if (m[1] === '<!--') rest = rest.replace(/-->.*$/, '');
    const sep = /(?:^|\s)--(?:\s|$)/.exec(rest);
    const rulePart = sep ? rest.slice(0, sep.index) : rest;
    const reason = sep ? rest.slice(sep.index + sep[0].length).trim() : '';
    const start = toFile(m.index);
    const end = toFile(m.index + m[0].length - 1) + 1;
    const a = filePosition(file, start);
    const b = filePosition(file, end);
    out.push({
      kind: m[2] === 'file' ? 'file' : 'next-line',
      rules: rulePart
        .split(/[\s,]+/)
        .map((r) => r.trim())
        .filter((r) => r !== ''),
      reason: reason === '' ? null : reason,
      start,
      end,
      line: a.line,
      column: a.column,
      endLine: b.line,
      endColumn: b.column,
    });
  }
  return out;
}

/** Directives in SQL comments of the regions (also SQL decoded from escaped JSON strings) and in the
 * comments of the file's own format (`<!-- -->` in Markdown, `#` in YAML). A directive in Markdown prose
 * or a code span is documentation, not a directive. */
export function findDirectives(
  file: SourceFile,
  regions: ReadonlyArray<{ text: string; offsetMap: OffsetMap; dialect?: Dialect }>,
  host: HostFormat,
  dialect: Dialect,
): Directive[] {
  const all: Directive[] = [];
  const seen = new Set<number>();
  const add = (ds: Directive[]) => {
    for (const d of ds) {
      if (seen.has(d.start)) continue;
      seen.add(d.start);
      all.push(d);
    }
  };
  // decoded SQL first: there a directive ends at its (escaped) line break, not at the end of the JSON line
  for (const r of regions) {
    if (r.text.includes('hoop-lint-disable')) {
      add(parseDirectives(r.text, (o) => mapOffset(r.offsetMap, o), file, /^--$/, sqlCommentStarts(r.text, r.dialect ?? dialect)));
    }
  }
  const hostComment = HOST_COMMENT[host];
  if (hostComment && file.text.includes('hoop-lint-disable')) {
    // a SQL file is SQL throughout: only its real comments count; other hosts' comment syntax is line-based
    const starts = host === 'sql' ? sqlCommentStarts(file.text, dialect) : null;
    add(parseDirectives(file.text, (o) => o, file, hostComment, starts));
  }
  return all.sort((a, b) => a.start - b.start);
}

export function ruleMatches(spec: string, ruleId: string): boolean {
  if (spec === 'all' || spec === '*') return true;
  return spec === ruleId || spec.replace(/_/g, '-') === ruleId || ruleId.endsWith(`.${spec}`) || ruleId.endsWith(`/${spec}`);
}

const UNSUPPRESSIBLE = new Set(['hoop-lint/unused-suppression', 'hoop-lint/suppression-missing-reason']);

export interface SuppressionOutcome {
  kept: Finding[];
  suppressed: Finding[];
  /** unused directives and directives without a reason */
  directiveFindings: Finding[];
}

/**
 * Applies directives to findings. `statements` are the file's statements (original offsets), used to
 * find the statement a next-line directive covers: the first one ending after the directive.
 */
export function applySuppressions(
  path: string,
  findings: Finding[],
  directives: Directive[],
  statements: ReadonlyArray<{ start: number; end: number }>,
  options: { requireReason: boolean; knownRule: (spec: string) => boolean; enabled?: (spec: string) => boolean },
): SuppressionOutcome {
  if (directives.length === 0) return { kept: findings.slice(), suppressed: [], directiveFindings: [] };
  const sortedStatements = [...statements].sort((a, b) => a.start - b.start);
  const targets = directives.map((d) => (d.kind === 'next-line' ? sortedStatements.find((s) => s.end > d.end) ?? null : null));
  const used = directives.map(() => new Set<string>());
  const kept: Finding[] = [];
  const suppressed: Finding[] = [];
  for (const f of findings) {
    let hit = false;
    if (!UNSUPPRESSIBLE.has(f.ruleId)) {
      directives.forEach((d, i) => {
        const specs = d.rules.length ? d.rules : ['all'];
        const spec = specs.find((s) => ruleMatches(s, f.ruleId));
        if (spec === undefined) return;
        let covers = d.kind === 'file';
        if (d.kind === 'next-line') {
          const t = targets[i];
          covers = f.line === d.endLine + 1 || (t !== null && f.statement !== null && f.statement.start === t.start) || (t !== null && f.start >= t.start && f.start < t.end);
        }
        if (covers) {
          hit = true;
          used[i].add(spec);
        }
      });
    }
    (hit ? suppressed : kept).push(f);
  }
  const directiveFindings: Finding[] = [];
  const make = (d: Directive, ruleId: string, severity: Finding['severity'], message: string, n: number): Finding => ({
    ruleId,
    category: 'style',
    severity,
    message,
    file: path,
    line: d.line,
    column: d.column,
    endLine: d.endLine,
    endColumn: d.endColumn,
    start: d.start,
    end: d.end,
    docs: `${DOCS_BASE}/engine/${ruleId.slice('hoop-lint/'.length)}`,
    effect: 'check',
    statement: null,
    fingerprint: fingerprint(ruleId, path, `${d.kind} ${d.rules.join(',')} ${n}`),
  });
  directives.forEach((d, i) => {
    if (options.requireReason && d.reason === null) {
      directiveFindings.push(
        make(d, 'hoop-lint/suppression-missing-reason', 'error', `suppression of \`${d.rules.join(', ') || 'all rules'}\` has no reason (add \`-- <why it is safe>\`)`, i),
      );
    }
    const specs = d.rules.length ? d.rules : ['all'];
    for (const spec of specs) {
      if (used[i].has(spec) || (options.enabled && !options.enabled(spec))) continue;
      const what = spec === 'all' ? 'all rules' : `\`${spec}\``;
      const why = options.knownRule(spec) || spec === 'all' ? 'nothing to suppress' : 'no such rule';
      const where = d.kind === 'file' ? 'in this file' : 'on the next statement';
      directiveFindings.push(make(d, 'hoop-lint/unused-suppression', 'warning', `unused suppression of ${what}: ${why} ${where}`, i));
    }
  });
  return { kept, suppressed, directiveFindings };
}
