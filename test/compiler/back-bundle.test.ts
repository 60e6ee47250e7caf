// Bundles: integrity header, ed25519 signatures, the loader refusing anything tampered with.
import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  BundleError,
  checkIntegrity,
  generateSigningKeys,
  loadBundle,
  policyHash,
  signBundle,
  validateManifest,
  verifyBundle,
  wrapBundle,
} from '../../compiler/bundle.js';
import { generateModule } from '../../compiler/codegen.js';
import { buildManifest } from '../../compiler/codegen-manifest.js';
import { interpret } from '../../compiler/interpret.js';
import { decisionInput, policySet } from './back-arbitraries.js';

const dir = mkdtempSync(join(tmpdir(), 'hoop-bundle-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const [set] = fc.sample(policySet, { numRuns: 1, seed: 42 });
const sources = [{ file: 'a.hoop', text: 'policy a {}' }];
const source = generateModule(set!, buildManifest(set!, sources)).source;
const keys = generateSigningKeys();
const other = generateSigningKeys();

function write(name: string, bytes: string): string {
  const p = join(dir, name);
  writeFileSync(p, bytes);
  return p;
}

describe('bundles', () => {
  const bundle = wrapBundle(source);
  const sig = signBundle(bundle, keys.privateKey);

  it('verify and load a signed bundle whose decide matches the interpreter', async () => {
    expect(verifyBundle(bundle, sig, keys.publicKey)).toEqual({ ok: true });
    const p = write('ok.mjs', bundle);
    writeFileSync(`${p}.sig`, sig + '\n');
    const loaded = await loadBundle(p, { publicKey: keys.publicKey });
    expect(loaded.manifest.policyHash).toBe(policyHash(sources));
    expect(validateManifest(loaded.manifest)).toEqual([]);
    for (const input of fc.sample(decisionInput, { numRuns: 50, seed: 3 })) expect(loaded.decide(input)).toEqual(interpret(set!, input));
  });

  it('rejects a bundle modified after build, with or without a key', async () => {
    const tampered = bundle.replace('"deny"', '"allow"');
    expect(tampered).not.toBe(bundle);
    expect(checkIntegrity(tampered).ok).toBe(false);
    const p = write('tampered.mjs', tampered);
    writeFileSync(`${p}.sig`, sig);
    await expect(loadBundle(p)).rejects.toThrow(/modified after it was built/);
    await expect(loadBundle(p, { publicKey: keys.publicKey })).rejects.toMatchObject({ code: 'bundle/bad-signature' });
  });

  it('rejects a re-hashed tampered bundle by its signature', async () => {
    const body = source.replace('"deny"', '"allow"');
    const forged = `// hoop-policy bundle v1 sha256=${createHash('sha256').update(body).digest('hex')}\n${body}`;
    expect(checkIntegrity(forged).ok).toBe(true);
    const v = verifyBundle(forged, sig, keys.publicKey);
    expect(v.ok).toBe(false);
    const p = write('forged.mjs', forged);
    writeFileSync(`${p}.sig`, sig);
    await expect(loadBundle(p, { publicKey: keys.publicKey })).rejects.toThrow(/signature does not match/);
  });

  it('rejects a tampered signature, a wrong key and a missing signature', async () => {
    const raw = Buffer.from(sig, 'base64');
    raw[10] ^= 1;
    expect(verifyBundle(bundle, raw.toString('base64'), keys.publicKey).ok).toBe(false);
    expect(verifyBundle(bundle, 'bm90IGEgc2lnbmF0dXJl', keys.publicKey)).toMatchObject({ ok: false, error: expect.stringMatching(/malformed/) });
    expect(verifyBundle(bundle, sig, other.publicKey).ok).toBe(false);
    expect(verifyBundle(bundle, sig, 'not a key')).toMatchObject({ ok: false, error: expect.stringMatching(/not a valid PEM/) });
    const p = write('nosig.mjs', bundle);
    await expect(loadBundle(p, { publicKey: keys.publicKey })).rejects.toMatchObject({ code: 'bundle/missing-signature' });
    const q = write('badsig.mjs', bundle);
    writeFileSync(`${q}.sig`, raw.toString('base64'));
    await expect(loadBundle(q, { publicKey: keys.publicKey })).rejects.toBeInstanceOf(BundleError);
  });

  it('rejects files that are not bundles and manifests that break the schema', async () => {
    await expect(loadBundle(write('plain.mjs', 'export const decide = () => 1;'))).rejects.toThrow(/not a hoop-policy bundle/);
    await expect(loadBundle(join(dir, 'missing.mjs'))).rejects.toMatchObject({ code: 'bundle/not-found' });
    expect(() => wrapBundle(source.replace('"compilerVersion":"', '"compilerVersion":"x'))).toThrow(BundleError);
    expect(validateManifest({ compilerVersion: '1.0.0' })).not.toEqual([]);
    expect(() => signBundle(bundle, other.publicKey)).toThrow();
  });

  it('loads by importing the verified bytes (the file on disk is not re-read after verification)', async () => {
    const p = write('once.mjs', bundle);
    const loaded = await loadBundle(p);
    expect(typeof loaded.decide).toBe('function');
    expect(readFileSync(p, 'utf8')).toBe(bundle);
  });

  it('generated modules are plain JS: no imports, eval, Function or WebAssembly', () => {
    expect(source).not.toMatch(/\bimport\b|\beval\b|\bFunction\b|WebAssembly|require\(/);
  });
});
