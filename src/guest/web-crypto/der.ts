/**
 * The little DER that spki and pkcs8 need: SEQUENCE, INTEGER, OCTET STRING, BIT STRING, NULL,
 * OBJECT IDENTIFIER and context tags, definite lengths only. Any malformed input is a DataError,
 * which is what importKey must throw.
 */
import { concat, fromBigInt, toBigInt } from './bytes.js';
import { fail } from './errors.js';

export const TAG = {
  INTEGER: 0x02,
  BIT_STRING: 0x03,
  OCTET_STRING: 0x04,
  NULL: 0x05,
  OID: 0x06,
  SEQUENCE: 0x30,
} as const;

export interface Node {
  tag: number;
  /** The contents octets. */
  body: Uint8Array;
}

function bad(): never {
  return fail('DataError', 'malformed DER');
}

/** Reads one TLV at `at`; returns it and where the next one starts. */
function readAt(der: Uint8Array, at: number): { node: Node; end: number } {
  const tag = der[at];
  let len = der[at + 1];
  if (tag === undefined || len === undefined || (tag & 0x1f) === 0x1f) bad();
  let start = at + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    // DER: the long form only when needed and at most 4 length octets (no key is that large).
    if (n === 0 || n > 4) bad();
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + (der[start + i] ?? bad());
    if (len < 0x80 || der[start] === 0) bad();
    start += n;
  }
  const end = start + len;
  if (end > der.length) bad();
  return { node: { tag, body: der.subarray(start, end) }, end };
}

/** Parses exactly one element filling `der` (trailing bytes are an error). */
export function parse(der: Uint8Array, tag?: number): Node {
  const { node, end } = readAt(der, 0);
  if (end !== der.length || (tag !== undefined && node.tag !== tag)) bad();
  return node;
}

/** The elements of a constructed node (a SEQUENCE's body). */
export function children(node: Node): Node[] {
  const out: Node[] = [];
  for (let at = 0; at < node.body.length; ) {
    const r = readAt(node.body, at);
    out.push(r.node);
    at = r.end;
  }
  return out;
}

/** The node must have this tag; returns it for chaining. */
export function expect(node: Node | undefined, tag: number): Node {
  if (!node || node.tag !== tag) bad();
  return node;
}

export function readInteger(node: Node | undefined): bigint {
  const { body } = expect(node, TAG.INTEGER);
  // Keys hold no negative numbers; a set sign bit means a malformed or hostile encoding.
  if (body.length === 0 || body[0]! & 0x80) bad();
  return toBigInt(body);
}

/** A BIT STRING of whole bytes (every key's public value is one). */
export function readBitString(node: Node | undefined): Uint8Array {
  const { body } = expect(node, TAG.BIT_STRING);
  if (body[0] !== 0) bad();
  return body.subarray(1);
}

export function readOid(node: Node | undefined): string {
  const { body } = expect(node, TAG.OID);
  if (body.length === 0) bad();
  const parts: number[] = [];
  let v = 0;
  for (const b of body) {
    v = v * 128 + (b & 0x7f);
    if (!(b & 0x80)) {
      if (parts.length === 0) parts.push(v < 80 ? Math.floor(v / 40) : 2, v < 80 ? v % 40 : v - 80);
      else parts.push(v);
      v = 0;
    }
  }
  return parts.join('.');
}

// Writers.

function lengthOctets(n: number): Uint8Array {
  if (n < 0x80) return Uint8Array.of(n);
  const bytes: number[] = [];
  for (; n > 0; n = Math.floor(n / 256)) bytes.unshift(n & 0xff);
  return Uint8Array.of(0x80 | bytes.length, ...bytes);
}

export function tlv(tag: number, ...body: Uint8Array[]): Uint8Array {
  const b = concat(...body);
  return concat(Uint8Array.of(tag), lengthOctets(b.length), b);
}

export const seq = (...items: Uint8Array[]): Uint8Array => tlv(TAG.SEQUENCE, ...items);
export const octets = (b: Uint8Array): Uint8Array => tlv(TAG.OCTET_STRING, b);
export const bits = (b: Uint8Array): Uint8Array => tlv(TAG.BIT_STRING, Uint8Array.of(0), b);
export const NULL = /* @__PURE__ */ Uint8Array.of(TAG.NULL, 0);

export function integer(n: bigint): Uint8Array {
  const b = fromBigInt(n);
  // A leading zero keeps a high first bit from reading as a negative number.
  return tlv(TAG.INTEGER, b[0]! & 0x80 ? concat(Uint8Array.of(0), b) : b);
}

export function oid(dotted: string): Uint8Array {
  const [a = 0, b = 0, ...rest] = dotted.split('.').map(Number);
  const out: number[] = [];
  for (const v of [a * 40 + b, ...rest]) {
    const enc = [v & 0x7f];
    for (let x = Math.floor(v / 128); x > 0; x = Math.floor(x / 128)) enc.unshift(0x80 | (x & 0x7f));
    out.push(...enc);
  }
  return tlv(TAG.OID, Uint8Array.from(out));
}

/** SubjectPublicKeyInfo: { AlgorithmIdentifier { oid, params }, BIT STRING key }. */
export function spki(algOid: string, params: Uint8Array | undefined, publicKey: Uint8Array): Uint8Array {
  return seq(seq(oid(algOid), ...(params ? [params] : [])), bits(publicKey));
}

/** PrivateKeyInfo (PKCS #8 v1): { 0, AlgorithmIdentifier, OCTET STRING privateKey }. */
export function pkcs8(algOid: string, params: Uint8Array | undefined, privateKey: Uint8Array): Uint8Array {
  return seq(integer(0n), seq(oid(algOid), ...(params ? [params] : [])), octets(privateKey));
}

export interface KeyInfo {
  oid: string;
  /** The AlgorithmIdentifier's parameters, if any. */
  params: Node | undefined;
  /** The BIT STRING's bytes (spki) or the OCTET STRING's (pkcs8). */
  key: Uint8Array;
}

export function readSpki(der: Uint8Array): KeyInfo {
  const [alg, key, extra] = children(parse(der, TAG.SEQUENCE));
  const [algOid, params, more] = children(expect(alg, TAG.SEQUENCE));
  if (extra || more) bad();
  return { oid: readOid(algOid), params, key: readBitString(key) };
}

export function readPkcs8(der: Uint8Array): KeyInfo {
  // Version 1 (OneAsymmetricKey, RFC 5958) may append attributes and the public key; both ignored.
  const [version, alg, key] = children(parse(der, TAG.SEQUENCE));
  const v = readInteger(version);
  if (v > 1n) bad();
  const [algOid, params, more] = children(expect(alg, TAG.SEQUENCE));
  if (more) bad();
  return { oid: readOid(algOid), params, key: expect(key, TAG.OCTET_STRING).body };
}
