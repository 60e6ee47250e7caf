// GitHub Actions workflow commands: each finding becomes an annotation on the pull request diff.
import type { Formatter } from './report.js';

/** Escapes per the workflow command spec: data escapes `%`, CR, LF; properties also `:` and `,`. */
const data = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const prop = (s: string) => data(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

export const github: Formatter = (report) => {
  const lines: string[] = [];
  for (const e of report.errors) lines.push(`::error file=${prop(e.file)},line=${e.line},col=${e.column},title=${prop(e.code)}::${data(e.message)}`);
  for (const f of report.findings) {
    const cmd = f.severity === 'error' ? 'error' : f.severity === 'warning' ? 'warning' : 'notice';
    const msg = f.docs ? `${f.message} (${f.docs})` : f.message;
    lines.push(`::${cmd} file=${prop(f.file)},line=${f.line},col=${f.column},endLine=${f.endLine},endColumn=${f.endColumn},title=${prop(f.ruleId)}::${data(msg)}`);
  }
  return lines.length ? lines.join('\n') + '\n' : '';
};
