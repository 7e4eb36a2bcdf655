import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../toolchain/package-root.js';

/**
 * `crypto.getRandomValues` and `crypto.randomUUID` for engines without Web Crypto, on
 * `wasi:random/random` (the host's cryptographically secure source). `subtle` comes with the
 * CryptoKey polyfill (`subtlePolyfillSource`), only when the code uses it.
 */
export function cryptoPolyfillSource(randomInterface: string, int64: 'number' | 'bigint'): string {
  const length = int64 === 'number' ? 'n' : 'BigInt(n)';
  return `import { getRandomBytes } from ${JSON.stringify(randomInterface)};

function getRandomValues(array) {
  if (!ArrayBuffer.isView(array) || array instanceof Float32Array || array instanceof Float64Array || array instanceof DataView) {
    throw new TypeError('crypto.getRandomValues: expected an integer typed array');
  }
  const n = array.byteLength;
  if (n > 65536) throw new RangeError('crypto.getRandomValues: at most 65536 bytes per call');
  const bytes = getRandomBytes(${length});
  new Uint8Array(array.buffer, array.byteOffset, n).set(bytes.subarray ? bytes.subarray(0, n) : bytes.slice(0, n));
  return array;
}

function randomUUID() {
  const b = getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return h.slice(0, 8) + '-' + h.slice(8, 12) + '-' + h.slice(12, 16) + '-' + h.slice(16, 20) + '-' + h.slice(20);
}

export const crypto = { getRandomValues, randomUUID };
`;
}

/**
 * `crypto.subtle` and `CryptoKey` from our pure-JS Web Crypto (src/guest/web-crypto/), built by
 * tsc into dist/. Its installer runs after the crypto polyfill's (the `uses` order), so
 * `globalThis.crypto` exists here; randomness goes through its `getRandomValues` (WASI random),
 * drawn only when an operation needs it, never while the snapshot is taken.
 */
export function subtlePolyfillSource(): string {
  const module = join(PACKAGE_ROOT, 'dist', 'guest', 'web-crypto', 'index.js');
  return `import { createSubtle, CryptoKey } from ${JSON.stringify(module)};
if (globalThis.crypto && !globalThis.crypto.subtle) {
  globalThis.crypto.subtle = createSubtle({ getRandomValues: (array) => globalThis.crypto.getRandomValues(array) });
}
export { CryptoKey };
`;
}

/**
 * StarlingMonkey's `crypto.subtle` has digest and HMAC only (no generateKey nor exportKey at all):
 * ours over it (src/guest/web-crypto/over-native.ts says which part stays native, and why), and
 * our CryptoKey installed over the native class, as every key the app gets is one of ours.
 * An own property on the crypto object shadows the native getter.
 */
export function subtleOverNativeSource(): string {
  const module = join(PACKAGE_ROOT, 'dist', 'guest', 'web-crypto', 'index.js');
  return `import { createSubtle, createSubtleOver, CryptoKey } from ${JSON.stringify(module)};
const ours = createSubtle({ getRandomValues: (array) => globalThis.crypto.getRandomValues(array) });
const subtle = createSubtleOver(globalThis.crypto.subtle, ours);
Object.defineProperty(globalThis.crypto, 'subtle', { value: subtle, configurable: true, enumerable: true, writable: false });
export { CryptoKey };
`;
}
