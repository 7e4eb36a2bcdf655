import { parseNormalizedWit } from './parse-normalized.js';
import { wasmTools } from './wasm-tools.js';
import type { WorldModel } from './world.js';

/**
 * The world as data. wasm-tools embeds the resolved world into a dummy core module as a
 * `component-type` custom section (an encoded WIT package); jco's `unpackWit` prints that package
 * back as canonical WIT text, one file per package, which `parseNormalizedWit` reads. Taking this
 * route means every valid WIT, `deps/` included, is resolved by the reference implementation.
 * (`componentWitMetadataForWorld` is no alternative: it rejects valid worlds with an inline
 * `export x: interface { ... }`.)
 */
export async function embedWorld(witPath: string, world: string | undefined): Promise<Uint8Array> {
  const tools = await wasmTools();
  return tools.componentEmbed({ dummy: true, witPath, ...(world ? { world } : {}) });
}

/** Reads the world back out of `embedWorld`'s module. Failing here is our bug, not the user's WIT. */
export async function worldModelFromEmbedded(core: Uint8Array, world: string | undefined): Promise<WorldModel> {
  return parseNormalizedWit(await printEmbedded(core), world);
}

/** The canonical WIT text of `embedWorld`'s module: file name (`package.wit`, `deps/...`) → text. */
export async function printEmbedded(core: Uint8Array): Promise<Map<string, string>> {
  const section = customSection(core, 'component-type');
  if (!section) throw new Error('wasm-tools produced no component-type section');
  const { unpackWit } = (await import('@bytecodealliance/jco-transpile')) as unknown as {
    unpackWit(spec: string | undefined, bytes: Uint8Array): Promise<Map<string, string>>;
  };
  return unpackWit(undefined, section);
}

/** The payload of the first custom section whose name starts with `prefix`. */
function customSection(module: Uint8Array, prefix: string): Uint8Array | undefined {
  let offset = 8; // magic + version
  const leb = () => {
    let result = 0;
    let shift = 0;
    let byte: number;
    do {
      byte = module[offset++]!;
      result |= (byte & 0x7f) << shift;
      shift += 7;
    } while (byte & 0x80);
    return result >>> 0;
  };
  while (offset < module.length) {
    const id = module[offset++];
    const size = leb();
    const end = offset + size;
    if (id === 0) {
      const nameLength = leb();
      const name = new TextDecoder().decode(module.subarray(offset, offset + nameLength));
      if (name.startsWith(prefix)) return module.slice(offset + nameLength, end);
    }
    offset = end;
  }
  return undefined;
}
