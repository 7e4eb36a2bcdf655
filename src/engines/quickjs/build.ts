import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { componentize } from 'componentize-qjs';
import type { EngineBuildInput, EngineBuildOutput } from '../../wit-dylib/adapter.js';
import { packageVersion } from '../../shared/package-version.js';

export async function buildWithQuickJs(input: EngineBuildInput): Promise<EngineBuildOutput> {
  const version = await packageVersion('componentize-qjs');
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
  return {
    component: new Uint8Array(component.buffer, component.byteOffset, component.byteLength),
    wizer: `wasmtime-wizer inside componentize-qjs ${version} (in-process)`,
  };
}
