// Reads a rule's doc page: its metadata line and the ```sql blocks under `## Incorrect` and
// `## Correct`. A block's info string may set `dialect=`, `source=`, `principal=` (kind),
// `env=` and `assume-in-transaction` (the migration tool wraps the block in a transaction); a ```sql
// schema block is the schema (tables, columns) the page's examples run against.
import type { Dialect } from '../../runtime/facts/types.js';
import type { Source } from '../../runtime/decision/types.js';

export interface DocExample {
  section: 'incorrect' | 'correct';
  sql: string;
  /** 1-based line of the fence in the page */
  line: number;
  dialect: Dialect;
  source: Source;
  principal: 'human' | 'agent' | 'service';
  env: string;
  /** `assume-in-transaction` (`=always`: the tool wraps even a lone statement, as dbmate) */
  assumeInTransaction: boolean | 'always';
}

export interface DocPage {
  title: string;
  meta: Record<string, string>;
  sections: string[];
  schema: { sql: string; dialect: Dialect } | null;
  examples: DocExample[];
}

const FENCE = /^```(\S*)(.*)$/;

export function parseDocPage(text: string): DocPage {
  const lines = text.split('\n');
  const page: DocPage = { title: '', meta: {}, sections: [], schema: null, examples: [] };
  let section: string | null = null;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line.startsWith('# ') && !page.title) page.title = line.slice(2).trim();
    const h2 = /^## (.+)$/.exec(line);
    if (h2) {
      section = h2[1].trim().toLowerCase();
      page.sections.push(section);
      continue;
    }
    // `**Category:** destructive · **Default severity:** error · ...`
    for (const m of line.matchAll(/\*\*([A-Za-z ]+):\*\*\s*([^·]+)/g)) page.meta[m[1].trim().toLowerCase()] = m[2].trim();
    const f = FENCE.exec(line);
    if (!f) continue;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && !lines[i].startsWith('```'); i++) body.push(lines[i]);
    if (f[1] !== 'sql') continue;
    const opts = options(f[2]);
    const dialect = (opts.dialect ?? 'postgres') as Dialect;
    if ('schema' in opts) {
      page.schema = { sql: body.join('\n'), dialect };
      continue;
    }
    if (section !== 'incorrect' && section !== 'correct') continue;
    page.examples.push({
      section,
      sql: body.join('\n'),
      line: start + 1,
      dialect,
      source: (opts.source ?? 'migration') as Source,
      principal: (opts.principal ?? 'human') as DocExample['principal'],
      env: opts.env ?? 'development',
      assumeInTransaction: opts['assume-in-transaction'] === 'always' ? 'always' : 'assume-in-transaction' in opts,
    });
  }
  return page;
}

function options(info: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of info.trim().split(/\s+/)) {
    if (!part) continue;
    const eq = part.indexOf('=');
    if (eq < 0) out[part] = '';
    else out[part.slice(0, eq)] = part.slice(eq + 1);
  }
  return out;
}
