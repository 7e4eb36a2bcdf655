/**
 * Writes the snapshot as Wizer 11 writes it (wasmtime crates/wizer/src/rewrite.rs): sections in
 * input order; mutable globals get their captured values, memories their new minimums; old
 * active data segments become empty passive ones (already applied, and indices must stay valid
 * for `memory.init`), the snapshot's segments are appended, the data count follows; the start
 * function and the init exports are dropped (init ran already). The data section goes before the
 * `name` section, which some tools expect last. Everything else is copied.
 */
import { Writer, writeSection } from './bytes.js';
import type { Snapshot } from './capture.js';
import { type Memory, type Module, SECTION } from './module.js';

export interface RewriteOptions {
  initFunc: string;
  keepInitFunc: boolean;
  /** Export renames, destination to source (Wizer's `--rename-func dst=src`). */
  renames: Map<string, string>;
}

export function rewrite(m: Module, snap: Snapshot, options: RewriteOptions): Uint8Array {
  const out = new Writer().bytes([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);
  let dataWritten = false;
  const writeData = (payload: Uint8Array): void => {
    writeSection(out, SECTION.data, payload);
    dataWritten = true;
  };
  for (const s of m.sections) {
    switch (s.id) {
      case SECTION.custom:
        if (s.name === 'name' && !dataWritten) writeData(dataPayload(m, snap, false));
        writeSection(out, s.id, s.payload);
        break;
      case SECTION.memory:
        writeSection(out, s.id, memoryPayload(m.memories, snap.memoryMins));
        break;
      case SECTION.global:
        writeSection(out, s.id, globalPayload(m, snap));
        break;
      case SECTION.export:
        writeSection(out, s.id, exportPayload(m, options));
        break;
      case SECTION.start:
        break;
      case SECTION.dataCount:
        writeSection(out, s.id, new Writer().u32(m.data.length + snap.segments.length).finish());
        break;
      case SECTION.data:
        writeData(dataPayload(m, snap, true));
        break;
      default:
        writeSection(out, s.id, s.payload);
    }
  }
  if (!dataWritten) writeData(dataPayload(m, snap, false));
  return out.finish();
}

function memoryPayload(memories: Memory[], mins: bigint[]): Uint8Array {
  const w = new Writer().u32(memories.length);
  memories.forEach((mem, i) => {
    const flags =
      (mem.max !== undefined ? 1 : 0) |
      (mem.shared ? 2 : 0) |
      (mem.memory64 ? 4 : 0) |
      (mem.pageSizeLog2 !== undefined ? 8 : 0);
    w.byte(flags).u64(mins[i]!);
    if (mem.max !== undefined) w.u64(mem.max);
    if (mem.pageSizeLog2 !== undefined) w.u32(mem.pageSizeLog2);
  });
  return w.finish();
}

function globalPayload(m: Module, snap: Snapshot): Uint8Array {
  const w = new Writer().u32(m.globals.length);
  m.globals.forEach((g, i) => {
    const init = snap.globals.get(i);
    // Immutable globals keep their entry as written (Wizer re-encodes it, which is the same bytes
    // unless the input used padded LEBs).
    if (init) w.bytes(g.typeBytes).bytes(init);
    else w.bytes(g.raw);
  });
  return w.finish();
}

function exportPayload(m: Module, options: RewriteOptions): Uint8Array {
  const sourceToDest = new Map([...options.renames].map(([dst, src]) => [src, dst]));
  const hasWasiInitialize = m.exports.some((e) => e.name === '_initialize');
  const kept = m.exports.filter((e) => {
    if (e.name === options.initFunc && !options.keepInitFunc) return false;
    if (hasWasiInitialize && e.name === '_initialize') return false;
    // A rename onto this name replaces it, unless it is itself renamed away.
    return sourceToDest.has(e.name) || !options.renames.has(e.name);
  });
  const w = new Writer().u32(kept.length);
  for (const e of kept)
    w.name(sourceToDest.get(e.name) ?? e.name)
      .byte(e.kind)
      .u32(e.index);
  return w.finish();
}

function dataPayload(m: Module, snap: Snapshot, withOld: boolean): Uint8Array {
  const old = withOld ? m.data : [];
  const w = new Writer().u32(old.length + snap.segments.length);
  for (const seg of old) {
    w.byte(0x01); // passive
    if (seg.passive) w.u32(seg.bytes.length).bytes(seg.bytes);
    else w.u32(0);
  }
  for (const seg of snap.segments) {
    if (seg.memory === 0) w.byte(0x00);
    else w.byte(0x02).u32(seg.memory);
    if (seg.memory64) w.byte(0x42).sleb(BigInt.asIntN(64, seg.offset));
    else w.byte(0x41).sleb(BigInt.asIntN(32, seg.offset));
    w.byte(0x0b).u32(seg.bytes.length).bytes(seg.bytes);
  }
  return w.finish();
}
