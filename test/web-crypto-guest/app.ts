// A guest that uses the pure-JS SubtleCrypto directly (integration into componentize's polyfill
// table is separate): `crypto.getRandomValues` is componentize's WASI-random polyfill on QuickJS.
import { createSubtle } from '../../src/guest/web-crypto/index.js';

const subtle = createSubtle({ getRandomValues: (a) => crypto.getRandomValues(a) });

const fromHex = (h: string): Uint8Array => Uint8Array.from(h.match(/../g) ?? [], (b) => parseInt(b, 16));
const toHex = (b: ArrayBuffer): string => Array.from(new Uint8Array(b), (x) => x.toString(16).padStart(2, '0')).join('');

export async function sha256(messageHex: string): Promise<string> {
  return toHex(await subtle.digest('SHA-256', fromHex(messageHex)));
}

export async function hmacSha256(keyHex: string, messageHex: string): Promise<string> {
  const key = await subtle.importKey('raw', fromHex(keyHex), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return toHex(await subtle.sign('HMAC', key, fromHex(messageHex)));
}

export async function es256(pkcs8Hex: string, spkiHex: string, messageHex: string, nodeSignatureHex: string): Promise<string> {
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
  for (const [alg, params] of [[{ name: 'ECDSA', namedCurve: 'P-256' }, { name: 'ECDSA', hash: 'SHA-256' }], [{ name: 'Ed25519' }, { name: 'Ed25519' }]] as const) {
    const pair = (await subtle.generateKey(alg, true, ['sign', 'verify'])) as { publicKey: never; privateKey: never };
    const message = crypto.getRandomValues(new Uint8Array(64));
    const signature = await subtle.sign(params, pair.privateKey, message);
    out.push(`${alg.name}:${await subtle.verify(params, pair.publicKey, signature, message)}:${toHex(await subtle.exportKey('spki', pair.publicKey))}`);
  }
  return out.join(' ');
}

export async function rsaGenerate(bits: number): Promise<string> {
  const start = Date.now();
  const pair = (await subtle.generateKey({ name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', modulusLength: bits, publicExponent: new Uint8Array([1, 0, 1]) }, true, ['sign', 'verify'])) as { publicKey: never; privateKey: never };
  const ms = Date.now() - start;
  const signature = await subtle.sign('RSASSA-PKCS1-v1_5', pair.privateKey, new Uint8Array(10));
  return `${ms} ${await subtle.verify('RSASSA-PKCS1-v1_5', pair.publicKey, signature, new Uint8Array(10))}`;
}
