// The bundle manifest of a checked policy set: compiler version, source hash, one entry per rule,
// and the fact fields the policies read (so a caller can skip extracting what nobody reads).
import type { CheckedPolicySet, Expr, MessageTemplate } from './ast.js';
import { policyHash, type Manifest } from './bundle.js';
import { COMPILER_VERSION } from './version.js';

export function buildManifest(set: CheckedPolicySet, sources: readonly { file: string; text: string }[], builtAt?: string): Manifest {
  const facts = new Set<string>(['statement.parsed', 'statement.actions[].action', 'statement.span']);
  const templates = (t: MessageTemplate | null) => t?.parts.forEach((p) => p.kind === 'field' && collect(p.path, facts));
  for (const p of set.policies) {
    if (p.applies) collect(p.applies, facts);
    templates(p.default.message);
    templates(p.onUnparsed.message);
    for (const r of p.rules) {
      r.when.forEach((e) => collect(e, facts));
      r.unless.forEach((e) => collect(e, facts));
      templates(r.effect.message);
      if (r.dialects) facts.add('statement.dialect');
      if (r.sources) facts.add('source');
      if (r.effect.kind === 'mask') facts.add('statement.outputs');
    }
  }
  const m: Manifest = {
    compilerVersion: COMPILER_VERSION,
    policyHash: policyHash(sources),
    rules: set.policies.flatMap((p) =>
      p.rules.map((r) => ({
        id: r.id,
        category: r.category,
        severity: r.severity,
        description: r.description,
        docs: r.docs,
        dialects: r.dialects,
        source: { file: r.file, line: r.span.line, column: r.span.column },
        fix: r.fix,
      })),
    ),
    requiredFacts: [...facts].sort(),
  };
  if (builtAt !== undefined) m.builtAt = builtAt;
  return m;
}

function collect(e: Expr, out: Set<string>): void {
  switch (e.kind) {
    case 'path':
      out.add(e.resolved?.field ?? e.segments.join('.'));
      return;
    case 'or':
    case 'and':
      e.operands.forEach((o) => collect(o, out));
      return;
    case 'not':
      collect(e.operand, out);
      return;
    case 'compare':
      collect(e.left, out);
      collect(e.right, out);
      return;
    case 'in':
      collect(e.value, out);
      collect(e.list, out);
      return;
    case 'has':
      collect(e.list, out);
      collect(e.value, out);
      return;
    case 'has_any':
    case 'has_all':
      collect(e.list, out);
      collect(e.values, out);
      return;
    case 'like':
    case 'matches':
      collect(e.value, out);
      return;
    case 'quantifier':
    case 'count':
      collect(e.list, out);
      if (e.where) collect(e.where, out);
      return;
    case 'call':
      out.add('statement.columns');
      out.add('statement.outputs');
      e.args.forEach((a) => collect(a, out));
      return;
    case 'list':
      e.items.forEach((i) => collect(i, out));
      return;
    default:
      return;
  }
}
