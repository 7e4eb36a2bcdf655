import { encodeUnsigned } from './leb128.js';
import { ByteReader, concatBytes } from './reader.js';

/** Section ids of the component binary format (the component model's Binary.md). */
export const SectionId = {
  custom: 0,
  coreModule: 1,
  coreInstance: 2,
  coreType: 3,
  component: 4,
  instance: 5,
  alias: 6,
  type: 7,
  canon: 8,
  start: 9,
  import: 10,
  export: 11,
  value: 12,
} as const;

export interface Section {
  id: number;
  /** The section's content, without its id and size. */
  body: Uint8Array;
}

/** A component binary split into its sections; a nested component is a section whose body is itself a component. */
export interface ComponentBinary {
  /** Magic, version and layer: `\0asm` 0x0d 0x00 0x01 0x00 for the component model. */
  preamble: Uint8Array;
  sections: Section[];
}

const MAGIC = [0x00, 0x61, 0x73, 0x6d];

/** Splits a component binary (or a nested component's body) into sections; refuses core modules. */
export function readComponent(bytes: Uint8Array): ComponentBinary {
  if (bytes.length < 8 || MAGIC.some((b, i) => bytes[i] !== b))
    throw new Error('not a WebAssembly binary (no \\0asm magic)');
  if (bytes[6] !== 0x01 || bytes[7] !== 0x00) throw new Error('not a component: a core WebAssembly module (layer 0)');
  const reader = new ByteReader(bytes, 8);
  const sections: Section[] = [];
  while (!reader.done) {
    const id = reader.u8();
    const body = reader.take(reader.u32());
    sections.push({ id, body });
  }
  return { preamble: bytes.subarray(0, 8), sections };
}

/** Joins sections back into a binary: each section's bytes as they are, with a fresh size. */
export function writeComponent(component: ComponentBinary): Uint8Array {
  return concatBytes([
    component.preamble,
    ...component.sections.flatMap((s) => [Uint8Array.of(s.id), encodeUnsigned(s.body.length), s.body]),
  ]);
}
