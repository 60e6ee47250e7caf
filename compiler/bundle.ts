// Bundles: one self-contained ES module file (the generated decision module, manifest inside),
// with an integrity header, an optional ed25519 detached signature (`<bundle>.sig`), and a loader
// that verifies before it imports. Loading imports the verified bytes through a data: URL, so what
// was checked is exactly what runs (no eval, nothing written to disk).
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { Ajv, type ValidateFunction } from 'ajv';
import schema from './manifest.schema.json' with { type: 'json' };
import type { Decision, DecisionInput } from '../runtime/decision/types.js';

export interface ManifestRule {
  id: string;
  category: string;
  severity: 'error' | 'warning' | 'info';
  description: string | null;
  docs: string | null;
  dialects: string[] | null;
  source: { file: string; line: number; column: number };
  /** the rule's `fix`, for the linter */
  fix?: string | null;
}

export interface Manifest {
  compilerVersion: string;
  /** `sha256:<hex>` over the policy sources (sorted by file name) */
  policyHash: string;
  rules: ManifestRule[];
  /** field paths the policies read (`statement.actions`, `principal.groups`, ...) */
  requiredFacts: string[];
  builtAt?: string;
}

export interface LoadedBundle {
  manifest: Manifest;
  decide: (input: DecisionInput) => Decision;
}

export class BundleError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'BundleError';
  }
}

const HEADER = '// hoop-policy bundle v1 sha256=';

let validator: ValidateFunction | null = null;
function manifestValidator(): ValidateFunction {
  validator ??= new Ajv({ allErrors: true, strict: true }).compile(schema);
  return validator;
}

/** Returns the problems with a manifest (empty when it is valid). */
export function validateManifest(manifest: unknown): string[] {
  const v = manifestValidator();
  if (v(manifest)) return [];
  return (v.errors ?? []).map((e) => `manifest${e.instancePath} ${e.message ?? 'is invalid'}`);
}

function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Hash of policy sources, independent of the order they were given in. */
export function policyHash(files: readonly { file: string; text: string }[]): string {
  const h = createHash('sha256');
  for (const f of [...files].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0))) {
    h.update(f.file).update('\0').update(f.text).update('\0');
  }
  return `sha256:${h.digest('hex')}`;
}

/** Wraps a generated module into bundle text: an integrity header line, then the module. */
export function wrapBundle(moduleSource: string): string {
  const manifestProblems = validateManifest(extractManifestShallow(moduleSource));
  if (manifestProblems.length > 0) throw new BundleError('bundle/invalid-manifest', manifestProblems[0]!);
  return `${HEADER}${sha256(moduleSource)}\n${moduleSource}`;
}

// The generated module writes its manifest as one JSON line `export const manifest = {...};`.
function extractManifestShallow(source: string): unknown {
  const m = /^export const manifest = (.*);$/m.exec(source);
  if (!m) return null;
  try {
    return JSON.parse(m[1]!);
  } catch {
    return null;
  }
}

/** Splits bundle bytes into module source, checking the integrity header. */
export function checkIntegrity(bytes: Uint8Array | string): { ok: true; source: string } | { ok: false; error: string } {
  const text = typeof bytes === 'string' ? bytes : Buffer.from(bytes).toString('utf8');
  if (!text.startsWith(HEADER)) return { ok: false, error: 'not a hoop-policy bundle (missing `hoop-policy bundle v1` header)' };
  const nl = text.indexOf('\n');
  const declared = text.slice(HEADER.length, nl < 0 ? undefined : nl).trim();
  const source = nl < 0 ? '' : text.slice(nl + 1);
  if (!/^[0-9a-f]{64}$/.test(declared) || sha256(source) !== declared) {
    return { ok: false, error: 'bundle was modified after it was built (content hash does not match its header)' };
  }
  return { ok: true, source };
}

/** ed25519 detached signature over the bundle bytes, base64. */
export function signBundle(bytes: Uint8Array | string, privateKeyPem: string): string {
  const key = createPrivateKey(privateKeyPem);
  if (key.asymmetricKeyType !== 'ed25519') throw new BundleError('bundle/bad-key', 'signing key is not an ed25519 private key');
  return sign(null, toBytes(bytes), key).toString('base64');
}

export type VerifyResult = { ok: true } | { ok: false; error: string };

/** Checks the integrity header and the detached signature (base64 text or raw bytes). */
export function verifyBundle(bytes: Uint8Array | string, signature: Uint8Array | string, publicKeyPem: string): VerifyResult {
  const integrity = checkIntegrity(bytes);
  if (!integrity.ok) return integrity;
  let key;
  try {
    key = createPublicKey(publicKeyPem);
  } catch {
    return { ok: false, error: 'public key is not a valid PEM key' };
  }
  if (key.asymmetricKeyType !== 'ed25519') return { ok: false, error: 'public key is not an ed25519 key' };
  const sig = typeof signature === 'string' ? Buffer.from(signature.trim(), 'base64') : Buffer.from(signature);
  if (sig.length !== 64) return { ok: false, error: 'signature is malformed (expected 64 bytes of ed25519 signature)' };
  let good = false;
  try {
    good = verify(null, toBytes(bytes), key, sig);
  } catch {
    good = false;
  }
  return good ? { ok: true } : { ok: false, error: 'signature does not match the bundle (bundle or signature was tampered with, or wrong key)' };
}

function toBytes(b: Uint8Array | string): Buffer {
  return typeof b === 'string' ? Buffer.from(b, 'utf8') : Buffer.from(b);
}

/** Imports bundle text after checking it; throws BundleError with a one-line message on any problem. */
export async function importBundle(bytes: Uint8Array | string): Promise<LoadedBundle> {
  const integrity = checkIntegrity(bytes);
  if (!integrity.ok) throw new BundleError('bundle/tampered', integrity.error);
  const url = `data:text/javascript;base64,${Buffer.from(integrity.source, 'utf8').toString('base64')}`;
  let mod: Record<string, unknown>;
  try {
    mod = (await import(url)) as Record<string, unknown>;
  } catch (e) {
    throw new BundleError('bundle/invalid-module', `bundle module failed to load: ${(e as Error).message.split('\n')[0]}`);
  }
  const problems = validateManifest(mod.manifest);
  if (problems.length > 0) throw new BundleError('bundle/invalid-manifest', problems[0]!);
  if (typeof mod.decide !== 'function') throw new BundleError('bundle/invalid-module', 'bundle does not export a `decide` function');
  return { manifest: mod.manifest as Manifest, decide: mod.decide as LoadedBundle['decide'] };
}

/** Reads, verifies (signature too when a public key is given: `<path>.sig` must exist) and imports a bundle. */
export async function loadBundle(path: string, options: { publicKey?: string } = {}): Promise<LoadedBundle> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch {
    throw new BundleError('bundle/not-found', `cannot read bundle \`${path}\``);
  }
  if (options.publicKey !== undefined) {
    let sig: Buffer;
    try {
      sig = await readFile(`${path}.sig`);
    } catch {
      throw new BundleError('bundle/missing-signature', `signature file \`${path}.sig\` is missing`);
    }
    const v = verifyBundle(bytes, sig.toString('utf8'), options.publicKey);
    if (!v.ok) throw new BundleError('bundle/bad-signature', v.error);
  }
  return importBundle(bytes);
}

/** A fresh ed25519 key pair as PEM (PKCS#8 private, SPKI public). */
export function generateSigningKeys(): { privateKey: string; publicKey: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKey: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}
