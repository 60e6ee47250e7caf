// Stage 2: tokens to a concrete syntax tree. One chevrotain CstParser, created on first use and
// reused (building it runs the grammar analysis, which is the slow part). Error recovery is on, so
// every syntax error of a file is reported in one pass; messages are rewritten into the house style
// by `errorMessageProvider`.
import { CstParser, EOF, type CstNode, type IToken, type IRecognitionException, type TokenType, type IParserErrorMessageProvider } from 'chevrotain';
import * as T from './tokens.js';
import { didYouMean } from './diagnostics.js';
import type { LineToken } from './lexer.js';

/** separates the message from the help text inside chevrotain's single message string */
export const HELP_SEPARATOR = '\u0001';

/** words a grammar rule expects at its start, for "did you mean" on misspelt keywords */
const ruleWords: Record<string, string[]> = {
  topItem: T.TOP_ITEM_WORDS,
  policyItem: T.POLICY_ITEM_WORDS,
  ruleItem: T.RULE_ITEM_WORDS,
  effect: T.EFFECT_WORDS,
  testItem: T.TEST_ITEM_WORDS,
};

const ruleNouns: Record<string, string> = {
  file: '`policy`, `tag` or `test`',
  topItem: '`policy`, `tag` or `test`',
  policyItem: 'a policy item (`description`, `applies when`, `default`, `on unparsed`, `rule`)',
  ruleItem: 'a rule item (`category`, `when`, `unless`, `deny`, ...)',
  effect: 'an effect (`deny`, `warn`, `allow`, `review`, `mask`)',
  testItem: 'a test item (`sql`, `principal`, `connection`, `expect`, ...)',
  expr: 'an expression',
  andExpr: 'an expression',
  notExpr: 'an expression',
  relExpr: 'an expression',
  primary: 'an expression',
  literal: 'a value',
  entryValue: 'a value',
  maskSelector: 'a column selector (`tagged pii`, `users.email`, `*.ssn`)',
  columnSelector: 'a column selector (`users.email`, `*.ssn`)',
  selectorSegment: 'a column name or pattern',
  tagName: 'a tag name',
  skipBlock: '`}`',
  countExpr: 'a list (`count(statement.tables)`)',
  tagDecl: 'a column selector (`users.email`, `*.ssn`)',
  maskEffect: 'a column selector (`tagged pii`, `users.email`, `*.ssn`)',
  name: 'a name',
};

function describeActual(t: IToken): string {
  if (t.tokenType === EOF) return 'end of file';
  if (t.tokenType === T.StringLit) return 'string `' + t.image.slice(1, -1).slice(0, 30) + '`';
  return '`' + t.image.slice(0, 30) + '`';
}

function nounFor(ruleName: string): string {
  return ruleNouns[ruleName] ?? 'more input';
}

function misspelt(actual: IToken, ruleName: string): string {
  if (actual.tokenType !== T.Ident) return '';
  const words = ruleWords[ruleName];
  if (!words) return '';
  const s = didYouMean(actual.image, words);
  return s === null ? '' : `${HELP_SEPARATOR}did you mean \`${s}\`?`;
}

function firstTokens(paths: TokenType[][]): string[] {
  const seen = new Set<string>();
  for (const p of paths) if (p.length > 0) seen.add(T.describeTokenType(p[0]));
  return [...seen];
}

function list(words: string[]): string {
  if (words.length <= 1) return words[0] ?? 'more input';
  if (words.length > 5) return words.slice(0, 5).join(', ') + ', ...';
  return words.slice(0, -1).join(', ') + ' or ' + words[words.length - 1];
}

/** a rule written outside a policy */
function topLevelHelp(actual: IToken): string {
  return actual.tokenType === T.Rule ? `${HELP_SEPARATOR}rules are written inside a policy: \`policy p { rule r { ... } }\`` : misspelt(actual, 'topItem');
}

const QUANTIFIERS = new Set<TokenType>([T.AnyKw, T.All, T.None]);
const BINARY_OPERATORS = new Set<TokenType>([T.EqEq, T.NotEq, T.LtEq, T.GtEq, T.Lt, T.Gt, T.In, T.Has, T.HasAny, T.HasAll, T.Like, T.Matches]);

const messages: IParserErrorMessageProvider = {
  buildMismatchTokenMessage({ expected, actual, ruleName }) {
    if (expected === EOF) return `expected ${nounFor('topItem')}, found ${describeActual(actual)}` + topLevelHelp(actual);
    return `expected ${T.describeTokenType(expected)}, found ${describeActual(actual)}` + misspelt(actual, ruleName);
  },
  buildNotAllInputParsedMessage({ firstRedundant }) {
    return `expected ${nounFor('topItem')}, found ${describeActual(firstRedundant)}` + topLevelHelp(firstRedundant);
  },
  buildNoViableAltMessage({ expectedPathsPerAlt, actual, previous, ruleName }) {
    if (QUANTIFIERS.has(actual[0].tokenType)) {
      const q = actual[0].image;
      return `\`${q}\` needs a variable and a list${HELP_SEPARATOR}write \`${q} a in statement.actions where a.action == delete\``;
    }
    const noun = ruleNouns[ruleName] ?? list(firstTokens(expectedPathsPerAlt.flat()));
    if (actual[0].tokenType === T.Like && actual[1]?.tokenType === T.StringLit && !BINARY_OPERATORS.has(previous?.tokenType)) {
      return `expected ${noun}, found \`like\`${HELP_SEPARATOR}\`like\` needs a value on its left: \`statement.text like "*pg_*"\``;
    }
    return `expected ${noun}, found ${describeActual(actual[0])}` + misspelt(actual[0], ruleName);
  },
  buildEarlyExitMessage({ expectedIterationPaths, actual, ruleName }) {
    const noun = ruleNouns[ruleName] ?? list(firstTokens(expectedIterationPaths));
    return `expected ${noun}, found ${describeActual(actual[0])}`;
  },
};

export class PolicyParser extends CstParser {
  constructor() {
    super(T.allTokens, { recoveryEnabled: true, maxLookahead: 4, nodeLocationTracking: 'onlyOffset', errorMessageProvider: messages });
    this.performSelfAnalysis();
  }

  file = this.RULE('file', () => {
    this.MANY(() => this.SUBRULE(this.topItem));
  });

  topItem = this.RULE('topItem', () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.policyDecl) },
      { ALT: () => this.SUBRULE(this.tagDecl) },
      { ALT: () => this.SUBRULE(this.testDecl) },
      { ALT: () => this.SUBRULE(this.unknownItem) },
    ]);
  });

  /** a misspelt or unknown item: the identifier and the rest of its line (reported by cst-to-ast) */
  unknownItem = this.RULE('unknownItem', () => {
    const head = this.CONSUME(T.Ident);
    const sameLine = (t: TokenType) => this.LA(1).tokenType !== EOF && this.LA(1).tokenType !== T.RCurly && (this.LA(1).tokenType === T.LCurly) === (t === T.LCurly) && lineOf(this.LA(1)) === lineOf(head);
    this.MANY({ GATE: () => sameLine(T.AnyToken), DEF: () => this.CONSUME(T.AnyToken) });
    // a block opened on the item's line belongs to it
    this.OPTION({
      GATE: () => sameLine(T.LCurly),
      DEF: () => {
        this.CONSUME(T.LCurly);
        this.SUBRULE(this.skipBlock);
      },
    });
  });

  /** the rest of a `{ ... }` block whose opening brace was already consumed, braces balanced */
  skipBlock = this.RULE('skipBlock', () => {
    this.MANY({
      GATE: () => this.LA(1).tokenType !== T.RCurly && this.LA(1).tokenType !== EOF,
      DEF: () =>
        this.OR([
          { ALT: () => { this.CONSUME(T.LCurly); this.SUBRULE(this.skipBlock); } },
          { GATE: () => this.LA(1).tokenType !== T.LCurly, ALT: () => this.CONSUME(T.AnyToken) },
        ]),
    });
    this.CONSUME(T.RCurly);
  });

  policyDecl = this.RULE('policyDecl', () => {
    this.CONSUME(T.Policy);
    this.SUBRULE(this.name);
    this.CONSUME(T.LCurly);
    this.MANY(() => this.SUBRULE(this.policyItem));
    this.CONSUME(T.RCurly);
  });

  policyItem = this.RULE('policyItem', () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.descriptionItem) },
      { ALT: () => this.SUBRULE(this.appliesItem) },
      { ALT: () => this.SUBRULE(this.defaultItem) },
      { ALT: () => this.SUBRULE(this.onUnparsedItem) },
      { ALT: () => this.SUBRULE(this.ruleDecl) },
      { ALT: () => this.SUBRULE(this.unknownItem) },
    ]);
  });

  descriptionItem = this.RULE('descriptionItem', () => {
    this.CONSUME(T.Description);
    this.CONSUME(T.StringLit);
  });

  appliesItem = this.RULE('appliesItem', () => {
    this.CONSUME(T.Applies);
    this.CONSUME(T.When);
    this.SUBRULE(this.expr);
  });

  defaultItem = this.RULE('defaultItem', () => {
    this.CONSUME(T.Default);
    this.SUBRULE(this.effect);
  });

  onUnparsedItem = this.RULE('onUnparsedItem', () => {
    this.CONSUME(T.On);
    this.CONSUME(T.Unparsed);
    this.SUBRULE(this.effect);
  });

  ruleDecl = this.RULE('ruleDecl', () => {
    this.CONSUME(T.Rule);
    this.SUBRULE(this.name);
    this.CONSUME(T.LCurly);
    this.MANY(() => this.SUBRULE(this.ruleItem));
    this.CONSUME(T.RCurly);
  });

  ruleItem = this.RULE('ruleItem', () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.categoryItem) },
      { ALT: () => this.SUBRULE(this.severityItem) },
      { ALT: () => this.SUBRULE(this.descriptionItem) },
      { ALT: () => this.SUBRULE(this.docsItem) },
      { ALT: () => this.SUBRULE(this.dialectsItem) },
      { ALT: () => this.SUBRULE(this.sourcesItem) },
      { ALT: () => this.SUBRULE(this.fixItem) },
      { ALT: () => this.SUBRULE(this.whenItem) },
      { ALT: () => this.SUBRULE(this.unlessItem) },
      { ALT: () => this.SUBRULE(this.effect) },
      { ALT: () => this.SUBRULE(this.unknownItem) },
    ]);
  });

  categoryItem = this.RULE('categoryItem', () => {
    this.CONSUME(T.Category);
    this.SUBRULE(this.name);
  });
  severityItem = this.RULE('severityItem', () => {
    this.CONSUME(T.Severity);
    this.SUBRULE(this.name);
  });
  docsItem = this.RULE('docsItem', () => {
    this.CONSUME(T.Docs);
    this.CONSUME(T.StringLit);
  });
  dialectsItem = this.RULE('dialectsItem', () => {
    this.CONSUME(T.Dialects);
    this.SUBRULE(this.nameList);
  });
  sourcesItem = this.RULE('sourcesItem', () => {
    this.CONSUME(T.Sources);
    this.SUBRULE(this.nameList);
  });
  fixItem = this.RULE('fixItem', () => {
    this.CONSUME(T.Fix);
    this.SUBRULE(this.name);
  });
  whenItem = this.RULE('whenItem', () => {
    this.CONSUME(T.When);
    this.SUBRULE(this.expr);
  });
  unlessItem = this.RULE('unlessItem', () => {
    this.CONSUME(T.Unless);
    this.SUBRULE(this.expr);
  });

  nameList = this.RULE('nameList', () => {
    this.CONSUME(T.LSquare);
    this.MANY_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.name) });
    this.OPTION(() => this.CONSUME(T.Comma));
    this.CONSUME(T.RSquare);
  });

  /** any name, soft keywords included */
  name = this.RULE('name', () => {
    this.CONSUME(T.Name);
  });

  effect = this.RULE('effect', () => {
    this.OR([
      { ALT: () => { this.CONSUME(T.Deny); this.OPTION(() => this.CONSUME(T.StringLit)); } },
      { ALT: () => { this.CONSUME(T.Warn); this.OPTION1(() => this.CONSUME1(T.StringLit)); } },
      { ALT: () => { this.CONSUME(T.Allow); this.OPTION2(() => this.CONSUME2(T.StringLit)); } },
      { ALT: () => this.SUBRULE(this.reviewEffect) },
      { ALT: () => this.SUBRULE(this.maskEffect) },
    ]);
  });

  reviewEffect = this.RULE('reviewEffect', () => {
    this.CONSUME(T.Review);
    this.CONSUME(T.By);
    this.CONSUME(T.LSquare);
    this.MANY_SEP({ SEP: T.Comma, DEF: () => this.CONSUME(T.StringLit, { LABEL: 'approver' }) });
    this.OPTION(() => this.CONSUME1(T.Comma));
    this.CONSUME(T.RSquare);
    this.OPTION1(() => {
      this.CONSUME(T.Min);
      this.CONSUME(T.NumberLit);
    });
    this.OPTION2(() => {
      this.CONSUME(T.Expires);
      this.CONSUME(T.Duration);
    });
    this.OPTION3(() => this.CONSUME1(T.StringLit, { LABEL: 'message' }));
  });

  maskEffect = this.RULE('maskEffect', () => {
    this.CONSUME(T.Mask);
    this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.maskSelector) });
    this.CONSUME(T.Using);
    // `null` is a keyword and a strategy
    this.OR([{ ALT: () => this.CONSUME(T.Name, { LABEL: 'strategy' }) }, { ALT: () => this.CONSUME(T.Null, { LABEL: 'strategy' }) }]);
    this.OPTION(() => this.CONSUME(T.StringLit));
  });

  maskSelector = this.RULE('maskSelector', () => {
    this.OR([
      { ALT: () => { this.CONSUME(T.Tagged); this.SUBRULE(this.tagName); } },
      { ALT: () => this.SUBRULE(this.columnSelector) },
    ]);
  });

  /** the tag of `tagged <tag>`: any name but `using`, which ends the selectors */
  tagName = this.RULE('tagName', () => {
    this.OR([{ GATE: () => this.LA(1).tokenType !== T.Using, ALT: () => this.CONSUME(T.Name) }]);
  });

  columnSelector = this.RULE('columnSelector', () => {
    this.SUBRULE(this.selectorSegment);
    this.MANY(() => {
      this.CONSUME(T.Dot);
      this.SUBRULE1(this.selectorSegment);
    });
  });

  selectorSegment = this.RULE('selectorSegment', () => {
    this.OR([
      {
        // `using` ends the selectors of a mask; an item word opening a line starts the next item
        GATE: () => this.LA(1).tokenType !== T.Using && !(ITEM_STARTS.has(this.LA(1).tokenType) && (this.LA(1) as LineToken).startsLine === true),
        ALT: () => this.CONSUME(T.Word),
      },
      { ALT: () => this.CONSUME(T.Glob) },
    ]);
  });

  tagDecl = this.RULE('tagDecl', () => {
    this.CONSUME(T.Tag);
    this.SUBRULE(this.name);
    this.CONSUME(T.On);
    this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.columnSelector) });
  });

  testDecl = this.RULE('testDecl', () => {
    this.CONSUME(T.Test);
    this.CONSUME(T.StringLit);
    this.CONSUME(T.LCurly);
    this.MANY(() => this.SUBRULE(this.testItem));
    this.CONSUME(T.RCurly);
  });

  testItem = this.RULE('testItem', () => {
    this.OR([
      { ALT: () => { this.CONSUME(T.Sql); this.CONSUME(T.StringLit); } },
      { ALT: () => { this.CONSUME(T.DialectKw); this.SUBRULE(this.name); } },
      { ALT: () => { this.CONSUME(T.Principal); this.SUBRULE(this.objectLit); } },
      { ALT: () => { this.CONSUME(T.Connection); this.SUBRULE1(this.objectLit); } },
      { ALT: () => { this.CONSUME(T.SourceKw); this.SUBRULE1(this.name); } },
      { ALT: () => { this.CONSUME(T.Time); this.SUBRULE2(this.objectLit); } },
      { ALT: () => { this.CONSUME(T.Request); this.SUBRULE3(this.objectLit); } },
      // `true`, `false` or `always`; any other value is the checker's to report
      { ALT: () => { this.CONSUME(T.AssumeInTransaction); this.SUBRULE(this.literal); } },
      { ALT: () => this.SUBRULE(this.expectItem) },
      { ALT: () => this.SUBRULE(this.unknownItem) },
    ]);
  });

  expectItem = this.RULE('expectItem', () => {
    this.CONSUME(T.Expect);
    this.SUBRULE(this.name);
    this.OPTION(() => {
      this.CONSUME(T.Fired);
      this.CONSUME(T.LSquare);
      this.MANY_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.ruleRef) });
      this.OPTION1(() => this.CONSUME1(T.Comma));
      this.CONSUME(T.RSquare);
    });
  });

  ruleRef = this.RULE('ruleRef', () => {
    this.SUBRULE(this.name);
    this.CONSUME(T.Dot);
    this.SUBRULE1(this.name);
  });

  objectLit = this.RULE('objectLit', () => {
    this.CONSUME(T.LCurly);
    this.MANY(() => this.SUBRULE(this.objectEntry));
    this.CONSUME(T.RCurly);
  });

  objectEntry = this.RULE('objectEntry', () => {
    this.SUBRULE(this.name);
    this.SUBRULE(this.entryValue);
  });

  entryValue = this.RULE('entryValue', () => {
    this.OR([{ ALT: () => this.SUBRULE(this.objectLit) }, { ALT: () => this.SUBRULE(this.literal) }]);
  });

  /** constant values: strings, numbers, durations, booleans, null, lists, bare names */
  literal = this.RULE('literal', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.StringLit) },
      { ALT: () => this.CONSUME(T.NumberLit) },
      { ALT: () => this.CONSUME(T.Duration) },
      { ALT: () => this.CONSUME(T.True) },
      { ALT: () => this.CONSUME(T.False) },
      { ALT: () => this.CONSUME(T.Null) },
      { ALT: () => this.CONSUME(T.Name) },
      { ALT: () => this.SUBRULE(this.listLit) },
    ]);
  });

  // ---- expressions: or < and < not < comparison/membership < primary

  expr = this.RULE('expr', () => {
    this.SUBRULE(this.andExpr);
    this.MANY(() => {
      this.CONSUME(T.Or);
      this.SUBRULE1(this.andExpr);
    });
  });

  andExpr = this.RULE('andExpr', () => {
    this.SUBRULE(this.notExpr);
    this.MANY(() => {
      this.CONSUME(T.And);
      this.SUBRULE1(this.notExpr);
    });
  });

  notExpr = this.RULE('notExpr', () => {
    this.OR([
      { ALT: () => { this.CONSUME(T.Not); this.SUBRULE(this.notExpr); } },
      // `all`/`none` also stand alone as enum values: only `all x in` starts a quantifier
      { GATE: () => this.LA(3).tokenType === T.In, ALT: () => this.SUBRULE(this.quantifier) },
      { ALT: () => this.SUBRULE(this.relExpr) },
    ]);
  });

  /** `any v in list [where expr]`; the body extends as far as possible (parenthesise to stop it) */
  quantifier = this.RULE('quantifier', () => {
    this.OR([{ ALT: () => this.CONSUME(T.AnyKw) }, { ALT: () => this.CONSUME(T.All) }, { ALT: () => this.CONSUME(T.None) }]);
    this.SUBRULE(this.name);
    this.CONSUME(T.In);
    this.SUBRULE(this.primary);
    this.OPTION(() => {
      this.CONSUME(T.Where);
      this.SUBRULE(this.expr);
    });
  });

  relExpr = this.RULE('relExpr', () => {
    this.SUBRULE(this.primary, { LABEL: 'left' });
    this.OPTION(() =>
      this.OR([
        {
          ALT: () => {
            this.OR1([
              { ALT: () => this.CONSUME(T.EqEq, { LABEL: 'op' }) },
              { ALT: () => this.CONSUME(T.NotEq, { LABEL: 'op' }) },
              { ALT: () => this.CONSUME(T.LtEq, { LABEL: 'op' }) },
              { ALT: () => this.CONSUME(T.GtEq, { LABEL: 'op' }) },
              { ALT: () => this.CONSUME(T.Lt, { LABEL: 'op' }) },
              { ALT: () => this.CONSUME(T.Gt, { LABEL: 'op' }) },
              { ALT: () => this.CONSUME(T.In, { LABEL: 'op' }) },
              { ALT: () => this.CONSUME(T.Has, { LABEL: 'op' }) },
              { ALT: () => this.CONSUME(T.HasAny, { LABEL: 'op' }) },
              { ALT: () => this.CONSUME(T.HasAll, { LABEL: 'op' }) },
              { ALT: () => this.CONSUME(T.Like, { LABEL: 'op' }) },
              { ALT: () => this.CONSUME(T.Matches, { LABEL: 'op' }) },
            ]);
            this.SUBRULE1(this.primary, { LABEL: 'right' });
          },
        },
        {
          // postfix quantifier: `list any v where expr`
          ALT: () => {
            this.OR2([
              { ALT: () => this.CONSUME(T.AnyKw, { LABEL: 'quant' }) },
              { ALT: () => this.CONSUME(T.All, { LABEL: 'quant' }) },
              { ALT: () => this.CONSUME(T.None, { LABEL: 'quant' }) },
            ]);
            this.SUBRULE(this.name);
            this.CONSUME(T.Where);
            this.SUBRULE(this.expr);
          },
        },
      ]),
    );
  });

  primary = this.RULE('primary', () => {
    this.OR([
      {
        // an item keyword opening a line starts the next item, not an operand: `when x ==` then `deny "..."`
        GATE: () => !(ITEM_STARTS.has(this.LA(1).tokenType) && (this.LA(1) as LineToken).startsLine === true),
        ALT: () => this.SUBRULE(this.pathOrName),
      },
      { ALT: () => this.SUBRULE(this.countExpr) },
      { ALT: () => { this.CONSUME(T.LParen); this.SUBRULE(this.expr); this.CONSUME(T.RParen); } },
      { ALT: () => this.SUBRULE(this.listLit) },
      { ALT: () => this.CONSUME(T.StringLit) },
      { ALT: () => this.CONSUME(T.NumberLit) },
      { ALT: () => this.CONSUME(T.Duration) },
      { ALT: () => this.CONSUME(T.True) },
      { ALT: () => this.CONSUME(T.False) },
      { ALT: () => this.CONSUME(T.Null) },
      // `all`, `none` and `like` are also enum values (`statement.limit == all`, `p.operator in [like, similar]`):
      // an operand never starts with an operator, so here they are values and after an operand keywords;
      // `like "pat"` is the operator missing its left operand (no operand is followed by a string)
      {
        GATE: () => !(this.LA(1).tokenType === T.Like && this.LA(2).tokenType === T.StringLit),
        ALT: () => this.CONSUME(T.EnumKeyword, { LABEL: 'enumKw' }),
      },
    ]);
  });

  /** `a.b.c`, `statement.tables_tagged(pii)`, or a bare name (a variable, a root, an enum value) */
  pathOrName = this.RULE('pathOrName', () => {
    this.CONSUME(T.Name, { LABEL: 'segment' });
    this.MANY(() => {
      this.CONSUME(T.Dot);
      this.CONSUME(T.Word, { LABEL: 'segment' });
    });
    this.OPTION(() => {
      this.CONSUME(T.LParen);
      this.MANY_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.expr, { LABEL: 'arg' }) });
      this.CONSUME(T.RParen);
    });
  });

  countExpr = this.RULE('countExpr', () => {
    this.CONSUME(T.Count);
    this.CONSUME(T.LParen);
    this.OR([
      {
        ALT: () => {
          this.SUBRULE(this.name, { LABEL: 'variable' });
          this.CONSUME(T.In);
          this.SUBRULE(this.primary, { LABEL: 'list' });
          this.OPTION(() => {
            this.CONSUME(T.Where);
            this.SUBRULE(this.expr, { LABEL: 'where' });
          });
        },
      },
      { ALT: () => this.SUBRULE1(this.primary, { LABEL: 'list' }) },
    ]);
    this.CONSUME(T.RParen);
  });

  listLit = this.RULE('listLit', () => {
    this.CONSUME(T.LSquare);
    this.MANY_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.expr, { LABEL: 'item' }) });
    this.OPTION(() => this.CONSUME1(T.Comma));
    this.CONSUME(T.RSquare);
  });
}

/** soft keywords that start items and are never path roots */
const ITEM_STARTS = new Set<TokenType>([
  T.Policy, T.Rule, T.Tag, T.Test, T.Description, T.Applies, T.When, T.Unless, T.Default, T.On, T.Category, T.Severity,
  T.Docs, T.Dialects, T.Sources, T.Fix, T.Deny, T.Warn, T.Allow, T.Review, T.Mask, T.Sql, T.DialectKw, T.AssumeInTransaction, T.Expect,
]);

/** the 1-based line of a token (the lexer fills `startLine`); inserted tokens have none */
function lineOf(t: IToken): number {
  return t.startLine ?? -1;
}

let instance: PolicyParser | undefined;

/** the one parser instance (built on first use) */
export function getParser(): PolicyParser {
  instance ??= new PolicyParser();
  return instance;
}

export interface ParseResult {
  cst: CstNode;
  errors: IRecognitionException[];
}

/** parse a token stream from `lex` (tokens carry `startLine`) */
export function parseTokens(tokens: IToken[]): ParseResult {
  const p = getParser();
  p.input = tokens;
  const cst = p.file();
  const errors = p.errors;
  return { cst, errors };
}
