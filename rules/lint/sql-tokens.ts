// Just enough SQL lexing for mechanical fixes: words with their offsets, skipping comments,
// strings (standard, E'', dollar-quoted) and quoted identifiers, so a fix never edits inside them.

export interface Word {
  /** uppercased for keywords; identifiers as written */
  upper: string;
  start: number;
  end: number;
  quoted: boolean;
}

/** `[A-Za-z_]` */
function wordStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
}

/** `[A-Za-z0-9_$]` */
function wordPart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 36;
}

export function words(sql: string): Word[] {
  const out: Word[] = [];
  let i = 0;
  const n = sql.length;
  while (i < n) {
    const c = sql[i];
    const code = sql.charCodeAt(i);
    if (wordStart(code)) {
      const s = i;
      i++;
      while (i < n && wordPart(sql.charCodeAt(i))) i++;
      out.push({ upper: sql.slice(s, i).toUpperCase(), start: s, end: i, quoted: false });
      continue;
    }
    if (c === '-' && sql[i + 1] === '-') {
      while (i < n && sql[i] !== '\n') i++;
    } else if (c === '/' && sql[i + 1] === '*') {
      let depth = 1;
      i += 2;
      while (i < n && depth > 0) {
        if (sql[i] === '/' && sql[i + 1] === '*') (depth++, (i += 2));
        else if (sql[i] === '*' && sql[i + 1] === '/') (depth--, (i += 2));
        else i++;
      }
    } else if (c === "'") {
      const escapes = i > 0 && (sql.charCodeAt(i - 1) | 32) === 101; // e or E
      i++;
      while (i < n) {
        if (escapes && sql[i] === '\\') i += 2;
        else if (sql[i] === "'" && sql[i + 1] === "'") i += 2;
        else if (sql[i] === "'") break;
        else i++;
      }
      i++;
    } else if (c === '"' || c === '`') {
      const s = i;
      i++;
      while (i < n && sql[i] !== c) i++;
      i++;
      out.push({ upper: sql.slice(s, Math.min(i, n)), start: s, end: Math.min(i, n), quoted: true });
    } else if (c === '$') {
      const m = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(sql.slice(i, i + 64));
      if (m) {
        const close = sql.indexOf(m[0], i + m[0].length);
        i = close < 0 ? n : close + m[0].length;
      } else i++;
    } else if (c === ';') {
      out.push({ upper: ';', start: i, end: i + 1, quoted: false });
      i++;
    } else i++;
  }
  return out;
}

/** Offset just past the statement's last meaningful character (before `;`, trailing blanks and comments). */
export function statementBodyEnd(sql: string): number {
  const ws = words(sql);
  const semi = ws.findIndex((w) => w.upper === ';');
  let end = semi >= 0 ? ws[semi].start : sql.length;
  // step back over trailing whitespace and comments before the end
  let body = sql.slice(0, end);
  for (;;) {
    const trimmed = body.replace(/\s+$/, '');
    const line = trimmed.lastIndexOf('\n');
    const lastLine = trimmed.slice(line + 1);
    const idx = lastLine.indexOf('--');
    if (idx >= 0 && !/'|"/.test(lastLine.slice(0, idx)) && words(lastLine).every((w) => w.end <= idx)) {
      body = trimmed.slice(0, line + 1 + idx);
      continue;
    }
    end = trimmed.length;
    break;
  }
  return end;
}
