/** Byte helpers the algorithms share: BufferSource in, ArrayBuffer out, base64url and big integers. */
import { fail } from './errors.js';

export type BufferSource = ArrayBuffer | ArrayBufferView;

/** A copy of the caller's bytes: the spec copies before the operation, so later writes do not change it. */
export function bytesOf(data: unknown, what = 'data'): Uint8Array {
  if (data instanceof ArrayBuffer) return new Uint8Array(data.slice(0));
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength).slice();
  // Cross-realm buffers (vitest workers, other globals) fail instanceof but have the shape.
  if (data && typeof data === 'object' && Object.prototype.toString.call(data) === '[object ArrayBuffer]') {
    return new Uint8Array((data as ArrayBuffer).slice(0));
  }
  throw new TypeError(`${what} must be a BufferSource`);
}

/** The result type of every byte-producing method. */
export function toArrayBuffer(u8: Uint8Array): ArrayBuffer {
  return u8.byteOffset === 0 && u8.byteLength === u8.buffer.byteLength
    ? (u8.buffer as ArrayBuffer)
    : (u8.slice().buffer as ArrayBuffer);
}

export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Compares without an early exit, so the time does not tell where a MAC first differs. */
export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

export function base64url(u8: Uint8Array): string {
  let s = '';
  let i = 0;
  for (; i + 2 < u8.length; i += 3) {
    const n = (u8[i]! << 16) | (u8[i + 1]! << 8) | u8[i + 2]!;
    s += B64[n >> 18]! + B64[(n >> 12) & 63]! + B64[(n >> 6) & 63]! + B64[n & 63]!;
  }
  if (i < u8.length) {
    const n = (u8[i]! << 16) | ((u8[i + 1] ?? 0) << 8);
    s += B64[n >> 18]! + B64[(n >> 12) & 63]! + (i + 1 < u8.length ? B64[(n >> 6) & 63]! : '');
  }
  return s;
}

/** Decodes a JWK member; anything but unpadded base64url is a DataError, as the JWK import steps say. */
export function fromBase64url(s: unknown, member = 'member'): Uint8Array {
  if (typeof s !== 'string' || s.length % 4 === 1) fail('DataError', `JWK ${member} is not base64url`);
  const out = new Uint8Array(Math.floor((s.length * 3) / 4));
  let bits = 0;
  let acc = 0;
  let at = 0;
  for (let i = 0; i < s.length; i++) {
    const v = B64.indexOf(s[i]!);
    if (v < 0) fail('DataError', `JWK ${member} is not base64url`);
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[at++] = (acc >> bits) & 0xff;
    }
  }
  return out.subarray(0, at);
}

/** Big-endian unsigned bytes -> BigInt. */
export function toBigInt(u8: Uint8Array): bigint {
  let hex = '';
  for (const b of u8) hex += (b < 16 ? '0' : '') + b.toString(16);
  return hex === '' ? 0n : BigInt(`0x${hex}`);
}

/** BigInt -> big-endian unsigned bytes, left-padded to `length` when given (minimal otherwise). */
export function fromBigInt(n: bigint, length?: number): Uint8Array {
  let hex = n.toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  const min = hex === '00' ? 0 : hex.length / 2;
  const len = length ?? Math.max(min, 1);
  if (min > len) fail('OperationError', 'integer too large');
  const out = new Uint8Array(len);
  for (let i = 0; i < min; i++) out[len - min + i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

/** UTF-8 without TextEncoder (QuickJS has none): JWKs are wrapped as their JSON text. */
export function utf8Encode(s: string): Uint8Array {
  const out: number[] = [];
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (c < 0x80) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
  }
  return new Uint8Array(out);
}

export function utf8Decode(u8: Uint8Array): string {
  let s = '';
  for (let i = 0; i < u8.length; ) {
    const b = u8[i]!;
    const n = b < 0x80 ? 1 : b < 0xe0 ? 2 : b < 0xf0 ? 3 : 4;
    let c = n === 1 ? b : b & (0xff >> (n + 1));
    for (let k = 1; k < n; k++) c = (c << 6) | ((u8[i + k] ?? 0) & 63);
    s += String.fromCodePoint(c);
    i += n;
  }
  return s;
}
