/**
 * Ed25519 (sign/verify) and X25519 (deriveBits) over @noble/curves. Key material: the 32-byte
 * public key and, for private keys, the 32-byte seed/scalar as RFC 8410 stores it.
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
import { base64url, fromBase64url } from './bytes.js';
import { ed25519 as edCurve, x25519 as xCurve } from './curves.js';
import * as der from './der.js';
import { fail } from './errors.js';
import { type CryptoKey, checkUsages, isOurKey, type KeyUsage, keyPair, makeKey, materialOf } from './key.js';

interface OkpKey {
  pub: Uint8Array;
  d?: Uint8Array;
}

const OIDS: Record<string, string> = { Ed25519: '1.3.101.112', X25519: '1.3.101.110' };

function usagesFor(name: string, type: 'public' | 'private'): readonly KeyUsage[] {
  if (name === 'Ed25519') return type === 'public' ? ['verify'] : ['sign'];
  return type === 'public' ? [] : ['deriveKey', 'deriveBits'];
}

/**
 * What differs between the two curves. Separate objects, each used only by its provider, so a
 * bundle with Ed25519 alone does not carry X25519's Montgomery ladder, or the reverse.
 */
interface CurveOps {
  publicOf(d: Uint8Array, ctx: Context): Uint8Array;
  /** Throws when `pub` is not a point of the curve (X25519 accepts any 32 bytes, RFC 7748). */
  checkPoint(pub: Uint8Array, ctx: Context): void;
}

const ED_OPS: CurveOps = {
  publicOf: (d, ctx) => edCurve(ctx).getPublicKey(d),
  checkPoint: (pub, ctx) => void edCurve(ctx).Point.fromBytes(pub),
};

const X_OPS: CurveOps = {
  publicOf: (d, ctx) => xCurve(ctx).getPublicKey(d),
  checkPoint: () => undefined,
};

function checkPublic(name: string, pub: Uint8Array, ctx: Context, ops: CurveOps): Uint8Array {
  if (pub.length !== 32) fail('DataError', `${name} public keys are 32 bytes`);
  try {
    ops.checkPoint(pub, ctx);
  } catch {
    fail('DataError', `not an ${name} point`);
  }
  return pub;
}

function okpKey(alg: Alg, extractable: boolean, usages: KeyUsage[], k: OkpKey): CryptoKey {
  const type = k.d ? 'private' : 'public';
  checkUsages(usages, usagesFor(alg.name, type));
  return makeKey(type, extractable, { name: alg.name }, usages, k);
}

function importOkp(
  format: KeyFormat,
  data: Uint8Array | Jwk,
  alg: Alg,
  extractable: boolean,
  usages: KeyUsage[],
  ctx: Context,
  ops: CurveOps,
): CryptoKey {
  const name = alg.name;
  if (format === 'raw')
    return okpKey(alg, extractable, usages, { pub: checkPublic(name, data as Uint8Array, ctx, ops) });
  if (format === 'spki') {
    const info = der.readSpki(data as Uint8Array);
    if (info.oid !== OIDS[name] || info.params) fail('DataError', `not an ${name} public key`);
    return okpKey(alg, extractable, usages, { pub: checkPublic(name, info.key.slice(), ctx, ops) });
  }
  if (format === 'pkcs8') {
    const info = der.readPkcs8(data as Uint8Array);
    if (info.oid !== OIDS[name] || info.params) fail('DataError', `not an ${name} private key`);
    // CurvePrivateKey ::= OCTET STRING, itself inside the PrivateKeyInfo's OCTET STRING (RFC 8410).
    const d = der.parse(info.key, der.TAG.OCTET_STRING).body.slice();
    if (d.length !== 32) fail('DataError', `${name} private keys are 32 bytes`);
    return okpKey(alg, extractable, usages, { pub: ops.publicOf(d, ctx), d });
  }
  const jwk = data as Jwk;
  checkJwkCommon(jwk, 'OKP', extractable, usages, name === 'Ed25519' ? 'sig' : 'enc');
  if (jwk.crv !== name) fail('DataError', `JWK crv must be ${name}`);
  if (name === 'Ed25519' && jwk.alg !== undefined && jwk.alg !== 'EdDSA' && jwk.alg !== 'Ed25519')
    fail('DataError', 'JWK alg must be EdDSA');
  const pub = checkPublic(name, fromBase64url(jwk.x, 'x'), ctx, ops);
  if (jwk.d === undefined) return okpKey(alg, extractable, usages, { pub });
  const d = fromBase64url(jwk.d, 'd');
  if (d.length !== 32) fail('DataError', `${name} private keys are 32 bytes`);
  const derived = ops.publicOf(d, ctx);
  if (!derived.every((v, i) => v === pub[i])) fail('DataError', 'JWK d does not match x');
  return okpKey(alg, extractable, usages, { pub, d });
}

function exportOkp(format: KeyFormat, key: CryptoKey): Uint8Array | Jwk {
  const k = materialOf<OkpKey>(key);
  const name = key.algorithm.name;
  const isPublic = key.type === 'public';
  if ((format === 'raw' || format === 'spki') && !isPublic)
    fail('InvalidAccessError', `${format} export needs a public key`);
  if (format === 'pkcs8' && isPublic) fail('InvalidAccessError', 'pkcs8 export needs a private key');
  if (format === 'raw') return k.pub.slice();
  if (format === 'spki') return der.spki(OIDS[name]!, undefined, k.pub);
  if (format === 'pkcs8') return der.pkcs8(OIDS[name]!, undefined, der.octets(k.d!));
  const jwk: Jwk = { kty: 'OKP', crv: name, x: base64url(k.pub) };
  if (k.d) jwk.d = base64url(k.d);
  // The spec's export names Ed25519 itself (not JOSE's "EdDSA"); X25519 keys carry no alg.
  if (name === 'Ed25519') jwk.alg = 'Ed25519';
  return { ...jwk, ...jwkCommon(key) };
}

function generateOkp(alg: Alg, extractable: boolean, usages: KeyUsage[], ctx: Context, ops: CurveOps) {
  checkUsages(usages, [...usagesFor(alg.name, 'public'), ...usagesFor(alg.name, 'private')]);
  const d = ctx.random(32);
  return keyPair(
    { name: alg.name },
    extractable,
    usages,
    usagesFor(alg.name, 'public'),
    { pub: ops.publicOf(d, ctx) },
    { pub: ops.publicOf(d, ctx), d },
  );
}

export const ed25519: Provider = {
  names: ['Ed25519'],
  generateKey: (alg, extractable, usages, ctx) => generateOkp(alg, extractable, usages, ctx, ED_OPS),
  importKey: (format, data, alg, extractable, usages, ctx) =>
    importOkp(format, data, alg, extractable, usages, ctx, ED_OPS),
  exportKey: exportOkp,
  sign: (_alg, key, data, ctx) => edCurve(ctx).sign(data, materialOf<OkpKey>(key).d!),
  verify(_alg, key, signature, data, ctx) {
    if (signature.length !== 64) return false;
    try {
      // RFC 8032's strict checks (canonical S, no small-order A), as OpenSSL and Node apply them.
      return edCurve(ctx).verify(signature, data, materialOf<OkpKey>(key).pub, { zip215: false });
    } catch {
      return false;
    }
  },
};

export const x25519: Provider = {
  names: ['X25519'],
  generateKey: (alg, extractable, usages, ctx) => generateOkp(alg, extractable, usages, ctx, X_OPS),
  importKey: (format, data, alg, extractable, usages, ctx) =>
    importOkp(format, data, alg, extractable, usages, ctx, X_OPS),
  exportKey: exportOkp,
  deriveBits(alg, key, length, ctx) {
    const peer = alg.public;
    if (!isOurKey(peer)) throw new TypeError('algorithm.public must be a CryptoKey');
    if (peer.type !== 'public' || peer.algorithm.name !== 'X25519')
      fail('InvalidAccessError', 'algorithm.public must be an X25519 public key');
    if (key.type !== 'private') fail('InvalidAccessError', 'X25519 derives from a private key');
    let secret: Uint8Array;
    try {
      secret = xCurve(ctx).getSharedSecret(materialOf<OkpKey>(key).d!, materialOf<OkpKey>(peer).pub);
    } catch {
      // A small-order peer key gives the all-zero secret, which the spec turns into OperationError.
      return fail('OperationError', 'X25519 shared secret is all zeros');
    }
    if (secret.every((b) => b === 0)) fail('OperationError', 'X25519 shared secret is all zeros');
    return truncateBits(secret, length);
  },
};
