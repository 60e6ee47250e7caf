// GitLab Code Quality report (a JSON array of issues with stable fingerprints).
import type { Formatter } from './report.js';

const SEVERITY = { error: 'major', warning: 'minor', info: 'info' } as const;

export const gitlab: Formatter = (report) => {
  const issues = report.findings.map((f) => ({
    type: 'issue',
    check_name: f.ruleId,
    description: f.message,
    categories: [f.category === 'style' ? 'Style' : f.category === 'privilege' || f.category === 'exfiltration' || f.category === 'pii' ? 'Security' : 'Bug Risk'],
    severity: SEVERITY[f.severity],
    fingerprint: f.fingerprint,
    location: { path: f.file, lines: { begin: f.line, end: f.endLine } },
    ...(f.docs ? { content: { body: `See ${f.docs}` } } : {}),
  }));
  return JSON.stringify(issues, null, 2) + '\n';
};
