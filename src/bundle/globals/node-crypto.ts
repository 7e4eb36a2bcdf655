/**
 * `node:crypto`: random values from the engine's (or our) Web Crypto, hashes and HMACs from
 * @noble/hashes (audited, maintained, pure JavaScript; each algorithm a separate module, so
 * esbuild keeps only what is called). Secret keys are KeyObjects as in Node, which is what
 * jsonwebtoken and jwa check for (`instanceof KeyObject`, `type`, `symmetricKeySize`, `export`).
 * Asymmetric keys and signatures (createPrivateKey, createSign...) are not given: they throw
 * ERR_FEATURE_UNAVAILABLE_ON_PLATFORM naming crypto.subtle, which has them, so callers that try
 * a private key first and fall back to a secret (jsonwebtoken) keep working. No `subtle` export:
 * reading `.subtle` brings the ~100 kB Web Crypto polyfill (impliedGlobals); `webcrypto.subtle` has it.
 */
export function nodeCryptoSource(): string {
  return `import { md5, sha1 } from '@noble/hashes/legacy.js';
import { sha224, sha256, sha384, sha512 } from '@noble/hashes/sha2.js';
import { hmac } from '@noble/hashes/hmac.js';
import { Buffer } from 'buffer/index.js';

const ALGORITHMS = { md5, sha1, sha224, sha256, sha384, sha512 };
function algorithm(name) {
  const hash = ALGORITHMS[String(name).toLowerCase().replace(/^rsa-/, '').replace('-', '')];
  if (!hash) throw new Error('node:crypto: digest ' + name + ' is not supported (md5, sha1, sha224, sha256, sha384, sha512)');
  return hash;
}
const bytes = (data, encoding) => (typeof data === 'string' ? Buffer.from(data, encoding || 'utf8') : new Uint8Array(data.buffer ? data.buffer : data, data.byteOffset || 0, data.byteLength));
const SECRET = Symbol('secret');
export class KeyObject {
  constructor(type, secret) {
    if (type !== 'secret') throw unavailable('KeyObject of type ' + type);
    this.type = type;
    this[SECRET] = secret;
  }
  get symmetricKeySize() { return this[SECRET].length; }
  export() { return Buffer.from(this[SECRET]); }
  equals(other) { return other instanceof KeyObject && timingSafeEqual(this[SECRET], other[SECRET]); }
}
function unavailable(what) {
  const error = new Error('node:crypto: ' + what + ' is not available in a component; crypto.subtle has RSA, ECDSA and Ed25519 keys');
  error.code = 'ERR_FEATURE_UNAVAILABLE_ON_PLATFORM';
  return error;
}
const keyBytes = (key, encoding) => (key instanceof KeyObject ? key[SECRET] : bytes(key, encoding));
export function createSecretKey(key, encoding) {
  if (typeof key !== 'string' && !ArrayBuffer.isView(key) && !(key instanceof ArrayBuffer)) throw new TypeError('The "key" argument must be a string, Buffer, TypedArray or DataView');
  return new KeyObject('secret', Uint8Array.from(bytes(key, encoding)));
}
export function createPrivateKey() { throw unavailable('createPrivateKey'); }
export function createPublicKey() { throw unavailable('createPublicKey'); }
export function createSign() { throw unavailable('createSign'); }
export function createVerify() { throw unavailable('createVerify'); }
function digester(state) {
  return {
    update(data, encoding) { state.update(bytes(data, encoding)); return this; },
    digest(encoding) { const out = Buffer.from(state.digest()); return encoding ? out.toString(encoding) : out; },
  };
}
export function createHash(name) { return digester(algorithm(name).create()); }
export function createHmac(name, key) { return digester(hmac.create(algorithm(name), keyBytes(key))); }
export function timingSafeEqual(a, b) {
  if (a.byteLength !== b.byteLength) {
    const error = new RangeError('Input buffers must have the same byte length');
    error.code = 'ERR_CRYPTO_TIMING_SAFE_EQUAL_LENGTH';
    throw error;
  }
  const x = bytes(a), y = bytes(b);
  let diff = 0;
  for (let i = 0; i < x.length; i++) diff |= x[i] ^ y[i];
  return diff === 0;
}
export function getHashes() { return Object.keys(ALGORITHMS); }
export function getRandomValues(array) { return globalThis.crypto.getRandomValues(array); }
export function randomBytes(size, callback) {
  const out = Buffer.alloc(size);
  for (let i = 0; i < size; i += 65536) globalThis.crypto.getRandomValues(out.subarray(i, Math.min(size, i + 65536)));
  if (callback) { Promise.resolve().then(() => callback(null, out)); return undefined; }
  return out;
}
export function randomUUID() { return globalThis.crypto.randomUUID(); }
export function randomInt(min, max) {
  if (max === undefined) { max = min; min = 0; }
  const range = max - min, buf = new Uint32Array(1);
  globalThis.crypto.getRandomValues(buf);
  return min + (buf[0] % range);
}
export const constants = { RSA_PKCS1_PADDING: 1, RSA_NO_PADDING: 3, RSA_PKCS1_OAEP_PADDING: 4, RSA_PKCS1_PSS_PADDING: 6, RSA_PSS_SALTLEN_DIGEST: -1, RSA_PSS_SALTLEN_MAX_SIGN: -2, RSA_PSS_SALTLEN_AUTO: -2 };
export const webcrypto = globalThis.crypto;
export default { createHash, createHmac, createSecretKey, createPrivateKey, createPublicKey, createSign, createVerify, KeyObject, timingSafeEqual, getHashes, getRandomValues, randomBytes, randomUUID, randomInt, constants, webcrypto };
`;
}
