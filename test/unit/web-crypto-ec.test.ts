import { describe, expect, it } from 'vitest';
import { type AnySubtle, errorName, exported, hex, impls, node, ours, random } from './web-crypto-helpers.js';

interface Case {
  alg: Record<string, unknown>;
  /** Usages of a generated pair. */
  usages: string[];
  publicUsages: string[];
  privateUsages: string[];
  sign?: Record<string, unknown>;
}

const CASES: Case[] = [
  ...['P-256', 'P-384'].map((namedCurve) => ({
    alg: { name: 'ECDSA', namedCurve },
    usages: ['sign', 'verify'],
    publicUsages: ['verify'],
    privateUsages: ['sign'],
    sign: { name: 'ECDSA', hash: namedCurve === 'P-256' ? 'SHA-256' : 'SHA-384' },
  })),
  ...['P-256', 'P-384'].map((namedCurve) => ({
    alg: { name: 'ECDH', namedCurve },
    usages: ['deriveBits'],
    publicUsages: [],
    privateUsages: ['deriveBits'],
  })),
  {
    alg: { name: 'Ed25519' },
    usages: ['sign', 'verify'],
    publicUsages: ['verify'],
    privateUsages: ['sign'],
    sign: { name: 'Ed25519' },
  },
  { alg: { name: 'X25519' }, usages: ['deriveBits'], publicUsages: [], privateUsages: ['deriveBits'] },
];

const _label = (c: Case) => `${c.alg.name} ${c.alg.namedCurve ?? ''}`;

/** A generated pair moved into both implementations through `pubFormat` and `privFormat`. */
async function crossed(c: Case, gen: AnySubtle, pubFormat: string, privFormat: string) {
  const pair = await gen.generateKey(c.alg, true, c.usages);
  const [pub, priv] = [
    await gen.exportKey(pubFormat, pair.publicKey),
    await gen.exportKey(privFormat, pair.privateKey),
  ];
  const imp = async (s: AnySubtle) => ({
    pub: await s.importKey(pubFormat, pub, c.alg, true, c.publicUsages),
    priv: await s.importKey(privFormat, priv, c.alg, true, c.privateUsages),
  });
  return { n: await imp(node as never), o: await imp(ours as never) };
}

describe.each(CASES)('$alg.name $alg.namedCurve', (c) => {
  it('generated keys have the spec attributes', async () => {
    const pair = await ours.generateKey(c.alg, false, c.usages as never);
    expect(pair.publicKey).toMatchObject({
      type: 'public',
      extractable: true,
      algorithm: c.alg,
      usages: c.publicUsages,
    });
    expect(pair.privateKey).toMatchObject({
      type: 'private',
      extractable: false,
      algorithm: c.alg,
      usages: c.privateUsages,
    });
    expect(Object.prototype.toString.call(pair.privateKey)).toBe('[object CryptoKey]');
  });

  for (const [pubFormat, privFormat] of [
    ['raw', 'pkcs8'],
    ['spki', 'jwk'],
    ['jwk', 'pkcs8'],
  ]) {
    it(`keys cross as ${pubFormat}/${privFormat} and export identically`, async () => {
      for (const [, gen] of impls) {
        const { n, o } = await crossed(c, gen, pubFormat, privFormat);
        for (const f of ['raw', 'spki', 'jwk'])
          expect(await exported(ours as never, f, o.pub)).toEqual(await exported(node as never, f, n.pub));
        expect(await exported(ours as never, 'jwk', o.priv)).toEqual(await exported(node as never, 'jwk', n.priv));
        // pkcs8 bytes may differ in optional members; what Node exports we read back, and the reverse.
        const back = await node.importKey(
          'pkcs8',
          await ours.exportKey('pkcs8', o.priv),
          c.alg as never,
          true,
          c.privateUsages as never,
        );
        expect(await exported(node as never, 'jwk', back)).toEqual(await exported(node as never, 'jwk', n.priv));
        expect(o.pub.algorithm).toEqual(n.pub.algorithm);
      }
    });
  }

  if (c.sign) {
    it('signatures verify across implementations, tampered ones do not', async () => {
      for (const [, gen] of impls) {
        const { n, o } = await crossed(c, gen, 'spki', 'pkcs8');
        for (const hash of c.alg.name === 'ECDSA' ? ['SHA-1', 'SHA-256', 'SHA-384', 'SHA-512'] : [undefined]) {
          const alg = hash ? { ...c.sign, hash } : c.sign;
          const msg = random(100);
          const [sn, so] = [
            new Uint8Array(await node.sign(alg as never, n.priv, msg)),
            new Uint8Array(await ours.sign(alg, o.priv, msg)),
          ];
          expect(so.length).toBe(sn.length);
          expect(await ours.verify(alg, o.pub, sn, msg)).toBe(true);
          expect(await node.verify(alg as never, n.pub, so, msg)).toBe(true);
          expect(await ours.verify(alg, o.pub, so, msg)).toBe(true);
          sn[5]! ^= 4;
          expect(await ours.verify(alg, o.pub, sn, msg)).toBe(false);
          expect(await ours.verify(alg, o.pub, so.subarray(1), msg)).toBe(false);
        }
      }
    });
  } else {
    it('deriveBits gives the same secret both ways, truncated on request', async () => {
      const a = await crossed(c, node as never, 'raw', 'jwk');
      const b = await crossed(c, ours as never, 'spki', 'pkcs8');
      const full = hex(await node.deriveBits({ name: c.alg.name, public: b.n.pub } as never, a.n.priv, null));
      expect(hex(await ours.deriveBits({ name: c.alg.name, public: b.o.pub }, a.o.priv, null))).toBe(full);
      expect(hex(await ours.deriveBits({ name: c.alg.name, public: a.o.pub }, b.o.priv, null))).toBe(full);
      expect(hex(await ours.deriveBits({ name: c.alg.name, public: a.o.pub }, b.o.priv, 128))).toBe(full.slice(0, 32));
      expect(await errorName(ours.deriveBits({ name: c.alg.name, public: a.o.pub }, b.o.priv, 8 * 1000))).toBe(
        'OperationError',
      );
      expect(await errorName(ours.deriveBits({ name: c.alg.name, public: a.o.priv }, b.o.priv, null))).toBe(
        'InvalidAccessError',
      );
    });
  }

  it('rejects bad key data and usages with the spec error names', async () => {
    expect(await errorName(ours.importKey('raw', random(7), c.alg, true, c.publicUsages as never))).toBe('DataError');
    expect(await errorName(ours.importKey('spki', random(40), c.alg, true, c.publicUsages as never))).toBe('DataError');
    expect(await errorName(ours.importKey('pkcs8', random(40), c.alg, true, c.privateUsages as never))).toBe(
      'DataError',
    );
    const pair = await ours.generateKey(c.alg, true, c.usages as never);
    expect(await errorName(ours.exportKey('raw', pair.privateKey))).toBe('InvalidAccessError');
    expect(await errorName(ours.exportKey('pkcs8', pair.publicKey))).toBe('InvalidAccessError');
    const spki = await ours.exportKey('spki', pair.publicKey);
    expect(await errorName(ours.importKey('spki', spki, c.alg, true, ['encrypt']))).toBe('SyntaxError');
    expect(await errorName(ours.importKey('pkcs8', spki, c.alg, true, c.privateUsages as never))).toBe('DataError');
  });
});

describe('EC specifics', () => {
  it('a key on one curve does not import as the other', async () => {
    const pair = await node.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
    const spki = await node.exportKey('spki', pair.publicKey);
    expect(
      await errorName(ours.importKey('spki', spki, { name: 'ECDSA', namedCurve: 'P-384' }, true, ['verify'])),
    ).toBe('DataError');
    expect(await errorName(ours.generateKey({ name: 'ECDSA', namedCurve: 'P-521' }, true, ['sign']))).toBe(
      'NotSupportedError',
    );
  });
  it('accepts compressed raw points, as Node does', async () => {
    const pair = await node.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
    const raw = new Uint8Array(await node.exportKey('raw', pair.publicKey));
    const compressed = Uint8Array.from([2 + (raw[64]! & 1), ...raw.subarray(1, 33)]);
    const key = await ours.importKey('raw', compressed, { name: 'ECDSA', namedCurve: 'P-256' }, true, ['verify']);
    expect(hex(await ours.exportKey('raw', key))).toBe(hex(raw));
  });
  it('Ed25519 matches RFC 8032 test 1', async () => {
    const seed = Buffer.from('9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60', 'hex');
    const jwk = {
      kty: 'OKP',
      crv: 'Ed25519',
      d: seed.toString('base64url'),
      x: Buffer.from('d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a', 'hex').toString('base64url'),
    };
    const key = await ours.importKey('jwk', jwk, 'Ed25519', false, ['sign']);
    expect(hex(await ours.sign('Ed25519', key, new Uint8Array()))).toBe(
      'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b',
    );
  });
});

describe('deriveKey and JWK checks', () => {
  it('ECDH and X25519 deriveKey make the same AES key as Node', async () => {
    for (const alg of [{ name: 'ECDH', namedCurve: 'P-384' }, { name: 'X25519' }]) {
      const a = await node.generateKey(alg, true, ['deriveKey']);
      const b = await ours.generateKey(alg, true, ['deriveKey']);
      const bPubInNode = await node.importKey('spki', await ours.exportKey('spki', b.publicKey), alg, true, []);
      const aInOurs = await ours.importKey('pkcs8', await node.exportKey('pkcs8', a.privateKey), alg, false, [
        'deriveKey',
      ]);
      const target = { name: 'AES-GCM', length: 128 };
      const kn = await node.deriveKey({ name: alg.name, public: bPubInNode } as never, a.privateKey, target, true, [
        'encrypt',
      ]);
      const ko = await ours.deriveKey({ name: alg.name, public: b.publicKey }, aInOurs, target, true, ['encrypt']);
      expect(hex(await ours.exportKey('raw', ko))).toBe(hex(await node.exportKey('raw', kn)));
    }
  });
  it('rejects JWKs whose members contradict the request', async () => {
    const pair = await ours.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
    const jwk = (await ours.exportKey('jwk', pair.privateKey)) as Record<string, unknown>;
    const alg = { name: 'ECDSA', namedCurve: 'P-256' };
    expect(await errorName(ours.importKey('jwk', { ...jwk, ext: false }, alg, true, ['sign']))).toBe('DataError');
    expect(await errorName(ours.importKey('jwk', { ...jwk, key_ops: ['verify'] }, alg, false, ['sign']))).toBe(
      'DataError',
    );
    expect(await errorName(ours.importKey('jwk', { ...jwk, alg: 'ES384' }, alg, false, ['sign']))).toBe('DataError');
    expect(await errorName(ours.importKey('jwk', { ...jwk, crv: 'P-384' }, alg, false, ['sign']))).toBe('DataError');
    expect(await errorName(ours.importKey('jwk', { ...jwk, kty: 'OKP' }, alg, false, ['sign']))).toBe('DataError');
    expect(await errorName(ours.importKey('jwk', { ...jwk, use: 'enc' }, alg, false, ['sign']))).toBe('DataError');
    // d of another key: the pair would not be a pair.
    const other = (await ours.exportKey('jwk', (await ours.generateKey(alg, true, ['sign'])).privateKey)) as Record<
      string,
      unknown
    >;
    expect(await errorName(ours.importKey('jwk', { ...jwk, d: other.d }, alg, false, ['sign']))).toBe('DataError');
    expect(await errorName(ours.importKey('jwk', { ...jwk, x: '!!' }, alg, false, ['sign']))).toBe('DataError');
    // The same JWK is fine as asked.
    expect((await ours.importKey('jwk', jwk, alg, false, ['sign'])).type).toBe('private');
  });
});

describe('malleated and degenerate signatures', () => {
  it('Ed25519: S + L and a zero signature are rejected, as Node rejects them', async () => {
    const pair = await node.generateKey('Ed25519', true, ['sign', 'verify']);
    const pub = await ours.importKey('raw', await node.exportKey('raw', pair.publicKey), 'Ed25519', true, ['verify']);
    const msg = random(10);
    const sig = new Uint8Array(await node.sign('Ed25519', pair.privateKey, msg));
    // S is little-endian in the second half; adding the group order L gives the same point equation.
    const L = 2n ** 252n + 27742317777372353535851937790883648493n;
    let s = 0n;
    for (let i = 63; i >= 32; i--) s = (s << 8n) | BigInt(sig[i]!);
    s += L;
    const malleated = sig.slice();
    for (let i = 32; i < 64; i++, s >>= 8n) malleated[i] = Number(s & 0xffn);
    expect(await node.verify('Ed25519', pair.publicKey, malleated, msg)).toBe(false);
    expect(await ours.verify('Ed25519', pub, malleated, msg)).toBe(false);
    expect(await ours.verify('Ed25519', pub, sig, msg)).toBe(true);
    expect(await ours.verify('Ed25519', pub, new Uint8Array(64), msg)).toBe(false);
  });
  it('ECDSA: r or s zero or at least n is rejected', async () => {
    const alg = { name: 'ECDSA', namedCurve: 'P-256' };
    const pair = await ours.generateKey(alg, true, ['sign', 'verify']);
    const msg = random(10);
    const params = { name: 'ECDSA', hash: 'SHA-256' };
    const sig = new Uint8Array(await ours.sign(params, pair.privateKey, msg));
    const n = Buffer.from('ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551', 'hex');
    for (const bad of [
      new Uint8Array(64),
      Uint8Array.from([...sig.subarray(0, 32), ...new Uint8Array(32)]),
      Uint8Array.from([...n, ...sig.subarray(32)]),
    ]) {
      expect(await ours.verify(params, pair.publicKey, bad, msg)).toBe(false);
    }
    expect(await ours.verify(params, pair.publicKey, sig, msg)).toBe(true);
  });
});
