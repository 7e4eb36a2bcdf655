/**
 * LEB128 and byte plumbing for the core-wasm reader and writer. Writers always emit the shortest
 * encoding, as wasm-encoder (which Wizer writes with) does: byte-for-byte equal output depends on it.
 */
import { internalError } from '../../errors.js';

/** A cursor over a byte range; every read checks the end so a truncated module fails with a position. */
export class Reader {
  pos: number;
  constructor(
    readonly bytes: Uint8Array,
    start = 0,
    readonly end = bytes.length,
  ) {
    this.pos = start;
  }

  get eof(): boolean {
    return this.pos >= this.end;
  }

  byte(): number {
    if (this.pos >= this.end) throw malformed('unexpected end', this.pos);
    return this.bytes[this.pos++]!;
  }

  take(length: number): Uint8Array {
    if (length < 0 || this.pos + length > this.end) throw malformed('unexpected end', this.pos);
    const slice = this.bytes.subarray(this.pos, this.pos + length);
    this.pos += length;
    return slice;
  }

  skip(length: number): void {
    this.take(length);
  }

  /** Skips one LEB128 of any width: code scanning needs few immediates' values, and decoding them costs. */
  skipLeb(): void {
    while (this.byte() & 0x80);
  }

  /** Unsigned LEB128 up to 32 bits, as a number. */
  u32(): number {
    let result = 0;
    let shift = 0;
    for (;;) {
      const b = this.byte();
      if (shift === 28 && b > 0x0f) throw malformed('u32 out of range', this.pos - 1);
      result += (b & 0x7f) * 2 ** shift;
      if ((b & 0x80) === 0) return result;
      shift += 7;
    }
  }

  /** Unsigned LEB128 up to 64 bits (memory64 limits and offsets). */
  u64(): bigint {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      const b = this.byte();
      result |= BigInt(b & 0x7f) << shift;
      if ((b & 0x80) === 0) return result;
      shift += 7n;
      if (shift > 63n) throw malformed('u64 out of range', this.pos - 1);
    }
  }

  /** Signed LEB128 of any width up to 64 bits; the caller knows the width it expects. */
  sleb(): bigint {
    let result = 0n;
    let shift = 0n;
    let b: number;
    do {
      b = this.byte();
      result |= BigInt(b & 0x7f) << shift;
      shift += 7n;
      if (shift > 70n) throw malformed('signed LEB out of range', this.pos - 1);
    } while (b & 0x80);
    if (b & 0x40) result -= 1n << shift;
    return result;
  }

  /** A signed LEB that fits a number (block types, heap types: s33). */
  s33(): number {
    return Number(this.sleb());
  }

  name(): string {
    return new TextDecoder('utf-8', { fatal: true }).decode(this.take(this.u32()));
  }
}

export function malformed(what: string, offset: number): Error {
  return internalError(`failed to parse Wasm: ${what} (at offset ${offset})`);
}

/** Collects chunks and joins them once: output modules are tens of MB, copying per write would be quadratic. */
export class Writer {
  private chunks: Uint8Array[] = [];
  private size = 0;

  get length(): number {
    return this.size;
  }

  bytes(chunk: Uint8Array | readonly number[]): this {
    const c = chunk instanceof Uint8Array ? chunk : Uint8Array.from(chunk);
    this.chunks.push(c);
    this.size += c.length;
    return this;
  }

  byte(b: number): this {
    return this.bytes([b]);
  }

  u32(value: number): this {
    return this.bytes(uleb(BigInt(value)));
  }

  u64(value: bigint): this {
    return this.bytes(uleb(value));
  }

  sleb(value: bigint): this {
    return this.bytes(sleb(value));
  }

  name(text: string): this {
    const encoded = new TextEncoder().encode(text);
    return this.u32(encoded.length).bytes(encoded);
  }

  finish(): Uint8Array {
    const out = new Uint8Array(this.size);
    let at = 0;
    for (const c of this.chunks) {
      out.set(c, at);
      at += c.length;
    }
    return out;
  }
}

export function uleb(value: bigint): number[] {
  const out: number[] = [];
  let v = value;
  do {
    const b = Number(v & 0x7fn);
    v >>= 7n;
    out.push(v === 0n ? b : b | 0x80);
  } while (v !== 0n);
  return out;
}

export function sleb(value: bigint): number[] {
  const out: number[] = [];
  let v = value;
  for (;;) {
    const b = Number(v & 0x7fn);
    v >>= 7n; // arithmetic shift on bigint keeps the sign
    const done = (v === 0n && (b & 0x40) === 0) || (v === -1n && (b & 0x40) !== 0);
    out.push(done ? b : b | 0x80);
    if (done) return out;
  }
}

/** A section as it travels: id and payload (for custom sections the payload starts with the name). */
export function writeSection(w: Writer, id: number, payload: Uint8Array): void {
  w.byte(id).u32(payload.length).bytes(payload);
}
