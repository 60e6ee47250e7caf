// Prompts (Markdown, plain text, `.prompt` files): SQL in fenced blocks (the info string names the
// dialect), inline code spans that are statements, and prose lines that are statements.
// Works on any text with a map to the file, so Markdown inside a YAML string is read the same way.
import type { Dialect } from '../../runtime/facts/types.js';
import { composeMaps, sliceMap, type OffsetMap } from './offset-map.js';
import type { ReadResult, SqlRegion } from './region.js';
import { dialectFromName, FENCE_DIALECTS, lineIsSqlStatement, looksLikeSql, proseIsSqlStatement } from './sql-shape.js';

interface Line {
  start: number;
  text: string;
}

function splitLines(text: string): Line[] {
  const out: Line[] = [];
  let start = 0;
  for (let i = 0; i <= text.length; i++) {
    if (i === text.length || text[i] === '\n') {
      const body = text.slice(start, i).replace(/\r$/, '');
      out.push({ start, text: body });
      start = i + 1;
    }
  }
  return out;
}

export function readPrompt(text: string, dialect?: Dialect): ReadResult {
  return { kind: 'prompt', regions: promptRegions(text, sliceMap(0), dialect), problems: [] };
}

/** SQL regions of Markdown-ish `text`; `map` takes offsets of `text` to the original file. */
export function promptRegions(text: string, map: OffsetMap, dialect?: Dialect): SqlRegion[] {
  const regions: SqlRegion[] = [];
  const lines = splitLines(text);
  const add = (start: number, end: number, d: Dialect | undefined, guessed: boolean) => {
    const body = text.slice(start, end);
    if (body.trim() === '') return;
    const offsetMap = composeMaps(sliceMap(start), map, body.length);
    regions.push({ text: body, offsetMap, origin: 'prompt', ...(d ? { dialect: d } : {}), ...(guessed ? { guessed } : {}) });
  };
  let inComment = false;
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n];
    const open = /^(\s*)(`{3,}|~{3,})\s*\{?\.?([\w+-]*)(.*)$/.exec(line.text);
    if (open && !(open[2][0] === '`' && line.text.slice(open[0].length).includes('`'))) {
      const fence = open[2];
      const info = open[3].toLowerCase();
      // `sql dialect=mysql` (and `{.sql dialect="mysql"}`) name the dialect in the info string
      const named = /\bdialect\s*=\s*"?([\w-]+)/i.exec(open[4]);
      const infoDialect = named ? dialectFromName(named[1]) : undefined;
      let close = n + 1;
      while (close < lines.length) {
        const t = lines[close].text.trim();
        if (t.startsWith(fence[0].repeat(fence.length)) && /^([`~])\1*$/.test(t) && t[0] === fence[0]) break;
        close++;
      }
      const contentStart = n + 1 < lines.length ? lines[n + 1].start : text.length;
      const contentEnd = close < lines.length ? Math.max(contentStart, lines[close].start - 1) : text.length;
      const content = text.slice(contentStart, contentEnd);
      if (info in FENCE_DIALECTS) add(contentStart, contentEnd, infoDialect || FENCE_DIALECTS[info] || dialect, false);
      else if (info === '' && looksLikeSql(content)) add(contentStart, contentEnd, infoDialect || dialect, true);
      n = close;
      continue;
    }
    // HTML comments hold suppression directives, never SQL
    if (inComment || /^\s*<!--/.test(line.text)) {
      inComment = !line.text.includes('-->');
      continue;
    }
    if (line.text.includes('`')) {
      const re = /(`+)([^`]+?)\1(?!`)/g;
      let m: RegExpExecArray | null;
      while ((m = re.exec(line.text))) {
        const inner = m[2];
        const lead = inner.length - inner.trimStart().length;
        const body = inner.trim();
        if (lineIsSqlStatement(body)) {
          const s = line.start + m.index + m[1].length + lead;
          add(s, s + body.length, dialect, true);
        }
      }
      continue;
    }
    const marker = /^(\s*(?:[-*+]|\d+[.)]|>)\s+)?/.exec(line.text)![0];
    const rest = line.text.slice(marker.length).trimEnd();
    if (rest && proseIsSqlStatement(rest)) add(line.start + marker.length, line.start + marker.length + rest.length, dialect, true);
  }
  return regions;
}
