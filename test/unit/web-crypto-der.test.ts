// Malformed spki/pkcs8 must be a DataError (what importKey promises), never another error from
// deep inside the DER reader or the curve code. Deterministic damage: every byte flipped in two
// ways, and every truncation, of keys Node exported.
import { describe, expect, it } from 'vitest';
import { node, ours } from './web-crypto-helpers.js';

const CASES = [
  { alg: { name: 'ECDSA', namedCurve: 'P-256' }, pub: ['verify'], priv: ['sign'] },
  { alg: { name: 'ECDH', namedCurve: 'P-384' }, pub: [], priv: ['deriveBits'] },
  { alg: { name: 'Ed25519' }, pub: ['verify'], priv: ['sign'] },
  { alg: { name: 'X25519' }, pub: [], priv: ['deriveBits'] },
  {
    alg: { name: 'RSA-PSS', hash: 'SHA-256', modulusLength: 1024, publicExponent: new Uint8Array([1, 0, 1]) },
    pub: ['verify'],
    priv: ['sign'],
  },
];

describe.each(CASES)('damaged $alg.name keys', (c) => {
  it('import as a key or fail with DataError', async () => {
    const pair = await node.generateKey(c.alg as never, true, [...c.pub, ...c.priv] as never);
    const outcomes = new Set<string>();
    for (const [format, key, usages] of [
      ['spki', pair.publicKey, c.pub],
      ['pkcs8', pair.privateKey, c.priv],
    ] as const) {
      const good = new Uint8Array(await node.exportKey(format, key));
      const variants: Uint8Array[] = [];
      // RSA keys are long: damage the structure (first 40 bytes) and every 16th byte after.
      for (let i = 0; i < good.length; i += i < 40 ? 1 : 16) {
        for (const mask of [0x01, 0x80]) {
          const v = good.slice();
          v[i]! ^= mask;
          variants.push(v);
        }
        variants.push(good.subarray(0, i));
      }
      variants.push(Uint8Array.from([...good, 0]));
      for (const v of variants) {
        const outcome = await ours.importKey(format, v, c.alg, true, usages as never).then(
          () => 'key',
          (e: Error) => e.name,
        );
        outcomes.add(outcome);
        expect(['key', 'DataError']).toContain(outcome);
      }
    }
    expect(outcomes.has('DataError')).toBe(true);
  });
});
