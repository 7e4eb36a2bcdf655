import { mergeImportVersions } from '../component/merge-imports.js';
import { wasmTools } from '../wit/wasm-tools.js';

/**
 * The engine's output importing each interface at one version (component/merge-imports.ts): an
 * engine whose runtime speaks one WASI release beside a world of another (QuickJS: its runtime's
 * `wasi:io/streams@0.2.12` beside the `wasi:io/streams@0.2.10` of `wasi:http/proxy@0.2.10`) would
 * otherwise ask its host for both. The merged component is decoded by the reference tools, which
 * validate it; should that fail, the engine's output stays as it was (a host then provides both
 * versions, as before) rather than a component no host can load.
 */
export async function withOneVersionPerInterface(component: Uint8Array): Promise<Uint8Array> {
  try {
    // The merge throws on a shape it does not know: that too leaves the engine's output as it was.
    const { component: merged, merged: pairs } = mergeImportVersions(component);
    if (!pairs.length) return component;
    await (await wasmTools()).componentWit(merged);
    return merged;
  } catch {
    return component;
  }
}
