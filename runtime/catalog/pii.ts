// Built-in tags from column names: a cheap first line of defence for data no policy tagged yet.
// Names are split into words on `_`, `-`, digits and camelCase so `user_email`, `emailAddress`
// and `EMAIL2` match; a bare `name` is not a person's name (too many `product.name`s), `first_name` is.

interface Heuristic {
  /** any of these words */
  words: ReadonlySet<string>;
  /** any of these substrings of the name with separators removed */
  parts: readonly string[];
  /** any of these adjacent word pairs */
  pairs: readonly (readonly [string, string])[];
  /** none of these words (`ip_address` is not a postal address) */
  unless?: ReadonlySet<string>;
  tags: readonly string[];
}

const h = (
  words: string[],
  parts: string[],
  pairs: [string, string][],
  tags: string[],
  unless?: string[],
): Heuristic => ({ words: new Set(words), parts, pairs, tags, unless: unless ? new Set(unless) : undefined });

const NAME_PAIRS: [string, string][] = ['first', 'last', 'full', 'given', 'family', 'middle', 'maiden'].map((w) => [w, 'name']);

const HEURISTICS: readonly Heuristic[] = [
  h(['email', 'mail', 'emailaddress'], ['email'], [], ['pii', 'email']),
  h(['ssn', 'sin', 'nin'], ['socialsecurity'], [], ['pii', 'ssn']),
  h(['phone', 'mobile', 'msisdn', 'tel', 'telephone', 'cell', 'fax'], ['phone'], [], ['pii', 'phone']),
  h(['cc', 'pan', 'ccnum', 'cvv', 'cvc'], ['creditcard', 'cardnumber', 'cardno'], [], ['pii', 'credit_card']),
  h(['iban', 'bic', 'swift'], ['iban', 'accountnumber', 'bankaccount'], [], ['pii', 'bank_account']),
  h(['dob', 'birthday', 'birthdate'], ['birth'], [], ['pii', 'birth_date']),
  h(['passport'], ['passport'], [], ['pii', 'passport']),
  h(['address', 'street', 'addr', 'zip', 'zipcode', 'postcode', 'postal'], ['streetaddress', 'homeaddress'], [], ['pii', 'address'], ['ip', 'mac', 'email']),
  h(
    ['firstname', 'lastname', 'fullname', 'surname', 'forename', 'givenname', 'familyname', 'middlename', 'maidenname'],
    [],
    NAME_PAIRS,
    ['pii', 'name'],
  ),
  h(['ip'], ['ipaddress', 'ipaddr'], [], ['pii', 'ip_address']),
  h(
    ['password', 'passwd', 'pwd', 'secret', 'token', 'apikey', 'privatekey', 'salt', 'otp', 'totp'],
    ['password', 'secret', 'apikey', 'accesstoken', 'refreshtoken', 'privatekey'],
    [
      ['api', 'key'],
      ['private', 'key'],
    ],
    ['secret'],
  ),
];

const NON_LETTERS = /[^a-z]+/g;

/** Every heuristic needs one of these substrings: most names (`id`, `status`) are rejected by one test. */
const ANY = new RegExp(
  [...new Set(HEURISTICS.flatMap((x) => [...x.words, ...x.parts, ...x.pairs.map((p) => p[1])]))].join('|'),
);

function matches(hr: Heuristic, ws: string[], joined: string): boolean {
  if (hr.unless) for (const w of ws) if (hr.unless.has(w)) return false;
  for (const w of ws) if (hr.words.has(w)) return true;
  for (const p of hr.parts) if (joined.includes(p)) return true;
  for (const [a, b] of hr.pairs) {
    for (let i = 0; i + 1 < ws.length; i++) if (ws[i] === a && ws[i + 1] === b) return true;
  }
  return false;
}

/** Splits a column name into lowercase words (`emailAddress2` → `email`, `address`). */
const CAMEL = /([a-z])([A-Z])/g;
const SEPARATORS = /[^a-z]+/;

function words(column: string): string[] {
  const ws = column.replace(CAMEL, '$1 $2').toLowerCase().split(SEPARATORS);
  return ws[0] === '' || ws[ws.length - 1] === '' ? ws.filter((w) => w.length > 0) : ws;
}

/** Tags a column name suggests: `email` → `['pii', 'email']`, `api_token` → `['secret']`. */
export function builtinPiiTags(column: string): string[] {
  if (column === '*' || column.length === 0 || !ANY.test(column.toLowerCase().replace(NON_LETTERS, ''))) return [];
  const ws = words(column);
  if (ws.length === 0) return [];
  const joined = ws.join('');
  const out: string[] = [];
  for (const hr of HEURISTICS) {
    if (matches(hr, ws, joined)) for (const t of hr.tags) if (!out.includes(t)) out.push(t);
  }
  return out;
}
