/**
 * Decodes one instruction at a time, skipping its immediates. Wizer refuses modules by the
 * instructions they contain (table writes, segment drops, GC writes), and const expressions end
 * where their `end` is, so the snapshot must walk code; it never needs the immediates' values.
 * Written from the core spec's binary format plus the SIMD, threads, exceptions, tail-call,
 * function-references, GC, multi-memory, memory64 and wide-arithmetic proposals.
 */
import { malformed, type Reader } from './bytes.js';

/**
 * An instruction's opcode as one number: the byte for one-byte opcodes, `prefix << 16 | code` for
 * the prefixed ones (0xfb..0xfe, then a LEB sub-opcode). A number, not an object: a large engine
 * has millions of instructions.
 */
export type Op = number;

export const prefixed = (prefix: number, code: number): Op => (prefix << 16) | code;

/**
 * A value type: one byte (a negative s7: 0x7f is i32 = -1), or 0x63/0x64 and a heap type for
 * reference types. Returns the one-byte type as its signed value; a longer encoding (a type index
 * in a block type) is skipped and returns 0.
 */
export function skipValType(r: Reader): number {
  const b = r.byte();
  if (b & 0x80) {
    r.skipLeb();
    return 0;
  }
  if (b === 0x63 || b === 0x64) r.skipLeb();
  return b & 0x40 ? b - 0x80 : b;
}

function skipBlockType(r: Reader): void {
  skipValType(r); // 0x40 (empty), a value type, or a type index as s33: the same decoding
}

function skipMemArg(r: Reader): void {
  const align = r.u32();
  if (align & 0x40) r.skipLeb(); // multi-memory: the memory index follows the flags
  r.skipLeb(); // the offset (u64 with memory64)
}

/** Reads one instruction and its immediates. */
export function readOp(r: Reader): Op {
  const start = r.pos;
  const b = r.byte();
  if (b >= 0xfb && b <= 0xfe) {
    const code = r.u32();
    skipPrefixed(r, b, code, start);
    return prefixed(b, code);
  }
  skipPlain(r, b, start);
  return b;
}

function skipPlain(r: Reader, b: number, start: number): void {
  if ((b >= 0x45 && b <= 0xc4) || b === 0x00 || b === 0x01 || b === 0x05 || b === 0x0b) return;
  if (b >= 0x28 && b <= 0x3e) return skipMemArg(r);
  switch (b) {
    case 0x02:
    case 0x03:
    case 0x04:
    case 0x06:
      return skipBlockType(r);
    case 0x07:
    case 0x08:
    case 0x09:
    case 0x0c:
    case 0x0d:
    case 0x10:
    case 0x12:
    case 0x14:
    case 0x15:
    case 0x18:
    case 0x20:
    case 0x21:
    case 0x22:
    case 0x23:
    case 0x24:
    case 0x25:
    case 0x26:
    case 0x3f:
    case 0x40:
    case 0xd2:
    case 0xd5:
    case 0xd6:
      r.skipLeb();
      return;
    case 0x0a:
    case 0x0f:
    case 0x19:
    case 0x1a:
    case 0x1b:
    case 0xd1:
    case 0xd3:
    case 0xd4:
      return;
    case 0x0e: {
      const n = r.u32();
      for (let i = 0; i <= n; i++) r.skipLeb(); // the targets and the default
      return;
    }
    case 0x11:
    case 0x13:
      r.skipLeb();
      r.skipLeb();
      return;
    case 0x1c: {
      const n = r.u32();
      for (let i = 0; i < n; i++) skipValType(r);
      return;
    }
    case 0x1f: {
      skipBlockType(r);
      const n = r.u32();
      for (let i = 0; i < n; i++) {
        const kind = r.byte();
        if (kind <= 0x01) r.u32(); // catch / catch_ref name a tag
        r.u32();
      }
      return;
    }
    case 0x41:
    case 0x42:
      r.skipLeb();
      return;
    case 0x43:
      return r.skip(4);
    case 0x44:
      return r.skip(8);
    case 0xd0:
      r.skipLeb();
      return;
  }
  throw malformed(`unknown opcode 0x${b.toString(16)}`, start);
}

function skipPrefixed(r: Reader, prefix: number, code: number, start: number): void {
  if (prefix === 0xfc) return skipMisc(r, code, start);
  if (prefix === 0xfd) return skipSimd(r, code, start);
  if (prefix === 0xfe) {
    if (code === 0x03) return r.skip(1); // atomic.fence's reserved byte
    if (code <= 0x02 || (code >= 0x10 && code <= 0x4e)) return skipMemArg(r);
    throw malformed(`unknown atomic opcode 0xfe ${code}`, start);
  }
  return skipGc(r, code, start);
}

function skipMisc(r: Reader, code: number, start: number): void {
  if (code <= 7 || (code >= 0x13 && code <= 0x16)) return; // trunc_sat, wide arithmetic
  switch (code) {
    case 8:
    case 10:
    case 12:
    case 14: // memory.init, memory.copy, table.init, table.copy
      r.u32();
      r.u32();
      return;
    case 9:
    case 11:
    case 13:
    case 15:
    case 16:
    case 17:
      r.u32();
      return;
  }
  throw malformed(`unknown opcode 0xfc ${code}`, start);
}

function skipSimd(r: Reader, code: number, start: number): void {
  if (code <= 11 || code === 92 || code === 93) return skipMemArg(r);
  if (code === 12 || code === 13) return r.skip(16); // v128.const, i8x16.shuffle
  if (code >= 21 && code <= 34) return r.skip(1); // extract/replace lane
  if (code >= 84 && code <= 91) {
    skipMemArg(r);
    return r.skip(1);
  }
  if (code <= 0x113) return; // the rest (relaxed SIMD included) have no immediates
  throw malformed(`unknown opcode 0xfd ${code}`, start);
}

function skipGc(r: Reader, code: number, start: number): void {
  switch (code) {
    case 0:
    case 1:
    case 6:
    case 7:
    case 11:
    case 12:
    case 13:
    case 14:
    case 16:
      r.u32();
      return;
    case 2:
    case 3:
    case 4:
    case 5:
    case 8:
    case 9:
    case 10:
    case 17:
    case 18:
    case 19:
      r.u32();
      r.u32();
      return;
    case 15:
    case 26:
    case 27:
    case 28:
    case 29:
    case 30:
      return;
    case 20:
    case 21:
    case 22:
    case 23:
      r.s33();
      return;
    case 24:
    case 25: // br_on_cast(_fail): flags, label, two heap types
      r.byte();
      r.u32();
      r.s33();
      r.s33();
      return;
  }
  throw malformed(`unknown opcode 0xfb ${code}`, start);
}

/** Skips a const expression (global inits, segment offsets) through its closing `end`. */
export function skipConstExpr(r: Reader): void {
  while (readOp(r) !== 0x0b);
}
