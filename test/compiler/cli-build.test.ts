// `hoop-policy build` and `keygen`: signed bundles that load and decide like the interpreter;
// tampered bundles and signatures are refused; nothing the user wrote is overwritten.
import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadBundle, verifyBundle } from '../../compiler/bundle.js';
import { validateManifest } from '../../compiler/bundle.js';
import { cli, noStack, tempDir } from './cli-helpers.js';

const t = tempDir({}, true);
afterAll(() => t.cleanup());
const p = (f: string) => join(t.dir, f);

describe('hoop-policy keygen and build', () => {
  it('keygen writes a key pair and refuses to overwrite it', async () => {
    const r = await cli(['keygen', '--out', 'release'], t.dir);
    expect(r.code).toBe(0);
    expect(readFileSync(p('release.key'), 'utf8')).toMatch(/BEGIN PRIVATE KEY/);
    expect(readFileSync(p('release.pub'), 'utf8')).toMatch(/BEGIN PUBLIC KEY/);
    const key = readFileSync(p('release.key'), 'utf8');
    const again = await cli(['keygen', '--out', 'release'], t.dir);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/release\.key:1:1: error\[cli\/refuse-overwrite\]/);
    expect(readFileSync(p('release.key'), 'utf8')).toBe(key);
  });

  it('builds a signed bundle that verifies, loads and decides', async () => {
    const r = await cli(['build', 'policies', '-o', 'guardrails.mjs', '--sign', 'release.key'], t.dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^built guardrails\.mjs: 10 rules, sha256:[0-9a-f]{64}, signed \(guardrails\.mjs\.sig\)/);
    const bytes = readFileSync(p('guardrails.mjs'));
    const sig = readFileSync(p('guardrails.mjs.sig'), 'utf8');
    const pub = readFileSync(p('release.pub'), 'utf8');
    expect(verifyBundle(bytes, sig, pub)).toEqual({ ok: true });
    const loaded = await loadBundle(p('guardrails.mjs'), { publicKey: pub });
    expect(validateManifest(loaded.manifest)).toEqual([]);
    expect(loaded.manifest.rules.map((x) => x.id)).toContain('prod_guardrails.no_destructive_ddl');
    expect(loaded.manifest.rules.find((x) => x.id === 'prod_guardrails.no_destructive_ddl')).toMatchObject({
      category: 'destructive',
      severity: 'error',
      source: { file: 'policies/production.hoop', line: 8, column: 3 },
    });
    expect(loaded.manifest.requiredFacts).toContain('statement.actions');
    expect(loaded.manifest.builtAt).toBeUndefined();
  });

  it('builds reproducibly (same sources, same bytes) unless --stamp is given', async () => {
    const first = readFileSync(p('guardrails.mjs'), 'utf8');
    expect((await cli(['build', 'policies', '-o', 'again.mjs'], t.dir)).code).toBe(0);
    expect(readFileSync(p('again.mjs'), 'utf8')).toBe(first);
    expect((await cli(['build', 'policies', '-o', 'stamped.mjs', '--stamp'], t.dir)).code).toBe(0);
    expect((await loadBundle(p('stamped.mjs'))).manifest.builtAt).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it('a tampered bundle or signature is rejected when loading', async () => {
    const pub = readFileSync(p('release.pub'), 'utf8');
    const bundle = readFileSync(p('guardrails.mjs'), 'utf8');
    writeFileSync(p('evil.mjs'), bundle.replace('"deny"', '"allow"'));
    writeFileSync(p('evil.mjs.sig'), readFileSync(p('guardrails.mjs.sig')));
    await expect(loadBundle(p('evil.mjs'), { publicKey: pub })).rejects.toMatchObject({ code: 'bundle/bad-signature', message: expect.stringMatching(/modified after it was built/) });
    await expect(loadBundle(p('evil.mjs'))).rejects.toThrow(/modified after it was built/);
    const sig = Buffer.from(readFileSync(p('guardrails.mjs.sig'), 'utf8').trim(), 'base64');
    sig[0] ^= 0x80;
    writeFileSync(p('guardrails.mjs.sig'), sig.toString('base64'));
    await expect(loadBundle(p('guardrails.mjs'), { publicKey: pub })).rejects.toMatchObject({ code: 'bundle/bad-signature' });
  });

  it('refuses to overwrite a file that is not a bundle, and reports a bad key', async () => {
    writeFileSync(p('notes.txt'), 'my notes');
    const r = await cli(['build', 'policies', '-o', 'notes.txt'], t.dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^notes\.txt:1:1: error\[cli\/refuse-overwrite\]: `notes\.txt` exists and is not a hoop-policy bundle/);
    expect(readFileSync(p('notes.txt'), 'utf8')).toBe('my notes');
    const k = await cli(['build', 'policies', '-o', 'x.mjs', '--sign', 'release.pub'], t.dir);
    expect(k.code).toBe(2);
    expect(k.stderr).toMatch(/^release\.pub:1:1: error\[cli\/input\]: signing key is not an ed25519 private key/);
    expect(existsSync(p('x.mjs'))).toBe(false);
    const m = await cli(['build', 'policies', '-o', 'y.mjs', '--sign', 'missing.key'], t.dir);
    expect(m.stderr).toMatch(/^missing\.key:1:1: error\[cli\/input\]: cannot read signing key/);
    expect(noStack(k.stderr + m.stderr)).toBe(true);
  });
});
