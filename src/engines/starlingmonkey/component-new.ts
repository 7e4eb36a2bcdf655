import { readFile } from 'node:fs/promises';
import { componentNew } from '@bytecodealliance/jco-transpile/wasm-tools';
import { readUnsigned } from '../../component/leb128.js';

/**
 * Wrapping the core module into a component (wit-component's `componentNew`, with the preview1
 * reactor adapter) takes a second or more: it decodes and validates the whole ~12 MB module. Yet
 * what it makes depends only on the module's imports and exports and its `component-type` and
 * `producers` custom sections, which the snapshot never changes: the component of one snapshot
 * of a spliced engine is the component of any other with the core module swapped. So the
 * component of the stubbed engine (with the exports a snapshot keeps) is made once, with the
 * splice (a template, kept in the memo), and each build swaps its own module in.
 *
 * A module is embedded as wit-component embeds it: `component-type` sections dropped, `producers`
 * merged with its own. The template is kept only if doing that to its own module gives exactly
 * what wit-component embedded, and a module is swapped in only if its import and export sections
 * are the template's; otherwise `componentNew` runs as usual.
 */

const MODULE_SECTION = 1;
const CUSTOM = 0;
const EXPORT = 7;
const IMPORT = 2;

interface Section {
  id: number;
  /** Where the section starts (its id byte) and ends, in the bytes it was read from. */
  start: number;
  end: number;
  /** Where its payload starts. */
  body: number;
  name?: string;
}

export async function componentFromCore(core: Uint8Array, adapterPath: string): Promise<Uint8Array> {
  return componentNew(core, [['wasi_snapshot_preview1', new Uint8Array(await readFile(adapterPath))]]);
}

/** The template for modules with `stubbed`'s imports and exports but these removed, or undefined where it would not be exact. */
export async function componentTemplate(
  stubbed: Uint8Array,
  removedExports: readonly string[],
  adapterPath: string,
): Promise<Uint8Array | undefined> {
  const shaped = withoutExports(stubbed, removedExports);
  const template = await componentFromCore(shaped, adapterPath);
  const main = mainModule(template);
  if (!main) return undefined;
  const embedded = template.subarray(main.body, main.end);
  const again = embed(shaped, embedded);
  return again && Buffer.from(again).equals(Buffer.from(embedded)) ? template : undefined;
}

/** The component of `core` from a template, or undefined where `core` does not fit it. */
export function componentFromTemplate(core: Uint8Array, template: Uint8Array): Uint8Array | undefined {
  const main = mainModule(template);
  if (!main) return undefined;
  const embedded = embed(core, template.subarray(main.body, main.end));
  if (!embedded) return undefined;
  const size = uleb(embedded.length);
  const out = new Uint8Array(main.start + 1 + size.length + embedded.length + (template.length - main.end));
  out.set(template.subarray(0, main.start));
  let at = main.start;
  out[at++] = MODULE_SECTION;
  out.set(size, at);
  at += size.length;
  out.set(embedded, at);
  out.set(template.subarray(main.end), at + embedded.length);
  return out;
}

/** `core` as wit-component embeds it beside `embedded` (its own module in the template), if the two agree in imports and exports. */
function embed(core: Uint8Array, embedded: Uint8Array): Uint8Array | undefined {
  const theirs = sections(embedded);
  const ours = sections(core);
  // A section's payload, or an empty one where the module has none (a module has one of each at most).
  const payload = (bytes: Uint8Array, list: Section[], id: number) => {
    const s = list.find((x) => x.id === id);
    return s ? Buffer.from(bytes.subarray(s.body, s.end)) : Buffer.alloc(0);
  };
  for (const id of [IMPORT, EXPORT])
    if (!payload(core, ours, id).equals(payload(embedded, theirs, id))) return undefined;
  const producers = theirs.find((s) => s.id === CUSTOM && s.name === 'producers');
  if (!producers || !ours.some((s) => s.id === CUSTOM && s.name === 'producers')) return undefined;
  const parts: Uint8Array[] = [core.subarray(0, 8)];
  for (const s of ours) {
    if (s.id === CUSTOM && s.name?.startsWith('component-type')) continue;
    parts.push(
      s.id === CUSTOM && s.name === 'producers'
        ? embedded.subarray(producers.start, producers.end)
        : core.subarray(s.start, s.end),
    );
  }
  return Buffer.concat(parts);
}

/** `module` with these exports removed from its export section, as a snapshot removes them. */
function withoutExports(module: Uint8Array, names: readonly string[]): Uint8Array {
  const list = sections(module);
  const exports = list.find((s) => s.id === EXPORT);
  if (!exports) return module;
  let at = exports.body;
  const [count, afterCount] = readUleb(module, at);
  at = afterCount;
  const kept: Uint8Array[] = [];
  for (let i = 0; i < count; i++) {
    const start = at;
    const [length, afterLength] = readUleb(module, at);
    const name = Buffer.from(module.subarray(afterLength, afterLength + length)).toString('utf8');
    at = afterLength + length + 1; // the kind byte
    at = readUleb(module, at)[1]; // the index
    if (!names.includes(name)) kept.push(module.subarray(start, at));
  }
  const payload = Buffer.concat([uleb(kept.length), ...kept]);
  return Buffer.concat([
    module.subarray(0, exports.start),
    Uint8Array.of(EXPORT),
    uleb(payload.length),
    payload,
    module.subarray(exports.end),
  ]);
}

/** The template's main module: its largest core module section. */
function mainModule(component: Uint8Array): Section | undefined {
  return sections(component)
    .filter((s) => s.id === MODULE_SECTION)
    .sort((a, b) => b.end - b.body - (a.end - a.body))[0];
}

/** The top-level sections of a module or component (after the 8-byte header). */
function sections(bytes: Uint8Array): Section[] {
  const out: Section[] = [];
  let at = 8;
  while (at < bytes.length) {
    const id = bytes[at]!;
    const [size, body] = readUleb(bytes, at + 1);
    const section: Section = { id, start: at, body, end: body + size };
    if (id === CUSTOM) {
      const [length, name] = readUleb(bytes, body);
      section.name = Buffer.from(bytes.subarray(name, name + length)).toString('utf8');
    }
    out.push(section);
    at = section.end;
  }
  if (at !== bytes.length) throw new Error('a section runs past the end of the module');
  return out;
}

/** An unsigned LEB128 at `at`: its value and the offset after it. */
function readUleb(bytes: Uint8Array, at: number): [number, number] {
  const { value, length } = readUnsigned(bytes, at);
  return [value, at + length];
}

function uleb(value: number): Uint8Array {
  const out: number[] = [];
  let v = value;
  do {
    const byte = v % 128;
    v = Math.floor(v / 128);
    out.push(v > 0 ? byte | 0x80 : byte);
  } while (v > 0);
  return Uint8Array.from(out);
}
