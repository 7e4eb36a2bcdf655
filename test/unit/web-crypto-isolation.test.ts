// The guest SubtleCrypto must take all randomness from the injected getRandomValues and never
// touch globalThis.crypto (in a StarlingMonkey snapshot, even probing it at import time traps).

import * as noble25519 from '@noble/curves/ed25519.js';
import * as nist from '@noble/curves/nist.js';
import { describe, expect, it } from 'vitest';
import { ED25519_PARAMS, P256_PARAMS, P384_PARAMS } from '../../src/guest/web-crypto/curves.js';

// Not from web-crypto-helpers: that imports our module, which must first be evaluated below.
const hex = (b: ArrayBuffer) => Buffer.from(b).toString('hex');
const node = globalThis.crypto.subtle;

describe('isolation from globalThis.crypto', () => {
  it('our curve parameters are the standard ones noble ships', () => {
    expect(P256_PARAMS).toEqual(nist.p256.Point.CURVE());
    expect(P384_PARAMS).toEqual(nist.p384.Point.CURVE());
    expect(ED25519_PARAMS).toEqual(noble25519.ed25519.Point.CURVE());
  });

  it('import, key generation and every operation use only the injected random source', async () => {
    const realCrypto = globalThis.crypto;
    let globalReads = 0;
    let injectedBytes = 0;
    const getRandomValues = (a: Uint8Array) => {
      injectedBytes += a.length;
      return realCrypto.getRandomValues(a);
    };
    // Imported while the global is watched: module evaluation must not read it either.
    Object.defineProperty(globalThis, 'crypto', {
      configurable: true,
      get() {
        globalReads++;
        return undefined;
      },
    });
    try {
      const { createSubtle } = await import('../../src/guest/web-crypto/index.js');
      const s = createSubtle({ getRandomValues });
      const msg = new Uint8Array(32);
      for (const [gen, sign] of [
        [
          { name: 'ECDSA', namedCurve: 'P-256' },
          { name: 'ECDSA', hash: 'SHA-256' },
        ],
        [
          { name: 'ECDSA', namedCurve: 'P-384' },
          { name: 'ECDSA', hash: 'SHA-384' },
        ],
        [{ name: 'Ed25519' }, { name: 'Ed25519' }],
        [
          { name: 'RSA-PSS', hash: 'SHA-256', modulusLength: 1024, publicExponent: new Uint8Array([1, 0, 1]) },
          { name: 'RSA-PSS', saltLength: 32 },
        ],
      ] as const) {
        const pair = (await s.generateKey(gen, true, ['sign', 'verify'])) as { publicKey: never; privateKey: never };
        expect(await s.verify(sign, pair.publicKey, await s.sign(sign, pair.privateKey, msg), msg)).toBe(true);
      }
      for (const gen of [{ name: 'ECDH', namedCurve: 'P-256' }, { name: 'X25519' }]) {
        const [a, b] = [
          (await s.generateKey(gen, false, ['deriveBits'])) as { publicKey: never; privateKey: never },
          (await s.generateKey(gen, false, ['deriveBits'])) as { publicKey: never; privateKey: never },
        ];
        expect(hex(await s.deriveBits({ name: gen.name, public: b.publicKey }, a.privateKey, null))).toBe(
          hex(await s.deriveBits({ name: gen.name, public: a.publicKey }, b.privateKey, null)),
        );
      }
      const aes = await s.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt']);
      await s.encrypt({ name: 'AES-GCM', iv: new Uint8Array(12) }, aes as never, msg);
      await s.generateKey({ name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
    } finally {
      Object.defineProperty(globalThis, 'crypto', { configurable: true, writable: true, value: realCrypto });
    }
    expect(globalReads).toBe(0);
    expect(injectedBytes).toBeGreaterThan(0);
    expect(globalThis.crypto.subtle).toBe(node);
  });
});

describe('errors without a DOMException global (QuickJS)', () => {
  it('are Errors carrying the spec name', async () => {
    const { createSubtle } = await import('../../src/guest/web-crypto/index.js');
    const s = createSubtle({ getRandomValues: (a) => globalThis.crypto.getRandomValues(a) });
    const native = Object.getOwnPropertyDescriptor(globalThis, 'DOMException')!;
    delete (globalThis as { DOMException?: unknown }).DOMException;
    try {
      const e = await s.importKey('raw', new Uint8Array(3), 'AES-GCM', false, ['encrypt']).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(Error);
      expect((e as Error).name).toBe('DataError');
      expect(String(e)).toMatch(/^DataError: /);
    } finally {
      Object.defineProperty(globalThis, 'DOMException', native);
    }
    const e = await s.importKey('raw', new Uint8Array(3), 'AES-GCM', false, ['encrypt']).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(DOMException);
  });
});
