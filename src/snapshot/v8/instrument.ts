/**
 * Makes the state readable from JS after init, as Wizer's instrumentation does: every defined
 * mutable global is exported as `__wizer_global_<i>` and every defined memory as
 * `__wizer_memory_<n>`. A JS number cannot carry an f32/f64 NaN's payload and a v128 has no JS
 * value at all, so those globals also get getter functions returning their raw bits as integers.
 * Only this throwaway module gets the getters: the output is rewritten from the original, so
 * they never reach it.
 */
import { Reader, uleb, Writer, writeSection } from './bytes.js';
import { EXTERN, type Module, SECTION, type Section, sectionRank } from './module.js';

export interface GlobalProbe {
  /** Index in the global index space (imported globals are refused, so also the defined index). */
  index: number;
  kind: 'i32' | 'i64' | 'f32' | 'f64' | 'v128';
  exportName: string;
  /** Exports returning the raw bits: one (i32 for f32, i64 for f64) or, for v128, the low and high i64 lanes. */
  bitGetters: string[];
}

export interface Instrumented {
  wasm: Uint8Array;
  globals: GlobalProbe[];
  memories: string[];
  /**
   * The start function, exported under this name instead of run by instantiation: WASI needs the
   * instance's memory, which exists only after instantiation, and wasmtime lets start call WASI.
   */
  start: string | undefined;
}

const I32_RESULT = [0x60, 0x00, 0x01, 0x7f];
const I64_RESULT = [0x60, 0x00, 0x01, 0x7e];

export function instrument(m: Module): Instrumented {
  const globals: GlobalProbe[] = [];
  const getters: { name: string; type: 'i32' | 'i64'; body: number[] }[] = [];
  m.globals.forEach((g, index) => {
    if (!g.mutable || g.kind === 'ref') return;
    const probe: GlobalProbe = { index, kind: g.kind, exportName: `__wizer_global_${index}`, bitGetters: [] };
    const getter = (name: string, type: 'i32' | 'i64', op: number[]): void => {
      getters.push({ name, type, body: [0x23, ...uleb32(index), ...op] }); // global.get, then the conversion
      probe.bitGetters.push(name);
    };
    if (g.kind === 'f32') getter(`__wizer_bits_${index}`, 'i32', [0xbc]); // i32.reinterpret_f32
    if (g.kind === 'f64') getter(`__wizer_bits_${index}`, 'i64', [0xbd]); // i64.reinterpret_f64
    if (g.kind === 'v128') {
      getter(`__wizer_bits_${index}_lo`, 'i64', [0xfd, 29, 0]); // i64x2.extract_lane 0
      getter(`__wizer_bits_${index}_hi`, 'i64', [0xfd, 29, 1]);
    }
    globals.push(probe);
  });
  const memories = m.memories.map((_, n) => `__wizer_memory_${n}`);

  const exports = new Writer();
  const extra =
    globals.length + memories.length + getters.length + (m.sections.some((x) => x.id === SECTION.start) ? 1 : 0);
  exports.u32(m.exports.length + extra);
  for (const e of m.exports) exports.name(e.name).byte(e.kind).u32(e.index);
  for (const g of globals) exports.name(g.exportName).byte(EXTERN.global).u32(g.index);
  for (const [n, name] of memories.entries()) exports.name(name).byte(EXTERN.memory).u32(n);
  const firstGetter = m.funcTypes.length;
  for (const [k, g] of getters.entries())
    exports
      .name(g.name)
      .byte(EXTERN.func)
      .u32(firstGetter + k);
  const startSection = payloadOf(m, SECTION.start);
  const start = startSection ? '__wizer_start' : undefined;
  if (startSection) exports.name('__wizer_start').byte(EXTERN.func).bytes(startSection);

  // `null`: the section is left out.
  const replaced = new Map<number, Uint8Array | null>([[SECTION.export, exports.finish()]]);
  if (startSection) replaced.set(SECTION.start, null);
  if (getters.length > 0) {
    const i32Type = m.types.length;
    const i64Type = i32Type + 1;
    replaced.set(SECTION.type, appendVec(payloadOf(m, SECTION.type), [I32_RESULT, I64_RESULT]));
    replaced.set(
      SECTION.function,
      appendVec(
        payloadOf(m, SECTION.function),
        getters.map((g) => uleb32(g.type === 'i32' ? i32Type : i64Type)),
      ),
    );
    replaced.set(
      SECTION.code,
      appendVec(
        payloadOf(m, SECTION.code),
        getters.map((g) => [...uleb32(g.body.length + 2), 0x00, ...g.body, 0x0b]),
      ),
    );
  }
  return { wasm: assemble(m.sections, replaced), globals, memories, start };
}

function payloadOf(m: Module, id: number): Uint8Array | undefined {
  return m.sections.find((s) => s.id === id)?.payload;
}

/** A vector section with entries appended: the count is rewritten, the old entries copied. */
function appendVec(payload: Uint8Array | undefined, entries: number[][]): Uint8Array {
  const r = new Reader(payload ?? Uint8Array.of(0));
  const count = r.u32();
  const w = new Writer().u32(count + entries.length).bytes(r.bytes.subarray(r.pos));
  for (const e of entries) w.bytes(e);
  return w.finish();
}

/** The module with some sections' payloads replaced; a replaced section the input lacks goes where the format orders it. */
function assemble(sections: Section[], replaced: Map<number, Uint8Array | null>): Uint8Array {
  const w = new Writer().bytes([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);
  const missing = [...replaced.keys()]
    .filter((id) => !sections.some((s) => s.id === id))
    .sort((a, b) => sectionRank(a) - sectionRank(b));
  for (const s of sections) {
    while (missing.length > 0 && s.id !== SECTION.custom && sectionRank(s.id) > sectionRank(missing[0]!)) {
      const id = missing.shift()!;
      writeSection(w, id, replaced.get(id)!);
    }
    const payload = replaced.has(s.id) ? replaced.get(s.id)! : s.payload;
    if (payload) writeSection(w, s.id, payload);
  }
  for (const id of missing) writeSection(w, id, replaced.get(id)!);
  return w.finish();
}

function uleb32(n: number): number[] {
  return uleb(BigInt(n));
}
