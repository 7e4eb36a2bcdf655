/** The SHA family, shared by digest and every algorithm with a `hash` parameter. */
import { sha1 } from '@noble/hashes/legacy.js';
import { sha256, sha384, sha512 } from '@noble/hashes/sha2.js';
import type { CHash } from '@noble/hashes/utils.js';
import { canonicalName, HASH_NAMES, type HashName } from './algorithm.js';

export type HashFn = CHash;

export const HASHES: Record<HashName, HashFn> = {
  'SHA-1': sha1,
  'SHA-256': sha256,
  'SHA-384': sha384,
  'SHA-512': sha512,
};

/** `hash` already normalized by algorithm.ts. */
export function hashFn(hash: unknown): HashFn {
  if (hash === undefined) throw new TypeError('algorithm.hash is required');
  return HASHES[(hash as { name: HashName }).name];
}

/** digest(): the algorithm may be a string or `{ name }`, anything else unknown is NotSupportedError. */
export function digest(alg: unknown, data: Uint8Array): Uint8Array {
  const name = typeof alg === 'string' ? alg : (alg as { name?: unknown } | null)?.name;
  return HASHES[canonicalName(name, HASH_NAMES) as HashName](data);
}
