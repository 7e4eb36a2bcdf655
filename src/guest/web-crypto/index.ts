/**
 * A pure-JS Web Crypto SubtleCrypto for engines without one (QuickJS-NG) or with a partial one.
 * It never reads globalThis.crypto: randomness comes from the injected getRandomValues.
 *
 *   createSubtle({ getRandomValues })            every algorithm
 *   createSubtleWith({ getRandomValues }, [hmac]) only those listed; esbuild drops the rest
 *                                                (digest is always there: every algorithm hashes)
 *   createSubtleOver(native, createSubtle(...))   the same, digest by the engine's own
 */

import { aes, aesKw } from './aes.js';
import type { Provider } from './algorithm.js';
import { ecdh, ecdsa } from './ec.js';
import { hmac } from './hmac.js';
import { hkdf, pbkdf2 } from './kdf.js';
import { ed25519, x25519 } from './okp.js';
import { rsaOaep, rsaPss, rsassa } from './rsa.js';
import { createSubtleWith, type Subtle, type SubtleOptions } from './subtle.js';

export const ALL_ALGORITHMS: readonly Provider[] = [
  hmac,
  pbkdf2,
  hkdf,
  aes,
  aesKw,
  ecdsa,
  ecdh,
  ed25519,
  x25519,
  rsassa,
  rsaPss,
  rsaOaep,
];

export function createSubtle(options: SubtleOptions): Subtle {
  return createSubtleWith(options, ALL_ALGORITHMS);
}

export { CryptoKey, type CryptoKeyPair } from './key.js';
export { createSubtleOver, type NativeDigest } from './over-native.js';
export type { Provider, Subtle, SubtleOptions };
export { aes, aesKw, createSubtleWith, ecdh, ecdsa, ed25519, hkdf, hmac, pbkdf2, rsaOaep, rsaPss, rsassa, x25519 };
