// A long migration chain cut into segments (chain-split.ts) and linted on several lanes gives the
// same results as linting it in order on one thread; a segment linted without its catalog pass
// would not, and lanes that disagree about the catalog are detected.
import { describe, expect, it } from 'vitest';
import { build } from 'esbuild';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { generateMigrations } from '../../bench/corpus.js';
import { chainConsistent, cutChain, mayChangeCatalog } from '../../rules/lint/chain-split.js';
import { collectFiles, planUnits } from '../../rules/lint/files.js';
import { runPool } from '../../rules/lint/pool.js';
import { lintUnit, lintUnitChecked } from '../../rules/lint/run.js';
import { createDeps, type SetupSpec } from '../../rules/lint/setup.js';
import { defaultToolkit } from '../../rules/lint/toolkit.js';
import { tempTree } from './helpers.js';

/** A generated chain plus cross-file catalog uses: `*` (and the personal data behind it) expanded
 * from a table an earlier file created, added, renamed and retyped columns, up/down pairs. */
function chainFiles(): Record<string, string> {
  const files: Record<string, string> = {};
  for (const m of generateMigrations(240, 7)) files[`db/migrations/${m.name}`] = m.sql;
  for (let i = 0; i < 8; i++) {
    const v = 100 + i * 25;
    files[`db/migrations/${String(v).padStart(5, '0')}_acct${i}.sql`] = `CREATE TABLE acct${i} (id integer PRIMARY KEY, email text, n varchar(20));\n`;
    files[`db/migrations/${String(v + 1).padStart(5, '0')}_acct${i}_more.up.sql`] = `ALTER TABLE acct${i} ADD COLUMN ssn text;\nALTER TABLE acct${i} RENAME COLUMN n TO nick;\n`;
    files[`db/migrations/${String(v + 1).padStart(5, '0')}_acct${i}_more.down.sql`] = `ALTER TABLE acct${i} DROP COLUMN ssn;\n`;
    files[`db/migrations/${String(v + 200).padStart(5, '0')}_use${i}.sql`] =
      `ALTER TABLE acct${i} ALTER COLUMN id TYPE bigint;\nALTER TABLE acct${i} ALTER COLUMN nick TYPE varchar(40);\n` +
      `INSERT INTO audit SELECT * FROM acct${i};\nCOPY (SELECT * FROM acct${i}) TO STDOUT;\n`;
    // a foreign key declared early and dropped late: the drop is judged by the catalog's constraints
    files[`db/migrations/${String(v + 2).padStart(5, '0')}_acct${i}_fk.sql`] = `ALTER TABLE acct${i} ADD CONSTRAINT acct${i}_link FOREIGN KEY (id) REFERENCES acct0 (id) NOT VALID;\n`;
    files[`db/migrations/${String(v + 210).padStart(5, '0')}_acct${i}_unlink.sql`] = `ALTER TABLE acct${i} DROP CONSTRAINT acct${i}_link;\n`;
  }
  return files;
}

const spec = (dir: string): SetupSpec => ({
  cwd: dir,
  builtin: true,
  policies: [],
  schema: [],
  preset: 'recommended',
  overrides: [],
  settings: { env: 'development', dialect: 'postgres', assumeInTransaction: false, requireSuppressionReason: true, agentPrincipal: false, now: '2026-01-01T00:00:00.000Z' },
});

describe('chain split', () => {
  it('lints a cut chain on two lanes exactly like in order', async () => {
    const root = join(import.meta.dirname, '..', '..');
    const out = mkdtempSync(join(root, 'node_modules', '.cache-hoop-lint-split-'));
    await build({ entryPoints: { 'lint-worker': join(root, 'rules/lint/worker.ts') }, outdir: out, bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', logLevel: 'error' });
    const dir = tempTree(chainFiles());
    const s = spec(dir);
    const { deps } = await createDeps(s, defaultToolkit());
    const { targets } = collectFiles(dir, ['.'], { ignore: [], ignoreBase: dir });
    const [unit] = planUnits(targets);
    expect(planUnits(targets)).toHaveLength(1);
    const sizes = unit.files.map(() => 1);
    try {
      for (const lanes of [2, 3]) {
        const segments = cutChain(unit, sizes, lanes, { passCost: 0.2, startBytes: 4 }, 0)!;
        expect(segments).toHaveLength(lanes);
        expect(segments.flatMap((u) => u.files)).toEqual(unit.files);
        const pooled = await runPool(join(out, 'lint-worker.js'), s, segments, lanes - 1, undefined, (u) => lintUnitChecked(u, deps));
        expect(chainConsistent(pooled.map((o) => o.check!))).toBe(true);
        const sequential = await lintUnit(unit, deps);
        expect(pooled.flatMap((o) => o.results)).toEqual(sequential);
        // the drops in later segments know what they drop
        const unlinks = sequential.filter((r) => r.file.endsWith('_unlink.sql'));
        expect(unlinks).toHaveLength(8);
        for (const r of unlinks) expect(r.findings.map((f) => f.ruleId)).toContain('ban-drop-foreign-key');
        // the catalog pass matters: the last segment linted from an empty catalog differs
        const last = segments[lanes - 1];
        const alone = await lintUnit({ files: last.files, chain: true }, deps);
        expect(alone).not.toEqual(sequential.slice(sequential.length - last.files.length));
      }
    } finally {
      rmSync(out, { recursive: true, force: true });
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);

  it('detects lanes that replayed a different catalog', () => {
    const a = { prefix: [], own: ['\u0000a.sql', 'd:create_table:public.t:id:int4:'] };
    expect(chainConsistent([a, { prefix: [...a.own], own: [] }])).toBe(true);
    expect(chainConsistent([a, { prefix: ['\u0000a.sql'], own: [] }])).toBe(false);
    expect(chainConsistent([a, { prefix: [...a.own, 'x:public.t'], own: [] }])).toBe(false);
  });

  it('never cuts between an up migration and its down', () => {
    const t = (p: string) => ({ abs: `/m/${p}`, path: p });
    const files = ['1_a.up.sql', '1_a.down.sql', '2_b.up.sql', '2_b.down.sql', '3_c.up.sql', '3_c.down.sql'].map(t);
    const segments = cutChain({ files, chain: true }, [1, 1, 1, 1, 1, 1], 2, { passCost: 0, startBytes: 0 }, 0)!;
    for (const s of segments) expect(s.files.length % 2).toBe(0);
    expect(cutChain({ files: [t('1_a.sql'), t('2_a.sql'), t('3_a.sql')], chain: true }, [1, 1, 1], 2, { passCost: 0, startBytes: 0 }, 0)).toBeNull();
  });

  it('selects the statements that can change tables or columns', () => {
    expect(mayChangeCatalog('CREATE TABLE t (id int)')).toBe(true);
    expect(mayChangeCatalog('create unlogged table t (id int)')).toBe(true);
    expect(mayChangeCatalog('ALTER TABLE t ADD COLUMN x int')).toBe(true);
    expect(mayChangeCatalog('ALTER TABLE t ALTER COLUMN x TYPE bigint')).toBe(true);
    expect(mayChangeCatalog('ALTER TABLE t RENAME TO u')).toBe(true);
    expect(mayChangeCatalog('DROP TABLE t')).toBe(true);
    expect(mayChangeCatalog('SELECT * INTO t2 FROM t')).toBe(true);
    // constraints: a later DROP CONSTRAINT is judged by what the catalog knows of them
    expect(mayChangeCatalog('ALTER TABLE t ADD CONSTRAINT c CHECK (x > 0)')).toBe(true);
    expect(mayChangeCatalog('ALTER TABLE t DROP CONSTRAINT c')).toBe(true);
    expect(mayChangeCatalog('ALTER TABLE t RENAME CONSTRAINT c TO d')).toBe(true);
    expect(mayChangeCatalog('ALTER TABLE t ALTER COLUMN x SET DEFAULT 0')).toBe(false);
    expect(mayChangeCatalog('ALTER TABLE t VALIDATE CONSTRAINT c')).toBe(false);
    expect(mayChangeCatalog('CREATE INDEX i ON t (x)')).toBe(false);
    expect(mayChangeCatalog('UPDATE t SET x = 1')).toBe(false);
  });
});
