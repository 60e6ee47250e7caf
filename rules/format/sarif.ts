// SARIF 2.1.0: one run, the rules that can fire as `tool.driver.rules` (with category and default
// level), results pointing at physical regions (1-based lines and columns, as SARIF wants).
import type { RuleInfo } from '../lint/deps.js';
import type { Finding } from '../lint/finding.js';
import type { Formatter } from './report.js';

const LEVEL = { error: 'error', warning: 'warning', info: 'note' } as const;

/** Paths relative to the working directory resolve against `%SRCROOT%`; others are absolute file URIs. */
function artifact(file: string) {
  return file.startsWith('/') || /^[A-Za-z]:\//.test(file) ? { uri: `file://${encodeURI(file.startsWith('/') ? file : `/${file}`)}` } : { uri: encodeURI(file), uriBaseId: '%SRCROOT%' };
}

function ruleDescriptor(r: RuleInfo) {
  return {
    id: r.id,
    name: r.id.replace(/[./-](\w)/g, (_, ch: string) => ch.toUpperCase()).replace(/^\w/, (ch) => ch.toUpperCase()),
    shortDescription: { text: r.description ?? r.id },
    ...(r.docs ? { helpUri: r.docs } : {}),
    defaultConfiguration: { level: LEVEL[r.severity] },
    properties: { category: r.category, tags: [r.category], ...(r.fix ? { fix: r.fix } : {}) },
  };
}

export const sarif: Formatter = (report) => {
  const rules = [...report.rules.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const result = (f: Finding) => ({
    ruleId: f.ruleId,
    ...(index.has(f.ruleId) ? { ruleIndex: index.get(f.ruleId) } : {}),
    level: LEVEL[f.severity],
    message: { text: f.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: artifact(f.file),
          region: { startLine: f.line, startColumn: f.column, endLine: f.endLine, endColumn: f.endColumn },
        },
      },
    ],
    partialFingerprints: { 'hoopLint/v1': f.fingerprint },
    properties: { category: f.category, effect: f.effect },
    ...(f.fix
      ? {
          fixes: [
            {
              description: { text: f.fix.description },
              artifactChanges: [
                {
                  artifactLocation: artifact(f.file),
                  replacements: f.fix.edits.map((e) => ({ deletedRegion: { charOffset: e.start, charLength: e.end - e.start }, insertedContent: { text: e.text } })),
                },
              ],
            },
          ],
        }
      : {}),
  });
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'hoop-lint',
            version: report.version,
            informationUri: 'https://github.com/hoophq/hoop-lint',
            rules: rules.map(ruleDescriptor),
          },
        },
        originalUriBaseIds: { '%SRCROOT%': { uri: `file://${encodeURI(report.cwd.replace(/\\/g, '/').replace(/\/?$/, '/'))}` } },
        invocations: [
          {
            executionSuccessful: report.errors.length === 0,
            toolExecutionNotifications: report.errors.map((e) => ({
              level: 'error',
              message: { text: `${e.message} (${e.code})` },
              locations: [{ physicalLocation: { artifactLocation: artifact(e.file), region: { startLine: e.line, startColumn: e.column } } }],
            })),
          },
        ],
        results: report.findings.map(result),
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
};
