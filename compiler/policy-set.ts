// Entry point for a whole policy set: parse every file, check them together (rule ids are unique
// across the set, tags and tests see every policy). Never throws.
import type { CheckedPolicySet, PolicyFileAst } from './ast.js';
import { sortDiagnostics, type Diagnostic } from './diagnostics.js';
import { parsePolicyFile } from './parse-file.js';
import { checkPolicySet } from './check.js';

export interface PolicySource {
  file: string;
  text: string;
}

export function loadPolicySet(files: PolicySource[]): { value: CheckedPolicySet; diagnostics: Diagnostic[]; files: PolicyFileAst[] } {
  const parsed: PolicyFileAst[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const f of files) {
    const r = parsePolicyFile(f.text, f.file);
    parsed.push(r.value);
    diagnostics.push(...r.diagnostics);
  }
  const checked = checkPolicySet(parsed);
  return { value: checked.value, diagnostics: sortDiagnostics([...diagnostics, ...checked.diagnostics]), files: parsed };
}

/** true when any diagnostic is an error: such a set must not be compiled */
export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}
