// JUnit XML: a test suite per file, a failing test case per finding (CI systems show them as tests).
import { countBySeverity, groupByFile, type Formatter } from './report.js';

export const xml = (s: string) =>
  s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    // characters XML 1.0 forbids
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');

export const junit: Formatter = (report) => {
  const byFile = groupByFile(report.findings);
  const errorsByFile = new Map<string, typeof report.errors>();
  for (const e of report.errors) errorsByFile.set(e.file, [...(errorsByFile.get(e.file) ?? []), e]);
  const files = [...new Set([...report.files, ...byFile.keys(), ...errorsByFile.keys()])].sort();
  const total = report.findings.length + report.errors.length;
  const failures = countBySeverity(report.findings);
  const out = ['<?xml version="1.0" encoding="UTF-8"?>', `<testsuites name="hoop-lint" tests="${Math.max(total, files.length)}" failures="${failures.errors + failures.warnings + failures.infos}" errors="${report.errors.length}">`];
  for (const file of files) {
    const findings = byFile.get(file) ?? [];
    const errs = errorsByFile.get(file) ?? [];
    const tests = findings.length + errs.length;
    out.push(`  <testsuite name="${xml(file)}" tests="${Math.max(tests, 1)}" failures="${findings.length}" errors="${errs.length}">`);
    if (tests === 0) out.push(`    <testcase name="${xml(file)}" classname="hoop-lint" />`);
    for (const e of errs) {
      out.push(`    <testcase name="${xml(`${file}:${e.line}:${e.column} ${e.code}`)}" classname="${xml(file)}">`);
      out.push(`      <error type="${xml(e.code)}" message="${xml(e.message)}" />`);
      out.push('    </testcase>');
    }
    for (const f of findings) {
      out.push(`    <testcase name="${xml(`${file}:${f.line}:${f.column} ${f.ruleId}`)}" classname="${xml(file)}">`);
      out.push(`      <failure type="${xml(f.severity)}" message="${xml(f.message)}">${xml(`${f.severity} ${f.ruleId} at ${file}:${f.line}:${f.column}\n${f.message}${f.docs ? `\n${f.docs}` : ''}`)}</failure>`);
      out.push('    </testcase>');
    }
    out.push('  </testsuite>');
  }
  out.push('</testsuites>');
  return out.join('\n') + '\n';
};
