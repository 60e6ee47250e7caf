// The policy language AST: what the parser front end hands to the checker, the interpreter,
// the code generator and the editor. Plain data, discriminated on `kind`, every node with a span;
// top-level nodes (file, policy, rule, tag, test) also carry the `file` they come from.
// Nodes keep what was written (names with their spans); `Checked*` types at the bottom carry
// the resolved view back ends use (defaults filled in, types of paths, key fields of lists).
import type { Dialect, Severity, Span } from '../runtime/facts/types.js';
import type { Effect, Source } from '../runtime/decision/types.js';

export type { Span, Dialect, Severity, Effect, Source };

// ---------------------------------------------------------------------------------------------
// Leaves

/** An identifier as written, with its span (policy, rule, tag, category, strategy, ... names). */
export interface Name {
  kind: 'name';
  value: string;
  span: Span;
}

/** A comment (`# ...` to the end of the line); kept so the formatter and the editor can use them. */
export interface Comment {
  kind: 'comment';
  /** the text including the leading `#` */
  text: string;
  span: Span;
}

// ---------------------------------------------------------------------------------------------
// Literals (also expressions)

export interface StringLit {
  kind: 'string';
  /** the value with escapes resolved */
  value: string;
  span: Span;
}

export interface NumberLit {
  kind: 'number';
  value: number;
  span: Span;
}

export interface BoolLit {
  kind: 'bool';
  value: boolean;
  span: Span;
}

export interface NullLit {
  kind: 'null';
  span: Span;
}

/** `30s`, `15m`, `2h`, `1d` */
export interface DurationLit {
  kind: 'duration';
  /** seconds */
  seconds: number;
  /** as written, e.g. `30m` */
  text: string;
  span: Span;
}

/** A bare identifier that is not a path: an enum value (`drop_table`, `agent`, `postgres`,
 * `access_exclusive`) or a tag name (`pii`). The checker decides which and fills `resolved`. */
export interface EnumLit {
  kind: 'enum';
  /** as written */
  value: string;
  span: Span;
  /** set by the checker */
  resolved?: ResolvedEnum;
}

export interface ResolvedEnum {
  /** enum name from the field table (`Action`, `PrincipalKind`, `LockLevel`, ...) or `tag` */
  enumName: string;
  /** the value as it appears in the facts at run time (`ACCESS EXCLUSIVE` for `access_exclusive`) */
  runtimeValue: string;
}

export interface ListLit {
  kind: 'list';
  items: Expr[];
  span: Span;
}

export type Literal = StringLit | NumberLit | BoolLit | NullLit | DurationLit | EnumLit | ListLit;

// ---------------------------------------------------------------------------------------------
// Expressions

export type CompareOp = '==' | '!=' | '<' | '<=' | '>' | '>=';

/** `a or b or c`: n-ary, flattened (operands are never themselves `or`) */
export interface OrExpr {
  kind: 'or';
  operands: Expr[];
  span: Span;
}

/** `a and b and c`: n-ary, flattened (operands are never themselves `and`) */
export interface AndExpr {
  kind: 'and';
  operands: Expr[];
  span: Span;
}

export interface NotExpr {
  kind: 'not';
  operand: Expr;
  span: Span;
}

export interface CompareExpr {
  kind: 'compare';
  op: CompareOp;
  left: Expr;
  right: Expr;
  span: Span;
}

/** `x in [a, b]`: membership of a scalar in a list literal */
export interface InExpr {
  kind: 'in';
  value: Expr;
  list: Expr;
  span: Span;
  /** set by the checker: like `HasExpr.key`, when `value` is an object list element (rare) */
  key?: string | null;
}

/** `list has v` */
export interface HasExpr {
  kind: 'has';
  list: Expr;
  value: Expr;
  span: Span;
  /** set by the checker: when `list` is a list of objects, the key field compared
   * (`action` for `statement.actions has drop_table`); null for lists of scalars */
  key?: string | null;
}

/** `list has_any [a, b]` / `list has_all [a, b]` */
export interface HasAnyExpr {
  kind: 'has_any';
  list: Expr;
  values: Expr;
  span: Span;
  key?: string | null;
}

export interface HasAllExpr {
  kind: 'has_all';
  list: Expr;
  values: Expr;
  span: Span;
  key?: string | null;
}

/** `x like "glob"`: `*` any run, `?` one character, case-insensitive */
export interface LikeExpr {
  kind: 'like';
  value: Expr;
  pattern: StringLit;
  span: Span;
}

/** `x matches "regex"`: a JavaScript regular expression (no flags), validated by the checker */
export interface MatchesExpr {
  kind: 'matches';
  value: Expr;
  pattern: StringLit;
  span: Span;
}

export type QuantifierKind = 'any' | 'all' | 'none';

/** `any v in list where expr` (form `prefix`) or `list any v where expr` (form `postfix`).
 * `where` may be omitted: `any t in statement.tables` holds when the list is not empty
 * (`all` then always holds, `none` holds for an empty list). */
export interface QuantifierExpr {
  kind: 'quantifier';
  quantifier: QuantifierKind;
  variable: Name;
  list: Expr;
  where: Expr | null;
  form: 'prefix' | 'postfix';
  span: Span;
}

/** `count(list)` or `count(v in list where expr)` */
export interface CountExpr {
  kind: 'count';
  variable: Name | null;
  list: Expr;
  where: Expr | null;
  span: Span;
}

/** A field path: `statement.actions`, `principal.attributes.team`, `source`, `a.action` (where `a`
 * is a quantifier variable). */
export interface PathExpr {
  kind: 'path';
  segments: string[];
  /** one span per segment */
  segmentSpans: Span[];
  span: Span;
  /** set by the checker */
  resolved?: ResolvedPath;
}

export interface ResolvedPath {
  /** the type of the value at this path */
  type: ValueType;
  /** the quantifier variable the path starts from, or null for a root (`statement`, `principal`, ...) */
  variable: string | null;
  /** canonical field-table path, list elements written `[]`: `statement.actions[].action` */
  field: string;
}

export type CallName = 'tables_tagged' | 'reads_tagged' | 'writes_tagged';

/** `statement.tables_tagged(pii)`: a helper called on a path */
export interface CallExpr {
  kind: 'call';
  /** the receiver (`statement`) */
  target: PathExpr;
  /** as written; the checker validates it is a `CallName` */
  name: Name;
  args: Expr[];
  span: Span;
}

/** What the parser produces where an expression was expected but could not be read. A set with
 * error diagnostics is never compiled, so back ends may treat this node as unreachable. */
export interface ErrorExpr {
  kind: 'error';
  span: Span;
}

export type Expr =
  | OrExpr
  | AndExpr
  | NotExpr
  | CompareExpr
  | InExpr
  | HasExpr
  | HasAnyExpr
  | HasAllExpr
  | LikeExpr
  | MatchesExpr
  | QuantifierExpr
  | CountExpr
  | PathExpr
  | CallExpr
  | Literal
  | ErrorExpr;

// ---------------------------------------------------------------------------------------------
// Message templates: `"`{a.action}` on `{a.target}` has no WHERE"` pre-split into parts.
// `{{` and `}}` stand for literal braces.

export interface TemplateText {
  kind: 'text';
  value: string;
  span: Span;
}

export interface TemplateField {
  kind: 'field';
  path: PathExpr;
  span: Span;
}

export type TemplatePart = TemplateText | TemplateField;

export interface MessageTemplate {
  kind: 'template';
  /** the string value (escapes resolved), braces included */
  raw: string;
  parts: TemplatePart[];
  span: Span;
}

// ---------------------------------------------------------------------------------------------
// Effects

export interface DenyEffect {
  kind: 'deny';
  message: MessageTemplate | null;
  span: Span;
}

export interface WarnEffect {
  kind: 'warn';
  message: MessageTemplate | null;
  span: Span;
}

export interface AllowEffect {
  kind: 'allow';
  message: MessageTemplate | null;
  span: Span;
}

/** `review by ["dba"] min 1 expires 30m "message"` */
export interface ReviewEffect {
  kind: 'review';
  approvers: StringLit[];
  /** null: 1 */
  min: NumberLit | null;
  /** null: 1h */
  expires: DurationLit | null;
  message: MessageTemplate | null;
  span: Span;
}

export type MaskStrategy = 'full' | 'partial' | 'hash' | 'email' | 'last4' | 'null' | 'redact';

/** `mask tagged pii, users.email using partial "message"` */
export interface MaskEffect {
  kind: 'mask';
  selectors: MaskSelector[];
  /** as written; the checker validates it is a `MaskStrategy` */
  strategy: Name;
  message: MessageTemplate | null;
  span: Span;
}

export type EffectNode = DenyEffect | WarnEffect | AllowEffect | ReviewEffect | MaskEffect;

/** `tagged pii` */
export interface TaggedSelector {
  kind: 'tagged';
  tag: Name;
  span: Span;
}

/** `users.email`, `*.ssn`, `customers.*phone*`, `public.users.email`: `*` globs per segment */
export interface ColumnSelector {
  kind: 'column';
  /** as written, segments joined with `.` */
  pattern: string;
  segments: string[];
  span: Span;
}

export type MaskSelector = TaggedSelector | ColumnSelector;

// ---------------------------------------------------------------------------------------------
// Rules

export interface CategoryItem { kind: 'category'; value: Name; span: Span }
export interface SeverityItem { kind: 'severity'; value: Name; span: Span }
export interface DescriptionItem { kind: 'description'; value: StringLit; span: Span }
export interface DocsItem { kind: 'docs'; value: StringLit; span: Span }
export interface DialectsItem { kind: 'dialects'; values: Name[]; span: Span }
export interface SourcesItem { kind: 'sources'; values: Name[]; span: Span }
export interface FixItem { kind: 'fix'; value: Name; span: Span }
export interface WhenItem { kind: 'when'; expr: Expr; span: Span }
export interface UnlessItem { kind: 'unless'; expr: Expr; span: Span }

export type RuleItem =
  | CategoryItem
  | SeverityItem
  | DescriptionItem
  | DocsItem
  | DialectsItem
  | SourcesItem
  | FixItem
  | WhenItem
  | UnlessItem
  | EffectNode;

export interface RuleAst {
  kind: 'rule';
  file: string;
  /** `policy.rule` */
  id: string;
  /** the enclosing policy's name */
  policy: string;
  name: string;
  nameSpan: Span;
  /** first occurrence of each single item (a repeated item is a diagnostic) */
  category: Name | null;
  severity: Name | null;
  description: StringLit | null;
  docs: StringLit | null;
  dialects: Name[] | null;
  sources: Name[] | null;
  fix: Name | null;
  /** every `when`, in order: joined with `and` */
  when: Expr[];
  /** every `unless`, in order: joined with `or` */
  unless: Expr[];
  effect: EffectNode | null;
  /** every item in source order (formatter, editor) */
  items: RuleItem[];
  span: Span;
}

// ---------------------------------------------------------------------------------------------
// Policies

export interface AppliesItem { kind: 'applies'; expr: Expr; span: Span }

/** `default allow` / `default deny "message"` */
export interface DefaultAst {
  kind: 'default';
  effect: EffectNode;
  span: Span;
}

/** `on unparsed deny "message"` */
export interface OnUnparsedAst {
  kind: 'on_unparsed';
  effect: EffectNode;
  span: Span;
}

export type PolicyItem = DescriptionItem | AppliesItem | DefaultAst | OnUnparsedAst | RuleAst;

export interface PolicyAst {
  kind: 'policy';
  file: string;
  name: string;
  nameSpan: Span;
  description: StringLit | null;
  applies: Expr | null;
  default: DefaultAst | null;
  onUnparsed: OnUnparsedAst | null;
  rules: RuleAst[];
  /** every item in source order */
  items: PolicyItem[];
  span: Span;
}

// ---------------------------------------------------------------------------------------------
// Tags

/** `tag pii on users.email, users.ssn, customers.*phone*` */
export interface TagAst {
  kind: 'tag';
  file: string;
  name: Name;
  selectors: ColumnSelector[];
  span: Span;
}

// ---------------------------------------------------------------------------------------------
// Tests

/** `{ id "ana" kind human groups ["dba"] }` */
export interface ObjectLit {
  kind: 'object';
  entries: ObjectEntry[];
  span: Span;
}

export interface ObjectEntry {
  kind: 'entry';
  key: Name;
  /** a literal, or a nested object (`attributes { team "core" }`) */
  value: Literal | ObjectLit;
  span: Span;
}

export interface SqlItem { kind: 'sql'; value: StringLit; span: Span }
export interface DialectItem { kind: 'dialect'; value: Name; span: Span }
export interface PrincipalItem { kind: 'principal'; value: ObjectLit; span: Span }
export interface ConnectionItem { kind: 'connection'; value: ObjectLit; span: Span }
export interface SourceItem { kind: 'source'; value: Name; span: Span }
export interface TimeItem { kind: 'time'; value: ObjectLit; span: Span }
export interface RequestItem { kind: 'request'; value: ObjectLit; span: Span }
/** `assumeInTransaction true` (or `always`, `false`): the analyze option of the same name; the
 * checker accepts only those three values */
export interface AssumeInTransactionItem { kind: 'assumeInTransaction'; value: Literal; span: Span }

/** `expect review fired [prod_guardrails.agent_writes_need_review]` */
export interface ExpectItem {
  kind: 'expect';
  effect: Name;
  /** rule ids (`policy.rule`) as written; null when not given */
  fired: Name[] | null;
  span: Span;
}

export type TestItem =
  | SqlItem
  | DialectItem
  | PrincipalItem
  | ConnectionItem
  | SourceItem
  | TimeItem
  | RequestItem
  | AssumeInTransactionItem
  | ExpectItem;

export interface TestAst {
  kind: 'test';
  file: string;
  name: StringLit;
  sql: StringLit | null;
  dialect: Name | null;
  principal: ObjectLit | null;
  connection: ObjectLit | null;
  source: Name | null;
  time: ObjectLit | null;
  request: ObjectLit | null;
  assumeInTransaction: Literal | null;
  expect: ExpectItem | null;
  items: TestItem[];
  span: Span;
}

// ---------------------------------------------------------------------------------------------
// Files

export type TopItem = PolicyAst | TagAst | TestAst;

export interface PolicyFileAst {
  kind: 'file';
  file: string;
  items: TopItem[];
  comments: Comment[];
  span: Span;
}

// ---------------------------------------------------------------------------------------------
// Types of values (the field table, compiler/schema/fields.ts, is written with these)

export type ValueType =
  | { kind: 'string'; /** values are tag names, which may be written as bare identifiers */ tag?: boolean }
  | { kind: 'number' }
  | { kind: 'bool' }
  | { kind: 'duration' }
  | { kind: 'null' }
  /** string | number | bool (principal.attributes.*) */
  | { kind: 'scalar' }
  | {
      kind: 'enum';
      name: string;
      /** values as written in policies (identifiers) */
      values: readonly string[];
      /** runtime spelling when it differs (`access_exclusive` → `ACCESS EXCLUSIVE`) */
      runtime?: Readonly<Record<string, string>>;
    }
  | { kind: 'list'; element: ValueType }
  /** string-keyed map: any `.name` segment reads a value of type `value` (principal.attributes) */
  | { kind: 'map'; value: ValueType }
  | {
      kind: 'object';
      name: string;
      fields: Readonly<Record<string, ValueType>>;
      /** the field a list of these compares by against a scalar (`action` for ActionFact), or null */
      key: string | null;
    }
  /** e.g. `number | all | param | null` for `statement.limit` */
  | { kind: 'union'; types: readonly ValueType[] };

// ---------------------------------------------------------------------------------------------
// The checked policy set: what `loadPolicySet` returns and back ends compile.
// Expressions are the AST's, annotated in place by the checker (`PathExpr.resolved`,
// `EnumLit.resolved`, `HasExpr.key`, ...). Never compile a set that came with error diagnostics.

export type CheckedEffect =
  | { kind: 'deny' | 'warn' | 'allow'; message: MessageTemplate | null; span: Span }
  | {
      kind: 'review';
      approvers: string[];
      minApprovals: number;
      /** seconds */
      expiresIn: number;
      message: MessageTemplate | null;
      span: Span;
    }
  | {
      kind: 'mask';
      selectors: MaskSelector[];
      strategy: MaskStrategy;
      message: MessageTemplate | null;
      span: Span;
    };

export interface CheckedRule {
  kind: 'checked_rule';
  id: string;
  policy: string;
  name: string;
  file: string;
  span: Span;
  category: string;
  /** defaulted: `error` for deny, `warning` otherwise */
  severity: Severity;
  description: string | null;
  docs: string | null;
  /** null: all */
  dialects: Dialect[] | null;
  /** null: all */
  sources: Source[] | null;
  fix: string | null;
  /** joined with `and`; never empty for a checked rule */
  when: Expr[];
  /** joined with `or` */
  unless: Expr[];
  effect: CheckedEffect;
  ast: RuleAst;
}

export interface CheckedPolicy {
  kind: 'checked_policy';
  name: string;
  file: string;
  span: Span;
  description: string | null;
  /** null: always applies */
  applies: Expr | null;
  /** defaulted: allow */
  default: CheckedEffect;
  /** defaulted: deny "statement could not be parsed" */
  onUnparsed: CheckedEffect;
  rules: CheckedRule[];
  ast: PolicyAst;
}

export interface CheckedTag {
  kind: 'checked_tag';
  name: string;
  file: string;
  span: Span;
  /** column patterns as written (`users.email`, `customers.*phone*`) */
  selectors: string[];
  ast: TagAst;
}

export interface CheckedTest {
  kind: 'checked_test';
  name: string;
  file: string;
  span: Span;
  sql: string;
  dialect: Dialect | null;
  /** only the fields the test sets */
  principal: {
    id?: string;
    kind?: 'human' | 'agent' | 'service';
    groups?: string[];
    attributes?: Record<string, string | number | boolean>;
  };
  connection: { name?: string; env?: string; dialect?: Dialect; database?: string };
  source: Source | null;
  time: { iso?: string; hour?: number; weekday?: number };
  request: { statementCount?: number };
  /** the analyze option; false when the test does not set it */
  assumeInTransaction: boolean | 'always';
  expect: { effect: Effect; fired: string[] | null; span: Span };
  ast: TestAst;
}

export interface CheckedPolicySet {
  kind: 'policy_set';
  /** files in the order given */
  files: string[];
  /** in file order, then source order */
  policies: CheckedPolicy[];
  tags: CheckedTag[];
  tests: CheckedTest[];
}
