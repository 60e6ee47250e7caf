// Which files a run lints: named files as given, directories walked with `.gitignore` honoured
// (nested ones too) and the config's `ignore` patterns; sorted, and grouped into units — a
// directory of migrations is one unit, linted in version order so later files see earlier tables.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { sortByMigrationPath } from '../inputs/migration.js';
import { inputKind, isLintable } from '../inputs/read.js';
import type { Preload } from './cache.js';
import type { InputError } from './finding.js';

export interface LintTarget {
  /** absolute path */
  abs: string;
  /** display path: relative to cwd with `/`, or absolute when outside it */
  path: string;
}

/** Files linted together, in order (a migration chain shares one catalog). */
export interface LintUnit {
  files: LintTarget[];
  chain: boolean;
  /** a segment of a longer chain (chain-split.ts): files replayed into the catalog first, not linted */
  prefix?: LintTarget[];
  segment?: { chain: number; index: number };
  /** `--cache`: the cached files before this part of a chain, replayed into its catalog first */
  preload?: Preload[];
  /** `--cache`: results carry what each chain file tells later files (`FileResult.chain`) */
  record?: boolean;
}

const ALWAYS_SKIPPED = new Set(['node_modules']);
/** JSON and YAML files that are tool configuration, never plans */
const NOT_INPUTS = /^(hoop-lint\.config\.json|package(-lock)?\.json|npm-shrinkwrap\.json|tsconfig(\..*)?\.json|jsconfig\.json|composer\.(json|lock)|pnpm-lock\.yaml|yarn\.lock|docker-compose.*\.ya?ml|compose\.ya?ml|renovate\.json|\.?eslintrc.*|biome\.json|deno\.jsonc?|vercel\.json|netlify\.toml|mkdocs\.ya?ml|pubspec\.ya?ml|Chart\.yaml|values\.ya?ml|openapi\.(json|ya?ml)|swagger\.(json|ya?ml))$/i;

export function displayPath(cwd: string, abs: string): string {
  const rel = relativePath(cwd, abs);
  if (rel === '' ) return basename(abs);
  if (rel.startsWith('..') || isAbsolute(rel)) return abs.split(sep).join('/');
  return rel.split(sep).join('/');
}

export function collectFiles(
  cwd: string,
  paths: string[],
  options: { ignore: string[]; ignoreBase: string },
): { targets: LintTarget[]; errors: InputError[] } {
  const configIgnore = ignore().add(options.ignore);
  const targets = new Map<string, LintTarget>();
  const errors: InputError[] = [];
  const ignoreBase = resolve(options.ignoreBase);
  const ignoredByConfig = (abs: string, isDir: boolean) => {
    const rel = relativePath(ignoreBase, abs).split(sep).join('/');
    if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return false;
    return configIgnore.ignores(isDir ? `${rel}/` : rel);
  };
  for (const p of paths) {
    const abs = resolve(cwd, p);
    let st;
    try {
      st = statSync(abs);
    } catch {
      errors.push({ file: p, line: 1, column: 1, code: 'input/not-found', message: `no such file or directory \`${p}\`` });
      continue;
    }
    if (st.isFile()) {
      targets.set(abs, { abs, path: displayPath(cwd, abs) });
      continue;
    }
    if (!st.isDirectory()) continue;
    walk(abs, [], (file) => {
      if (!ignoredByConfig(file, false)) targets.set(file, { abs: file, path: displayPath(cwd, file) });
    }, (dir) => ignoredByConfig(dir, true), errors, cwd);
  }
  const sorted = [...targets.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { targets: sorted, errors };
}

interface GitIgnoreLevel {
  dir: string;
  ig: Ignore;
}

function walk(
  dir: string,
  levels: GitIgnoreLevel[],
  onFile: (abs: string) => void,
  skipDir: (abs: string) => boolean,
  errors: InputError[],
  cwd: string,
): void {
  let here = levels;
  try {
    const gi = readFileSync(join(dir, '.gitignore'), 'utf8');
    here = [...levels, { dir, ig: ignore().add(gi) }];
  } catch {
    /* no .gitignore here */
  }
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    errors.push({ file: displayPath(cwd, dir), line: 1, column: 1, code: 'input/unreadable', message: `cannot read directory \`${displayPath(cwd, dir)}\`` });
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    const abs = join(dir, e.name);
    const isDir = e.isDirectory();
    // dotfiles and dot-directories (.github, .vscode, .idea) are tool config, not SQL: linted only when named
    if (e.name.startsWith('.') || (isDir && ALWAYS_SKIPPED.has(e.name))) continue;
    if (gitIgnored(here, abs, isDir)) continue;
    if (isDir) {
      if (!skipDir(abs)) walk(abs, here, onFile, skipDir, errors, cwd);
    } else if (e.isFile() && isLintable(e.name) && !NOT_INPUTS.test(e.name)) onFile(abs);
  }
}

function gitIgnored(levels: GitIgnoreLevel[], abs: string, isDir: boolean): boolean {
  for (const l of levels) {
    const rel = relativePath(l.dir, abs).split(sep).join('/');
    if (rel && l.ig.ignores(isDir ? `${rel}/` : rel)) return true;
  }
  return false;
}

/** `path.relative(base, abs)`, by slicing when a plain absolute `abs` lies under a plain absolute
 * `base` (the walk's paths; path.relative resolves both paths on every call). */
export function relativePath(base: string, abs: string): string {
  if (abs.length > base.length + 1 && abs.startsWith(base) && abs[base.length] === sep && isAbsolute(base) && base[base.length - 1] !== sep) {
    const rest = abs.slice(base.length + 1);
    // anything a resolve could change (`.`/`..` segments, doubled or trailing separators) goes the
    // long way; a name that merely starts with a dot (`.corpus`) does not
    if (!hasDotSegment(rest) && rest[0] !== sep && !rest.includes(sep + sep) && rest[rest.length - 1] !== sep && !hasDotSegment(base) && !base.includes(sep + sep)) return rest;
  }
  return relative(base, abs);
}

/** Whether a path has a `.` or `..` segment. */
function hasDotSegment(p: string): boolean {
  for (let i = p.indexOf('.'); i >= 0; i = p.indexOf('.', i + 1)) {
    if (i > 0 && p[i - 1] !== sep) continue;
    const after = p[i + 1] === '.' ? i + 2 : i + 1;
    if (after >= p.length || p[after] === sep) return true;
  }
  return false;
}

/** The directory whose `.sql` files form one ordered chain (Prisma keeps each migration in its own folder). */
function chainRoot(abs: string): string {
  const dir = dirname(abs);
  return basename(abs) === 'migration.sql' ? dirname(dir) : dir;
}

export function planUnits(targets: LintTarget[]): LintUnit[] {
  const chains = new Map<string, LintTarget[]>();
  const units: LintUnit[] = [];
  for (const t of targets) {
    if (inputKind(t.abs) === 'migration' || inputKind(t.abs) === null) {
      const root = chainRoot(t.abs);
      let list = chains.get(root);
      if (!list) {
        list = [];
        chains.set(root, list);
        units.push({ files: list, chain: true });
      }
      list.push(t);
    } else units.push({ files: [t], chain: false });
  }
  for (const u of units) {
    if (!u.chain) continue;
    // each path split once, not once per comparison (long chains)
    sortByMigrationPath(u.files, (t) => relativePath(chainRoot(t.abs), t.abs));
  }
  return units;
}
