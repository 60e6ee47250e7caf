// The precompiled built-in pack (dist/builtin-pack.{js,json}) is used only when it was built from
// the pack sources on disk, and then decides exactly like the pack compiled at run time.
import { describe, expect, it } from 'vitest';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { analyze } from '../../runtime/index.js';
import type { DecisionInput } from '../../runtime/decision/types.js';
import { PRECOMPILED_META, PRECOMPILED_MODULE } from '../../rules/lint/pack-cache.js';
import { precompilePack } from '../../rules/lint/pack-precompile.js';
import { defaultToolkit, packDir, precompiledPack } from '../../rules/lint/toolkit.js';

describe('precompiled pack', () => {
  it('is used when its hash matches the sources, and decides like the compiled pack', async () => {
    const dir = packDir()!;
    const out = mkdtempSync(join(tmpdir(), 'hoop-lint-pack-'));
    const pack = mkdtempSync(join(tmpdir(), 'hoop-lint-pack-src-'));
    try {
      const built = precompilePack(dir);
      if ('errors' in built) throw new Error(built.errors.join('\n'));
      writeFileSync(join(out, PRECOMPILED_MODULE), built.source);
      writeFileSync(join(out, PRECOMPILED_META), JSON.stringify(built.meta));
      const base = pathToFileURL(`${out}/`);

      const pre = await precompiledPack(dir, base);
      const compiled = await defaultToolkit().builtin();
      expect(pre).not.toBeNull();
      expect(pre!.engine.rules).toEqual(compiled.engine!.rules);
      expect(pre!.engine.tags).toEqual(compiled.engine!.tags);
      const sql = 'CREATE INDEX i ON users (email);\nALTER TABLE users ADD COLUMN n int NOT NULL;\nDROP TABLE orders;\nUPDATE users SET n = 1;';
      const r = await analyze(sql, { dialect: 'postgres', file: 'x.sql' });
      for (const statement of r.statements) {
        const input: DecisionInput = {
          statement,
          principal: { id: 'hoop-lint', kind: 'human', groups: [], attributes: {} },
          connection: { name: 'hoop-lint', env: 'development', dialect: 'postgres', database: '' },
          source: 'migration',
          time: { iso: '2026-01-01T00:00:00.000Z', hour: 0, weekday: 4 },
          request: { statementCount: r.statements.length },
        };
        const a = pre!.engine.decide(input);
        expect(a).toEqual(compiled.engine!.decide(input));
        expect(a.fired.length).toBeGreaterThan(0);
      }

      // an edited pack is compiled afresh, never served stale
      cpSync(dir, pack, { recursive: true });
      const file = join(pack, 'style.hoop');
      writeFileSync(file, `${readFileSync(file, 'utf8')}\n// edited\n`);
      expect(await precompiledPack(pack, base)).toBeNull();
      expect(await precompiledPack(dir, pathToFileURL(`${pack}/`))).toBeNull();
    } finally {
      rmSync(out, { recursive: true, force: true });
      rmSync(pack, { recursive: true, force: true });
    }
  });
});
