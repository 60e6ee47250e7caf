// `--list-rules`: every rule with its category, effective severity, dialects and docs.
import type { RuleInfo } from './deps.js';
import type { EffectiveSeverity } from './rule-table.js';

export function formatRules(rules: RuleInfo[], severity: Map<string, EffectiveSeverity>, format: 'text' | 'json'): string {
  const sorted = [...rules].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  if (format === 'json') {
    return (
      JSON.stringify(
        sorted.map((r) => ({
          id: r.id,
          category: r.category,
          severity: severity.get(r.id) ?? r.severity,
          defaultSeverity: r.severity,
          dialects: r.dialects,
          description: r.description,
          docs: r.docs,
          fix: r.fix,
          origin: r.origin,
        })),
        null,
        2,
      ) + '\n'
    );
  }
  const width = Math.max(...sorted.map((r) => r.id.length), 4);
  const lines = sorted.map((r) => {
    const sev = (severity.get(r.id) ?? r.severity).padEnd(7);
    const dialects = r.dialects ? ` [${r.dialects.join(', ')}]` : '';
    return `${r.id.padEnd(width)}  ${sev}  ${r.category.padEnd(12)}  ${r.description ?? ''}${dialects}${r.fix ? ` (fix: ${r.fix})` : ''}`;
  });
  return `${lines.join('\n')}\n${sorted.length} rules\n`;
}
