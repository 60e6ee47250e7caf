// A lexer-based statement fingerprint: constants and parameters become `?`, lists of them
// collapse to one, keywords are upper-cased, whitespace and comments vanish; the normalized
// text is hashed (FNV-1a, two 32-bit lanes) to 16 hex digits like libpg_query's fingerprints.
import type { Token } from './tokens.js';

export function normalizedTokens(text: string, tokens: readonly Token[]): string {
  const out: string[] = [];
  for (const t of tokens) {
    switch (t.kind) {
      case 'whitespace':
      case 'comment':
      case 'exec_marker':
        continue;
      case 'string':
      case 'number':
      case 'parameter': {
        // `?, ?, ?` → `?`
        if (out.length >= 2 && out[out.length - 1] === ',' && out[out.length - 2] === '?') {
          out.pop();
          continue;
        }
        out.push('?');
        continue;
      }
      case 'word':
        out.push(text.slice(t.start, t.end).toUpperCase());
        continue;
      default:
        out.push(text.slice(t.start, t.end));
    }
  }
  return out.join(' ');
}

export function hash64(s: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
    h2 ^= h2 >>> 15;
  }
  return (h1 >>> 0).toString(16).padStart(8, '0') + (h2 >>> 0).toString(16).padStart(8, '0');
}

export function fingerprint(text: string, tokens: readonly Token[]): string {
  return hash64(normalizedTokens(text, tokens));
}
