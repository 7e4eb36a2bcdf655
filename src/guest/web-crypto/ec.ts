/**
 * ECDSA and ECDH on P-256 and P-384 over @noble/curves. Key material: the public point
 * (uncompressed SEC1) and, for private keys, the scalar. Signatures are r || s (IEEE P1363), as
 * Web Crypto uses, not DER.
 */
import {
  type Alg,
  type Context,
  checkJwkCommon,
  type Jwk,
  jwkCommon,
  type KeyFormat,
  type Provider,
} from './algorithm.js';
import { truncateBits } from './bits.js';
import { base64url, concat, fromBase64url } from './bytes.js';
import { p256, p384 } from './curves.js';
import * as der from './der.js';
import { fail } from './errors.js';
import { hashFn } from './hash.js';
import { type CryptoKey, checkUsages, isOurKey, type KeyUsage, keyPair, makeKey, materialOf } from './key.js';

const CURVES = {
  'P-256': { curve: p256, oid: '1.2.840.10045.3.1.7', jwkAlg: 'ES256' },
  'P-384': { curve: p384, oid: '1.3.132.0.34', jwkAlg: 'ES384' },
  // Both curves share one shape; the union of two instantiations would not be callable.
} as Record<'P-256' | 'P-384', { curve: typeof p256; oid: string; jwkAlg: string }>;
type CurveName = keyof typeof CURVES;
const EC_PUBLIC_KEY = '1.2.840.10045.2.1';

interface EcKey {
  crv: CurveName;
  pub: Uint8Array;
  d?: Uint8Array;
}

function curveName(value: unknown): CurveName {
  if (value === undefined) throw new TypeError('algorithm.namedCurve is required');
  return value === 'P-256' || value === 'P-384'
    ? value
    : fail('NotSupportedError', `unsupported namedCurve ${String(value)}`);
}

/** A valid point on the curve, returned uncompressed; anything else is a DataError. */
function checkedPoint(crv: CurveName, bytes: Uint8Array, ctx: Context): Uint8Array {
  try {
    return CURVES[crv].curve(ctx).Point.fromBytes(bytes).toBytes(false);
  } catch {
    return fail('DataError', `not a ${crv} public key`);
  }
}

function usagesFor(name: string, type: 'public' | 'private'): readonly KeyUsage[] {
  if (name === 'ECDSA') return type === 'public' ? ['verify'] : ['sign'];
  return type === 'public' ? [] : ['deriveKey', 'deriveBits'];
}

function ecKey(alg: Alg, extractable: boolean, usages: KeyUsage[], k: EcKey): CryptoKey {
  const type = k.d ? 'private' : 'public';
  checkUsages(usages, usagesFor(alg.name, type));
  return makeKey(type, extractable, { name: alg.name, namedCurve: k.crv }, usages, k);
}

function fromJwk(alg: Alg, crv: CurveName, jwk: Jwk, extractable: boolean, usages: KeyUsage[], ctx: Context): EcKey {
  checkJwkCommon(jwk, 'EC', extractable, usages, alg.name === 'ECDSA' ? 'sig' : 'enc');
  if (jwk.crv !== crv) fail('DataError', `JWK crv must be ${crv}`);
  if (alg.name === 'ECDSA' && jwk.alg !== undefined && jwk.alg !== CURVES[crv].jwkAlg)
    fail('DataError', `JWK alg must be ${CURVES[crv].jwkAlg}`);
  const curve = CURVES[crv].curve(ctx);
  const size = curve.lengths.secretKey!;
  const [x, y] = [fromBase64url(jwk.x, 'x'), fromBase64url(jwk.y, 'y')];
  if (x.length !== size || y.length !== size) fail('DataError', 'JWK x and y must be field-sized');
  const pub = checkedPoint(crv, concat(Uint8Array.of(4), x, y), ctx);
  if (jwk.d === undefined) return { crv, pub };
  const d = fromBase64url(jwk.d, 'd');
  if (d.length !== size || !curve.utils.isValidSecretKey(d)) fail('DataError', 'JWK d is not a valid private key');
  // The public half must belong to d, else a signature would not verify under the key's own x/y.
  if (!equalPoint(curve.getPublicKey(d, false), pub)) fail('DataError', 'JWK d does not match x and y');
  return { crv, pub, d };
}

function equalPoint(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

function curveOfParams(params: der.Node | undefined, crv: CurveName): void {
  if (der.readOid(params) !== CURVES[crv].oid) fail('DataError', `the key is not on ${crv}`);
}

function fromPkcs8(crv: CurveName, bytes: Uint8Array, ctx: Context): EcKey {
  const info = der.readPkcs8(bytes);
  if (info.oid !== EC_PUBLIC_KEY) fail('DataError', 'not an EC private key');
  curveOfParams(info.params, crv);
  // ECPrivateKey (RFC 5915): { 1, OCTET STRING d, [0] curve OPTIONAL, [1] BIT STRING public OPTIONAL }.
  const [version, priv, ...rest] = der.children(der.parse(info.key, der.TAG.SEQUENCE));
  if (der.readInteger(version) !== 1n) fail('DataError', 'unsupported ECPrivateKey version');
  const d = der.expect(priv, der.TAG.OCTET_STRING).body.slice();
  const curve = CURVES[crv].curve(ctx);
  if (d.length !== curve.lengths.secretKey || !curve.utils.isValidSecretKey(d))
    fail('DataError', 'invalid EC private key');
  for (const r of rest) if (r.tag === 0xa0) curveOfParams(der.parse(r.body), crv);
  return { crv, pub: curve.getPublicKey(d, false), d };
}

function importEc(
  format: KeyFormat,
  data: Uint8Array | Jwk,
  alg: Alg,
  extractable: boolean,
  usages: KeyUsage[],
  ctx: Context,
): CryptoKey {
  const crv = curveName(alg.namedCurve);
  let k: EcKey;
  if (format === 'jwk') k = fromJwk(alg, crv, data as Jwk, extractable, usages, ctx);
  else if (format === 'raw') k = { crv, pub: checkedPoint(crv, data as Uint8Array, ctx) };
  else if (format === 'spki') {
    const info = der.readSpki(data as Uint8Array);
    if (info.oid !== EC_PUBLIC_KEY) fail('DataError', 'not an EC public key');
    curveOfParams(info.params, crv);
    k = { crv, pub: checkedPoint(crv, info.key, ctx) };
  } else k = fromPkcs8(crv, data as Uint8Array, ctx);
  return ecKey(alg, extractable, usages, k);
}

function exportEc(format: KeyFormat, key: CryptoKey): Uint8Array | Jwk {
  const k = materialOf<EcKey>(key);
  const { oid } = CURVES[k.crv];
  const isPublic = key.type === 'public';
  if ((format === 'raw' || format === 'spki') && !isPublic)
    fail('InvalidAccessError', `${format} export needs a public key`);
  if (format === 'pkcs8' && isPublic) fail('InvalidAccessError', 'pkcs8 export needs a private key');
  if (format === 'raw') return k.pub.slice();
  if (format === 'spki') return der.spki(EC_PUBLIC_KEY, der.oid(oid), k.pub);
  if (format === 'pkcs8') {
    const ecPrivateKey = der.seq(der.integer(1n), der.octets(k.d!), der.tlv(0xa1, der.bits(k.pub)));
    return der.pkcs8(EC_PUBLIC_KEY, der.oid(oid), ecPrivateKey);
  }
  const half = (k.pub.length - 1) / 2;
  const jwk: Jwk = {
    kty: 'EC',
    crv: k.crv,
    x: base64url(k.pub.subarray(1, 1 + half)),
    y: base64url(k.pub.subarray(1 + half)),
  };
  if (k.d) jwk.d = base64url(k.d);
  return { ...jwk, ...jwkCommon(key) };
}

function generateEc(alg: Alg, extractable: boolean, usages: KeyUsage[], ctx: Context) {
  const crv = curveName(alg.namedCurve);
  checkUsages(usages, [...usagesFor(alg.name, 'public'), ...usagesFor(alg.name, 'private')]);
  const curve = CURVES[crv].curve(ctx);
  // randomSecretKey reduces a seed 16 bytes longer than the order into range: no bias, no retry loop.
  const d = curve.utils.randomSecretKey(ctx.random(curve.lengths.seed!));
  const pub = curve.getPublicKey(d, false);
  return keyPair(
    { name: alg.name, namedCurve: crv },
    extractable,
    usages,
    usagesFor(alg.name, 'public'),
    { crv, pub },
    { crv, pub, d },
  );
}

export const ecdsa: Provider = {
  names: ['ECDSA'],
  generateKey: generateEc,
  importKey: importEc,
  exportKey: exportEc,
  sign(alg, key, data, ctx) {
    const k = materialOf<EcKey>(key);
    // The message is hashed here with the algorithm's hash (any SHA with any curve, as Web Crypto
    // allows); noble then truncates it to the order's size.
    return CURVES[k.crv].curve(ctx).sign(hashFn(alg.hash)(data), k.d!, { prehash: false, lowS: false });
  },
  verify(alg, key, signature, data, ctx) {
    const k = materialOf<EcKey>(key);
    const curve = CURVES[k.crv].curve(ctx);
    if (signature.length !== curve.lengths.signature) return false;
    try {
      // High-S signatures are valid ECDSA (OpenSSL makes them); only Bitcoin-style verifiers refuse them.
      return curve.verify(signature, hashFn(alg.hash)(data), k.pub, { prehash: false, lowS: false });
    } catch {
      return false;
    }
  },
};

export const ecdh: Provider = {
  names: ['ECDH'],
  generateKey: generateEc,
  importKey: importEc,
  exportKey: exportEc,
  deriveBits(alg, key, length, ctx) {
    const peer = alg.public as CryptoKey;
    if (!isOurKey(peer)) throw new TypeError('algorithm.public must be a CryptoKey');
    if (peer.type !== 'public' || peer.algorithm.name !== 'ECDH')
      fail('InvalidAccessError', 'algorithm.public must be an ECDH public key');
    if (key.type !== 'private') fail('InvalidAccessError', 'ECDH derives from a private key');
    const [mine, theirs] = [materialOf<EcKey>(key), materialOf<EcKey>(peer)];
    if (mine.crv !== theirs.crv) fail('InvalidAccessError', 'the keys are on different curves');
    // noble returns the shared point compressed; its x coordinate is the ECDH secret.
    return truncateBits(CURVES[mine.crv].curve(ctx).getSharedSecret(mine.d!, theirs.pub, true).subarray(1), length);
  },
};
