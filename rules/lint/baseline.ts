// Baselines: accept today's findings, judge only new ones. Entries are fingerprints (rule + file +
// normalized statement text), so moving a statement to another line keeps it baselined.
import { readFileSync, writeFileSync } from 'node:fs';
import type { Finding } from './finding.js';

export interface BaselineEntry {
  ruleId: string;
  file: string;
  fingerprint: string;
  message: string;
}

export interface Baseline {
  version: 1;
  entries: BaselineEntry[];
}

export function baselineFrom(findings: Finding[]): Baseline {
  const entries = findings
    .map((f) => ({ ruleId: f.ruleId, file: f.file, fingerprint: f.fingerprint, message: f.message }))
    .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.fingerprint < b.fingerprint ? -1 : a.fingerprint > b.fingerprint ? 1 : 0));
  return { version: 1, entries };
}

export function writeBaseline(path: string, findings: Finding[]): void {
  writeFileSync(path, JSON.stringify(baselineFrom(findings), null, 2) + '\n');
}

/** Reads a baseline; a malformed file is an error (never silently treated as empty). */
export function readBaseline(path: string): { baseline: Baseline | null; error: string | null } {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return { baseline: null, error: `cannot read baseline \`${path}\`` };
  }
  try {
    const data = JSON.parse(text) as Baseline;
    if (data?.version !== 1 || !Array.isArray(data.entries) || !data.entries.every((e) => typeof e?.fingerprint === 'string')) {
      return { baseline: null, error: `\`${path}\` is not a hoop-lint baseline (expected \`{"version": 1, "entries": [...]}\`)` };
    }
    return { baseline: data, error: null };
  } catch (e) {
    return { baseline: null, error: `baseline \`${path}\` is not valid JSON: ${(e as Error).message.split('\n')[0]}` };
  }
}

export function filterBaselined(findings: Finding[], baseline: Baseline): { kept: Finding[]; baselined: number } {
  const known = new Set(baseline.entries.map((e) => e.fingerprint));
  const kept = findings.filter((f) => !known.has(f.fingerprint));
  return { kept, baselined: findings.length - kept.length };
}
