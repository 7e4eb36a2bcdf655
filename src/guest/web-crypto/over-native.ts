/**
 * A SubtleCrypto for an engine whose own one has only some of Web Crypto. Measured on
 * StarlingMonkey (fixtures/web-crypto-probe, README "Web Crypto"): it has digest, importKey,
 * sign and verify, no generateKey, exportKey, encrypt, deriveBits or wrapKey; importKey knows
 * HMAC only, and importing an ECDSA or RSASSA key aborts the component (a trap, not a
 * rejection). So each algorithm is decided once, not per call, and a key lives its whole life in
 * one implementation: digest, which has no keys, stays native; every algorithm with keys is ours,
 * so every CryptoKey the app sees is ours and ours accepts it.
 */
import { canonicalName, HASH_NAMES } from './algorithm.js';
import { bytesOf } from './bytes.js';
import type { Subtle } from './subtle.js';

/** The part of the engine's own SubtleCrypto that is used. */
export interface NativeDigest {
  digest(algorithm: string, data: Uint8Array): Promise<ArrayBuffer>;
}

/** `ours` (createSubtle) with the engine's digest. */
export function createSubtleOver(native: NativeDigest, ours: Subtle): Subtle {
  return {
    ...ours,
    digest(alg: unknown, data: unknown) {
      try {
        // Our checks first (name, data type), so errors are named as on every other engine.
        const name = typeof alg === 'string' ? alg : (alg as { name?: unknown } | null)?.name;
        const hash = canonicalName(name, HASH_NAMES);
        return native.digest(hash, bytesOf(data));
      } catch (error) {
        return Promise.reject(error);
      }
    },
  };
}
