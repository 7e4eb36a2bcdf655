/**
 * Reads the initialized state out of the instance: each instrumented global's value as the exact
 * bytes of the constant expression that recreates it, each memory's size in pages, and the data
 * segments (segments.ts) holding its non-zero bytes.
 */
import { Writer } from './bytes.js';
import type { Instrumented } from './instrument.js';
import type { Module } from './module.js';
import { capSegments, mergeRuns, nonZeroRuns, type Run } from './segments.js';

export interface Snapshot {
  /** Global index to its new init expression, `end` included. */
  globals: Map<number, Uint8Array>;
  /** Each defined memory's size in pages, the new minimum. */
  memoryMins: bigint[];
  segments: { memory: number; offset: bigint; memory64: boolean; bytes: Uint8Array }[];
}

export function capture(m: Module, probe: Instrumented, instance: WebAssembly.Instance): Snapshot {
  const exports = instance.exports;
  const globals = new Map<number, Uint8Array>();
  for (const g of probe.globals) {
    // Integers are exact as JS values; floats and v128 come from their bit getters.
    const parts =
      g.bitGetters.length > 0
        ? g.bitGetters.map((name) => (exports[name] as () => number | bigint)())
        : [(exports[g.exportName] as WebAssembly.Global).value as number | bigint];
    globals.set(g.index, constExpr(g.kind, parts));
  }

  // One view per memory, taken once: init is over, nothing grows them any more.
  const memories = probe.memories.map((name) => new Uint8Array((exports[name] as WebAssembly.Memory).buffer));
  const memoryMins: bigint[] = [];
  const runs: Run[] = [];
  memories.forEach((bytes, n) => {
    const pageSize = 2 ** (m.memories[n]!.pageSizeLog2 ?? 16);
    memoryMins.push(BigInt(Math.floor(bytes.length / pageSize)));
    for (const run of nonZeroRuns(bytes, pageSize, n)) runs.push(run);
  });
  const chosen = capSegments(mergeRuns(runs));
  const segments = chosen.map((run) => ({
    memory: run.memory,
    offset: BigInt(run.start),
    memory64: m.memories[run.memory]!.memory64,
    // A copy: the instance (and its buffer) can go once the snapshot is taken.
    bytes: memories[run.memory]!.slice(run.start, run.end),
  }));
  return { globals, memoryMins, segments };
}

/** `i32.const`/`i64.const` from the value; float and v128 consts from raw bits, so NaN payloads survive. */
export function constExpr(kind: 'i32' | 'i64' | 'f32' | 'f64' | 'v128', parts: (number | bigint)[]): Uint8Array {
  const w = new Writer();
  const dv = new DataView(new ArrayBuffer(16));
  if (kind === 'i32') w.byte(0x41).sleb(BigInt.asIntN(32, BigInt(parts[0]!)));
  if (kind === 'i64') w.byte(0x42).sleb(BigInt.asIntN(64, BigInt(parts[0]!)));
  if (kind === 'f32') {
    dv.setUint32(0, Number(parts[0]) >>> 0, true);
    w.byte(0x43).bytes(new Uint8Array(dv.buffer, 0, 4));
  }
  if (kind === 'f64') {
    dv.setBigUint64(0, BigInt.asUintN(64, BigInt(parts[0]!)), true);
    w.byte(0x44).bytes(new Uint8Array(dv.buffer, 0, 8));
  }
  if (kind === 'v128') {
    dv.setBigUint64(0, BigInt.asUintN(64, BigInt(parts[0]!)), true);
    dv.setBigUint64(8, BigInt.asUintN(64, BigInt(parts[1]!)), true);
    w.byte(0xfd)
      .u32(0x0c)
      .bytes(new Uint8Array(dv.buffer, 0, 16));
  }
  return w.byte(0x0b).finish();
}
