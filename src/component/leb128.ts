/**
 * LEB128, as the component binary format uses it: unsigned for sizes, counts and most indices,
 * signed 33-bit for value types (a negative one-byte value is a primitive type, a non-negative
 * value a type index). Values above 2^32 never occur in the fields we read, so plain numbers do.
 */

/** Reads an unsigned LEB128 at `offset`: the value and how many bytes it took. */
export function readUnsigned(bytes: Uint8Array, offset: number): { value: number; length: number } {
  let value = 0;
  let shift = 0;
  for (let i = offset; i < bytes.length; i++) {
    const byte = bytes[i]!;
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
    if ((byte & 0x80) === 0) return { value, length: i - offset + 1 };
    if (shift > 35) break;
  }
  throw new RangeError(`malformed unsigned LEB128 at byte ${offset}`);
}

/** Reads a signed LEB128 (s33 in the format) at `offset`. */
export function readSigned(bytes: Uint8Array, offset: number): { value: number; length: number } {
  let value = 0;
  let shift = 0;
  for (let i = offset; i < bytes.length; i++) {
    const byte = bytes[i]!;
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
    if ((byte & 0x80) === 0) {
      if (byte & 0x40) value -= 2 ** shift;
      return { value, length: i - offset + 1 };
    }
    if (shift > 35) break;
  }
  throw new RangeError(`malformed signed LEB128 at byte ${offset}`);
}

/** The shortest unsigned LEB128 encoding of `value`. */
export function encodeUnsigned(value: number): Uint8Array {
  if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) throw new RangeError(`not a u32: ${value}`);
  const out: number[] = [];
  let rest = value;
  do {
    let byte = rest % 128;
    rest = Math.floor(rest / 128);
    if (rest > 0) byte |= 0x80;
    out.push(byte);
  } while (rest > 0);
  return Uint8Array.from(out);
}

/** The shortest signed LEB128 encoding of `value`. */
export function encodeSigned(value: number): Uint8Array {
  if (!Number.isInteger(value)) throw new RangeError(`not an integer: ${value}`);
  const out: number[] = [];
  let rest = value;
  for (;;) {
    const byte = ((rest % 128) + 128) % 128;
    rest = Math.floor(rest / 128);
    const done = (rest === 0 && (byte & 0x40) === 0) || (rest === -1 && (byte & 0x40) !== 0);
    out.push(done ? byte : byte | 0x80);
    if (done) return Uint8Array.from(out);
  }
}
