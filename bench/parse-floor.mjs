// The floor under any linter built on libpg-query: start Node, load the WebAssembly parser, read
// every file of a directory and parse each with one `parseSync` call (no PL/pgSQL bodies, no facts,
// no rules, no output). bench/lint.ts times it next to hoop-lint and squawk: when this alone takes
// longer than squawk's whole run, no hoop-lint on this parser can match squawk's cold time.
//
//   node bench/parse-floor.mjs <dir>
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadModule, parseSync } from 'libpg-query';

const dir = process.argv[2];
if (!dir) {
  console.error('usage: node bench/parse-floor.mjs <dir>');
  process.exit(2);
}
await loadModule();
let statements = 0;
let failed = 0;
for (const name of readdirSync(dir).sort()) {
  if (!name.endsWith('.sql')) continue;
  try {
    statements += parseSync(readFileSync(join(dir, name), 'utf8')).stmts.length;
  } catch {
    failed++;
  }
}
console.log(JSON.stringify({ statements, failed }));
