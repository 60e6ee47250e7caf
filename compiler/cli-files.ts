// Finds and reads `.hoop` files for the CLI: directories recursively (sorted, stable), files as given.
import { readdir, readFile, stat } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve } from 'node:path';

export interface SourceFile {
  /** path as shown to the user (relative to the working directory when inside it) */
  file: string;
  /** absolute path */
  path: string;
  text: string;
}

export type ReadResult = { ok: true; files: SourceFile[] } | { ok: false; file: string; error: string };

export async function collectPolicyFiles(targets: readonly string[], cwd: string): Promise<ReadResult> {
  const paths: string[] = [];
  for (const t of targets) {
    const abs = isAbsolute(t) ? t : resolve(cwd, t);
    let st;
    try {
      st = await stat(abs);
    } catch {
      return { ok: false, file: t, error: `no such file or directory \`${t}\`` };
    }
    if (st.isDirectory()) paths.push(...(await walk(abs)));
    else paths.push(abs);
  }
  const files: SourceFile[] = [];
  for (const p of [...new Set(paths)]) {
    const shown = displayPath(p, cwd);
    let buf: Buffer;
    try {
      buf = await readFile(p);
    } catch {
      return { ok: false, file: shown, error: `cannot read \`${shown}\`` };
    }
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(buf);
    } catch {
      return { ok: false, file: shown, error: 'file is not valid UTF-8' };
    }
    files.push({ file: shown, path: p, text });
  }
  return { ok: true, files };
}

async function walk(dir: string): Promise<string[]> {
  const out: string[] = [];
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    if (e.name.startsWith('.') || e.name === 'node_modules') continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await walk(p)));
    else if (e.isFile() && e.name.endsWith('.hoop')) out.push(p);
  }
  return out;
}

export function displayPath(abs: string, cwd: string): string {
  const rel = relative(cwd, abs);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : abs;
}
