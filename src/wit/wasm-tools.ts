import { grantShimAccess } from '../toolchain/wasi-shim-access.js';

const PACKAGE = '@bytecodealliance/jco-transpile';

type WasmTools = typeof import('@bytecodealliance/jco-transpile/wasm-tools');

/**
 * The reference wasm-tools (compiled to Wasm, shipped in jco-transpile), with read access to the
 * filesystem. Loading it costs ~100 ms, so it is imported only when a stage needs it.
 *
 * Beware: a wasm-tools panic (e.g. a path that does not exist) poisons the instance for the rest
 * of the process ("cannot enter component instance"), so callers check paths first.
 */
export async function wasmTools(): Promise<WasmTools> {
  await grantShimAccess(PACKAGE);
  return import('@bytecodealliance/jco-transpile/wasm-tools');
}
