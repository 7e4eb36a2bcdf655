import { grantShimAccess } from '../shared/wasi-shim-access.js';

const PACKAGE = '@bytecodealliance/jco-transpile';

type WasmTools = typeof import('@bytecodealliance/jco-transpile/wasm-tools');

/**
 * The reference wasm-tools (compiled to Wasm, shipped in jco-transpile), allowed to read the
 * given directories. Loading it costs ~100 ms, so it is imported only when a stage needs it.
 */
export async function wasmTools(readableDirs: readonly string[]): Promise<WasmTools> {
  await grantShimAccess(PACKAGE, readableDirs);
  return import('@bytecodealliance/jco-transpile/wasm-tools');
}
