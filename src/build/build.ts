import { rm } from 'node:fs/promises';
import { buildInputFiles } from '../cache/inputs.js';
import { exportLocations } from '../check/exports.js';
import { refuseOutputOverInput } from '../emit/output-guard.js';
import { startEngine } from '../engines/run-engine.js';
import { stackMapper } from '../js/stack-map.js';
import type { ResolvedOptions } from '../options/types.js';
import type { BuildOutcome } from '../report.js';
import { makeWorkDir, removeStaleWorkDirs } from '../store/temp-dirs.js';
import { startVerifier, stopVerifier, type Verifier } from '../verify/verify.js';
import type { ResolvedWorld } from '../wit/load.js';
import { type QuickWorld, quickWorld, quickWorldModel } from '../wit/quick-world.js';
import type { EngineWorld } from '../wit-dylib/adapter.js';
import { adaptBoundary } from '../wit-dylib/boundary.js';
import { withUnusedWasiLeftOut } from '../wit-dylib/unused-wasi.js';
import type { BuildContext } from './context.js';

import {
  bundleBesideWorld,
  checkAgainstWorld,
  checkedWorld,
  referenceWorld,
  runEngine,
  verifyAndReport,
} from './steps.js';

/**
 * The build itself: wit ∥ bundle → check → wit-dylib (boundary glue) → engine (+ Wizer snapshot)
 * → verify. It writes nothing: the caller stores the result in the cache and emits it.
 *
 * Four things overlap to keep our overhead over the bare engine tool small: the engine's child
 * process starts (and loads the engine package) right after the options are known; for a plain
 * single-file world, the build goes on with the world our own parser read while the reference
 * parser confirms it (quick-world.ts); otherwise the WIT world loads while esbuild bundles (the
 * bundle needs the world only for polyfill sources); and the output's sizes are measured while
 * it is verified.
 */
export async function buildComponent(
  resolved: ResolvedOptions,
  context: BuildContext,
  readQuickWorld = quickWorldModel,
): Promise<BuildOutcome> {
  const quick = await readQuickWorld(resolved.wit, resolved.world);
  const warningsBefore = context.warnings.length;
  if (quick) {
    const outcome = await buildOnce(resolved, context, quick);
    if (outcome !== WORLD_DIFFERS) return outcome;
    // Our reading of the WIT was not the reference's: build again from the reference world.
    context.warnings.length = warningsBefore;
  }
  const outcome = await buildOnce(resolved, context, undefined);
  if (outcome === WORLD_DIFFERS) throw new Error('the reference world differed from itself');
  return outcome;
}

/** What `buildOnce` returns when the world it speculated on turned out not to be the reference's. */
const WORLD_DIFFERS = Symbol('world differs');

/**
 * One build. With `quick` (the world as our own parser read it, see quick-world.ts) the stages
 * after the world do not wait for the reference parser: it runs beside them, and before anything
 * is returned its world must equal `quick`. When it does not, or when it fails (the user's WIT
 * is wrong: that error is the one to show), the engine is stopped at once.
 */
async function buildOnce(
  resolved: ResolvedOptions,
  context: BuildContext,
  quick: QuickWorld | undefined,
): Promise<BuildOutcome | typeof WORLD_DIFFERS> {
  const { stage, signal, warnings } = context;
  const { engine } = resolved;
  void removeStaleWorkDirs();
  const workDir = await makeWorkDir();
  const engineProcess = startEngine(engine, workDir, { signal, timeLimit: resolved.snapshotTimeout });
  const reference = stage('wit', () => referenceWorld(resolved, workDir));
  const differs = (world: ResolvedWorld) =>
    quick !== undefined && JSON.stringify(world.model) !== JSON.stringify(quick.model);
  // A wrong WIT or a different world: the speculative engine run is of no use.
  reference.then(
    (world) => differs(world) && engineProcess.dispose(),
    () => engineProcess.dispose(),
  );
  let verifier: Verifier | undefined;
  try {
    const worldLoading = quick
      ? checkedWorld(quickWorld(resolved.wit, resolved.world, quick.model), resolved, engine)
      : reference;
    const { world, bundle } = await bundleBesideWorld(resolved, stage, worldLoading);
    warnings.push(...world.warnings, ...bundle.warnings);
    const inputFiles = await buildInputFiles(bundle.inputs, resolved.wit);
    context.cache?.recordInputs(inputFiles);
    refuseOutputOverInput([resolved.out, `${resolved.out}.map`], inputFiles);

    // Every mismatch between the code and the world is reported here, before the slow part.
    const { program, exports, httpStyle } = await stage('check', () =>
      checkAgainstWorld(resolved, world, bundle, workDir, warnings),
    );
    // wit-dylib: the boundary glue adapts the user's exports to the engine, after the checks saw the user's code.
    const adapted = adaptBoundary(bundle.code, program, world.model, engine, {
      wasiDisabled: resolved.disable.all,
      exportLocations: exportLocations(exports, bundle.fileName),
      timers: [...bundle.polyfilled, ...bundle.wrapped].some((g) => g === 'setTimeout' || g === 'setInterval'),
      liveProcess: bundle.polyfilled.includes('process'),
      httpStyle,
    });
    // The key holds the world as given: a plain world's text (the same text always resolves to
    // the same world), else the reference's encoding of it.
    const resolvedWit = quick ? new TextEncoder().encode(quick.source) : (await reference).encoded;
    const content = {
      code: adapted.code,
      fileName: bundle.fileName,
      map: bundle.map,
      resolvedWit,
      world: world.world,
      variant: world.variant,
    };
    const cache = context.cache;
    const hit = cache && (await stage('cache', () => cache.lookup(content)));
    if (hit) return { from: 'cache', built: hit.build, key: hit.key };

    // Engines print positions in the bundle; the engine's and the verifier's errors name the
    // user's files instead. The bundle always has a map for that (`--sourcemap` only writes it out).
    const mapper = stackMapper(bundle.map ?? JSON.stringify({ ...JSON.parse(bundle.locator), file: bundle.fileName }));
    // The verifier gets ready while the engine builds: its Node (with jco too, unless a memo hit is likely), or its module in this process.
    verifier = resolved.verify
      ? startVerifier(
          signal,
          { dir: resolved.memoDir, world: [engine.name, world.world, world.variant, resolvedWit] },
          'ahead',
          resolved.verifyCall ? 'child-process' : context.verifyIn,
        )
      : undefined;
    const given: EngineWorld = {
      witPath: world.witPath,
      world: world.world,
      model: world.model,
      code: adapted.code,
      requires: [...bundle.polyfillRequires, ...adapted.requires],
    };
    // WASI the code cannot reach is left out, so the host need not provide it (unused-wasi.ts).
    const disable = withUnusedWasiLeftOut(resolved.disable, engine.capabilities, {
      model: world.model,
      code: given.code,
      globals: new Set(bundle.globals),
      requires: given.requires,
    });
    const run = await stage('engine', (step) =>
      runEngine(engineProcess, resolved, given, world.variant, bundle.fileName, workDir, mapper, disable, step),
    );
    // Nothing is verified or returned before the reference parser agreed with the world used.
    const confirmed = await reference;
    if (differs(confirmed)) return WORLD_DIFFERS;
    const built = await verifyAndReport(resolved, context, {
      run,
      world,
      confirmed,
      bundle,
      inputFiles,
      mapper,
      verifier,
      workDir,
    });
    return { from: 'build', built };
  } catch (error) {
    // A speculative build that failed: a wrong WIT, or a world that differs, comes first.
    if (quick && differs(await reference)) return WORLD_DIFFERS;
    throw error;
  } finally {
    engineProcess.dispose();
    // A verifier that verified has exited; one whose build failed earlier is stopped.
    if (verifier) stopVerifier(verifier);
    await rm(workDir, { recursive: true, force: true });
  }
}
