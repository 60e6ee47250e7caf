// What every formatter receives: the findings of a run, the files linted, the rules known.
import type { RuleInfo } from '../lint/deps.js';
import type { Finding, InputError } from '../lint/finding.js';

export interface Report {
  /** display paths of every file linted (also those with no findings), sorted */
  files: string[];
  findings: Finding[];
  errors: InputError[];
  rules: Map<string, RuleInfo>;
  cwd: string;
  version: string;
}

export interface FormatOptions {
  color: boolean;
}

export type Formatter = (report: Report, options: FormatOptions) => string;

export function countBySeverity(findings: Finding[]): { errors: number; warnings: number; infos: number } {
  let errors = 0;
  let warnings = 0;
  let infos = 0;
  for (const f of findings) {
    if (f.severity === 'error') errors++;
    else if (f.severity === 'warning') warnings++;
    else infos++;
  }
  return { errors, warnings, infos };
}

export function groupByFile(findings: Finding[]): Map<string, Finding[]> {
  const m = new Map<string, Finding[]>();
  for (const f of findings) {
    let list = m.get(f.file);
    if (!list) m.set(f.file, (list = []));
    list.push(f);
  }
  return m;
}
