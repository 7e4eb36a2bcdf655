// jose calls globalThis.crypto.subtle: this file (its own vitest worker) swaps in our SubtleCrypto
// for `withOurs` and puts Node's back after, so each JWT is made by one and checked by the other.
import * as jose from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { CryptoKey as OurCryptoKey } from '../../src/guest/web-crypto/index.js';
import { node, ours } from './web-crypto-helpers.js';

const nodeCrypto = globalThis.crypto;
const oursCrypto = { getRandomValues: (a: Uint8Array) => nodeCrypto.getRandomValues(a), subtle: ours };

async function withOurs<T>(fn: () => Promise<T>): Promise<T> {
  Object.defineProperty(globalThis, 'crypto', { value: oursCrypto, configurable: true, writable: true });
  try {
    return await fn();
  } finally {
    Object.defineProperty(globalThis, 'crypto', { value: nodeCrypto, configurable: true, writable: true });
  }
}
afterEach(() => expect(globalThis.crypto).toBe(nodeCrypto));

const ALGS = ['HS256', 'RS256', 'PS256', 'ES256', 'EdDSA'] as const;
const claims = { sub: 'user-1', scope: 'read' };

/** A key pair (or secret) made with the given side's generateKey through jose. */
async function generate(alg: string) {
  if (alg === 'HS256') {
    const secret = await jose.generateSecret(alg, { extractable: true });
    return { signKey: secret, verifyKey: secret };
  }
  const { privateKey, publicKey } = await jose.generateKeyPair(alg, { extractable: true });
  return { signKey: privateKey, verifyKey: publicKey };
}

/** The same key moved to the other side through JWK (jose's importJWK uses the current subtle). */
async function move(key: jose.CryptoKey | Uint8Array, alg: string, to: 'node' | 'ours') {
  const jwk = await jose.exportJWK(key);
  return to === 'ours' ? withOurs(() => jose.importJWK(jwk, alg)) : jose.importJWK(jwk, alg);
}

describe.each(ALGS)('%s', (alg) => {
  it('a JWT signed with Node keys verifies in ours', async () => {
    const { signKey, verifyKey } = await generate(alg);
    const jwt = await new jose.SignJWT(claims).setProtectedHeader({ alg }).setIssuedAt().sign(signKey);
    const ourKey = await move(verifyKey, alg, 'ours');
    // jose hands an oct JWK back as bytes and imports them with the current subtle when verifying.
    if (alg !== 'HS256') expect(ourKey).toBeInstanceOf(OurCryptoKey);
    const { payload, protectedHeader } = await withOurs(() => jose.jwtVerify(jwt, ourKey as never));
    expect(payload).toMatchObject(claims);
    expect(protectedHeader.alg).toBe(alg);
    const tampered = jwt.slice(0, -4) + (jwt.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    await expect(withOurs(() => jose.jwtVerify(tampered, ourKey as never))).rejects.toThrow(/signature/);
  });

  it('a JWT signed in ours with our keys verifies in Node', async () => {
    const { signKey, verifyKey } = await withOurs(() => generate(alg));
    // Made by our generateKey, not Node's: jose really ran on the swapped-in subtle.
    expect(signKey).toBeInstanceOf(OurCryptoKey);
    expect(verifyKey).toBeInstanceOf(OurCryptoKey);
    const jwt = await withOurs(() => new jose.SignJWT(claims).setProtectedHeader({ alg }).setIssuedAt().sign(signKey));
    const nodeKey = await withOurs(async () => jose.exportJWK(verifyKey)).then((jwk) => jose.importJWK(jwk, alg));
    const { payload } = await jose.jwtVerify(jwt, nodeKey as never);
    expect(payload).toMatchObject(claims);
    // And our own verification of our own token.
    expect((await withOurs(() => jose.jwtVerify(jwt, verifyKey))).payload).toMatchObject(claims);
    expect(node).toBe(nodeCrypto.subtle);
  });
});
