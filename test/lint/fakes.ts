// Test doubles for the runtime and a policy engine: statements split at `;`, facts from a few
// regexes, rules that fire on text. They exercise the engine's plumbing (positions, severities,
// suppressions, fixes, formats) independently of the real analyser and compiler.
import type { AnalysisResult, Span, StatementFacts } from '../../runtime/facts/types.js';
import type { Decision, DecisionInput, FiredRule } from '../../runtime/decision/types.js';
import { lineIndex, span as mkSpan } from '../../runtime/text/spans.js';
import type { Analyzer, LintCatalog, PolicyEngine, RuleInfo } from '../../rules/lint/deps.js';
import type { Toolkit } from '../../rules/lint/setup.js';
import { newFileState, transactionContext } from '../../runtime/sql/file-state.js';

export function fakeStatement(text: string, start: number, end: number, full: string, index: number): StatementFacts {
  const li = lineIndex(full);
  const body = full.slice(start, end);
  const upper = body.toUpperCase();
  return {
    kind: 'statement',
    index,
    span: mkSpan(li, start, end),
    text: body,
    dialect: 'postgres',
    parsed: !/\bSELEC\b|\bFRM\b/.test(upper),
    statementKind: upper.split(/\s+/)[0]?.toLowerCase() ?? 'other',
    actions: [],
    tables: [],
    columns: [],
    outputs: [],
    functions: [],
    dynamicSql: [],
    privileges: [],
    roles: [],
    ddl: [],
      patterns: [],
      longIdentifiers: [],
    where: /^\s*(UPDATE|DELETE)\b/.test(upper) ? (/\bWHERE\b/.test(upper) ? 'present' : 'absent') : null,
    limit: null,
    returning: false,
    dataModifyingCte: false,
    explain: null,
    // outside any transaction, as the runtime's own fresh file state says
    transaction: transactionContext(newFileState()),
    reads: /SELECT/.test(upper),
    writes: /UPDATE|DELETE|INSERT/.test(upper),
    isDdl: /CREATE|DROP|ALTER/.test(upper),
    fingerprint: body.replace(/\s+/g, ' ').trim().toLowerCase(),
    diagnostics: [],
  };
}

/** Splits at `;` outside quotes and comments; skips blank statements; leading blanks and comments trimmed. */
export function fakeAnalyze(text: string, assumeInTransaction = false): AnalysisResult {
  const statements: StatementFacts[] = [];
  const diagnostics: AnalysisResult['diagnostics'] = [];
  let start = 0;
  let inTx = assumeInTransaction;
  let assumed = assumeInTransaction;
  const push = (end: number) => {
    let s = start;
    for (;;) {
      while (s < end && /\s/.test(text[s])) s++;
      if (text.startsWith('--', s)) {
        while (s < end && text[s] !== '\n') s++;
        continue;
      }
      break;
    }
    if (s < end) {
      const st = fakeStatement(text, s, end, text, statements.length);
      if (/^BEGIN/i.test(st.text)) inTx = true;
      st.transaction = { ...st.transaction, inExplicitTransaction: inTx, depth: inTx ? 1 : 0, assumed };
      if (/^COMMIT/i.test(st.text)) inTx = assumed = false;
      if (!st.parsed) {
        const d = { kind: 'diagnostic' as const, code: 'sql/syntax-error', severity: 'error' as const, message: 'syntax error at or near `SELEC`', span: st.span };
        st.diagnostics.push(d);
      }
      statements.push(st);
    }
  };
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === "'" || c === '"') {
      const e = text.indexOf(c, i + 1);
      i = e < 0 ? text.length : e + 1;
    } else if (c === '-' && text[i + 1] === '-') {
      const e = text.indexOf('\n', i);
      i = e < 0 ? text.length : e;
    } else if (c === ';') {
      push(i + 1);
      start = i + 1;
      i++;
    } else i++;
  }
  push(text.length);
  return { kind: 'analysis', dialect: 'postgres', file: null, statements, diagnostics };
}

export function fakeAnalyzer(log: string[] = []): Analyzer {
  return {
    analyze: async (text, options) => {
      const r = fakeAnalyze(text, options.assumeInTransaction === true || options.assumeInTransaction === 'always');
      return { ...r, dialect: options.dialect, statements: r.statements.map((s) => ({ ...s, dialect: options.dialect })) };
    },
    createCatalog: (): LintCatalog => ({ replay: (r) => void log.push(`replay:${r.statements.length}`) }),
  };
}

interface FakeRule {
  info: RuleInfo;
  effect: FiredRule['effect'];
  /** returns the witness span (region offsets) or null */
  test: (input: DecisionInput) => Span | null;
  message: string;
}

function witness(input: DecisionInput, re: RegExp): Span | null {
  const s = input.statement;
  const m = re.exec(s.text);
  if (!m) return null;
  const start = s.span.start + m.index;
  return posOf(s, start, start + m[0].length);
}

/** The span of `[start, end)` (region offsets) inside statement `s`, lines counted from its span. */
function posOf(s: StatementFacts, start: number, end: number): Span {
  const before = s.text.slice(0, start - s.span.start);
  const nl = before.split('\n').length - 1;
  const line = s.span.line + nl;
  const column = nl === 0 ? s.span.column + before.length : before.length - before.lastIndexOf('\n');
  const inner = s.text.slice(start - s.span.start, end - s.span.start);
  const nl2 = inner.split('\n').length - 1;
  const endLine = line + nl2;
  const endColumn = nl2 === 0 ? column + inner.length : inner.length - inner.lastIndexOf('\n');
  return { start, end, line, column, endLine, endColumn };
}

const rule = (id: string, category: string, severity: RuleInfo['severity'], fix: RuleInfo['fix'] = null): RuleInfo => ({
  id,
  category,
  severity,
  description: `${id} description`,
  docs: `https://example.test/rules/${id}`,
  dialects: null,
  fix,
  // user-policy semantics (own severities); preset handling of built-in rules is tested separately
  origin: 'policy',
});

export const FAKE_RULES: FakeRule[] = [
  {
    info: rule('pack.ban_drop_table', 'destructive', 'error', 'add_if_exists'),
    effect: 'deny',
    message: 'dropping a table loses its data',
    test: (i) => (i.statement.tables.some((t) => t.createdInFile) ? null : witness(i, /DROP\s+TABLE/i)),
  },
  {
    info: rule('pack.require_concurrent_index', 'lock', 'warning', 'add_concurrently'),
    effect: 'warn',
    message: 'CREATE INDEX without CONCURRENTLY blocks writes',
    test: (i) => (/CONCURRENTLY/i.test(i.statement.text) ? null : witness(i, /CREATE\s+(UNIQUE\s+)?INDEX/i)),
  },
  {
    info: rule('pack.unfiltered_delete', 'destructive', 'error'),
    effect: 'deny',
    message: '`delete` has no effective WHERE clause',
    test: (i) => (i.statement.where === 'absent' || /WHERE\s+1\s*=\s*1/i.test(i.statement.text) ? witness(i, /DELETE/i) : null),
  },
  {
    info: rule('pack.agent_writes', 'robustness', 'info'),
    effect: 'review',
    message: 'agent writes need review',
    test: (i) => (i.principal.kind === 'agent' && i.statement.writes ? i.statement.span : null),
  },
  {
    info: rule('pack.allowed_select', 'style', 'info'),
    effect: 'allow',
    message: 'reads are fine',
    test: (i) => (i.statement.reads ? i.statement.span : null),
  },
];

export function fakeEngine(rules: FakeRule[] = FAKE_RULES, calls: DecisionInput[] = []): PolicyEngine {
  return {
    name: 'fake',
    rules: rules.map((r) => r.info),
    tags: [],
    requiredFacts: null,
    decide(input): Decision {
      calls.push(input);
      const fired: FiredRule[] = [];
      for (const r of rules) {
        const span = r.test(input);
        if (!span) continue;
        const [policy, name] = r.info.id.split('.');
        fired.push({
          id: r.info.id,
          policy,
          rule: name,
          effect: r.effect,
          message: r.message,
          category: r.info.category,
          severity: r.info.severity,
          docs: r.info.docs,
          source: { file: 'pack.hoop', line: 1, column: 1 },
          span,
        });
      }
      return { effect: fired[0]?.effect ?? 'allow', fired, review: null, masks: [], unparsed: !input.statement.parsed };
    },
  };
}

export function fakeToolkit(options: { calls?: DecisionInput[]; policy?: Record<string, PolicyEngine> } = {}): Toolkit {
  return {
    analyzer: async () => fakeAnalyzer(),
    builtin: async () => ({ engine: fakeEngine(FAKE_RULES, options.calls), errors: [] }),
    policy: async (path) => {
      const e = options.policy?.[path];
      return e ? { engine: e, errors: [] } : { engine: null, errors: [{ file: path, line: 1, column: 1, code: 'policy/not-found', message: `no policies at \`${path}\`` }] };
    },
    shareable: false,
  };
}
