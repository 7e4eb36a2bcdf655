// A guest that uses the pure-JS SubtleCrypto directly (integration into componentize's polyfill
// table is separate): `crypto.getRandomValues` is componentize's WASI-random polyfill on QuickJS.
import { createSubtle } from '../../src/guest/web-crypto/index.js';

const subtle = createSubtle({ getRandomValues: (a) => crypto.getRandomValues(a) });

const fromHex = (h: string): Uint8Array => Uint8Array.from(h.match(/../g) ?? [], (b) => parseInt(b, 16));
const toHex = (b: ArrayBuffer): string =>
  Array.from(new Uint8Array(b), (x) => x.toString(16).padStart(2, '0')).join('');

export async function sha256(messageHex: string): Promise<string> {
  return toHex(await subtle.digest('SHA-256', fromHex(messageHex)));
}

export async function hmacSha256(keyHex: string, messageHex: string): Promise<string> {
  const key = await subtle.importKey('raw', fromHex(keyHex), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return toHex(await subtle.sign('HMAC', key, fromHex(messageHex)));
}

export async function es256(
  pkcs8Hex: string,
  spkiHex: string,
  messageHex: string,
  nodeSignatureHex: string,
): Promise<string> {
  const alg = { name: 'ECDSA', namedCurve: 'P-256' };
  const priv = await subtle.importKey('pkcs8', fromHex(pkcs8Hex), alg, false, ['sign']);
  const pub = await subtle.importKey('spki', fromHex(spkiHex), alg, true, ['verify']);
  const params = { name: 'ECDSA', hash: 'SHA-256' };
  const message = fromHex(messageHex);
  const signature = await subtle.sign(params, priv, message);
  const ownOk = await subtle.verify(params, pub, signature, message);
  const nodeOk = await subtle.verify(params, pub, fromHex(nodeSignatureHex), message);
  return `${toHex(signature)} ${ownOk} ${nodeOk}`;
}

export async function aesGcm(keyHex: string, ivHex: string, messageHex: string): Promise<string> {
  const key = await subtle.importKey('raw', fromHex(keyHex), 'AES-GCM', false, ['encrypt', 'decrypt']);
  const params = { name: 'AES-GCM', iv: fromHex(ivHex) };
  const sealed = await subtle.encrypt(params, key, fromHex(messageHex));
  const opened = toHex(await subtle.decrypt(params, key, sealed));
  return `${toHex(sealed)} ${opened === messageHex}`;
}

export async function generate(): Promise<string> {
  const out: string[] = [];
  for (const [alg, params] of [
    [
      { name: 'ECDSA', namedCurve: 'P-256' },
      { name: 'ECDSA', hash: 'SHA-256' },
    ],
    [{ name: 'Ed25519' }, { name: 'Ed25519' }],
  ] as const) {
    const pair = (await subtle.generateKey(alg, true, ['sign', 'verify'])) as { publicKey: never; privateKey: never };
    const message = crypto.getRandomValues(new Uint8Array(64));
    const signature = await subtle.sign(params, pair.privateKey, message);
    out.push(
      `${alg.name}:${await subtle.verify(params, pair.publicKey, signature, message)}:${toHex(await subtle.exportKey('spki', pair.publicKey))}`,
    );
  }
  return out.join(' ');
}

export async function rsaGenerate(bits: number): Promise<string> {
  const start = Date.now();
  const pair = (await subtle.generateKey(
    { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', modulusLength: bits, publicExponent: new Uint8Array([1, 0, 1]) },
    true,
    ['sign', 'verify'],
  )) as { publicKey: never; privateKey: never };
  const ms = Date.now() - start;
  const signature = await subtle.sign('RSASSA-PKCS1-v1_5', pair.privateKey, new Uint8Array(10));
  return `${ms} ${await subtle.verify('RSASSA-PKCS1-v1_5', pair.publicKey, signature, new Uint8Array(10))}`;
}

type Pair = { publicKey: never; privateKey: never };

export async function errorNames(): Promise<string> {
  const aes = await subtle.generateKey({ name: 'AES-GCM', length: 128 }, false, ['encrypt', 'decrypt']);
  const attempts: (() => Promise<unknown>)[] = [
    () => subtle.digest('MD5', new Uint8Array(1)),
    () => subtle.importKey('raw', new Uint8Array(20), 'AES-GCM', false, ['encrypt']),
    () => subtle.decrypt({ name: 'AES-GCM', iv: new Uint8Array(12) }, aes as never, new Uint8Array(32)),
    () => subtle.exportKey('raw', aes as never),
    () => subtle.importKey('raw', new Uint8Array(8), 'PBKDF2', true, ['deriveBits']),
  ];
  const names: string[] = [];
  for (const attempt of attempts) {
    names.push(
      await attempt().then(
        () => 'resolved',
        (e: Error) => `${e.name}/${e instanceof Error}`,
      ),
    );
  }
  return names.join(' ');
}

/** Average ms of `fn` over `runs` calls (after one warm-up call that also fills noble's tables). */
async function time(runs: number, fn: () => Promise<unknown>): Promise<number> {
  await fn();
  const start = Date.now();
  for (let i = 0; i < runs; i++) await fn();
  return Math.round(((Date.now() - start) / runs) * 10) / 10;
}

export async function timings(): Promise<string> {
  const data = new Uint8Array(1024);
  const out: Record<string, number> = {};
  out['SHA-256 1 KiB'] = await time(20, () => subtle.digest('SHA-256', data));
  const hmacKey = await subtle.generateKey({ name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  out['HMAC-SHA-256 1 KiB'] = await time(20, () => subtle.sign('HMAC', hmacKey as never, data));
  const aesKey = await subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt']);
  out['AES-256-GCM 1 KiB'] = await time(20, () =>
    subtle.encrypt({ name: 'AES-GCM', iv: new Uint8Array(12) }, aesKey as never, data),
  );
  const pbkdf2 = await subtle.importKey('raw', data.subarray(0, 16), 'PBKDF2', false, ['deriveBits']);
  out['PBKDF2-SHA-256 1000 iterations'] = await time(3, () =>
    subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt: data.subarray(0, 16), iterations: 1000 }, pbkdf2, 256),
  );
  // The first P-256 operation of an instance also builds the curve and noble's base-point tables.
  let start = Date.now();
  const es = (await subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign', 'verify'])) as Pair;
  out['P-256 first generateKey (cold)'] = Date.now() - start;
  const esParams = { name: 'ECDSA', hash: 'SHA-256' };
  const esSig = await subtle.sign(esParams, es.privateKey, data);
  out['ES256 sign'] = await time(5, () => subtle.sign(esParams, es.privateKey, data));
  out['ES256 verify'] = await time(5, () => subtle.verify(esParams, es.publicKey, esSig, data));
  start = Date.now();
  const ed = (await subtle.generateKey({ name: 'Ed25519' }, false, ['sign', 'verify'])) as Pair;
  out['Ed25519 first generateKey (cold)'] = Date.now() - start;
  const edSig = await subtle.sign('Ed25519', ed.privateKey, data);
  out['Ed25519 sign'] = await time(5, () => subtle.sign('Ed25519', ed.privateKey, data));
  out['Ed25519 verify'] = await time(5, () => subtle.verify('Ed25519', ed.publicKey, edSig, data));
  out['X25519 generate'] = await time(5, () => subtle.generateKey({ name: 'X25519' }, false, ['deriveBits']));
  const rsa = (await subtle.generateKey(
    { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]) },
    false,
    ['sign', 'verify'],
  )) as Pair;
  const rsaSig = await subtle.sign('RSASSA-PKCS1-v1_5', rsa.privateKey, data);
  out['RS256 sign (2048)'] = await time(5, () => subtle.sign('RSASSA-PKCS1-v1_5', rsa.privateKey, data));
  out['RS256 verify (2048)'] = await time(5, () => subtle.verify('RSASSA-PKCS1-v1_5', rsa.publicKey, rsaSig, data));
  return JSON.stringify(out);
}
