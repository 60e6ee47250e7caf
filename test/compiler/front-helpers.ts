import type { Diagnostic } from '../../compiler/diagnostics.js';
import { loadPolicySet } from '../../compiler/policy-set.js';

/** `line:column code message` for compact assertions */
export function brief(ds: Diagnostic[]): string[] {
  return ds.map((d) => `${d.span.line}:${d.span.column} ${d.code} ${d.message}`);
}

export function check(text: string, file = 'p.hoop') {
  return loadPolicySet([{ file, text }]);
}

/** a one-rule policy around a condition and an effect */
export function rule(when: string, effect = 'deny "no"', extra = ''): string {
  return `policy p {\n  rule r {\n    category destructive\n    when ${when}\n    ${effect}\n${extra}  }\n}\n`;
}

export function codes(ds: Diagnostic[]): string[] {
  return ds.map((d) => d.code);
}
