// The decision contract: what a compiled policy module (or the reference interpreter) takes and returns.
// Plain data. The linter, the language server and the proxy all call `decide(input)` with this shape.
import type { Dialect, Span, StatementFacts } from '../facts/types.js';

export type Effect = 'deny' | 'review' | 'mask' | 'warn' | 'allow';

/** Strongest first: the combined effect of several fired rules is the first of these that fired. */
export const EFFECT_ORDER: readonly Effect[] = ['deny', 'review', 'mask', 'warn', 'allow'];

export interface Principal {
  id: string;
  kind: 'human' | 'agent' | 'service';
  groups: string[];
  attributes: Record<string, string | number | boolean>;
}

export interface Connection {
  name: string;
  env: string;
  dialect: Dialect;
  database: string;
}

export type Source = 'proxy' | 'migration' | 'prompt' | 'plan' | 'editor';

export interface DecisionInput {
  statement: StatementFacts;
  principal: Principal;
  connection: Connection;
  source: Source;
  /** ISO-8601 time of the request; conditions read `time.hour`, `time.weekday` (derived by the caller of decide) */
  time: { iso: string; hour: number; weekday: number };
  /** how many statements the request (tool call, file, query string) holds */
  request: { statementCount: number };
}

export interface SourceLocation {
  file: string;
  line: number;
  column: number;
}

export interface MaskDirective {
  /** column selector as written (`users.email`, `*.ssn`, `tagged pii`) resolved to the output columns it hits */
  selector: string;
  strategy: 'full' | 'partial' | 'hash' | 'email' | 'last4' | 'null' | 'redact';
  /** output column positions of the statement to mask */
  outputs: number[];
}

export interface ReviewDirective {
  approvers: string[];
  minApprovals: number;
  /** seconds */
  expiresIn: number;
  selfApproval: false;
}

export interface FiredRule {
  /** `policy.rule` */
  id: string;
  policy: string;
  rule: string;
  effect: Effect;
  message: string;
  category: string;
  severity: 'error' | 'warning' | 'info';
  docs: string | null;
  /** where the rule is written */
  source: SourceLocation;
  /** the fact that made the condition hold (the witness of the first `any`), for precise findings */
  span: Span;
  review?: ReviewDirective;
  mask?: MaskDirective;
}

export interface Decision {
  effect: Effect;
  /** every rule whose condition held, in source order */
  fired: FiredRule[];
  /** set when the effect is review (the union of reviewing rules: all approver groups, max of minimums, min of expiries) */
  review: ReviewDirective | null;
  masks: MaskDirective[];
  /** true when the statement was not parsed and the policy's `on unparsed` applied */
  unparsed: boolean;
}
