import { encodeUnsigned, readSigned, readUnsigned } from './leb128.js';

/** A cursor over a component binary's bytes; every read names the offset it failed at. */
export class ByteReader {
  constructor(
    readonly bytes: Uint8Array,
    public pos = 0,
    readonly end = bytes.length,
  ) {}

  get done(): boolean {
    return this.pos >= this.end;
  }

  u8(): number {
    if (this.pos >= this.end) throw new RangeError(`unexpected end of the component binary at byte ${this.pos}`);
    return this.bytes[this.pos++]!;
  }

  peek(): number {
    if (this.pos >= this.end) throw new RangeError(`unexpected end of the component binary at byte ${this.pos}`);
    return this.bytes[this.pos]!;
  }

  u32(): number {
    const { value, length } = readUnsigned(this.bytes, this.pos);
    this.pos += length;
    return value;
  }

  s33(): number {
    const { value, length } = readSigned(this.bytes, this.pos);
    this.pos += length;
    return value;
  }

  take(length: number): Uint8Array {
    if (this.pos + length > this.end)
      throw new RangeError(`a length of ${length} at byte ${this.pos} runs past the end`);
    const slice = this.bytes.subarray(this.pos, this.pos + length);
    this.pos += length;
    return slice;
  }

  /** A `name`: a length and UTF-8 bytes. */
  name(): string {
    return new TextDecoder('utf-8', { fatal: true }).decode(this.take(this.u32()));
  }

  /** `vec(x)`: a count, then `count` items read by `item`. */
  vec<T>(item: () => T): T[] {
    const count = this.u32();
    const items: T[] = [];
    for (let i = 0; i < count; i++) items.push(item());
    return items;
  }
}

/** Concatenates byte chunks. */
export function concatBytes(chunks: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

/** A `name` as bytes: its UTF-8 length, then the bytes. */
export function encodeName(name: string): Uint8Array {
  const utf8 = new TextEncoder().encode(name);
  return concatBytes([encodeUnsigned(utf8.length), utf8]);
}
