// Entry point for a whole policy set: parse every file, check them together (rule ids are unique
// across the set, tags and tests see every policy). Never throws.
import type { CheckedPolicySet, PolicyFileAst } from './ast.js';
import { diagnostic, sortDiagnostics, type Diagnostic } from './diagnostics.js';
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
  try {
    const checked = checkPolicySet(parsed);
    return { value: checked.value, diagnostics: sortDiagnostics([...diagnostics, ...checked.diagnostics]), files: parsed };
  } catch (err) {
    // a bug in the checker must not take the caller down: report it and return an empty set
    const first = parsed[0];
    const at = { start: 0, end: 0, line: 1, column: 1, endLine: 1, endColumn: 1 };
    diagnostics.push(
      diagnostic('policy/internal', `internal error while checking: ${String((err as Error)?.message ?? err).split('\n')[0]}`, at, {
        file: first?.file,
        help: 'this is a bug in hoop-policy; please report it with the files',
      }),
    );
    return { value: { kind: 'policy_set', files: parsed.map((f) => f.file), policies: [], tags: [], tests: [] }, diagnostics: sortDiagnostics(diagnostics), files: parsed };
  }
}

/** true when any diagnostic is an error: such a set must not be compiled */
export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}
