import type { WorldModel } from './world.js';

/**
 * The WASI version of the interfaces the parity layer and the polyfills import when the world
 * does not: the version both engines' own WASI imports use (componentize-qjs 0.4.5 imports
 * `wasi:*@0.2.12`), so importing it adds no new version to the component. Its WIT is shipped in
 * `wit/wasi-0.2.12/deps/` for adding to the engine's copy of the world (wit/augment.ts).
 */
export const WASI_VERSION = '0.2.12';

/** The world's own import of a WASI interface (`wasi:random/random@0.2.3`), if it has one. */
export function worldImportName(world: WorldModel, iface: string): string | undefined {
  return world.imports.find((i) => i.kind === 'interface' && (i.name === iface || i.name.startsWith(`${iface}@`)))
    ?.name;
}
