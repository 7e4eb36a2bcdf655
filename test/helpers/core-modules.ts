import { expect } from 'vitest';
import { encodeUnsigned } from '../../dist/component/leb128.js';
import { ByteReader, concatBytes } from '../../dist/component/reader.js';

/** A core module with each defined memory's initial size set to `pages`; its other sections as they are. */
export function withMemoryPages(module: Uint8Array, pages: number): Uint8Array {
  const reader = new ByteReader(module, 8);
  const out: Uint8Array[] = [module.subarray(0, 8)];
  while (!reader.done) {
    const id = reader.u8();
    let body = reader.take(reader.u32());
    if (id === 5) {
      expect(body[0], 'one memory, without a maximum').toBe(1);
      expect(body[1]).toBe(0);
      body = concatBytes([Uint8Array.of(1, 0), encodeUnsigned(pages)]);
    }
    out.push(Uint8Array.of(id), encodeUnsigned(body.length), body);
  }
  return concatBytes(out);
}

/** Whether a core module has a section of id `wanted` (5 memory, 11 data, ...). */
export function hasSection(module: Uint8Array, wanted: number): boolean {
  const reader = new ByteReader(module, 8);
  while (!reader.done) {
    const id = reader.u8();
    reader.take(reader.u32());
    if (id === wanted) return true;
  }
  return false;
}

/** The snapshot's memory shrunk to one page, in every core module with a memory and data: its data no longer fits. */
export function withSnapshotMemoryShrunk(mapped: (fn: (module: Uint8Array) => Uint8Array) => Uint8Array): {
  component: Uint8Array;
  patched: number;
} {
  let patched = 0;
  const component = mapped((module) => {
    if (!hasSection(module, 5) || !hasSection(module, 11)) return module;
    patched++;
    return withMemoryPages(module, 1);
  });
  return { component, patched };
}
