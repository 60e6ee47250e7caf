// Human output: grouped by file, each finding with its location, severity, message, the SQL
// line with a caret under the spot, the rule id and its docs link. Colors only on a TTY.
import type { Finding } from '../lint/finding.js';
import { countBySeverity, groupByFile, type Formatter } from './report.js';

const paint = (on: boolean) => (code: string, s: string) => (on ? `\x1b[${code}m${s}\x1b[0m` : s);

export const stylish: Formatter = (report, { color }) => {
  const c = paint(color);
  const out: string[] = [];
  for (const [file, findings] of groupByFile(report.findings)) {
    out.push(c('4', file));
    for (const f of findings) out.push(...findingLines(f, c));
    out.push('');
  }
  const { errors, warnings, infos } = countBySeverity(report.findings);
  const total = errors + warnings + infos;
  if (total > 0) {
    const parts = [`${errors} error${errors === 1 ? '' : 's'}`, `${warnings} warning${warnings === 1 ? '' : 's'}`];
    if (infos) parts.push(`${infos} info`);
    const fixable = report.findings.filter((f) => f.fix).length;
    out.push(c(errors ? '1;31' : '1;33', `✖ ${total} problem${total === 1 ? '' : 's'} (${parts.join(', ')})`));
    if (fixable) out.push(c('2', `  ${fixable} fixable with \`--fix\``));
    out.push('');
  }
  return out.join('\n');
};

function findingLines(f: Finding, c: (code: string, s: string) => string): string[] {
  const sev = f.severity === 'error' ? c('31', 'error') : f.severity === 'warning' ? c('33', 'warning') : c('36', 'info');
  const lines = [`  ${c('2', `${f.line}:${f.column}`)}  ${sev}  ${f.message}  ${c('2', f.ruleId)}`];
  if (f.sourceLine !== undefined) {
    const src = f.sourceLine.replace(/\t/g, ' ');
    const width = f.endLine === f.line ? Math.max(1, f.endColumn - f.column) : Math.max(1, src.length - f.column + 1);
    const shown = src.length > 160 ? src.slice(Math.max(0, f.column - 60), f.column + 100) : src;
    const offset = src.length > 160 ? Math.max(0, f.column - 60) : 0;
    lines.push(`      ${c('2', '│')} ${shown}`);
    lines.push(`      ${c('2', '│')} ${' '.repeat(Math.max(0, f.column - 1 - offset))}${c(f.severity === 'error' ? '31' : '33', '^'.repeat(Math.min(width, 120)))}`);
  }
  const extra: string[] = [];
  if (f.toolCall) extra.push(`tool call #${f.toolCall.index + 1}${f.toolCall.tool ? ` (${f.toolCall.tool})` : ''} at \`${f.toolCall.field}\``);
  if (f.direction === 'down') extra.push('down migration');
  if (f.fix) extra.push(`fixable: ${f.fix.description}`);
  if (extra.length) lines.push(`      ${c('2', extra.join(' · '))}`);
  if (f.docs) lines.push(`      ${c('2', `docs: ${f.docs}`)}`);
  return lines;
}
