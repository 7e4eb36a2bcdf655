// node:crypto's RSA (guest/web-crypto/node-rsa.ts) against Node's own: the key forms OpenSSL
// writes, PKCS#1 v1.5 signatures byte for byte, PSS both ways.
import { constants, createPrivateKey, generateKeyPairSync, randomBytes, sign, verify } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { rsaKeyFrom, rsaModulusBits, rsaSign, rsaVerify } from '../../src/guest/web-crypto/node-rsa.js';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
const der = (pem: string) => {
  const [, label, body] = /-----BEGIN ([A-Z ]+)-----([^-]*)-----END/.exec(pem)!;
  return [label!, new Uint8Array(Buffer.from(body!, 'base64'))] as const;
};
const pem = (key: typeof privateKey, type: 'pkcs1' | 'pkcs8' | 'spki') =>
  der(key.export({ type, format: 'pem' } as never) as string);
const random = (n: number) => new Uint8Array(randomBytes(n));
const message = new TextEncoder().encode('message');

describe('rsaKeyFrom', () => {
  test('reads PKCS#8, PKCS#1 and SPKI into the same key', () => {
    const pkcs8 = rsaKeyFrom(...pem(privateKey, 'pkcs8'), 'private');
    expect(rsaKeyFrom(...pem(privateKey, 'pkcs1'), 'private')).toEqual(pkcs8);
    expect(rsaKeyFrom(...pem(publicKey, 'spki'), 'public')).toEqual({ n: pkcs8.n, e: pkcs8.e });
    expect(rsaKeyFrom(...pem(publicKey, 'pkcs1'), 'public')).toEqual({ n: pkcs8.n, e: pkcs8.e });
    expect(rsaModulusBits(pkcs8)).toBe(1024);
  });
  test('a public key where a private one is needed is refused', () => {
    expect(() => rsaKeyFrom(...pem(publicKey, 'spki'), 'private')).toThrow(/private key is needed/);
  });
});

describe('rsaSign and rsaVerify', () => {
  const key = rsaKeyFrom(...pem(privateKey, 'pkcs8'), 'private');
  test("PKCS#1 v1.5 signs Node's bytes, and verifies them", () => {
    const ours = rsaSign(key, 'SHA-256', message, random);
    const node = sign('sha256', message, createPrivateKey(privateKey.export({ type: 'pkcs8', format: 'pem' })));
    expect(Buffer.from(ours).equals(node)).toBe(true);
    expect(rsaVerify(key, 'SHA-256', message, node)).toBe(true);
    expect(rsaVerify(key, 'SHA-256', new TextEncoder().encode('massage'), node)).toBe(false);
  });
  test('PSS: Node verifies ours and we verify Node', () => {
    const pss = { padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 };
    const ours = rsaSign(key, 'SHA-256', message, random, 32);
    expect(verify('sha256', message, { key: publicKey, ...pss }, ours)).toBe(true);
    expect(rsaVerify(key, 'SHA-256', message, sign('sha256', message, { key: privateKey, ...pss }), 32)).toBe(true);
  });
});
