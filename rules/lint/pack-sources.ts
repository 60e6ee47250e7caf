// The `.hoop` files of a policy directory, sorted, walked the same way at build and run time.
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { PackSource } from './pack-cache.js';

export function hoopFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = join(d, e.name);
      if (e.isDirectory() && !e.name.startsWith('.') && e.name !== 'node_modules') walk(p);
      else if (e.isFile() && e.name.endsWith('.hoop')) out.push(p);
    }
  };
  walk(dir);
  return out;
}

/** The built-in pack's sources, named `rules/pack/<relative path>` (throws when unreadable). */
export function readPackSources(dir: string): PackSource[] {
  return hoopFiles(dir).map((f) => ({ file: `rules/pack/${relative(dir, f)}`, text: readFileSync(f, 'utf8') }));
}
