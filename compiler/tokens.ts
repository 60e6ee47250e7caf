// Token definitions of the policy language. Keywords come in two kinds:
// - hard keywords (`and`, `or`, `not`, `in`, `has`, `like`, `where`, `count`, `true`, ...) are
//   operators and never names; the few that are also enum values of the fact model (`all`, `none`,
//   `like`) are in the `EnumKeyword` category and stand as enum literals where an operand starts;
// - soft keywords (`policy`, `rule`, `when`, `deny`, `source`, `principal`, ...) start items but
//   stay usable as names (path segments, enum values, object keys): they are in the `Name` category.
// `Ident` is in `Name` too, so the grammar consumes `Name` wherever any name will do.
import { createToken, Lexer, type TokenType } from 'chevrotain';

export const Name = createToken({ name: 'Name', pattern: Lexer.NA });
/** any word, hard keywords included: path segments after `.` (`a.where`) and column selectors */
export const Word = createToken({ name: 'Word', pattern: Lexer.NA });
/** every token, so an unknown item can swallow the rest of its line */
export const AnyToken = createToken({ name: 'AnyToken', pattern: Lexer.NA });
/** hard keywords that are also enum values (`statement.limit == all`, `p.operator == like`): where an
 * operand starts they are enum literals, elsewhere keywords (a test keeps this equal to the schema's clashes) */
export const EnumKeyword = createToken({ name: 'EnumKeyword', pattern: Lexer.NA });

export const WhiteSpace = createToken({ name: 'WhiteSpace', pattern: /[ \t\r\n\f\v\u00a0\ufeff]+/, group: Lexer.SKIPPED });
export const Comment = createToken({ name: 'Comment', pattern: /#[^\n\r]*/, group: 'comments' });

/** identifiers with `*` globs, for column selectors (`customers.*phone*`, `*.ssn`) */
export const Glob = createToken({ name: 'Glob', pattern: /[A-Za-z0-9_]*\*[A-Za-z0-9_*]*/, categories: [AnyToken] });
/** names may contain inner dashes (`dynamic-sql`); there is no subtraction */
export const Ident = createToken({ name: 'Ident', pattern: /[A-Za-z_][A-Za-z0-9_]*(?:-[A-Za-z0-9_]+)*/, categories: [Name, Word, AnyToken] });

const keywordWords = new Map<TokenType, string>();

/** @param enumValue a hard keyword that is also an enum value of the fact model */
function keyword(word: string, soft: boolean, enumValue = false): TokenType {
  const name = word[0].toUpperCase() + word.slice(1).replace(/_(\w)/g, (_, c: string) => c.toUpperCase());
  const t = createToken({
    name: 'Kw' + name,
    pattern: new RegExp(word + '(?![A-Za-z0-9_])'),
    longer_alt: Ident,
    categories: soft ? [Name, Word, AnyToken] : enumValue ? [EnumKeyword, Word, AnyToken] : [Word, AnyToken],
  });
  keywordWords.set(t, word);
  return t;
}

// hard keywords (order: longer words sharing a prefix first)
export const HasAny = keyword('has_any', false);
export const HasAll = keyword('has_all', false);
export const Has = keyword('has', false);
export const And = keyword('and', false);
export const Or = keyword('or', false);
export const Not = keyword('not', false);
export const In = keyword('in', false);
export const Like = keyword('like', false, true);
export const Matches = keyword('matches', false);
export const Where = keyword('where', false);
export const AnyKw = keyword('any', false);
export const All = keyword('all', false, true);
export const None = keyword('none', false, true);
export const Count = keyword('count', false);
export const True = keyword('true', false);
export const False = keyword('false', false);
export const Null = keyword('null', false);

// soft keywords
export const Policy = keyword('policy', true);
export const Rule = keyword('rule', true);
export const Tag = keyword('tag', true);
export const Test = keyword('test', true);
export const Description = keyword('description', true);
export const Applies = keyword('applies', true);
export const When = keyword('when', true);
export const Unless = keyword('unless', true);
export const Default = keyword('default', true);
export const On = keyword('on', true);
export const Unparsed = keyword('unparsed', true);
export const Category = keyword('category', true);
export const Severity = keyword('severity', true);
export const Docs = keyword('docs', true);
export const Dialects = keyword('dialects', true);
export const Sources = keyword('sources', true);
export const Fix = keyword('fix', true);
export const Deny = keyword('deny', true);
export const Warn = keyword('warn', true);
export const Allow = keyword('allow', true);
export const Review = keyword('review', true);
export const Mask = keyword('mask', true);
export const By = keyword('by', true);
export const Min = keyword('min', true);
export const Expires = keyword('expires', true);
export const Using = keyword('using', true);
export const Tagged = keyword('tagged', true);
export const Sql = keyword('sql', true);
export const DialectKw = keyword('dialect', true);
export const Principal = keyword('principal', true);
export const Connection = keyword('connection', true);
export const SourceKw = keyword('source', true);
export const Time = keyword('time', true);
export const Request = keyword('request', true);
export const AssumeInTransaction = keyword('assumeInTransaction', true);
export const Expect = keyword('expect', true);
export const Fired = keyword('fired', true);

export const StringLit = createToken({ name: 'StringLit', pattern: /"(?:[^"\\\n\r]|\\.)*"/, categories: [AnyToken] });
/** a string missing its closing quote: the lexer reports it and hands the parser a StringLit */
export const BadString = createToken({ name: 'BadString', pattern: /"(?:[^"\\\n\r]|\\.)*\\?/, categories: [AnyToken] });
export const Duration = createToken({ name: 'Duration', pattern: /\d+[smhd](?![A-Za-z0-9_])/, categories: [AnyToken] });
export const NumberLit = createToken({ name: 'NumberLit', pattern: /-?\d+(?:\.\d+)?(?![A-Za-z0-9_.])/, categories: [AnyToken] });
/** `10days`, `1e5`, `1.2.3`: reported by the lexer, handed to the parser as a number */
export const BadNumber = createToken({ name: 'BadNumber', pattern: /-?\d[A-Za-z0-9_.]*/, categories: [AnyToken] });
/** `'text'`: reported by the lexer, handed to the parser as a string */
export const SingleQuoted = createToken({ name: 'SingleQuoted', pattern: /'(?:[^'\\\n\r]|\\.)*'?/, categories: [AnyToken] });

export const EqEq = createToken({ name: 'EqEq', pattern: /==/, categories: [AnyToken] });
export const NotEq = createToken({ name: 'NotEq', pattern: /!=/, categories: [AnyToken] });
export const LtEq = createToken({ name: 'LtEq', pattern: /<=/, categories: [AnyToken] });
export const GtEq = createToken({ name: 'GtEq', pattern: />=/, categories: [AnyToken] });
export const Lt = createToken({ name: 'Lt', pattern: /</, categories: [AnyToken] });
export const Gt = createToken({ name: 'Gt', pattern: />/, categories: [AnyToken] });
/** habits from other languages: the lexer reports them with the right spelling and substitutes it */
export const SingleEq = createToken({ name: 'SingleEq', pattern: /=/, categories: [AnyToken] });
export const AmpAmp = createToken({ name: 'AmpAmp', pattern: /&&/, categories: [AnyToken] });
export const PipePipe = createToken({ name: 'PipePipe', pattern: /\|\|/, categories: [AnyToken] });
export const Bang = createToken({ name: 'Bang', pattern: /!/, categories: [AnyToken] });

export const LCurly = createToken({ name: 'LCurly', pattern: /\{/, categories: [AnyToken] });
export const RCurly = createToken({ name: 'RCurly', pattern: /\}/, categories: [AnyToken] });
export const LSquare = createToken({ name: 'LSquare', pattern: /\[/, categories: [AnyToken] });
export const RSquare = createToken({ name: 'RSquare', pattern: /\]/, categories: [AnyToken] });
export const LParen = createToken({ name: 'LParen', pattern: /\(/, categories: [AnyToken] });
export const RParen = createToken({ name: 'RParen', pattern: /\)/, categories: [AnyToken] });
export const Comma = createToken({ name: 'Comma', pattern: /,/, categories: [AnyToken] });
export const Dot = createToken({ name: 'Dot', pattern: /\./, categories: [AnyToken] });

export const hardKeywords = [HasAny, HasAll, Has, And, Or, Not, In, Like, Matches, Where, AnyKw, All, None, Count, True, False, Null];
/** the hard keywords that are also enum values (in the `EnumKeyword` category) */
export const enumKeywords = [Like, All, None];
export const softKeywords = [
  Policy, Rule, Tag, Test, Description, Applies, When, Unless, Default, On, Unparsed, Category, Severity, Docs,
  Dialects, Sources, Fix, Deny, Warn, Allow, Review, Mask, By, Min, Expires, Using, Tagged, Sql, DialectKw,
  Principal, Connection, SourceKw, Time, Request, AssumeInTransaction, Expect, Fired,
];

/** lexing order: comments and whitespace, globs before identifiers, keywords before identifiers,
 * durations before numbers, two-character operators before one-character ones */
export const allTokens: TokenType[] = [
  WhiteSpace,
  Comment,
  Glob,
  ...hardKeywords,
  ...softKeywords,
  Ident,
  StringLit,
  BadString,
  Duration,
  NumberLit,
  BadNumber,
  SingleQuoted,
  EqEq,
  NotEq,
  LtEq,
  GtEq,
  Lt,
  Gt,
  SingleEq,
  AmpAmp,
  PipePipe,
  Bang,
  LCurly,
  RCurly,
  LSquare,
  RSquare,
  LParen,
  RParen,
  Comma,
  Dot,
  Name,
  Word,
  EnumKeyword,
  AnyToken,
];

/** the words that start items, per place: for "did you mean" and completion */
export const TOP_ITEM_WORDS = ['policy', 'tag', 'test'];
export const POLICY_ITEM_WORDS = ['description', 'applies', 'default', 'on', 'rule'];
export const EFFECT_WORDS = ['deny', 'warn', 'allow', 'review', 'mask'];
export const RULE_ITEM_WORDS = ['category', 'severity', 'description', 'docs', 'dialects', 'sources', 'fix', 'when', 'unless', ...EFFECT_WORDS];
export const TEST_ITEM_WORDS = ['sql', 'dialect', 'principal', 'connection', 'source', 'time', 'request', 'assumeInTransaction', 'expect'];

/** the word a keyword token stands for (`like` for `Like`) */
export function keywordWord(t: TokenType): string | undefined {
  return keywordWords.get(t);
}

/** what the user reads in messages for a token type */
export function describeTokenType(t: TokenType): string {
  const fixed: Record<string, string> = {
    Name: 'a name',
    Word: 'a name',
    EOF: 'end of file',
    Ident: 'a name',
    AnyToken: 'a token',
    EnumKeyword: 'an enum value',
    Glob: 'a column pattern',
    StringLit: 'a string',
    BadString: 'a string',
    BadNumber: 'a number',
    SingleQuoted: 'a string',
    Duration: 'a duration (`30m`)',
    NumberLit: 'a number',
    EqEq: '`==`',
    NotEq: '`!=`',
    LtEq: '`<=`',
    GtEq: '`>=`',
    Lt: '`<`',
    Gt: '`>`',
    SingleEq: '`=`',
    AmpAmp: '`&&`',
    PipePipe: '`||`',
    Bang: '`!`',
    LCurly: '`{`',
    RCurly: '`}`',
    LSquare: '`[`',
    RSquare: '`]`',
    LParen: '`(`',
    RParen: '`)`',
    Comma: '`,`',
    Dot: '`.`',
  };
  const f = fixed[t.name];
  if (f !== undefined) return f;
  const w = keywordWords.get(t);
  if (w !== undefined) return '`' + w + '`';
  if (t.PATTERN instanceof RegExp) return '`' + t.PATTERN.source + '`';
  return t.name;
}
