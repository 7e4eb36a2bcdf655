import { describe, expect, test } from 'vitest';
import { findClockConstants, pinClockConstants } from '../../src/engines/starlingmonkey/clock-stubs.js';

/** `i64.const ns` as stubWasi writes it (Rust's LEB128: 9 bytes for a nanosecond time since 1971). */
function i64Const(ns: bigint): number[] {
  const out = [0x42];
  let v = ns;
  for (;;) {
    const byte = Number(v & 0x7fn);
    v >>= 7n;
    const done = (v === 0n && !(byte & 0x40)) || (v === -1n && byte & 0x40);
    out.push(done ? byte : byte | 0x80);
    if (done) return out;
  }
}

const STUBBED_AT = 1_796_000_000_123_456_789n;

describe('the time stubWasi writes into the clock stubs', () => {
  const wasm = new Uint8Array([
    0x20,
    0x00,
    ...i64Const(STUBBED_AT),
    0x0b,
    ...i64Const(5n),
    ...i64Const(STUBBED_AT),
    0x0b,
  ]);

  test('is found by its value, and only where it is', () => {
    const found = findClockConstants(wasm, STUBBED_AT - 1_000_000n, STUBBED_AT + 1_000_000n);
    expect(found).toEqual([3, 16]);
    expect(findClockConstants(wasm, 0n, 1_000n)).toEqual([]);
  });

  test('is replaced by the pinned clock, the module otherwise unchanged', () => {
    const offsets = findClockConstants(wasm, STUBBED_AT - 1n, STUBBED_AT + 1n);
    const pinned = pinClockConstants(wasm, offsets, 946_684_800_000_000_000n);
    expect(pinned.length).toBe(wasm.length);
    expect(findClockConstants(pinned, 946_684_800_000_000_000n, 946_684_800_000_000_000n)).toEqual(offsets);
    expect(findClockConstants(pinned, STUBBED_AT - 1n, STUBBED_AT + 1n)).toEqual([]);
    expect([...pinned.slice(12, 15)]).toEqual([...wasm.slice(12, 15)]);
    // A small time is written padded to the same width, still a valid LEB128.
    const zero = pinClockConstants(wasm, offsets, 0n);
    expect(findClockConstants(zero, 0n, 0n)).toEqual(offsets);
  });
});
