import { readFile } from 'node:fs/promises';
import { componentNew } from '@bytecodealliance/jco-transpile/wasm-tools';

/** The component of a StarlingMonkey core module: wit-component with the preview1 reactor adapter, as componentize-js makes it. */
export async function componentFromCore(core: Uint8Array, adapterPath: string): Promise<Uint8Array> {
  return componentNew(core, [['wasi_snapshot_preview1', new Uint8Array(await readFile(adapterPath))]]);
}
