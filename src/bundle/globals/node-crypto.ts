import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../toolchain/package-root.js';

/**
 * `node:crypto`: random values from the engine's (or our) Web Crypto, hashes and HMACs from
 * @noble/hashes (audited, maintained, pure JavaScript; each algorithm a separate module, so
 * esbuild keeps only what is called). Secret keys are KeyObjects as in Node, which is what
 * jsonwebtoken and jwa check for (`instanceof KeyObject`, `type`, `symmetricKeySize`, `export`).
 * RSA keys (PEM or DER) sign and verify through createSign/createVerify with our Web Crypto's
 * RFC 8017 code (guest/web-crypto/node-rsa.ts, built into dist/). Other key types throw
 * ERR_FEATURE_UNAVAILABLE_ON_PLATFORM naming crypto.subtle, which has them; a text that is no PEM
 * throws too, so callers that try a private key first and fall back to a secret (jsonwebtoken)
 * keep working. No `subtle` export:
 * reading `.subtle` brings the ~100 kB Web Crypto polyfill (impliedGlobals); `webcrypto.subtle` has it.
 */
export function nodeCryptoSource(): string {
  const rsa = join(PACKAGE_ROOT, 'dist', 'guest', 'web-crypto', 'node-rsa.js');
  return `import { rsaKeyFrom, rsaModulusBits, rsaSign, rsaVerify } from ${JSON.stringify(rsa)};
import { md5, sha1 } from '@noble/hashes/legacy.js';
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
const SECRET = Symbol('secret'), RSA = Symbol('rsa');
export class KeyObject {
  constructor(type, material) {
    if (type !== 'secret' && type !== 'private' && type !== 'public') throw new TypeError('Invalid KeyObject type ' + type);
    this.type = type;
    this[type === 'secret' ? SECRET : RSA] = material;
    if (type !== 'secret') {
      this.asymmetricKeyType = 'rsa';
      this.asymmetricKeyDetails = { modulusLength: rsaModulusBits(material), publicExponent: material.e };
    }
  }
  get symmetricKeySize() { return this.type === 'secret' ? this[SECRET].length : undefined; }
  export() {
    if (this.type === 'secret') return Buffer.from(this[SECRET]);
    throw unavailable('KeyObject.export of an RSA key');
  }
  equals(other) { return other instanceof KeyObject && this.type === 'secret' && other.type === 'secret' && this[SECRET].length === other[SECRET].length && timingSafeEqual(this[SECRET], other[SECRET]); }
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
const PEM = /-----BEGIN ([A-Z ]+)-----([^-]*)-----END \\1-----/;
function asymmetric(input, type) {
  if (input instanceof KeyObject) {
    if (input.type === type || (input.type === 'private' && type === 'public')) return new KeyObject(type, type === 'public' ? { n: input[RSA].n, e: input[RSA].e } : input[RSA]);
    throw new TypeError('Invalid key object type ' + input.type + ', expected ' + type);
  }
  const options = input && typeof input === 'object' && !ArrayBuffer.isView(input) ? input : { key: input };
  if (options.key instanceof KeyObject) return asymmetric(options.key, type);
  if (options.passphrase !== undefined) throw unavailable('an encrypted private key');
  if (options.format === 'jwk') throw unavailable('a JWK key');
  const { key } = options;
  let label, der;
  if (options.format === 'der') {
    label = options.type === 'pkcs1' ? 'RSA ' + type.toUpperCase() + ' KEY' : type.toUpperCase() + ' KEY';
    der = bytes(key);
  } else {
    const text = typeof key === 'string' ? key : Buffer.from(bytes(key)).toString();
    const pem = PEM.exec(text);
    if (!pem) throw new TypeError('error:1E08010C:DECODER routines::unsupported');
    label = pem[1];
    der = Buffer.from(pem[2].replace(/\\s+/g, ''), 'base64');
  }
  if (!/^(RSA )?(PRIVATE|PUBLIC) KEY$/.test(label)) throw unavailable('a "' + label + '" key');
  return new KeyObject(type, rsaKeyFrom(label, der, type));
}
export function createPrivateKey(key) { return asymmetric(key, 'private'); }
export function createPublicKey(key) { return asymmetric(key, 'public'); }
const RSA_HASHES = { sha1: 'SHA-1', sha256: 'SHA-256', sha384: 'SHA-384', sha512: 'SHA-512' };
function rsaHash(name) {
  const hash = RSA_HASHES[String(name).toLowerCase().replace(/^rsa-/, '').replace('-', '')];
  if (!hash) throw new Error('node:crypto: RSA signatures with ' + name + ' are not supported (sha1, sha256, sha384, sha512)');
  return hash;
}
const randomOf = (n) => globalThis.crypto.getRandomValues(new Uint8Array(n));
const HASH_BYTES = { 'SHA-1': 20, 'SHA-256': 32, 'SHA-384': 48, 'SHA-512': 64 };
function pssSalt(options, hash) {
  if (!options || typeof options !== 'object' || options.padding !== 6) return undefined;
  const salt = options.saltLength;
  return salt === undefined || salt < 0 ? HASH_BYTES[hash] : salt;
}
function collector() {
  const parts = [];
  return { parts, update(data, encoding) { parts.push(bytes(data, encoding)); return this; }, message: () => Buffer.concat(parts) };
}
export function createSign(name) {
  const hash = rsaHash(name), c = collector();
  return {
    update: c.update,
    sign(key, encoding) {
      const k = createPrivateKey(key);
      const out = Buffer.from(rsaSign(k[RSA], hash, c.message(), randomOf, pssSalt(key, hash)));
      return encoding ? out.toString(encoding) : out;
    },
  };
}
export function createVerify(name) {
  const hash = rsaHash(name), c = collector();
  return {
    update: c.update,
    verify(key, signature, encoding) {
      const k = createPublicKey(key);
      const sig = typeof signature === 'string' ? Buffer.from(signature, encoding || 'utf8') : bytes(signature);
      return rsaVerify(k[RSA], hash, c.message(), sig, pssSalt(key, hash));
    },
  };
}
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
