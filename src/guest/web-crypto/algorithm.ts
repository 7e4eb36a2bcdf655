/**
 * Algorithm normalization and the interface each algorithm module implements. Names match
 * case-insensitively and come out in the spec's spelling; a `hash` member becomes `{ name }`.
 */
import { fail } from './errors.js';
import type { CryptoKey, CryptoKeyPair, KeyUsage } from './key.js';

export type Alg = { name: string } & Record<string, unknown>;
export type KeyFormat = 'raw' | 'spki' | 'pkcs8' | 'jwk';
export type Jwk = Record<string, unknown>;

/** What algorithms get from createSubtle's caller. */
export interface Context {
  /** `n` bytes from the injected `getRandomValues`. */
  random(n: number): Uint8Array;
}

/** One algorithm (or one family sharing key formats). Every method is synchronous; the core makes Promises. */
export interface Provider {
  readonly names: readonly string[];
  /** Loads what encrypt, decrypt, wrapKey and unwrapKey need, awaited before each (aes.ts: why). */
  load?(): Promise<void>;
  generateKey?(alg: Alg, extractable: boolean, usages: KeyUsage[], ctx: Context): CryptoKey | CryptoKeyPair;
  importKey?(
    format: KeyFormat,
    data: Uint8Array | Jwk,
    alg: Alg,
    extractable: boolean,
    usages: KeyUsage[],
    ctx: Context,
  ): CryptoKey;
  exportKey?(format: KeyFormat, key: CryptoKey, ctx: Context): Uint8Array | Jwk;
  encrypt?(alg: Alg, key: CryptoKey, data: Uint8Array, ctx: Context): Uint8Array;
  decrypt?(alg: Alg, key: CryptoKey, data: Uint8Array, ctx: Context): Uint8Array;
  sign?(alg: Alg, key: CryptoKey, data: Uint8Array, ctx: Context): Uint8Array;
  verify?(alg: Alg, key: CryptoKey, signature: Uint8Array, data: Uint8Array, ctx: Context): boolean;
  deriveBits?(alg: Alg, key: CryptoKey, length: number | null, ctx: Context): Uint8Array;
  /** The bit length deriveKey must derive for a key of this algorithm (get key length). */
  keyLength?(alg: Alg): number;
  /** Key wrapping proper (AES-KW); others wrap with encrypt. */
  wrapKey?(alg: Alg, key: CryptoKey, data: Uint8Array, ctx: Context): Uint8Array;
  unwrapKey?(alg: Alg, key: CryptoKey, data: Uint8Array, ctx: Context): Uint8Array;
}

/** Spec spelling of a name among `names`, or NotSupportedError. */
export function canonicalName(name: unknown, names: readonly string[]): string {
  if (typeof name !== 'string') throw new TypeError('algorithm name must be a string');
  const upper = name.toUpperCase();
  return names.find((n) => n.toUpperCase() === upper) ?? fail('NotSupportedError', `unrecognized algorithm "${name}"`);
}

export const HASH_NAMES = ['SHA-1', 'SHA-256', 'SHA-384', 'SHA-512'] as const;
export type HashName = (typeof HASH_NAMES)[number];

/** A `hash` member (string or `{ name }`), normalized. */
export function hashName(hash: unknown): HashName {
  if (hash === undefined) throw new TypeError('algorithm.hash is required');
  const name = typeof hash === 'string' ? hash : (hash as { name?: unknown } | null)?.name;
  return canonicalName(name, HASH_NAMES) as HashName;
}

/** AlgorithmIdentifier (string or object) -> a copy with the canonical name and a normalized hash. */
export function normalize(alg: unknown, names: readonly string[]): Alg {
  const obj: Record<string, unknown> =
    typeof alg === 'string'
      ? { name: alg }
      : alg && typeof alg === 'object'
        ? { ...(alg as object) }
        : fail('SyntaxError', 'algorithm must be a string or an object');
  // Inherited members count too (dictionaries read through the prototype chain).
  for (const k of [
    'name',
    'hash',
    'length',
    'namedCurve',
    'iv',
    'counter',
    'additionalData',
    'tagLength',
    'salt',
    'info',
    'iterations',
    'public',
    'saltLength',
    'label',
    'modulusLength',
    'publicExponent',
  ]) {
    if (!(k in obj) && alg && typeof alg === 'object' && k in alg) obj[k] = (alg as Record<string, unknown>)[k];
  }
  const out: Alg = { ...obj, name: canonicalName(obj.name, names) };
  if (out.hash !== undefined) out.hash = { name: hashName(out.hash) };
  return out;
}

/** A required BufferSource member of an algorithm's parameters. */
export function bufferParam(alg: Alg, member: string, optional = false): Uint8Array | undefined {
  const v = alg[member];
  if (v === undefined && optional) return undefined;
  if (v instanceof ArrayBuffer) return new Uint8Array(v.slice(0));
  if (ArrayBuffer.isView(v)) return new Uint8Array(v.buffer, v.byteOffset, v.byteLength).slice();
  throw new TypeError(`algorithm.${member} must be a BufferSource`);
}

/** A required integer member (WebIDL [EnforceRange] style: finite, whole). */
export function intParam(alg: Alg, member: string, optional = false): number | undefined {
  const v = alg[member];
  if (v === undefined && optional) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || v === null || typeof v === 'object')
    throw new TypeError(`algorithm.${member} must be a number`);
  return Math.trunc(n);
}

/** JWK checks every import does: `ext` and `key_ops` against the requested extractability and usages. */
export function checkJwkCommon(
  jwk: Jwk,
  kty: string,
  extractable: boolean,
  usages: readonly KeyUsage[],
  use: 'sig' | 'enc',
): void {
  if (jwk.kty !== kty) fail('DataError', `JWK kty must be "${kty}"`);
  if (usages.length > 0 && jwk.use !== undefined && jwk.use !== use) fail('DataError', `JWK use must be "${use}"`);
  if (jwk.key_ops !== undefined) {
    const ops = jwk.key_ops;
    if (!Array.isArray(ops) || new Set(ops).size !== ops.length) fail('DataError', 'JWK key_ops is invalid');
    for (const u of usages) if (!ops.includes(u)) fail('DataError', `JWK key_ops does not allow "${u}"`);
  }
  if (jwk.ext === false && extractable) fail('DataError', 'JWK ext is false but the key is requested extractable');
}

/** The members every exported JWK carries. */
export function jwkCommon(key: CryptoKey): Jwk {
  return { key_ops: [...key.usages], ext: key.extractable };
}
