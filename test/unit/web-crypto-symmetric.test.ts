import { describe, expect, it } from 'vitest';
import { bytes, errorName, exported, hex, impls, node, ours, random } from './web-crypto-helpers.js';

const HASHES = ['SHA-1', 'SHA-256', 'SHA-384', 'SHA-512'];
const DATA = [new Uint8Array(0), bytes('abc'), random(1000)];

describe('digest', () => {
  it('matches the FIPS 180 "abc" vectors', async () => {
    expect(hex(await ours.digest('SHA-1', bytes('abc')))).toBe('a9993e364706816aba3e25717850c26c9cd0d89d');
    expect(hex(await ours.digest({ name: 'sha-256' }, bytes('abc')))).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
  });
  it.each(HASHES)('%s equals Node for empty, short and long inputs', async (h) => {
    for (const d of DATA) expect(hex(await ours.digest(h, d))).toBe(hex(await node.digest(h, d)));
  });
  it('rejects an unknown hash with NotSupportedError', async () => {
    expect(await errorName(ours.digest('MD5', bytes('x')))).toBe('NotSupportedError');
  });
});

describe('HMAC', () => {
  it('matches RFC 4231 test case 2', async () => {
    const key = await ours.importKey('raw', bytes('Jefe'), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
    expect(hex(await ours.sign('HMAC', key, bytes('what do ya want for nothing?')))).toBe(
      '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
    );
  });
  it.each(HASHES)('%s: keys cross in raw and jwk, MACs agree and verify both ways', async (hash) => {
    for (const [, gen] of impls) {
      const key = await gen.generateKey({ name: 'HMAC', hash }, true, ['sign', 'verify']);
      for (const format of ['raw', 'jwk']) {
        const data = await gen.exportKey(format, key);
        const [a, b] = [
          await node.importKey(format, data, { name: 'HMAC', hash }, true, ['sign', 'verify']),
          await ours.importKey(format, data, { name: 'HMAC', hash }, true, ['sign', 'verify']),
        ];
        expect(await exported(ours as never, format, b)).toEqual(await exported(node as never, format, a));
        expect(b.algorithm).toEqual(a.algorithm);
        const msg = random(77);
        const [ma, mb] = [await node.sign('HMAC', a, msg), await ours.sign('HMAC', b, msg)];
        expect(hex(mb)).toBe(hex(ma));
        expect(await ours.verify('HMAC', b, ma, msg)).toBe(true);
        expect(await ours.verify('HMAC', b, ma, random(77))).toBe(false);
      }
    }
  });
  it('generates a key of the hash block size by default', async () => {
    const key = await ours.generateKey({ name: 'HMAC', hash: 'SHA-512' }, true, ['sign']);
    expect(key.algorithm).toEqual({ name: 'HMAC', hash: { name: 'SHA-512' }, length: 1024 });
    expect(key.type).toBe('secret');
  });
  it('names errors as the spec does', async () => {
    const key = await ours.importKey('raw', random(32), { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']);
    expect(await errorName(ours.sign('HMAC', key, random(3)))).toBe('InvalidAccessError');
    expect(await errorName(ours.exportKey('raw', key))).toBe('InvalidAccessError');
    expect(
      await errorName(ours.importKey('raw', random(32), { name: 'HMAC', hash: 'SHA-256' }, false, ['encrypt'])),
    ).toBe('SyntaxError');
    expect(await errorName(ours.importKey('raw', random(32), { name: 'HMAC', hash: 'SHA-256' }, false, []))).toBe(
      'SyntaxError',
    );
    expect(
      await errorName(ours.importKey('raw', new Uint8Array(0), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign'])),
    ).toBe('DataError');
    expect(
      await errorName(ours.importKey('spki', random(32), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign'])),
    ).toBe('NotSupportedError');
    expect(
      await errorName(
        ours.importKey('jwk', { kty: 'oct', k: 'AAAA', alg: 'HS512' }, { name: 'HMAC', hash: 'SHA-256' }, false, [
          'sign',
        ]),
      ),
    ).toBe('DataError');
  });
});

describe('PBKDF2 and HKDF', () => {
  it('PBKDF2 matches RFC 6070 (SHA-1, 2 iterations)', async () => {
    const key = await ours.importKey('raw', bytes('password'), 'PBKDF2', false, ['deriveBits']);
    const bits = await ours.deriveBits({ name: 'PBKDF2', hash: 'SHA-1', salt: bytes('salt'), iterations: 2 }, key, 160);
    expect(hex(bits)).toBe('ea6c014dc72d6f8ccd1ed92ace1d41f0d8de8957');
  });
  it.each(HASHES)('%s: PBKDF2 and HKDF bits equal Node', async (hash) => {
    const secret = random(24);
    const [pn, po] = [
      await node.importKey('raw', secret, 'PBKDF2', false, ['deriveBits']),
      await ours.importKey('raw', secret, 'PBKDF2', false, ['deriveBits']),
    ];
    const p = { name: 'PBKDF2', hash, salt: random(16), iterations: 100 };
    expect(hex(await ours.deriveBits(p, po, 256))).toBe(hex(await node.deriveBits(p, pn, 256)));
    const [hn, ho] = [
      await node.importKey('raw', secret, 'HKDF', false, ['deriveBits']),
      await ours.importKey('raw', secret, 'HKDF', false, ['deriveBits']),
    ];
    const h = { name: 'HKDF', hash, salt: random(16), info: random(5) };
    expect(hex(await ours.deriveBits(h, ho, 512))).toBe(hex(await node.deriveBits(h, hn, 512)));
  });
  it('deriveKey makes the same AES and HMAC keys as Node', async () => {
    const secret = random(32);
    const h = { name: 'HKDF', hash: 'SHA-256', salt: random(16), info: new Uint8Array() };
    const [hn, ho] = [
      await node.importKey('raw', secret, 'HKDF', false, ['deriveKey']),
      await ours.importKey('raw', secret, 'HKDF', false, ['deriveKey']),
    ];
    for (const target of [
      { name: 'AES-GCM', length: 256 },
      { name: 'HMAC', hash: 'SHA-384' },
    ]) {
      const usages = target.name === 'HMAC' ? ['sign'] : ['encrypt'];
      const [kn, ko] = [
        await node.deriveKey(h, hn, target, true, usages),
        await ours.deriveKey(h, ho, target, true, usages),
      ];
      expect(hex(await ours.exportKey('raw', ko))).toBe(hex(await node.exportKey('raw', kn)));
      expect(ko.algorithm).toEqual(kn.algorithm);
    }
  });
  it('names errors as the spec does', async () => {
    expect(await errorName(ours.importKey('raw', random(8), 'PBKDF2', true, ['deriveBits']))).toBe('SyntaxError');
    const key = await ours.importKey('raw', random(8), 'PBKDF2', false, ['deriveBits']);
    expect(
      await errorName(ours.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt: random(8), iterations: 0 }, key, 256)),
    ).toBe('OperationError');
    expect(
      await errorName(ours.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt: random(8), iterations: 1 }, key, 7)),
    ).toBe('OperationError');
    expect(
      await errorName(
        ours.deriveKey(
          { name: 'PBKDF2', hash: 'SHA-256', salt: random(8), iterations: 1 },
          key,
          { name: 'AES-GCM', length: 128 },
          false,
          ['encrypt'],
        ),
      ),
    ).toBe('InvalidAccessError');
  });
});
