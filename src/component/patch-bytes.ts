import { encodeUnsigned } from './leb128.js';
import { concatBytes } from './reader.js';

/** One replacement in a byte buffer: `length` bytes at `at` become `bytes`. */
export interface Splice {
  at: number;
  length: number;
  bytes: Uint8Array;
}

/** Applies non-overlapping splices (any order) to `body`, returning a new buffer. */
export function applySplices(body: Uint8Array, splices: readonly Splice[]): Uint8Array {
  const sorted = [...splices].sort((a, b) => a.at - b.at);
  const chunks: Uint8Array[] = [];
  let from = 0;
  for (const s of sorted) {
    if (s.at < from) throw new Error(`overlapping rewrites at byte ${s.at}`);
    chunks.push(body.subarray(from, s.at), s.bytes);
    from = s.at + s.length;
  }
  chunks.push(body.subarray(from));
  return concatBytes(chunks);
}

/**
 * A LEB128 of `value` exactly `length` bytes long (padded with continuation bytes, which the
 * format allows), so a rewrite inside a nested component keeps every enclosing size right.
 * Undefined when the value needs more bytes than that.
 */
export function paddedUnsigned(value: number, length: number): Uint8Array | undefined {
  const minimal = encodeUnsigned(value);
  if (minimal.length > length) return undefined;
  if (minimal.length === length) return minimal;
  const out = new Uint8Array(length);
  let rest = value;
  for (let i = 0; i < length; i++) {
    const byte = rest % 128;
    rest = Math.floor(rest / 128);
    out[i] = i < length - 1 ? byte | 0x80 : byte;
  }
  return out;
}
