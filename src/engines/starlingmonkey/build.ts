import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { componentize } from '@bytecodealliance/componentize-js';
import { grantShimAccess } from '../../shared/wasi-shim-access.js';
import type { EngineBuildInput, EngineBuildOutput } from '../../wit-dylib/adapter.js';

const PACKAGE = '@bytecodealliance/componentize-js';
/** The inline caches shipped with componentize-js, passed explicitly so the report can name them. */
const IC_CACHE = join(dirname(fileURLToPath(import.meta.resolve(PACKAGE))), '../lib/starlingmonkey_ics.wevalcache');

export async function buildWithStarlingMonkey(input: EngineBuildInput): Promise<EngineBuildOutput> {
  // The splicer reads the WIT through preview2-shim; make sure the copy it gets can see it.
  await grantShimAccess(PACKAGE);
  // The adapter declares `wizer: 'binary'`, so the options resolved one.
  const wizer = input.wizer;
  if (!wizer) throw new Error('no Wizer binary was resolved for an engine that runs Wizer as a program');
  const { component } = await componentize({
    sourcePath: input.bundlePath,
    witPath: input.witPath,
    ...(input.world ? { worldName: input.world } : {}),
    // Passed explicitly so the Wizer we pin runs, not whichever copy npm nested inside
    // componentize-js.
    wizerBin: wizer.path,
    ...(input.weval ? { enableAot: true, wevalBin: input.weval.path, aotCache: IC_CACHE } : {}),
    disableFeatures: input.disable.all ? ['stdio', 'random', 'clocks', 'http', 'fetch-event'] : [...input.disable.features],
  });
  return {
    component,
    wizer: wizer.description,
    ...(input.weval ? { aot: { weval: input.weval.description, icCache: IC_CACHE } } : {}),
  };
}
