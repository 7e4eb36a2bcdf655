/**
 * Reads the parts of a core module the snapshot needs: the raw sections in order (everything is
 * copied from these), plus imports, globals, memories, exports and data segments decoded. Code
 * bodies stay raw; validate.ts walks them.
 */
import { CORE_SECTION } from '../../component/core-sections.js';
import { internalError } from '../../errors.js';
import { malformed, Reader } from './bytes.js';
import { skipConstExpr, skipValType } from './ops.js';

/** The core section ids, under the name this folder's modules use. */
export const SECTION = CORE_SECTION;

/** Where each known section must sit: the binary format fixes this order (tag between memory and global). */
const ORDER = [1, 2, 3, 4, 5, 13, 6, 7, 8, 9, 12, 10, 11];
export function sectionRank(id: number): number {
  return ORDER.indexOf(id);
}

export const EXTERN = { func: 0, table: 1, memory: 2, global: 3, tag: 4 } as const;

export type ValKind = 'i32' | 'i64' | 'f32' | 'f64' | 'v128' | 'ref';

export interface Section {
  id: number;
  /** The payload without id and size; custom sections keep their name inside. */
  payload: Uint8Array;
  /** For custom sections. */
  name?: string;
}

export interface Import {
  module: string;
  name: string;
  kind: number;
}

export interface Global {
  kind: ValKind;
  mutable: boolean;
  /** The whole entry (type, mutability, init expr) as in the input. */
  raw: Uint8Array;
  /** The type and mutability bytes alone. */
  typeBytes: Uint8Array;
}

export interface Memory {
  min: bigint;
  max: bigint | undefined;
  shared: boolean;
  memory64: boolean;
  pageSizeLog2: number | undefined;
}

export interface Export {
  name: string;
  kind: number;
  index: number;
}

export interface DataSegment {
  passive: boolean;
  bytes: Uint8Array;
}

export interface Module {
  sections: Section[];
  imports: Import[];
  globals: Global[];
  memories: Memory[];
  exports: Export[];
  data: DataSegment[];
  /** Every type of the type index space (a rec group's members each count): its signature if a function type. */
  types: (FuncSig | undefined)[];
  /** The type index of every function, imported ones first. */
  funcTypes: number[];
}

export interface FuncSig {
  params: number;
  results: number;
}

const VAL_KINDS: Record<number, ValKind> = { [-1]: 'i32', [-2]: 'i64', [-3]: 'f32', [-4]: 'f64', [-5]: 'v128' };

export function parseModule(bytes: Uint8Array): Module {
  const r = new Reader(bytes);
  const header = r.take(8);
  if (header[0] !== 0 || header[1] !== 0x61 || header[2] !== 0x73 || header[3] !== 0x6d)
    throw malformed('not a Wasm binary', 0);
  if (header[4] !== 1 || header[5] !== 0 || header[6] !== 0 || header[7] !== 0) {
    throw internalError('expected a core module, found a component');
  }
  const m: Module = {
    sections: [],
    imports: [],
    globals: [],
    memories: [],
    exports: [],
    data: [],
    types: [],
    funcTypes: [],
  };
  while (!r.eof) {
    const id = r.byte();
    const size = r.u32();
    const payload = r.take(size);
    const section: Section = { id, payload };
    if (id === SECTION.custom) section.name = new Reader(payload).name();
    m.sections.push(section);
    readSection(m, id, new Reader(payload));
  }
  return m;
}

function readSection(m: Module, id: number, r: Reader): void {
  switch (id) {
    case SECTION.type:
      for (let n = r.u32(); n > 0; n--) readRecGroup(r, m.types);
      return;
    case SECTION.import:
      for (let n = r.u32(); n > 0; n--) m.imports.push(readImport(r, m.funcTypes));
      return;
    case SECTION.function:
      for (let n = r.u32(); n > 0; n--) m.funcTypes.push(r.u32());
      return;
    case SECTION.memory:
      for (let n = r.u32(); n > 0; n--) m.memories.push(readLimits(r));
      return;
    case SECTION.global:
      for (let n = r.u32(); n > 0; n--) m.globals.push(readGlobal(r));
      return;
    case SECTION.export:
      for (let n = r.u32(); n > 0; n--) m.exports.push({ name: r.name(), kind: r.byte(), index: r.u32() });
      return;
    case SECTION.data:
      for (let n = r.u32(); n > 0; n--) m.data.push(readData(r));
      return;
  }
}

/** A type section entry: a rec group (0x4e) of subtypes, or one subtype. */
function readRecGroup(r: Reader, types: (FuncSig | undefined)[]): void {
  if (r.bytes[r.pos] === 0x4e) {
    r.byte();
    for (let n = r.u32(); n > 0; n--) types.push(readSubType(r));
  } else {
    types.push(readSubType(r));
  }
}

function readSubType(r: Reader): FuncSig | undefined {
  let form = r.byte();
  if (form === 0x50 || form === 0x4f) {
    for (let n = r.u32(); n > 0; n--) r.u32(); // supertypes
    form = r.byte();
  }
  if (form === 0x60) {
    const params = r.u32();
    for (let i = 0; i < params; i++) skipValType(r);
    const results = r.u32();
    for (let i = 0; i < results; i++) skipValType(r);
    return { params, results };
  }
  // struct (0x5f: fields) or array (0x5e: one field); a field is a storage type and a mutability byte
  const fields = form === 0x5f ? r.u32() : form === 0x5e ? 1 : -1;
  if (fields < 0) throw malformed(`unknown type form 0x${form.toString(16)}`, r.pos - 1);
  for (let i = 0; i < fields; i++) {
    skipValType(r); // packed i8 (0x78) and i16 (0x77) decode as plain one-byte types here
    r.byte();
  }
  return undefined;
}

function readImport(r: Reader, funcTypes: number[]): Import {
  const imp: Import = { module: r.name(), name: r.name(), kind: r.byte() };
  switch (imp.kind) {
    case EXTERN.func:
      funcTypes.push(r.u32());
      break;
    case EXTERN.table:
      skipValType(r);
      readLimits(r);
      break;
    case EXTERN.memory:
      readLimits(r);
      break;
    case EXTERN.global:
      skipValType(r);
      r.byte();
      break;
    case EXTERN.tag:
      r.byte();
      r.u32();
      break;
    default:
      throw malformed(`unknown import kind ${imp.kind}`, r.pos - 1);
  }
  return imp;
}

/** Memory (and table) limits: flags bit 0 max, bit 1 shared, bit 2 64-bit, bit 3 custom page size. */
export function readLimits(r: Reader): Memory {
  const flags = r.byte();
  const min = r.u64();
  const max = flags & 1 ? r.u64() : undefined;
  const pageSizeLog2 = flags & 8 ? r.u32() : undefined;
  return { min, max, shared: (flags & 2) !== 0, memory64: (flags & 4) !== 0, pageSizeLog2 };
}

function readGlobal(r: Reader): Global {
  const start = r.pos;
  const t = skipValType(r);
  const mutable = (r.byte() & 1) !== 0;
  const typeEnd = r.pos;
  skipConstExpr(r);
  return {
    kind: VAL_KINDS[t] ?? 'ref',
    mutable,
    raw: r.bytes.subarray(start, r.pos),
    typeBytes: r.bytes.subarray(start, typeEnd),
  };
}

function readData(r: Reader): DataSegment {
  const flags = r.u32();
  if (flags === 1) return { passive: true, bytes: r.take(r.u32()) };
  if (flags === 2) r.u32();
  else if (flags !== 0) throw malformed(`unknown data segment flags ${flags}`, r.pos);
  skipConstExpr(r);
  return { passive: false, bytes: r.take(r.u32()) };
}
