// ESLint-compatible JSON: one entry per linted file (files without findings too), severities 1/2,
// unreadable input as a fatal message, fixes as `{ range, text }`.
import { resolve } from 'node:path';
import type { Finding } from '../lint/finding.js';
import type { Formatter, Report } from './report.js';

export interface EslintMessage {
  ruleId: string | null;
  severity: 1 | 2;
  message: string;
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
  nodeType: null;
  fatal?: boolean;
  fix?: { range: [number, number]; text: string };
  /** hoop-lint extras (ignored by ESLint tooling) */
  category?: string;
  docs?: string | null;
  fingerprint?: string;
}

export interface EslintResult {
  filePath: string;
  messages: EslintMessage[];
  suppressedMessages: never[];
  errorCount: number;
  fatalErrorCount: number;
  warningCount: number;
  fixableErrorCount: number;
  fixableWarningCount: number;
  usedDeprecatedRules: never[];
}

function message(f: Finding): EslintMessage {
  const m: EslintMessage = {
    ruleId: f.ruleId,
    severity: f.severity === 'error' ? 2 : 1,
    message: f.message,
    line: f.line,
    column: f.column,
    endLine: f.endLine,
    endColumn: f.endColumn,
    nodeType: null,
    category: f.category,
    docs: f.docs,
    fingerprint: f.fingerprint,
  };
  // ESLint fixes are one contiguous replacement; multi-edit fixes are offered only through --fix
  if (f.fix && f.fix.edits.length === 1) m.fix = { range: [f.fix.edits[0].start, f.fix.edits[0].end], text: f.fix.edits[0].text };
  return m;
}

export function eslintResults(report: Report): EslintResult[] {
  const byFile = new Map<string, EslintResult>();
  const entry = (file: string) => {
    let r = byFile.get(file);
    if (!r) {
      r = {
        filePath: resolve(report.cwd, file),
        messages: [],
        suppressedMessages: [],
        errorCount: 0,
        fatalErrorCount: 0,
        warningCount: 0,
        fixableErrorCount: 0,
        fixableWarningCount: 0,
        usedDeprecatedRules: [],
      };
      byFile.set(file, r);
    }
    return r;
  };
  for (const f of report.files) entry(f);
  for (const e of report.errors) {
    const r = entry(e.file);
    r.messages.push({ ruleId: null, severity: 2, fatal: true, message: `${e.message} (${e.code})`, line: e.line, column: e.column, nodeType: null });
    r.errorCount++;
    r.fatalErrorCount++;
  }
  for (const f of report.findings) {
    const r = entry(f.file);
    const m = message(f);
    r.messages.push(m);
    if (m.severity === 2) {
      r.errorCount++;
      if (m.fix) r.fixableErrorCount++;
    } else {
      r.warningCount++;
      if (m.fix) r.fixableWarningCount++;
    }
  }
  const out = [...byFile.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, r]) => r);
  for (const r of out) r.messages.sort((a, b) => a.line - b.line || a.column - b.column);
  return out;
}

export const json: Formatter = (report) => JSON.stringify(eslintResults(report), null, 2) + '\n';
