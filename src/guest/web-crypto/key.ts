/**
 * CryptoKey: the four public attributes of the spec, and the key material in a WeakMap so no
 * property of the object reveals it (a non-extractable key must not be readable by the app).
 */
import { fail } from './errors.js';

export type KeyType = 'public' | 'private' | 'secret';
export type KeyUsage = 'encrypt' | 'decrypt' | 'sign' | 'verify' | 'deriveKey' | 'deriveBits' | 'wrapKey' | 'unwrapKey';
export type KeyAlgorithm = { name: string } & Record<string, unknown>;

/** The spec's order of usages; keys list theirs in this order, without duplicates. */
const USAGE_ORDER: readonly KeyUsage[] = [
  'encrypt',
  'decrypt',
  'sign',
  'verify',
  'deriveKey',
  'deriveBits',
  'wrapKey',
  'unwrapKey',
];

const material = new WeakMap<object, unknown>();
const CONSTRUCT = Symbol('construct');

export class CryptoKey {
  readonly type: KeyType;
  readonly extractable: boolean;
  readonly algorithm: KeyAlgorithm;
  readonly usages: KeyUsage[];

  /** Not constructible by apps, as the spec's CryptoKey has no constructor. */
  constructor(token: symbol, type: KeyType, extractable: boolean, algorithm: KeyAlgorithm, usages: KeyUsage[]) {
    if (token !== CONSTRUCT) throw new TypeError('Illegal constructor');
    this.type = type;
    this.extractable = extractable;
    this.algorithm = algorithm;
    this.usages = usages;
  }

  // Libraries such as jose recognise a CryptoKey by its tag when the class is not the global one.
  get [Symbol.toStringTag](): string {
    return 'CryptoKey';
  }
}

export interface CryptoKeyPair {
  publicKey: CryptoKey;
  privateKey: CryptoKey;
}

export function makeKey<M>(
  type: KeyType,
  extractable: boolean,
  algorithm: KeyAlgorithm,
  usages: readonly KeyUsage[],
  data: M,
): CryptoKey {
  const key = new CryptoKey(
    CONSTRUCT,
    type,
    extractable,
    algorithm,
    USAGE_ORDER.filter((u) => usages.includes(u)),
  );
  material.set(key, data);
  return key;
}

/** The material behind one of our keys; a foreign object (a native CryptoKey) is a TypeError. */
export function materialOf<M>(key: unknown): M {
  if (typeof key !== 'object' || key === null || !material.has(key))
    throw new TypeError('not a CryptoKey of this SubtleCrypto');
  return material.get(key) as M;
}

export function isOurKey(key: unknown): key is CryptoKey {
  return typeof key === 'object' && key !== null && material.has(key);
}

/** The usages given must all be allowed for this key kind, else SyntaxError (importKey/generateKey). */
export function checkUsages(usages: readonly KeyUsage[], allowed: readonly KeyUsage[]): void {
  for (const u of usages) if (!allowed.includes(u)) fail('SyntaxError', `usage "${u}" is not allowed for this key`);
}

/** The spec's list validation of the `keyUsages` argument. */
export function readUsages(value: unknown): KeyUsage[] {
  if (!Array.isArray(value)) throw new TypeError('keyUsages must be an array');
  for (const u of value)
    if (!USAGE_ORDER.includes(u as KeyUsage)) throw new TypeError(`unknown key usage "${String(u)}"`);
  return value as KeyUsage[];
}

/** A key pair's two halves: each keeps only the usages meant for it. */
export function keyPair<P, Q>(
  algorithm: KeyAlgorithm,
  extractable: boolean,
  usages: readonly KeyUsage[],
  publicUsages: readonly KeyUsage[],
  pub: P,
  priv: Q,
): CryptoKeyPair {
  return {
    // A public key is always extractable (spec: generateKey steps of every asymmetric algorithm).
    publicKey: makeKey(
      'public',
      true,
      algorithm,
      usages.filter((u) => publicUsages.includes(u)),
      pub,
    ),
    privateKey: makeKey(
      'private',
      extractable,
      algorithm,
      usages.filter((u) => !publicUsages.includes(u)),
      priv,
    ),
  };
}
