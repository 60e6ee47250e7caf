// `--cache`: a cached run reports exactly what an uncached run reports, and lints only what
// changed (an appended migration, an edited one and every file after it in its chain).
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, utimesSync, writeFileSync, chmodSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { runWith } from '../../rules/cli.js';
import { defaultToolkit } from '../../rules/lint/toolkit.js';
import type { Toolkit } from '../../rules/lint/setup.js';
import { memoryIo } from '../../runtime/io/cli-io.js';
import { createCatalog, type Catalog } from '../../runtime/catalog/catalog.js';
import { replayInput } from '../../runtime/catalog/replay-input.js';
import { analyze } from '../../runtime/index.js';
import { generateMigrations } from '../../bench/corpus.js';
import { tempTree } from './helpers.js';

/** The real toolkit, counting the texts it analyses. */
function countingToolkit(): { toolkit: Toolkit; analysed: string[] } {
  const base = defaultToolkit();
  const analysed: string[] = [];
  const toolkit: Toolkit = {
    ...base,
    // in-process, so every analysis is counted
    shareable: false,
    analyzer: async () => {
      const a = await base.analyzer();
      return { ...a, analyze: (text, options) => (analysed.push(options.file ?? ''), a.analyze(text, options)) };
    },
  };
  return { toolkit, analysed };
}

async function lint(cwd: string, args: string[]) {
  const counting = countingToolkit();
  const m = memoryIo({ cwd });
  const code = await runWith(['--format', 'json', ...args], m.io, counting.toolkit);
  const files = new Set(counting.analysed.map((f) => f.slice(cwd.length + 1) || f));
  return { code, stdout: m.stdout(), stderr: m.stderr(), analysed: [...files].sort() };
}

// migrations whose findings depend on earlier files: a table created in one file is indexed,
// has a foreign key dropped, and is read with `*` in later ones
const CHAIN: Record<string, string> = {
  'db/0001_users.sql': 'CREATE TABLE users (id bigint PRIMARY KEY, email text, org_id bigint REFERENCES orgs (id));\n',
  'db/0002_orders.sql': 'CREATE TABLE orders (id bigint, user_id bigint);\nALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;\n',
  'db/0003_index.sql': 'CREATE INDEX orders_user_idx ON orders (user_id);\n',
  'db/0004_copy.sql': "COPY (SELECT * FROM users) TO '/tmp/users.csv';\n",
};

describe('--cache', () => {
  it('reports what an uncached run reports and analyses nothing the second time', async () => {
    const dir = tempTree({ ...CHAIN, 'prompts/ask.md': '```sql\nDELETE FROM users;\n```\n', 'plans/p.json': '{"sql": "DROP TABLE orders"}\n' });
    const plain = await lint(dir, ['.']);
    const first = await lint(dir, ['--cache', '.']);
    expect(first.stdout).toBe(plain.stdout);
    expect(first.code).toBe(plain.code);
    expect(existsSync(join(dir, '.hoop-lint-cache'))).toBe(true);
    const second = await lint(dir, ['--cache', '.']);
    expect(second.stdout).toBe(plain.stdout);
    expect(second.code).toBe(plain.code);
    expect(second.stderr).toBe(plain.stderr);
    expect(second.analysed).toEqual([]);
  }, 60_000);

  it('lints only an appended migration, with the catalog of the cached files before it', async () => {
    const dir = tempTree(CHAIN);
    await lint(dir, ['--cache', 'db']);
    writeFileSync(join(dir, 'db/0005_drop_fk.sql'), 'ALTER TABLE orders DROP CONSTRAINT orders_user_fk;\nSELECT * FROM users;\n');
    const cached = await lint(dir, ['--cache', 'db']);
    expect(cached.analysed).toEqual(['db/0005_drop_fk.sql']);
    const plain = await lint(dir, ['db']);
    expect(cached.stdout).toBe(plain.stdout);
    // the constraint declared two files earlier is known: the drop is judged as a foreign key
    expect(cached.stdout).toContain('ban-drop-foreign-key');
  }, 60_000);

  it('lints an edited migration and every later file of its chain again', async () => {
    const dir = tempTree(CHAIN);
    await lint(dir, ['--cache', 'db']);
    writeFileSync(join(dir, 'db/0002_orders.sql'), 'CREATE TABLE orders (id bigint, user_id bigint, note text);\n');
    const cached = await lint(dir, ['--cache', 'db']);
    expect(cached.analysed).toEqual(['db/0002_orders.sql', 'db/0003_index.sql', 'db/0004_copy.sql']);
    expect(cached.stdout).toBe((await lint(dir, ['db'])).stdout);
  }, 60_000);

  it('gives a down migration what its cached up migration created', async () => {
    const dir = tempTree({
      'gm/000001_t.up.sql': 'CREATE TABLE t (id bigint);\n',
      'gm/000001_t.down.sql': 'SELECT 1;\n',
    });
    await lint(dir, ['--cache', 'gm']);
    writeFileSync(join(dir, 'gm/000001_t.down.sql'), 'DROP TABLE t;\nDROP TABLE other;\n');
    const cached = await lint(dir, ['--cache', 'gm']);
    expect(cached.analysed).toEqual(['gm/000001_t.down.sql']);
    const plain = await lint(dir, ['gm']);
    expect(cached.stdout).toBe(plain.stdout);
    const down = JSON.parse(cached.stdout).find((f: { filePath: string }) => f.filePath.endsWith('000001_t.down.sql'));
    const messages = down.messages.map((m: { message: string }) => m.message).join('\n');
    expect(messages).toContain('`public.other`');
    expect(messages).not.toContain('`public.t`');
  }, 60_000);

  it('hashes a file whose time changed, and keeps its result when the bytes did not', async () => {
    const dir = tempTree(CHAIN);
    await lint(dir, ['--cache', 'db']);
    const later = new Date(Date.now() + 60_000);
    utimesSync(join(dir, 'db/0001_users.sql'), later, later);
    expect((await lint(dir, ['--cache', 'db'])).analysed).toEqual([]);
  }, 60_000);

  it('lints everything again when the configuration changes', async () => {
    const dir = tempTree(CHAIN);
    await lint(dir, ['--cache', 'db']);
    const changed = await lint(dir, ['--cache', '--rule', 'ban-drop-foreign-key=off', 'db']);
    expect(changed.analysed).toHaveLength(4);
    expect(changed.stdout).toBe((await lint(dir, ['--rule', 'ban-drop-foreign-key=off', 'db'])).stdout);
    writeFileSync(join(dir, 'hoop-lint.config.json'), '{"env": "production"}\n');
    expect((await lint(dir, ['--cache', '--rule', 'ban-drop-foreign-key=off', 'db'])).analysed).toHaveLength(4);
  }, 60_000);

  it('never overwrites a file that is not its cache, and still lints', async () => {
    const dir = tempTree({ ...CHAIN, 'notes.txt': 'my notes\n' });
    const r = await lint(dir, ['--cache', '--cache-location', 'notes.txt', 'db']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('notes.txt:1:1: error: `notes.txt` is not a hoop-lint cache; not overwriting it (choose another `--cache-location`) (cache/not-a-cache)\n');
    expect(readFileSync(join(dir, 'notes.txt'), 'utf8')).toBe('my notes\n');
    expect(JSON.parse(r.stdout).filter((f: { filePath: string }) => f.filePath.includes('/db/'))).toHaveLength(4);
  }, 60_000);

  it('puts the cache in a directory given as --cache-location, and warns when it cannot write it', async () => {
    const dir = tempTree(CHAIN);
    mkdirSync(join(dir, 'cache'));
    await lint(dir, ['--cache', '--cache-location', 'cache', 'db']);
    expect(existsSync(join(dir, 'cache/.hoop-lint-cache'))).toBe(true);
    // a trailing slash names a directory, created when missing
    await lint(dir, ['--cache', '--cache-location', 'new-cache/', 'db']);
    expect(existsSync(join(dir, 'new-cache/.hoop-lint-cache'))).toBe(true);
    if (process.getuid?.() === 0) return; // root writes anywhere
    mkdirSync(join(dir, 'locked'));
    chmodSync(join(dir, 'locked'), 0o500);
    const r = await lint(dir, ['--cache', '--cache-location', 'locked/c', 'db']);
    expect(r.stderr).toMatch(/^hoop-lint: warning: cannot write cache `locked\/c` \(EACCES\)\n$/);
  }, 60_000);
});

describe('replayInput', () => {
  /** what a catalog knows of the tables, columns and constraints the results name */
  function snapshot(c: Catalog, results: Awaited<ReturnType<typeof analyze>>[]): string {
    const tables = new Set<string>();
    const names = new Set<string>();
    for (const r of results)
      for (const s of r.statements) {
        for (const d of s.ddl) {
          if (d.table) tables.add(d.table);
          if (d.oldName) names.add(d.oldName);
          if (d.objectName) {
            names.add(d.objectName);
            const dot = d.table?.lastIndexOf('.') ?? -1;
            if (d.table) tables.add(d.table.slice(0, dot + 1) + d.objectName);
          }
        }
        for (const t of s.tables) tables.add(t.name);
      }
    const out: string[] = [];
    for (const t of [...tables].sort()) {
      const cols = c.columns(t);
      out.push(`${t}: ${cols ? cols.map((col) => `${col} ${c.columnType(t, col)}`).join(', ') : '?'}`);
      for (const n of [...names].sort()) {
        const type = c.constraintType(t, n);
        if (type) out.push(`  ${n} ${type}`);
      }
      const bare = t.slice(t.lastIndexOf('.') + 1);
      for (const suffix of ['pkey']) {
        const type = c.constraintType(t, `${bare}_${suffix}`);
        if (type) out.push(`  ${bare}_${suffix} ${type}`);
      }
    }
    return out.join('\n');
  }

  it('changes a catalog exactly as the full analysis does (generated migrations)', async () => {
    const full = createCatalog();
    const projected = createCatalog();
    const results = [];
    for (const m of generateMigrations(300, 7)) {
      const r = await analyze(m.sql, { dialect: 'postgres', file: m.name, catalog: full });
      results.push(r);
      full.replay(r);
      projected.replay(replayInput(r));
    }
    const a = snapshot(full, results);
    expect(a.split('\n').length).toBeGreaterThan(20);
    expect(snapshot(projected, results)).toBe(a);
  }, 60_000);

  it('keeps renames, drops, partitions, LIKE and constraints', async () => {
    const sql = [
      'CREATE TABLE a (id bigint PRIMARY KEY, x int)',
      'CREATE TABLE b (LIKE a)',
      'CREATE TABLE p (id bigint, at date) PARTITION BY RANGE (at)',
      "CREATE TABLE p1 PARTITION OF p FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')",
      'ALTER TABLE a ADD COLUMN y text, ADD CONSTRAINT a_x_check CHECK (x > 0)',
      'ALTER TABLE a ADD FOREIGN KEY (id, x) REFERENCES r (a, b)',
      'ALTER TABLE a RENAME CONSTRAINT a_id_x_fkey TO a_r_fk',
      'ALTER TABLE a RENAME COLUMN x TO z',
      'ALTER TABLE a ALTER COLUMN z TYPE bigint',
      'ALTER TABLE a DROP CONSTRAINT a_x_check',
      'ALTER TABLE a RENAME TO a2',
      'CREATE TABLE gone (id int)',
      'DROP TABLE gone',
      'CREATE INDEX a2_idx ON a2 (z)',
    ].join(';\n');
    const full = createCatalog();
    const projected = createCatalog();
    const r = await analyze(sql, { dialect: 'postgres', file: null, catalog: full });
    full.replay(r);
    projected.replay(replayInput(r));
    expect(snapshot(projected, [r])).toBe(snapshot(full, [r]));
    expect(full.columns('public.a2')).toEqual(['id', 'z', 'y']);
    expect(full.columns('public.p1')).toEqual(['id', 'at']);
    expect(full.constraintType('public.a2', 'a_r_fk')).toBe('foreign_key');
    expect(full.constraintType('public.a2', 'a_id_x_fkey')).toBeNull();
    // the index statement changes nothing: it is left out
    expect(replayInput(r).statements.length).toBe(13);
  }, 60_000);
});

describe('relativePath', () => {
  it('agrees with path.relative, also for dot-names and dot segments', async () => {
    const fc = await import('fast-check');
    const { relative } = await import('node:path');
    const { relativePath } = await import('../../rules/lint/files.js');
    const segment = fc.constantFrom('a', 'b', '.corpus', '.', '..', '...', 'x.sql', '.git', '', 'dir');
    const path = fc.array(segment, { minLength: 1, maxLength: 6 }).map((s) => `/${s.join('/')}`);
    fc.assert(
      fc.property(path, fc.array(segment, { maxLength: 5 }), (base, rest) => {
        const abs = `${base}/${rest.join('/')}`;
        expect(relativePath(base, abs)).toBe(relative(base, abs));
      }),
      { numRuns: 3000 },
    );
  });
});

describe('runKey', () => {
  it('holds the time only as far as the rules read it', async () => {
    const { runKey } = await import('../../rules/lint/cache.js');
    const spec = (now: string) => ({
      cwd: '/x',
      builtin: false,
      policies: [],
      schema: [],
      preset: 'recommended' as const,
      overrides: [],
      settings: { env: 'development', dialect: 'postgres' as const, assumeInTransaction: false, requireSuppressionReason: true, agentPrincipal: false, now },
    });
    const deps = (requiredFacts: string[] | null) =>
      ({ engines: [{ name: 'p', rules: [], tags: [], requiredFacts, decide: () => { throw new Error('not called'); } }] }) as never;
    const a = '2026-11-28T10:05:00.000Z';
    const b = '2026-11-28T10:55:00.000Z';
    const c = '2026-11-28T11:05:00.000Z';
    // no rule reads the time
    expect(runKey(spec(a), deps(['statement.actions']))).toBe(runKey(spec(c), deps(['statement.actions'])));
    // the hour: same within it, another after it
    expect(runKey(spec(a), deps(['time.hour']))).toBe(runKey(spec(b), deps(['time.hour'])));
    expect(runKey(spec(a), deps(['time.hour']))).not.toBe(runKey(spec(c), deps(['time.hour'])));
    // the instant, or an engine that does not say what it reads
    expect(runKey(spec(a), deps(['time.iso']))).not.toBe(runKey(spec(b), deps(['time.iso'])));
    expect(runKey(spec(a), deps(null))).not.toBe(runKey(spec(b), deps(null)));
  });
});
