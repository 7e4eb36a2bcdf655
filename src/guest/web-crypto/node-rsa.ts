/**
 * RSA for `node:crypto` (bundle/globals/node-crypto.ts): Node's synchronous createSign/createVerify
 * over the same RFC 8017 code crypto.subtle uses. Keys come as PEM or DER in the forms OpenSSL
 * writes: PKCS#8 and SPKI ("PRIVATE KEY", "PUBLIC KEY") and PKCS#1 ("RSA PRIVATE KEY",
 * "RSA PUBLIC KEY").
 */
import type { HashName } from './algorithm.js';
import * as der from './der.js';
import { fail } from './errors.js';
import { fromPkcs8, fromSpki } from './rsa.js';
import { bitLength, type RsaKeyData } from './rsa-math.js';
import { pkcs1Sign, pkcs1Verify, pssSign, pssVerify } from './rsa-padding.js';

export type { RsaKeyData };

/** A PKCS#1 RSAPrivateKey or RSAPublicKey (the body of "RSA PRIVATE KEY"/"RSA PUBLIC KEY"). */
function fromPkcs1(bytes: Uint8Array, type: 'private' | 'public'): RsaKeyData {
  const items = der.children(der.parse(bytes, der.TAG.SEQUENCE)).map((i) => der.readInteger(i));
  if (type === 'public' && items.length === 2) return { n: items[0]!, e: items[1]! };
  if (type === 'private' && items.length === 9 && items[0] === 0n) {
    const [n, e, d, p, q, dp, dq, qi] = items.slice(1) as bigint[];
    return { n: n!, e: e!, d, p, q, dp, dq, qi };
  }
  return fail('DataError', `unsupported RSA ${type} key`);
}

/**
 * The RSA key in DER `bytes` under a PEM `label` (the PEM text is decoded by the caller, which has
 * Buffer). `type` is what is asked for: a public key may be read from a private key, as Node's
 * createPublicKey does.
 */
export function rsaKeyFrom(label: string, bytes: Uint8Array, type: 'private' | 'public'): RsaKeyData {
  const read: Record<string, () => RsaKeyData> = {
    'PRIVATE KEY': () => fromPkcs8(bytes),
    'RSA PRIVATE KEY': () => fromPkcs1(bytes, 'private'),
    'PUBLIC KEY': () => fromSpki(bytes),
    'RSA PUBLIC KEY': () => fromPkcs1(bytes, 'public'),
  };
  const k = read[label]?.() ?? fail('DataError', `unsupported PEM key "${label}"`);
  if (type === 'private' && k.d === undefined) fail('DataError', 'a public key where a private key is needed');
  return type === 'public' ? { n: k.n, e: k.e } : k;
}

export function rsaModulusBits(k: RsaKeyData): number {
  return bitLength(k.n);
}

/** PKCS#1 v1.5, or PSS when `pssSalt` gives the salt length in bytes. */
export function rsaSign(
  k: RsaKeyData,
  hash: HashName,
  message: Uint8Array,
  random: (n: number) => Uint8Array,
  pssSalt?: number,
): Uint8Array {
  return pssSalt === undefined ? pkcs1Sign(k, hash, message, random) : pssSign(k, hash, message, pssSalt, random);
}

export function rsaVerify(
  k: RsaKeyData,
  hash: HashName,
  message: Uint8Array,
  signature: Uint8Array,
  pssSalt?: number,
): boolean {
  return pssSalt === undefined
    ? pkcs1Verify(k, hash, message, signature)
    : pssVerify(k, hash, message, signature, pssSalt);
}
