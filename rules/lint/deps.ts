// What the engine needs from the SQL runtime and the policy compiler, as narrow interfaces:
// the real ones are wired in `runtime-adapter.ts` / `policies.ts`; tests pass hand-made ones.
import type { ReplayInput } from '../../runtime/catalog/replay-input.js';
import type { AnalysisResult, Dialect } from '../../runtime/facts/types.js';
import type { Decision, DecisionInput } from '../../runtime/decision/types.js';
import type { FindingSeverity, FixName } from './finding.js';

export interface LintCatalog {
  /** learn the tables, columns and tags the analysed DDL creates, alters or drops */
  replay(result: ReplayInput): void;
}

export interface Analyzer {
  /** `assumeInTransaction`: the text runs inside a transaction the migration tool opens before it and commits after it */
  analyze(text: string, options: { dialect: Dialect; file: string | null; catalog?: LintCatalog; assumeInTransaction?: boolean | 'always' }): Promise<AnalysisResult>;
  createCatalog(): LintCatalog;
  /** where each statement of a text is (the runtime's splitter); lets a long chain be linted in parallel */
  statementRanges?(text: string, dialect: Dialect): Array<{ start: number; end: number; chunkStart: number; chunkEnd: number }>;
  /** apply `tag <tag> on <selector>` declarations to a catalog */
  applyTags?(catalog: LintCatalog, tags: TagDeclaration[]): void;
}

export interface TagDeclaration {
  tag: string;
  selectors: string[];
}

/** What `--list-rules`, SARIF and severity overrides need to know about a rule. */
export interface RuleInfo {
  id: string;
  category: string;
  severity: FindingSeverity;
  description: string | null;
  docs: string | null;
  dialects: string[] | null;
  fix: FixName | null;
  /** where the rule comes from: `builtin`, `policy` (user policies) or `engine` (hoop-lint's own checks) */
  origin: 'builtin' | 'policy' | 'engine';
}

/** A policy set ready to decide: the built-in pack, a user policy directory or a bundle. */
export interface PolicyEngine {
  name: string;
  rules: RuleInfo[];
  tags: TagDeclaration[];
  /** the fact and input fields its rules read (the bundle manifest's `requiredFacts`); null: unknown */
  requiredFacts: string[] | null;
  decide(input: DecisionInput): Decision;
}
