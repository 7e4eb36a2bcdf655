/** HMAC (sign/verify) over @noble/hashes. Key material: the raw secret bytes. */
import { hmac as nobleHmac } from '@noble/hashes/hmac.js';
import { type Alg, checkJwkCommon, hashName, intParam, type Jwk, jwkCommon, type Provider } from './algorithm.js';
import { base64url, equalBytes, fromBase64url } from './bytes.js';
import { fail } from './errors.js';
import { hashFn } from './hash.js';
import { type CryptoKey, checkUsages, type KeyUsage, makeKey, materialOf } from './key.js';

const USAGES: readonly KeyUsage[] = ['sign', 'verify'];
const JWK_ALG = { 'SHA-1': 'HS1', 'SHA-256': 'HS256', 'SHA-384': 'HS384', 'SHA-512': 'HS512' } as const;

function blockBits(alg: Alg): number {
  return hashFn(alg.hash).blockLen * 8;
}

function requestedLength(alg: Alg): number | undefined {
  const length = intParam(alg, 'length', true);
  if (length === 0) fail('OperationError', 'HMAC length must not be 0');
  return length;
}

function hmacKey(alg: Alg, bytes: Uint8Array, extractable: boolean, usages: KeyUsage[]): CryptoKey {
  const hash = { name: hashName(alg.hash) };
  return makeKey('secret', extractable, { name: 'HMAC', hash, length: bytes.length * 8 }, usages, bytes);
}

export const hmac: Provider = {
  names: ['HMAC'],
  generateKey(alg, extractable, usages, ctx) {
    checkUsages(usages, USAGES);
    const length = requestedLength(alg) ?? blockBits(alg);
    // Whole bytes only: a length that is not a multiple of 8 rounds up, as browsers do.
    return hmacKey(alg, ctx.random(Math.ceil(length / 8)), extractable, usages);
  },
  importKey(format, data, alg, extractable, usages) {
    checkUsages(usages, USAGES);
    hashName(alg.hash);
    let bytes: Uint8Array;
    if (format === 'raw') bytes = data as Uint8Array;
    else if (format === 'jwk') {
      const jwk = data as Jwk;
      checkJwkCommon(jwk, 'oct', extractable, usages, 'sig');
      bytes = fromBase64url(jwk.k, 'k');
      const expected = JWK_ALG[hashName(alg.hash)];
      if (jwk.alg !== undefined && jwk.alg !== expected) fail('DataError', `JWK alg must be ${expected}`);
    } else fail('NotSupportedError', `HMAC keys cannot be imported as ${format}`);
    if (bytes.length === 0) fail('DataError', 'HMAC key must not be empty');
    const length = intParam(alg, 'length', true);
    if (length !== undefined && (length > bytes.length * 8 || length <= bytes.length * 8 - 8))
      fail('DataError', 'HMAC length does not match the key data');
    return hmacKey(alg, bytes, extractable, usages);
  },
  exportKey(format, key) {
    const bytes = materialOf<Uint8Array>(key);
    if (format === 'raw') return bytes.slice();
    if (format === 'jwk')
      return { kty: 'oct', k: base64url(bytes), alg: JWK_ALG[hashName(key.algorithm.hash)], ...jwkCommon(key) };
    return fail('NotSupportedError', `HMAC keys cannot be exported as ${format}`);
  },
  sign(_alg, key, data) {
    return nobleHmac(hashFn(key.algorithm.hash), materialOf<Uint8Array>(key), data);
  },
  verify(_alg, key, signature, data) {
    return equalBytes(nobleHmac(hashFn(key.algorithm.hash), materialOf<Uint8Array>(key), data), signature);
  },
  keyLength(alg) {
    hashName(alg.hash);
    return requestedLength(alg) ?? blockBits(alg);
  },
};
