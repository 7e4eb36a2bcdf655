/**
 * With `clocks` disabled, componentize-js's `stubWasi` replaces the clock imports with functions
 * returning the time at which it ran, as an `i64.const` of nanoseconds: a build time inside the
 * output, which would make it differ by the time it was spliced. We find those constants (right
 * after stubWasi, by their value) and write the snapshot's pinned clock there instead, so the
 * frozen time is the build's pinned one (SOURCE_DATE_EPOCH or the fixed date).
 */

const I64_CONST = 0x42;
/** Nanosecond times since 1971 and before 2116 take 9 bytes as a signed LEB128. */
const WIDTH = 9;

/** Offsets of the `i64.const` immediates in `wasm` whose value lies in [fromNs, toNs]. */
export function findClockConstants(wasm: Uint8Array, fromNs: bigint, toNs: bigint): number[] {
  const offsets: number[] = [];
  for (let at = wasm.indexOf(I64_CONST); at >= 0 && at + WIDTH < wasm.length; at = wasm.indexOf(I64_CONST, at + 1)) {
    const value = readSleb9(wasm, at + 1);
    if (value !== undefined && value >= fromNs && value <= toNs) offsets.push(at + 1);
  }
  return offsets;
}

/** A copy of `wasm` with `ns` written, as a 9-byte signed LEB128, at each offset. */
export function pinClockConstants(wasm: Uint8Array, offsets: readonly number[], ns: bigint): Uint8Array {
  if (offsets.length === 0) return wasm;
  if (ns < 0n || ns >= 2n ** 62n) throw new RangeError(`a clock of ${ns} ns does not fit the stub's constant`);
  const out = wasm.slice();
  for (const at of offsets) {
    for (let i = 0; i < WIDTH; i++) {
      const bits = Number((ns >> BigInt(7 * i)) & 0x7fn);
      out[at + i] = i < WIDTH - 1 ? bits | 0x80 : bits;
    }
  }
  return out;
}

function readSleb9(wasm: Uint8Array, at: number): bigint | undefined {
  let value = 0n;
  for (let i = 0; i < WIDTH; i++) {
    const byte = wasm[at + i]!;
    const last = i === WIDTH - 1;
    // Exactly nine bytes: continuation on the first eight, none on the ninth, a positive number.
    if (last ? byte & 0xc0 : !(byte & 0x80)) return undefined;
    value |= BigInt(byte & 0x7f) << BigInt(7 * i);
  }
  return value;
}
