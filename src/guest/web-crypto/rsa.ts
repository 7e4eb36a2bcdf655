/** RSASSA-PKCS1-v1_5, RSA-PSS and RSA-OAEP: key formats and the operations of rsa-padding.ts. */
import {
  type Alg,
  bufferParam,
  checkJwkCommon,
  type HashName,
  hashName,
  intParam,
  type Jwk,
  jwkCommon,
  type KeyFormat,
  type Provider,
} from './algorithm.js';
import { base64url, fromBase64url, fromBigInt, toBigInt } from './bytes.js';
import * as der from './der.js';
import { fail } from './errors.js';
import { type CryptoKey, checkUsages, type KeyUsage, keyPair, makeKey, materialOf } from './key.js';
import { bitLength, generateRsa, type RsaKeyData } from './rsa-math.js';
import { oaepDecrypt, oaepEncrypt, pkcs1Sign, pkcs1Verify, pssSign, pssVerify } from './rsa-padding.js';

const RSA_ENCRYPTION = '1.2.840.113549.1.1.1';
const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi'] as const;

const JWK_ALG: Record<string, (h: HashName) => string> = {
  'RSASSA-PKCS1-v1_5': (h) => `RS${h.slice(4)}`,
  'RSA-PSS': (h) => `PS${h.slice(4)}`,
  'RSA-OAEP': (h) => (h === 'SHA-1' ? 'RSA-OAEP' : `RSA-OAEP-${h.slice(4)}`),
};

function usagesFor(name: string, type: 'public' | 'private'): readonly KeyUsage[] {
  if (name === 'RSA-OAEP') return type === 'public' ? ['encrypt', 'wrapKey'] : ['decrypt', 'unwrapKey'];
  return type === 'public' ? ['verify'] : ['sign'];
}

function algorithmOf(alg: Alg, k: RsaKeyData) {
  return {
    name: alg.name,
    modulusLength: bitLength(k.n),
    publicExponent: fromBigInt(k.e),
    hash: { name: hashName(alg.hash) },
  };
}

function rsaKey(alg: Alg, extractable: boolean, usages: KeyUsage[], k: RsaKeyData): CryptoKey {
  const type = k.d === undefined ? 'public' : 'private';
  checkUsages(usages, usagesFor(alg.name, type));
  if (k.n <= 0n || k.e <= 1n || k.e >= k.n || bitLength(k.n) < 256) fail('DataError', 'invalid RSA key');
  return makeKey(type, extractable, algorithmOf(alg, k), usages, k);
}

export function fromSpki(bytes: Uint8Array): RsaKeyData {
  const info = der.readSpki(bytes);
  if (info.oid !== RSA_ENCRYPTION) fail('DataError', 'not an RSA public key');
  const [n, e, extra] = der.children(der.parse(info.key, der.TAG.SEQUENCE));
  if (extra) fail('DataError', 'malformed RSAPublicKey');
  return { n: der.readInteger(n), e: der.readInteger(e) };
}

export function fromPkcs8(bytes: Uint8Array): RsaKeyData {
  const info = der.readPkcs8(bytes);
  if (info.oid !== RSA_ENCRYPTION) fail('DataError', 'not an RSA private key');
  const items = der.children(der.parse(info.key, der.TAG.SEQUENCE));
  // Two-prime keys only (version 0): multi-prime keys are legal but nothing makes them.
  if (items.length !== 9 || der.readInteger(items[0]) !== 0n) fail('DataError', 'unsupported RSAPrivateKey');
  const [n, e, d, p, q, dp, dq, qi] = items.slice(1).map((i) => der.readInteger(i)) as [
    bigint,
    bigint,
    bigint,
    bigint,
    bigint,
    bigint,
    bigint,
    bigint,
  ];
  return { n, e, d, p, q, dp, dq, qi };
}

function fromJwk(alg: Alg, jwk: Jwk, extractable: boolean, usages: KeyUsage[]): RsaKeyData {
  checkJwkCommon(jwk, 'RSA', extractable, usages, alg.name === 'RSA-OAEP' ? 'enc' : 'sig');
  const expected = JWK_ALG[alg.name]!(hashName(alg.hash));
  if (jwk.alg !== undefined && jwk.alg !== expected) fail('DataError', `JWK alg must be ${expected}`);
  const int = (m: string) => toBigInt(fromBase64url(jwk[m], m));
  const k: RsaKeyData = { n: int('n'), e: int('e') };
  if (jwk.d === undefined) return k;
  k.d = int('d');
  const crt = PRIVATE_MEMBERS.slice(1).filter((m) => jwk[m] !== undefined);
  if (crt.length !== 0 && crt.length !== 5) fail('DataError', 'JWK must have all of p, q, dp, dq, qi or none');
  if (jwk.oth !== undefined) fail('NotSupportedError', 'multi-prime RSA keys are not supported');
  for (const m of crt) k[m] = int(m);
  return k;
}

function importRsa(
  format: KeyFormat,
  data: Uint8Array | Jwk,
  alg: Alg,
  extractable: boolean,
  usages: KeyUsage[],
): CryptoKey {
  hashName(alg.hash);
  if (format === 'raw') fail('NotSupportedError', 'RSA keys cannot be imported as raw');
  const k =
    format === 'spki'
      ? fromSpki(data as Uint8Array)
      : format === 'pkcs8'
        ? fromPkcs8(data as Uint8Array)
        : fromJwk(alg, data as Jwk, extractable, usages);
  return rsaKey(alg, extractable, usages, k);
}

function exportRsa(format: KeyFormat, key: CryptoKey): Uint8Array | Jwk {
  const k = materialOf<RsaKeyData>(key);
  const isPublic = key.type === 'public';
  if (format === 'raw') fail('NotSupportedError', 'RSA keys cannot be exported as raw');
  if (format === 'spki' && !isPublic) fail('InvalidAccessError', 'spki export needs a public key');
  if (format === 'pkcs8' && isPublic) fail('InvalidAccessError', 'pkcs8 export needs a private key');
  if (format === 'spki') return der.spki(RSA_ENCRYPTION, der.NULL, der.seq(der.integer(k.n), der.integer(k.e)));
  if (format === 'pkcs8') {
    if (k.p === undefined) fail('OperationError', 'this RSA key has no primes to export as pkcs8');
    const values = [0n, k.n, k.e, k.d!, k.p, k.q!, k.dp!, k.dq!, k.qi!];
    return der.pkcs8(RSA_ENCRYPTION, der.NULL, der.seq(...values.map(der.integer)));
  }
  const jwk: Jwk = { kty: 'RSA', n: base64url(fromBigInt(k.n)), e: base64url(fromBigInt(k.e)) };
  for (const m of PRIVATE_MEMBERS) if (k[m] !== undefined) jwk[m] = base64url(fromBigInt(k[m]!));
  jwk.alg = JWK_ALG[key.algorithm.name]!(hashName(key.algorithm.hash));
  return { ...jwk, ...jwkCommon(key) };
}

function generate(alg: Alg, extractable: boolean, usages: KeyUsage[], ctx: { random(n: number): Uint8Array }) {
  hashName(alg.hash);
  checkUsages(usages, [...usagesFor(alg.name, 'public'), ...usagesFor(alg.name, 'private')]);
  const bits = intParam(alg, 'modulusLength')!;
  const e = toBigInt(bufferParam(alg, 'publicExponent')!);
  // Below 512 bits is no key at all; above 16384 the pure-JS search would run for hours.
  if (bits < 512 || bits > 16384 || bits % 8 !== 0)
    fail('OperationError', 'modulusLength must be a multiple of 8 from 512 to 16384');
  if (e < 3n || e % 2n === 0n) fail('OperationError', 'publicExponent must be odd and at least 3');
  const k = generateRsa(bits, e, ctx.random);
  return keyPair(algorithmOf(alg, k), extractable, usages, usagesFor(alg.name, 'public'), { n: k.n, e: k.e }, k);
}

const keyHash = (key: CryptoKey): HashName => hashName(key.algorithm.hash);

export const rsassa: Provider = {
  names: ['RSASSA-PKCS1-v1_5'],
  generateKey: generate,
  importKey: importRsa,
  exportKey: exportRsa,
  sign: (_alg, key, data, ctx) => pkcs1Sign(materialOf(key), keyHash(key), data, ctx.random),
  verify: (_alg, key, signature, data) => pkcs1Verify(materialOf(key), keyHash(key), data, signature),
};

function saltLength(alg: Alg): number {
  const s = intParam(alg, 'saltLength')!;
  if (s < 0) throw new TypeError('saltLength must not be negative');
  return s;
}

export const rsaPss: Provider = {
  names: ['RSA-PSS'],
  generateKey: generate,
  importKey: importRsa,
  exportKey: exportRsa,
  sign: (alg, key, data, ctx) => pssSign(materialOf(key), keyHash(key), data, saltLength(alg), ctx.random),
  verify: (alg, key, signature, data) => pssVerify(materialOf(key), keyHash(key), data, signature, saltLength(alg)),
};

export const rsaOaep: Provider = {
  names: ['RSA-OAEP'],
  generateKey: generate,
  importKey: importRsa,
  exportKey: exportRsa,
  encrypt(alg, key, data, ctx) {
    if (key.type !== 'public') fail('InvalidAccessError', 'RSA-OAEP encrypts with a public key');
    return oaepEncrypt(
      materialOf(key),
      keyHash(key),
      data,
      bufferParam(alg, 'label', true) ?? new Uint8Array(),
      ctx.random,
    );
  },
  decrypt(alg, key, data, ctx) {
    if (key.type !== 'private') fail('InvalidAccessError', 'RSA-OAEP decrypts with a private key');
    return oaepDecrypt(
      materialOf(key),
      keyHash(key),
      data,
      bufferParam(alg, 'label', true) ?? new Uint8Array(),
      ctx.random,
    );
  },
};
