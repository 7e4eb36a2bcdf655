/** PBKDF2 and HKDF: import raw key material, deriveBits, and deriveKey through the core. */
import { hkdf as nobleHkdf } from '@noble/hashes/hkdf.js';
import { pbkdf2 as noblePbkdf2 } from '@noble/hashes/pbkdf2.js';
import { type Alg, bufferParam, intParam, type Provider } from './algorithm.js';
import { fail } from './errors.js';
import { hashFn } from './hash.js';
import { type CryptoKey, checkUsages, type KeyUsage, makeKey, materialOf } from './key.js';

const USAGES: readonly KeyUsage[] = ['deriveKey', 'deriveBits'];

function importSecret(
  name: string,
  format: string,
  data: unknown,
  extractable: boolean,
  usages: KeyUsage[],
): CryptoKey {
  checkUsages(usages, USAGES);
  if (format !== 'raw') fail('NotSupportedError', `${name} keys can only be imported as raw`);
  // Key derivation secrets never leave: the spec rejects extractable imports.
  if (extractable) fail('SyntaxError', `${name} keys cannot be extractable`);
  return makeKey('secret', false, { name }, usages, data as Uint8Array);
}

function bitLength(length: number | null): number {
  if (length === null || length === 0 || length % 8 !== 0)
    fail('OperationError', 'length must be a non-zero multiple of 8');
  return length / 8;
}

export const pbkdf2: Provider = {
  names: ['PBKDF2'],
  importKey: (format, data, _alg, extractable, usages) => importSecret('PBKDF2', format, data, extractable, usages),
  deriveBits(alg: Alg, key, length) {
    const salt = bufferParam(alg, 'salt')!;
    const iterations = intParam(alg, 'iterations')!;
    if (iterations <= 0) fail('OperationError', 'iterations must be positive');
    const dkLen = bitLength(length);
    return noblePbkdf2(hashFn(alg.hash), materialOf<Uint8Array>(key), salt, { c: iterations, dkLen });
  },
};

export const hkdf: Provider = {
  names: ['HKDF'],
  importKey: (format, data, _alg, extractable, usages) => importSecret('HKDF', format, data, extractable, usages),
  deriveBits(alg: Alg, key, length) {
    const salt = bufferParam(alg, 'salt')!;
    const info = bufferParam(alg, 'info')!;
    const hash = hashFn(alg.hash);
    const dkLen = bitLength(length);
    if (dkLen > 255 * hash.outputLen) fail('OperationError', 'HKDF length too large');
    return nobleHkdf(hash, materialOf<Uint8Array>(key), salt, info, dkLen);
  },
};
