/**
 * The curve instances, built from @noble/curves' abstract constructors on first use, with the
 * injected randomness.
 *
 * Why not noble's ready-made `p256` / `ed25519` (nist.js, ed25519.js): those are constructed
 * when their module is evaluated, and construction probes `globalThis.crypto.getRandomValues`
 * (for scalar blinding). In a StarlingMonkey build the bundle is evaluated inside the snapshot,
 * where WASI random does not exist: the probe traps and the build fails ("unknown import
 * wasi:random/random::get-random-bytes"). After that, blinding would also draw from the global
 * rather than from the source the caller injected. Built here lazily, nothing runs at import
 * time and every random byte comes from `ctx.random`.
 *
 * Parameters: P-256 and P-384 from FIPS 186-4 D.1.2 / SEC 2; edwards25519 from RFC 8032 5.1
 * and curve25519 from RFC 7748 4.1 (test/unit/web-crypto-curves.test.ts checks them against
 * noble's own).
 */

import { eddsa, edwards } from '@noble/curves/abstract/edwards.js';
import { pow } from '@noble/curves/abstract/modular.js';
import { montgomery } from '@noble/curves/abstract/montgomery.js';
import { ecdsa, weierstrass } from '@noble/curves/abstract/weierstrass.js';
import { sha256, sha384, sha512 } from '@noble/hashes/sha2.js';
import type { Context } from './algorithm.js';

export const P256_PARAMS = {
  p: 0xffffffff00000001000000000000000000000000ffffffffffffffffffffffffn,
  n: 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n,
  h: 1n,
  a: 0xffffffff00000001000000000000000000000000fffffffffffffffffffffffcn,
  b: 0x5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604bn,
  Gx: 0x6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296n,
  Gy: 0x4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5n,
};

export const P384_PARAMS = {
  p: 0xfffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffeffffffff0000000000000000ffffffffn,
  n: 0xffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973n,
  h: 1n,
  a: 0xfffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffeffffffff0000000000000000fffffffcn,
  b: 0xb3312fa7e23ee7e4988e056be3f82d19181d9c6efe8141120314088f5013875ac656398d8a2ed19d2a85c8edd3ec2aefn,
  Gx: 0xaa87ca22be8b05378eb1c71ef320ad746e1d3b628ba79b9859f741e082542a385502f25dbf55296c3a545e3872760ab7n,
  Gy: 0x3617de4a96262c6f5d9e98bf9292dc29f8f41dbd289a147ce9da3113b5f0b8c00a60b1ce1d7e819d7a431d7c90ea0e5fn,
};

export const ED25519_PARAMS = {
  p: 0x7fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffedn,
  n: 0x1000000000000000000000000000000014def9dea2f79cd65812631a5cf5d3edn,
  h: 8n,
  a: 0x7fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffecn,
  d: 0x52036cee2b6ffe738cc740797779e89800700a4d4141d8ab75eb4dca135978a3n,
  Gx: 0x216936d3cd6e53fec0a4e231fdd6dc5c692cc7609525a7b2c9562d608f25d51an,
  Gy: 0x6666666666666666666666666666666666666666666666666666666666666658n,
};

/** RFC 7748 5 / RFC 8032 5.1.5 scalar clamping: a multiple of the cofactor 8, top bit 254 set. */
function clamp(bytes: Uint8Array): Uint8Array {
  bytes[0] = bytes[0]! & 248;
  bytes[31] = (bytes[31]! & 127) | 64;
  return bytes;
}

/** One value per Context (per createSubtle call), made on first use. */
type RandomBytes = (n?: number) => Uint8Array<ArrayBuffer>;

function perContext<T>(make: (random: RandomBytes) => T): (ctx: Context) => T {
  const made = new WeakMap<Context, T>();
  return (ctx) => {
    let v = made.get(ctx);
    if (v === undefined) made.set(ctx, (v = make((n = 32) => ctx.random(n) as Uint8Array<ArrayBuffer>)));
    return v;
  };
}

export const p256 = /* @__PURE__ */ perContext((randomBytes) =>
  ecdsa(weierstrass(P256_PARAMS, { randomBytes }), sha256, { randomBytes }),
);
export const p384 = /* @__PURE__ */ perContext((randomBytes) =>
  ecdsa(weierstrass(P384_PARAMS, { randomBytes }), sha384, { randomBytes }),
);
export type EcdsaCurve = ReturnType<typeof p256>;

// zip215 off: RFC 8032's strict decoding and canonical S, as OpenSSL (and so Node) verify.
export const ed25519 = /* @__PURE__ */ perContext((randomBytes) =>
  eddsa(edwards(ED25519_PARAMS, { randomBytes }), sha512, { adjustScalarBytes: clamp, randomBytes, zip215: false }),
);

export const x25519 = /* @__PURE__ */ perContext((randomBytes) => {
  const P = ED25519_PARAMS.p;
  return montgomery({
    P,
    type: 'x25519',
    adjustScalarBytes: clamp,
    powPminus2: (x: bigint) => pow(x, P - 2n, P),
    randomBytes,
  });
});
