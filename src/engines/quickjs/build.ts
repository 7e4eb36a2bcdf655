import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { componentize } from 'componentize-qjs';
import { removeExports, topLevelExports } from '../../component/exports.js';
import { packageVersion } from '../../toolchain/package-version.js';
import type { EngineBuildInput, EngineBuildOutput } from '../../wit-dylib/adapter.js';

/**
 * componentize-qjs leaves its runtime's `init(shim, script, entry-path, disable-gc)` export in
 * every output; a host could call it and re-run the runtime's set-up. The output must export
 * exactly the world's exports, so it is removed (a world exporting `init` itself cannot be built
 * by componentize-qjs, whose root export it is).
 */
const RUNTIME_EXPORT = 'init';

export async function buildWithQuickJs(input: EngineBuildInput): Promise<EngineBuildOutput> {
  const version = await packageVersion('componentize-qjs');
  // One native call: wit-dylib's bindings, Wizer running the top-level code, the component's encoding.
  input.onStep?.('snapshot');
  const { component } = await componentize({
    witPath: input.witPath,
    jsSource: await readFile(input.bundlePath, 'utf8'),
    jsPath: input.bundlePath,
    // The bundle is self-contained; the module root only has to contain the bundle itself.
    moduleRoot: dirname(input.bundlePath),
    ...(input.world ? { world: input.world } : {}),
    // componentize-qjs can only replace every WASI import with a trapping stub.
    stubWasi: input.disable.all,
    optSize: input.variant.endsWith('opt-size'),
    sync: input.variant.startsWith('sync'),
  });
  // Removing the runtime's export begins making the user's component, which the pipeline's own
  // `finish` step goes on with (WASI names restored, one version per interface).
  input.onStep?.('finish');
  const built = new Uint8Array(component.buffer, component.byteOffset, component.byteLength);
  const hasRuntimeExport = topLevelExports(built).some((e) => e.name === RUNTIME_EXPORT);
  return {
    component: hasRuntimeExport ? removeExports(built, [RUNTIME_EXPORT]) : built,
    wizer: `wasmtime-wizer inside componentize-qjs ${version} (in-process)`,
  };
}
