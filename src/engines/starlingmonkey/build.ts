import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { topLevelExports } from '../../component/exports.js';
import { retypeAsync } from '../../component/retype-async.js';
import { grantShimAccess } from '../../toolchain/wasi-shim-access.js';
import type { EngineBuildInput, EngineBuildOutput } from '../../wit-dylib/adapter.js';
import { writeBindingsWrapper } from './bindings-wrapper.js';
import { buildOwn } from './build-own.js';
import { snapshotPins } from './pinned-snapshot.js';
import { syncWorldCopy } from './sync-world.js';

const PACKAGE = '@bytecodealliance/componentize-js';
/** The inline caches shipped with componentize-js, passed explicitly so the report can name them. */
const IC_CACHE = join(dirname(fileURLToPath(import.meta.resolve(PACKAGE))), '../lib/starlingmonkey_ics.wevalcache');

export async function buildWithStarlingMonkey(input: EngineBuildInput): Promise<EngineBuildOutput> {
  // The splicer reads the WIT through preview2-shim; make sure the copy it gets can see it.
  await grantShimAccess(PACKAGE);
  // The adapter declares `wizer: 'binary'`, so the options resolved one.
  const wizer = input.wizer;
  if (!wizer) throw new Error('no Wizer binary was resolved for an engine that runs Wizer as a program');
  const async = input.asyncExports.length > 0;
  // With our snapshotter the build is ours (build-own.ts), the clock and the randomness pinned
  // from the inputs, and the output is the same bytes on every run (pinned-snapshot.ts).
  const pins = wizer.kind === 'v8' && !input.weval ? await snapshotPins(input.bundlePath, input.world) : undefined;
  const witPath = async ? await syncWorldCopy(input.witPath, input.world, input.workDir) : input.witPath;
  const component = pins ? await buildOwn(input, witPath, pins) : await buildWithComponentize(input, witPath);
  return {
    component: async ? retypeAsync(component, exportNames(component, input.asyncExports)) : component,
    wizer: wizer.description,
    ...(pins
      ? {
          reproducible: {
            value: true,
            reason: `the snapshot's clock is ${pins.clockSource}; its randomness is seeded from the bundle and the world, and it keeps no path of the build machine`,
          },
        }
      : {}),
    ...(input.weval ? { aot: { weval: input.weval.description, icCache: IC_CACHE } } : {}),
  };
}

/**
 * componentize-js's own `componentize()`, for weval (AOT) and the reference Wizer binary: it runs
 * the tool we name, which is our wrapper (bindings-wrapper.ts) fixing the bindings first.
 */
async function buildWithComponentize(input: EngineBuildInput, witPath: string): Promise<Uint8Array> {
  const wizer = input.wizer!;
  input.onStep?.(input.weval ? 'weval' : 'wizer');
  // This path runs only with the Wizer binary (no --snapshotter v8) or with weval.
  const wizerPath = (wizer as { path: string }).path;
  // With --aot componentize-js runs weval, not Wizer: the wrapper stands in for weval then.
  const snapshotTool = await writeBindingsWrapper(input.weval ? input.weval.path : wizerPath, input.workDir);
  // Loaded only here: it loads oxc-parser, Wizer, weval and the splicer, none of which our own build needs.
  const { componentize } = await import('@bytecodealliance/componentize-js');
  const { component } = await componentize({
    sourcePath: input.bundlePath,
    witPath,
    ...(input.world ? { worldName: input.world } : {}),
    // Passed explicitly so the Wizer we pin runs (through the wrapper), not whichever copy npm
    // nested inside componentize-js.
    wizerBin: input.weval && wizer.kind === 'binary' ? wizerPath : snapshotTool.path,
    ...(input.weval ? { enableAot: true, wevalBin: snapshotTool.path, aotCache: IC_CACHE } : {}),
    disableFeatures: input.disable.all
      ? ['stdio', 'random', 'clocks', 'http', 'fetch-event']
      : [...input.disable.features],
  });
  if (!existsSync(snapshotTool.marker))
    throw new Error(`${PACKAGE} did not run the snapshot tool it was given: its bindings were not fixed`);
  return component;
}

/**
 * The component's names of the async exports: a world-level function as is; an interface's
 * function as `<export name of the interface>#<function>`, where the interface is exported under
 * its qualified name (`local:app/api@1.0.0`) or, when inline in the world, under its plain name.
 */
function exportNames(component: Uint8Array, functions: EngineBuildInput['asyncExports']): string[] {
  const exported = topLevelExports(component).map((e) => e.name);
  return functions.map(({ interface: iface, name }) => {
    if (iface === undefined) return name;
    const qualified = exported.find((e) => e === iface || e.replace(/@[^@/]*$/, '').endsWith(`/${iface}`));
    if (!qualified) throw new Error(`the built component exports no interface \`${iface}\``);
    return `${qualified}#${name}`;
  });
}
