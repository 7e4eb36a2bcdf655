// LEB128 and the module reader/writer of the V8 snapshotter: round trips and Wizer's shortest encodings.
import { describe, expect, test } from 'vitest';
import { Reader, sleb, uleb, Writer } from '../../src/snapshot/v8/bytes.js';
import { instrument } from '../../src/snapshot/v8/instrument.js';
import { parseModule } from '../../src/snapshot/v8/module.js';
import { rewrite } from '../../src/snapshot/v8/rewrite.js';

describe('LEB128', () => {
  test.each([0n, 1n, 63n, 64n, 127n, 128n, 255n, 624485n, 2n ** 32n - 1n, 2n ** 64n - 1n])(
    'unsigned %s round trips in the shortest form',
    (n) => {
      const bytes = uleb(n);
      expect(bytes.at(-1)! & 0x80).toBe(0);
      expect(bytes.length).toBe(Math.max(1, Math.ceil(n.toString(2).length / 7)));
      expect(new Reader(Uint8Array.from(bytes)).u64()).toBe(n);
    },
  );
  test.each([0n, 1n, -1n, 63n, -64n, 64n, -65n, -123456n, 2n ** 31n - 1n, -(2n ** 31n), 2n ** 63n - 1n, -(2n ** 63n)])(
    'signed %s round trips',
    (n) => {
      expect(new Reader(Uint8Array.from(sleb(n))).sleb()).toBe(n);
    },
  );
  test('known encodings (the spec examples)', () => {
    expect(uleb(624485n)).toEqual([0xe5, 0x8e, 0x26]);
    expect(sleb(-123456n)).toEqual([0xc0, 0xbb, 0x78]);
    expect(sleb(-1n)).toEqual([0x7f]);
    expect(sleb(64n)).toEqual([0xc0, 0x00]);
  });
  test('padded input LEBs are read, and a u32 beyond 32 bits is refused', () => {
    expect(new Reader(Uint8Array.of(0x81, 0x80, 0x80, 0x00)).u32()).toBe(1);
    expect(() => new Reader(Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0x1f)).u32()).toThrow(/out of range/);
  });
  test('a truncated read names its offset', () => {
    expect(() => new Reader(Uint8Array.of(0x80)).u32()).toThrow(/unexpected end \(at offset 1\)/);
  });
  test('the writer joins chunks in order', () => {
    expect([...new Writer().byte(1).u32(300).name('ab').bytes([9]).finish()]).toEqual([
      1, 0xac, 0x02, 2, 0x61, 0x62, 9,
    ]);
  });
});

/** A module by hand: type () -> (), a memory, a mutable and an immutable global, an export, code, a custom section. */
function tinyModule(): Uint8Array {
  const section = (id: number, payload: number[]) => [id, ...uleb(BigInt(payload.length)), ...payload];
  return Uint8Array.from([
    0x00,
    0x61,
    0x73,
    0x6d,
    0x01,
    0x00,
    0x00,
    0x00,
    ...section(1, [1, 0x60, 0, 0]),
    ...section(3, [1, 0]),
    ...section(5, [1, 0x01, 1, 3]), // min 1, max 3
    ...section(6, [2, 0x7f, 0x01, 0x41, 0x05, 0x0b, 0x7e, 0x00, 0x42, 0x07, 0x0b]),
    ...section(7, [1, 4, ...Buffer.from('init'), 0x00, 0]),
    ...section(10, [1, 2, 0, 0x0b]),
    ...section(0, [4, ...Buffer.from('name'), 0x00]),
  ]);
}

describe('module reader and writer', () => {
  test('reads sections, globals, memories, exports and the init signature', () => {
    const m = parseModule(tinyModule());
    expect(m.sections.map((s) => s.id)).toEqual([1, 3, 5, 6, 7, 10, 0]);
    expect(m.globals.map((g) => [g.kind, g.mutable])).toEqual([
      ['i32', true],
      ['i64', false],
    ]);
    expect(m.memories).toEqual([{ min: 1n, max: 3n, shared: false, memory64: false, pageSizeLog2: undefined }]);
    expect(m.exports).toEqual([{ name: 'init', kind: 0, index: 0 }]);
    expect(m.types[m.funcTypes[0]!]).toEqual({ params: 0, results: 0 });
  });

  test('a rewrite with the state unchanged keeps every section but the ones Wizer rewrites', () => {
    const wasm = tinyModule();
    const m = parseModule(wasm);
    const out = rewrite(
      m,
      { globals: new Map([[0, Uint8Array.of(0x41, 0x05, 0x0b)]]), memoryMins: [1n], segments: [] },
      { initFunc: 'nope', keepInitFunc: false, renames: new Map() },
    );
    // The only change: an empty data section before `name`.
    const nameAt = wasm.length - 8; // id, size, 'name' with its length, one byte of payload
    const expected = Buffer.concat([
      Buffer.from(wasm.subarray(0, nameAt)),
      Buffer.from([11, 1, 0]),
      Buffer.from(wasm.subarray(nameAt)),
    ]);
    expect(Buffer.from(out).equals(expected)).toBe(true);
  });

  test('the init export goes, the new global value and memory minimum are written', () => {
    const m = parseModule(tinyModule());
    const out = parseModule(
      rewrite(
        m,
        {
          globals: new Map([[0, Uint8Array.of(0x41, 0x7f, 0x0b)]]),
          memoryMins: [2n],
          segments: [{ memory: 0, offset: 70000n, memory64: false, bytes: Uint8Array.of(1, 2) }],
        },
        { initFunc: 'init', keepInitFunc: false, renames: new Map() },
      ),
    );
    expect(out.exports).toEqual([]);
    expect([...out.globals[0]!.raw]).toEqual([0x7f, 0x01, 0x41, 0x7f, 0x0b]);
    expect(out.memories[0]!.min).toBe(2n);
    expect(out.data).toEqual([{ passive: false, bytes: Uint8Array.of(1, 2) }]);
  });

  test('instrumentation adds exports and bit getters only to the probe module, which stays valid', () => {
    const m = parseModule(tinyModule());
    const probe = instrument(m);
    expect(probe.globals).toEqual([{ index: 0, kind: 'i32', exportName: '__wizer_global_0', bitGetters: [] }]);
    expect(probe.memories).toEqual(['__wizer_memory_0']);
    expect(WebAssembly.validate(probe.wasm as Uint8Array<ArrayBuffer>)).toBe(true);
    expect(parseModule(probe.wasm).exports.map((e) => e.name)).toEqual([
      'init',
      '__wizer_global_0',
      '__wizer_memory_0',
    ]);
  });
});
