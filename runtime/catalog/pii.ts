// Built-in tags from column names: a cheap first line of defence for data no policy tagged yet.
// Names are split into words on `_`, `-`, digits and camelCase so `user_email`, `emailAddress`
// and `EMAIL2` match; a bare `name` is not a person's name (too many `product.name`s), `first_name` is.

interface Heuristic {
  test: (words: string[], joined: string) => boolean;
  tags: string[];
}

const has = (...ws: string[]) => (words: string[]) => words.some((w) => ws.includes(w));
const pair = (a: string, b: string[]) => (words: string[]) => {
  for (let i = 0; i + 1 < words.length; i++) if (words[i] === a && b.includes(words[i + 1])) return true;
  return false;
};

const HEURISTICS: Heuristic[] = [
  { test: (w, j) => has('email', 'mail', 'emailaddress')(w) || j.includes('email'), tags: ['pii', 'email'] },
  { test: (w, j) => has('ssn', 'sin', 'nin')(w) || j.includes('socialsecurity'), tags: ['pii', 'ssn'] },
  { test: (w, j) => has('phone', 'mobile', 'msisdn', 'tel', 'telephone', 'cell', 'fax')(w) || j.includes('phone'), tags: ['pii', 'phone'] },
  {
    test: (w, j) =>
      has('cc', 'pan', 'ccnum', 'cvv', 'cvc')(w) ||
      j.includes('creditcard') ||
      j.includes('cardnumber') ||
      j.includes('cardno'),
    tags: ['pii', 'credit_card'],
  },
  { test: (w, j) => has('iban', 'bic', 'swift')(w) || j.includes('iban') || j.includes('accountnumber') || j.includes('bankaccount'), tags: ['pii', 'bank_account'] },
  { test: (w, j) => has('dob', 'birthday', 'birthdate')(w) || j.includes('birth'), tags: ['pii', 'birth_date'] },
  { test: (w, j) => has('passport')(w) || j.includes('passport'), tags: ['pii', 'passport'] },
  {
    test: (w, j) =>
      (has('address', 'street', 'addr', 'zip', 'zipcode', 'postcode', 'postal')(w) || j.includes('streetaddress') || j.includes('homeaddress')) &&
      !has('ip', 'mac', 'email')(w),
    tags: ['pii', 'address'],
  },
  {
    test: (w, j) =>
      has('firstname', 'lastname', 'fullname', 'surname', 'forename', 'givenname', 'familyname', 'middlename', 'maidenname')(w) ||
      pair('first', ['name'])(w) ||
      pair('last', ['name'])(w) ||
      pair('full', ['name'])(w) ||
      pair('given', ['name'])(w) ||
      pair('family', ['name'])(w) ||
      pair('middle', ['name'])(w) ||
      /^(first|last|full|given|family|middle|maiden)name$/.test(j),
    tags: ['pii', 'name'],
  },
  { test: (w, j) => j.includes('ipaddress') || j.includes('ipaddr') || (w.length <= 3 && has('ip')(w) && !has('zip')(w)), tags: ['pii', 'ip_address'] },
  {
    test: (w, j) =>
      has('password', 'passwd', 'pwd', 'secret', 'token', 'apikey', 'privatekey', 'salt', 'otp', 'totp')(w) ||
      j.includes('password') ||
      j.includes('secret') ||
      j.includes('apikey') ||
      j.includes('accesstoken') ||
      j.includes('refreshtoken') ||
      j.includes('privatekey') ||
      pair('api', ['key'])(w) ||
      pair('private', ['key'])(w),
    tags: ['secret'],
  },
];

/** Splits a column name into lowercase words (`emailAddress2` → `email`, `address`). */
function words(column: string): string[] {
  return column
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z]+/)
    .filter((w) => w.length > 0);
}

/** Tags a column name suggests: `email` → `['pii', 'email']`, `api_token` → `['secret']`. */
export function builtinPiiTags(column: string): string[] {
  if (column === '*' || column.length === 0) return [];
  const ws = words(column);
  if (ws.length === 0) return [];
  const joined = ws.join('');
  const out: string[] = [];
  for (const h of HEURISTICS) {
    if (h.test(ws, joined)) for (const t of h.tags) if (!out.includes(t)) out.push(t);
  }
  return out;
}
