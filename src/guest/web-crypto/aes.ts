/** AES-GCM, AES-CBC, AES-CTR and AES-KW over @noble/ciphers. Key material: the raw key bytes. */
import {
  type Alg,
  bufferParam,
  type Context,
  checkJwkCommon,
  intParam,
  type Jwk,
  jwkCommon,
  type KeyFormat,
  type Provider,
} from './algorithm.js';
import { base64url, concat, equalBytes, fromBase64url, fromBigInt, toBigInt } from './bytes.js';
import { fail } from './errors.js';
import { type CryptoKey, checkUsages, type KeyUsage, makeKey, materialOf } from './key.js';

/**
 * @noble/ciphers' AES fills ~1.3 MB of lookup tables when its module is evaluated. Every engine
 * evaluates the bundle before taking its snapshot, so a static import put those tables into
 * every component that reads `crypto.subtle` (QuickJS: 4.55 MB instead of 3.2). Loaded on the
 * first encrypt, decrypt, wrapKey or unwrapKey instead (subtle.ts awaits `load`).
 */
let ciphers: typeof import('@noble/ciphers/aes.js') | undefined;
async function loadCiphers(): Promise<void> {
  ciphers ??= await import('@noble/ciphers/aes.js');
}
const noble = () => ciphers ?? fail('OperationError', 'AES used before it was loaded');

const CIPHER_USAGES: readonly KeyUsage[] = ['encrypt', 'decrypt', 'wrapKey', 'unwrapKey'];
const KW_USAGES: readonly KeyUsage[] = ['wrapKey', 'unwrapKey'];
const JWK_SUFFIX: Record<string, string> = { 'AES-GCM': 'GCM', 'AES-CBC': 'CBC', 'AES-CTR': 'CTR', 'AES-KW': 'KW' };

function aesKey(alg: Alg, bytes: Uint8Array, extractable: boolean, usages: KeyUsage[]): CryptoKey {
  if (![16, 24, 32].includes(bytes.length)) fail('DataError', 'AES key must be 128, 192 or 256 bits');
  checkUsages(usages, alg.name === 'AES-KW' ? KW_USAGES : CIPHER_USAGES);
  return makeKey('secret', extractable, { name: alg.name, length: bytes.length * 8 }, usages, bytes);
}

function keyBits(alg: Alg): number {
  const length = intParam(alg, 'length')!;
  if (length !== 128 && length !== 192 && length !== 256) fail('OperationError', 'AES length must be 128, 192 or 256');
  return length;
}

const GCM_TAGS = [32, 64, 96, 104, 112, 120, 128];

function gcmParams(alg: Alg): { iv: Uint8Array; aad: Uint8Array | undefined; tagBytes: number } {
  const iv = bufferParam(alg, 'iv')!;
  if (iv.length === 0) fail('OperationError', 'AES-GCM iv must not be empty');
  const tagLength = intParam(alg, 'tagLength', true) ?? 128;
  if (!GCM_TAGS.includes(tagLength)) fail('OperationError', 'invalid AES-GCM tagLength');
  return { iv, aad: bufferParam(alg, 'additionalData', true), tagBytes: tagLength / 8 };
}

function cbcIv(alg: Alg): Uint8Array {
  const iv = bufferParam(alg, 'iv')!;
  if (iv.length !== 16) fail('OperationError', 'AES-CBC iv must be 16 bytes');
  return iv;
}

/**
 * AES-CTR as the spec defines it: only the rightmost `length` bits of the counter block count,
 * and they wrap around without carrying into the rest. noble's CTR carries over all 128 bits, so
 * the message is cut where the counter part wraps and the second piece starts from a zero count.
 */
function ctrCrypt(alg: Alg, key: Uint8Array, data: Uint8Array): Uint8Array {
  const counter = bufferParam(alg, 'counter')!;
  const length = intParam(alg, 'length')!;
  if (counter.length !== 16) fail('OperationError', 'AES-CTR counter must be 16 bytes');
  if (length <= 0 || length > 128) fail('OperationError', 'AES-CTR length must be 1 to 128');
  const blocks = BigInt(Math.ceil(data.length / 16));
  const span = 1n << BigInt(length);
  if (blocks > span) fail('OperationError', 'AES-CTR counter would repeat');
  const whole = toBigInt(counter);
  const low = whole & (span - 1n);
  const beforeWrap = span - low;
  if (blocks <= beforeWrap) return noble().ctr(key, counter).encrypt(data);
  const cut = Number(beforeWrap) * 16;
  const wrapped = fromBigInt(whole - low, 16);
  return concat(
    noble().ctr(key, counter).encrypt(data.subarray(0, cut)),
    noble().ctr(key, wrapped).encrypt(data.subarray(cut)),
  );
}

/** Decrypts with a shortened tag, which noble's GCM does not take: recompute the full tag and compare its prefix. */
function gcmDecryptShortTag(
  key: Uint8Array,
  iv: Uint8Array,
  aad: Uint8Array | undefined,
  data: Uint8Array,
  tagBytes: number,
): Uint8Array {
  const body = data.subarray(0, data.length - tagBytes);
  // GCM's keystream does not depend on the plaintext: encrypting zeros yields it.
  const stream = noble().gcm(key, iv, aad).encrypt(new Uint8Array(body.length));
  const plain = body.map((b, i) => b ^ stream[i]!);
  const sealed = noble().gcm(key, iv, aad).encrypt(plain);
  if (!equalBytes(sealed.subarray(body.length, body.length + tagBytes), data.subarray(body.length)))
    fail('OperationError', 'AES-GCM authentication failed');
  return plain;
}

// Generation, import and export, the same for every AES mode. Plain functions rather than a
// shared object spread into both providers: esbuild cannot prove a spread pure, and would keep
// both providers (and noble's AES) in every bundle.
function generateAes(alg: Alg, extractable: boolean, usages: KeyUsage[], ctx: Context): CryptoKey {
  checkUsages(usages, alg.name === 'AES-KW' ? KW_USAGES : CIPHER_USAGES);
  return aesKey(alg, ctx.random(keyBits(alg) / 8), extractable, usages);
}

function importAes(
  format: KeyFormat,
  data: Uint8Array | Jwk,
  alg: Alg,
  extractable: boolean,
  usages: KeyUsage[],
): CryptoKey {
  if (format === 'raw') return aesKey(alg, data as Uint8Array, extractable, usages);
  if (format !== 'jwk') fail('NotSupportedError', `AES keys cannot be imported as ${format}`);
  const jwk = data as Jwk;
  checkJwkCommon(jwk, 'oct', extractable, usages, 'enc');
  const bytes = fromBase64url(jwk.k, 'k');
  const expected = `A${bytes.length * 8}${JWK_SUFFIX[alg.name]}`;
  if (jwk.alg !== undefined && jwk.alg !== expected) fail('DataError', `JWK alg must be ${expected}`);
  return aesKey(alg, bytes, extractable, usages);
}

function exportAes(format: KeyFormat, key: CryptoKey): Uint8Array | Jwk {
  const bytes = materialOf<Uint8Array>(key);
  if (format === 'raw') return bytes.slice();
  if (format === 'jwk')
    return {
      kty: 'oct',
      k: base64url(bytes),
      alg: `A${bytes.length * 8}${JWK_SUFFIX[key.algorithm.name]}`,
      ...jwkCommon(key),
    };
  return fail('NotSupportedError', `AES keys cannot be exported as ${format}`);
}

/** AES-GCM, AES-CBC and AES-CTR; wrapKey/unwrapKey with them encrypt/decrypt the exported key. */
export const aes: Provider = {
  load: loadCiphers,
  names: ['AES-GCM', 'AES-CBC', 'AES-CTR'],
  generateKey: generateAes,
  importKey: importAes,
  exportKey: exportAes,
  keyLength: keyBits,
  encrypt(alg, key, data) {
    const k = materialOf<Uint8Array>(key);
    if (alg.name === 'AES-GCM') {
      const { iv, aad, tagBytes } = gcmParams(alg);
      const sealed = noble().gcm(k, iv, aad).encrypt(data);
      return tagBytes === 16 ? sealed : sealed.subarray(0, data.length + tagBytes);
    }
    if (alg.name === 'AES-CBC') return noble().cbc(k, cbcIv(alg)).encrypt(data);
    return ctrCrypt(alg, k, data);
  },
  decrypt(alg, key, data) {
    const k = materialOf<Uint8Array>(key);
    if (alg.name === 'AES-GCM') {
      const { iv, aad, tagBytes } = gcmParams(alg);
      if (data.length < tagBytes) fail('OperationError', 'AES-GCM data shorter than its tag');
      if (tagBytes !== 16) return gcmDecryptShortTag(k, iv, aad, data, tagBytes);
      try {
        return noble().gcm(k, iv, aad).decrypt(data);
      } catch {
        return fail('OperationError', 'AES-GCM authentication failed');
      }
    }
    if (alg.name === 'AES-CBC') {
      try {
        return noble().cbc(k, cbcIv(alg)).decrypt(data);
      } catch {
        return fail('OperationError', 'AES-CBC decryption failed');
      }
    }
    return ctrCrypt(alg, k, data);
  },
};

/** AES-KW (RFC 3394): wrapKey/unwrapKey only; it has no encrypt, so asking for one is NotSupportedError. */
export const aesKw: Provider = {
  load: loadCiphers,
  names: ['AES-KW'],
  generateKey: generateAes,
  importKey: importAes,
  exportKey: exportAes,
  keyLength: keyBits,
  wrapKey(_alg, key, data) {
    if (data.length < 16 || data.length % 8 !== 0)
      fail('OperationError', 'AES-KW wraps multiples of 8 bytes, at least 16');
    return noble().aeskw(materialOf<Uint8Array>(key)).encrypt(data);
  },
  unwrapKey(_alg, key, data) {
    try {
      return noble().aeskw(materialOf<Uint8Array>(key)).decrypt(data);
    } catch {
      return fail('OperationError', 'AES-KW unwrap failed');
    }
  },
};
