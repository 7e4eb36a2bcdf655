/**
 * The RFC 8017 encodings: EMSA-PKCS1-v1_5 (§9.2), EMSA-PSS (§9.1) with MGF1 (B.2.1), and
 * RSAES-OAEP (§7.1). Inputs are byte strings; the modular arithmetic is in rsa-math.ts.
 */

import type { HashName } from './algorithm.js';
import { concat, equalBytes, fromBigInt, toBigInt } from './bytes.js';
import { fail } from './errors.js';
import { HASHES } from './hash.js';
import { bitLength, modPow, type RsaKeyData, rsaPrivate } from './rsa-math.js';

/** DER of DigestInfo's AlgorithmIdentifier and OCTET STRING header, per hash (RFC 8017 §9.2 note 1). */
const DIGEST_INFO: Record<HashName, string> = {
  'SHA-1': '3021300906052b0e03021a05000414',
  'SHA-256': '3031300d060960864801650304020105000420',
  'SHA-384': '3041300d060960864801650304020205000430',
  'SHA-512': '3051300d060960864801650304020305000440',
};

function hexBytes(hex: string): Uint8Array {
  return Uint8Array.from(hex.match(/../g)!, (h) => parseInt(h, 16));
}

function mgf1(hash: HashName, seed: Uint8Array, length: number): Uint8Array {
  const h = HASHES[hash];
  const parts: Uint8Array[] = [];
  for (let counter = 0, got = 0; got < length; counter++, got += h.outputLen) {
    parts.push(
      h(concat(seed, Uint8Array.of(counter >>> 24, (counter >>> 16) & 255, (counter >>> 8) & 255, counter & 255))),
    );
  }
  return concat(...parts).subarray(0, length);
}

const xor = (a: Uint8Array, b: Uint8Array): Uint8Array => a.map((v, i) => v ^ b[i]!);
const modBytes = (k: RsaKeyData): number => Math.ceil(bitLength(k.n) / 8);

function pkcs1Encoding(hash: HashName, message: Uint8Array, emLen: number): Uint8Array {
  const t = concat(hexBytes(DIGEST_INFO[hash]), HASHES[hash](message));
  if (emLen < t.length + 11) fail('OperationError', 'RSA modulus too short for this hash');
  return concat(Uint8Array.of(0, 1), new Uint8Array(emLen - t.length - 3).fill(0xff), Uint8Array.of(0), t);
}

export function pkcs1Sign(
  k: RsaKeyData,
  hash: HashName,
  message: Uint8Array,
  random: (n: number) => Uint8Array,
): Uint8Array {
  const len = modBytes(k);
  return fromBigInt(rsaPrivate(k, toBigInt(pkcs1Encoding(hash, message, len)), random), len);
}

/** s^e mod n as the k-byte string, or undefined when s is out of range (an invalid signature). */
function publicOp(k: RsaKeyData, s: Uint8Array): Uint8Array | undefined {
  const len = modBytes(k);
  const v = toBigInt(s);
  if (s.length !== len || v >= k.n) return undefined;
  return fromBigInt(modPow(v, k.e, k.n), len);
}

export function pkcs1Verify(k: RsaKeyData, hash: HashName, message: Uint8Array, signature: Uint8Array): boolean {
  const em = publicOp(k, signature);
  // Re-encoding and comparing (rather than parsing) is what keeps out Bleichenbacher's 2006 forgeries.
  return em !== undefined && equalBytes(em, pkcs1Encoding(hash, message, em.length));
}

export function pssSign(
  k: RsaKeyData,
  hash: HashName,
  message: Uint8Array,
  saltLength: number,
  random: (n: number) => Uint8Array,
): Uint8Array {
  const h = HASHES[hash];
  const emBits = bitLength(k.n) - 1;
  const emLen = Math.ceil(emBits / 8);
  if (emLen < h.outputLen + saltLength + 2) fail('OperationError', 'RSA-PSS saltLength too large for this key');
  const salt = random(saltLength);
  const H = h(concat(new Uint8Array(8), h(message), salt));
  const db = concat(new Uint8Array(emLen - saltLength - h.outputLen - 2), Uint8Array.of(1), salt);
  const maskedDb = xor(db, mgf1(hash, H, db.length));
  maskedDb[0] = maskedDb[0]! & (0xff >> (8 * emLen - emBits));
  const em = concat(maskedDb, H, Uint8Array.of(0xbc));
  return fromBigInt(rsaPrivate(k, toBigInt(em), random), modBytes(k));
}

export function pssVerify(
  k: RsaKeyData,
  hash: HashName,
  message: Uint8Array,
  signature: Uint8Array,
  saltLength: number,
): boolean {
  const h = HASHES[hash];
  const full = publicOp(k, signature);
  if (!full) return false;
  const emBits = bitLength(k.n) - 1;
  const emLen = Math.ceil(emBits / 8);
  // With emBits a multiple of 8 the k-byte result has one extra leading byte, which must be zero.
  if (full.length > emLen && full[0] !== 0) return false;
  const em = full.subarray(full.length - emLen);
  if (emLen < h.outputLen + saltLength + 2 || em[emLen - 1] !== 0xbc) return false;
  const maskedDb = em.subarray(0, emLen - h.outputLen - 1);
  const H = em.subarray(emLen - h.outputLen - 1, emLen - 1);
  const topMask = 0xff >> (8 * emLen - emBits);
  if (maskedDb[0]! & ~topMask) return false;
  const db = xor(maskedDb, mgf1(hash, H, maskedDb.length));
  db[0] = db[0]! & topMask;
  const psLen = emLen - h.outputLen - saltLength - 2;
  for (let i = 0; i < psLen; i++) if (db[i] !== 0) return false;
  if (db[psLen] !== 1) return false;
  const salt = db.subarray(db.length - saltLength);
  return equalBytes(h(concat(new Uint8Array(8), h(message), salt)), H);
}

export function oaepEncrypt(
  k: RsaKeyData,
  hash: HashName,
  message: Uint8Array,
  label: Uint8Array,
  random: (n: number) => Uint8Array,
): Uint8Array {
  const h = HASHES[hash];
  const len = modBytes(k);
  if (message.length > len - 2 * h.outputLen - 2) fail('OperationError', 'RSA-OAEP message too long for this key');
  const db = concat(h(label), new Uint8Array(len - message.length - 2 * h.outputLen - 2), Uint8Array.of(1), message);
  const seed = random(h.outputLen);
  const maskedDb = xor(db, mgf1(hash, seed, db.length));
  const maskedSeed = xor(seed, mgf1(hash, maskedDb, h.outputLen));
  const em = concat(Uint8Array.of(0), maskedSeed, maskedDb);
  return fromBigInt(modPow(toBigInt(em), k.e, k.n), len);
}

export function oaepDecrypt(
  k: RsaKeyData,
  hash: HashName,
  ciphertext: Uint8Array,
  label: Uint8Array,
  random: (n: number) => Uint8Array,
): Uint8Array {
  const h = HASHES[hash];
  const len = modBytes(k);
  const c = toBigInt(ciphertext);
  // One message for every failure: telling them apart is Manger's padding oracle.
  const bad = (): never => fail('OperationError', 'RSA-OAEP decryption failed');
  if (ciphertext.length !== len || len < 2 * h.outputLen + 2 || c >= k.n) bad();
  const em = fromBigInt(rsaPrivate(k, c, random), len);
  const maskedSeed = em.subarray(1, 1 + h.outputLen);
  const maskedDb = em.subarray(1 + h.outputLen);
  const seed = xor(maskedSeed, mgf1(hash, maskedDb, h.outputLen));
  const db = xor(maskedDb, mgf1(hash, seed, maskedDb.length));
  let ok = em[0] === 0 && equalBytes(db.subarray(0, h.outputLen), h(label));
  let sep = -1;
  for (let i = h.outputLen; i < db.length; i++) {
    if (sep < 0 && db[i] === 1) sep = i;
    else if (sep < 0 && db[i] !== 0) ok = false;
  }
  if (!ok || sep < 0) bad();
  return db.slice(sep + 1);
}
