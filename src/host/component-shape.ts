/**
 * A component's "shape": its bytes with each core module reduced to what jco's bindings can
 * depend on. jco (js-component-bindgen) reads a core module's imports and exports, and its
 * validator the rest of the module; the JavaScript it writes never embeds a module's code or
 * data. What Wizer's snapshot changes is left out: the data, the memory's initial size and the
 * globals' initial values (their types stay), so two builds of different JavaScript for one
 * world share a shape. The code stays, as a hash: a hit then skips no validation jco did, since
 * jco validated this very code before (a change the key ignores is one Node's own validation,
 * on instantiation, sees as well). Custom sections (names, producers) are left out.
 */
import { createHash } from 'node:crypto';
import { CORE_SECTION } from '../component/core-sections.js';
import { encodeUnsigned } from '../component/leb128.js';
import { ByteReader, concatBytes } from '../component/reader.js';
import { readComponent, type Section, SectionId, writeComponent } from '../component/sections.js';

/** Data (and its count) and custom sections: contents neither jco's bindings nor its validation depend on. */
const DROPPED: ReadonlySet<number> = new Set([CORE_SECTION.custom, CORE_SECTION.data, CORE_SECTION.dataCount]);

/**
 * Rewrites every core module of a component, nested components' too, in the order they appear
 * in the binary (depth first): the order jco numbers them (`component.core.wasm`,
 * `component.core2.wasm`, ...). `index` counts modules across the whole component.
 */
export function mapCoreModules(
  component: Uint8Array,
  rewrite: (module: Uint8Array, index: number) => Uint8Array,
): Uint8Array {
  let index = 0;
  const walk = (bytes: Uint8Array): Uint8Array => {
    const binary = readComponent(bytes);
    const sections: Section[] = binary.sections.map((section) => {
      if (section.id === SectionId.coreModule) return { id: section.id, body: rewrite(section.body, index++) };
      if (section.id === SectionId.component) return { id: section.id, body: walk(section.body) };
      return section;
    });
    return writeComponent({ preamble: binary.preamble, sections });
  };
  return walk(component);
}

/**
 * The component with each core module reduced (see the file's comment). Throws on anything it
 * cannot read, which the caller takes as "no shape": such a component is simply not memoized.
 */
export function componentShape(component: Uint8Array): Uint8Array {
  return mapCoreModules(component, reduceCoreModule);
}

/** A core module without its data and custom sections, the memory's and globals' snapshot values removed, its code hashed. */
export function reduceCoreModule(module: Uint8Array): Uint8Array {
  const reader = new ByteReader(module, 8);
  const kept: Uint8Array[] = [module.subarray(0, 8)];
  while (!reader.done) {
    const id = reader.u8();
    const body = reader.take(reader.u32());
    if (DROPPED.has(id)) continue;
    const reduced =
      id === CORE_SECTION.memory
        ? memoryTypesWithoutMinimum(body)
        : id === CORE_SECTION.global
          ? globalTypes(body)
          : id === CORE_SECTION.code
            ? createHash('sha256').update(body).digest()
            : body;
    kept.push(Uint8Array.of(id), encodeUnsigned(reduced.length), reduced);
  }
  return concatBytes(kept);
}

/** Each memory's flags (shared, 64-bit, has a maximum, page size), maximum and page size: not its initial size, which Wizer sets. */
function memoryTypesWithoutMinimum(body: Uint8Array): Uint8Array {
  const reader = new ByteReader(body);
  const out: Uint8Array[] = [];
  const count = reader.u32();
  out.push(encodeUnsigned(count));
  for (let i = 0; i < count; i++) {
    const flags = reader.u8();
    if (flags > 0x0f) throw new RangeError(`unknown memory flags ${flags}`);
    skipLeb(reader);
    const start = reader.pos;
    if (flags & 0x01) skipLeb(reader);
    if (flags & 0x08) skipLeb(reader);
    out.push(Uint8Array.of(flags), body.subarray(start, reader.pos));
  }
  if (!reader.done) throw new RangeError('trailing bytes in the memory section');
  return concatBytes(out);
}

/** Each global's value type and mutability: not its initial value, which Wizer snapshots. */
function globalTypes(body: Uint8Array): Uint8Array {
  const reader = new ByteReader(body);
  const out: Uint8Array[] = [];
  const count = reader.u32();
  out.push(encodeUnsigned(count));
  for (let i = 0; i < count; i++) {
    const start = reader.pos;
    skipValueType(reader);
    reader.u8(); // mutability
    out.push(body.subarray(start, reader.pos));
    skipConstExpr(reader);
  }
  if (!reader.done) throw new RangeError('trailing bytes in the global section');
  return concatBytes(out);
}

/** A value type: one byte, or a reference type's prefix and its heap type. */
function skipValueType(reader: ByteReader): void {
  const byte = reader.u8();
  if (byte === 0x63 || byte === 0x64) skipLeb(reader);
}

/**
 * A constant expression up to its `end`: the instructions core Wasm allows there (with extended
 * constants). Anything else (GC's `struct.new`...) throws: that component is not memoized.
 */
function skipConstExpr(reader: ByteReader): void {
  for (;;) {
    const op = reader.u8();
    if (op === 0x0b) return;
    if (op === 0x41 || op === 0x42 || op === 0x23 || op === 0xd2 || op === 0xd0) skipLeb(reader);
    else if (op === 0x43) reader.take(4);
    else if (op === 0x44) reader.take(8);
    else if (op === 0xfd && reader.u32() === 12) reader.take(16);
    else if (![0x6a, 0x6b, 0x6c, 0x7c, 0x7d, 0x7e].includes(op))
      throw new RangeError(`unsupported instruction 0x${op.toString(16)} in a constant expression`);
  }
}

/** Skips one LEB128 number of any width (an i64 constant takes up to 10 bytes). */
function skipLeb(reader: ByteReader): void {
  for (let i = 0; i < 10; i++) if ((reader.u8() & 0x80) === 0) return;
  throw new RangeError(`malformed LEB128 before byte ${reader.pos}`);
}
