import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Bundle, bundleEntry } from './bundle/bundle.js';
import { polyfillsFor } from './bundle/globals/polyfills.js';
import { buildInputFiles } from './cache/inputs.js';
import type { ContentCache } from './cache/session.js';
import { checkCapabilities } from './check/capabilities.js';
import type { CheckContext } from './check/context.js';
import { checkConventions } from './check/conventions.js';
import { checkEngineLimits, locationsFrom } from './check/engine-limits.js';
import { checkExports, exportLocations } from './check/exports.js';
import { checkFetchImport } from './check/fetch-import.js';
import { typecheckEntry } from './check/typecheck.js';
import { componentImports } from './emit/imports.js';
import { refuseOutputOverInput } from './emit/output-guard.js';
import { measureSizes } from './emit/sizes.js';
import type { EngineProcess, EngineRun } from './engines/engine-process.js';
import { startEngine } from './engines/run-engine.js';
import type { BuildWarning } from './errors.js';
import { type HttpHandlerStyle, httpHandlerStyle } from './http/handler-style.js';
import { parseBundle, parseBundleFrom } from './js/parse-bundle.js';
import { readExports } from './js/read-exports.js';
import { type StackMapper, stackMapper } from './js/stack-map.js';
import type { ResolvedOptions } from './options/types.js';
import type { BuildOutcome, Built, StageRunner, VerifyPlace } from './report.js';
import { packageVersion } from './toolchain/package-version.js';
import { startVerifier, stopVerifier, type Verifier, verifyComponent } from './verify/verify.js';
import { augmentWorld } from './wit/augment.js';
import { withShippedWasiDeps } from './wit/builtin.js';
import type { ResolvedWorld } from './wit/load.js';
import { type QuickWorld, quickWorld, quickWorldModel } from './wit/quick-world.js';
import { loadWorldMemoized } from './wit/world-memo.js';
import { asyncExportsOf, type EngineWorld } from './wit-dylib/adapter.js';
import { adaptBoundary } from './wit-dylib/boundary.js';
import { glueRunsPromiseJobs } from './wit-dylib/promise-jobs.js';

/** What a build needs besides the options: the stage runner, cancellation, and where warnings go as they arise. */
export interface BuildContext {
  stage: StageRunner;
  signal: AbortSignal | undefined;
  /** Warnings of the stages that finished; kept by the caller, so a failing build still reports them. */
  warnings: BuildWarning[];
  /** The cache, asked for an entry of the same content once the bundle and the world exist. */
  cache: ContentCache | undefined;
  /** Where verification may run (verify/verify.ts); the library's default is its own process. */
  verifyIn?: VerifyPlace | undefined;
}

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
  const workDir = await mkdtemp(join(tmpdir(), 'componentize-'));
  const engineProcess = startEngine(engine, workDir, signal);
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
    const run = await stage('engine', () =>
      runEngine(engineProcess, resolved, given, world.variant, bundle.fileName, workDir, mapper),
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

type CheckedWorld = Awaited<ReturnType<typeof checkedWorld>>;

/** The world as the reference parser resolves it, with WASI packages the user's WIT names but its deps/ lacks taken from the WIT we ship. */
async function referenceWorld(resolved: ResolvedOptions, workDir: string): Promise<CheckedWorld> {
  const witPath = (await withShippedWasiDeps(resolved.wit, workDir)) ?? resolved.wit;
  return checkedWorld(
    await loadWorldMemoized(resolved.wit, witPath, resolved.world, resolved.cwd, resolved.memoDir),
    resolved,
    resolved.engine,
  );
}

/** The bundle, made while the world loads (its polyfills and promise jobs wait for the world only where they need it). */
async function bundleBesideWorld(
  resolved: ResolvedOptions,
  stage: StageRunner,
  worldLoading: Promise<CheckedWorld>,
): Promise<{ world: CheckedWorld; bundle: Bundle }> {
  const { engine } = resolved;
  // Whether the fetch glue runs promise jobs itself decides how the bundle is made; a broken world fails below.
  const promiseJobs = (exports: readonly string[]) =>
    worldLoading.then(
      (w) => glueRunsPromiseJobs(w.model, engine, exports),
      () => false,
    );
  const bundling = stage('bundle', () =>
    bundleEntry(resolved, polyfillsFor(engine, worldLoading, resolved.disable.all), engine, promiseJobs),
  );
  const [world, bundle] = await Promise.allSettled([worldLoading, bundling]);
  // A broken world also breaks the polyfills that need it; its own error is the one to show.
  if (world.status === 'rejected') throw world.reason;
  if (bundle.status === 'rejected') throw bundle.reason;
  return { world: world.value, bundle: bundle.value };
}

/** The check stage: the bundle's exports against the world, the engine's limits, fetch without its import, `--typecheck`. */
async function checkAgainstWorld(
  resolved: ResolvedOptions,
  world: CheckedWorld,
  bundle: Bundle,
  workDir: string,
  warnings: BuildWarning[],
) {
  const locate = locationsFrom(bundle.locator);
  const program =
    bundle.userStart === undefined ? parseBundle(bundle.code) : parseBundleFrom(bundle.code, bundle.userStart);
  const exports = readExports(program);
  const httpStyle: HttpHandlerStyle | undefined = httpHandlerStyle(program, exports);
  warnings.push(...(await checkExports(world.checks, exports, resolved.entry, locate, httpStyle)));
  warnings.push(...checkEngineLimits(program, bundle.locator, resolved.engine));
  warnings.push(...checkFetchImport(program, world.model, locate));
  if (resolved.typecheck) {
    await typecheckEntry({
      entry: resolved.entry,
      witPath: world.witPath,
      world: resolved.world,
      model: world.model,
      cwd: resolved.cwd,
      workDir,
      httpStyle,
    });
  }
  return { program, exports, httpStyle };
}

/**
 * The engine stage: the world as the engine must see it (its `prepareWorld` hook), the WASI
 * interfaces the polyfills and the glue call added to that copy, the engine's build, and its
 * output made the component of the user's world (`finishComponent`).
 */
async function runEngine(
  engineProcess: EngineProcess,
  resolved: ResolvedOptions,
  given: EngineWorld,
  variant: string,
  fileName: string,
  workDir: string,
  mapper: StackMapper,
): Promise<EngineRun> {
  const { engine } = resolved;
  const seen = engine.prepareWorld ? await engine.prepareWorld(given, workDir) : given;
  const bundlePath = join(workDir, fileName);
  await writeFile(bundlePath, seen.code);
  const augmented = await augmentWorld(seen.witPath, seen.model, seen.requires, workDir);
  const built = await engineProcess.build(
    {
      bundlePath,
      witPath: augmented?.witPath ?? seen.witPath,
      world: augmented?.world ?? seen.world,
      workDir,
      wizer: resolved.wizer,
      disable: resolved.disable,
      weval: resolved.weval,
      variant,
      asyncExports: asyncExportsOf(given.model),
    },
    mapper,
  );
  const component = engine.finishComponent ? await engine.finishComponent(built.component, given) : built.component;
  if (component === built.component) return built;
  await writeFile(built.componentPath, component);
  return { ...built, component };
}

/**
 * The verify stage, and the stored report of a fresh build. The output's sizes and imports are
 * measured while the component is verified (both only read it).
 */
async function verifyAndReport(
  resolved: ResolvedOptions,
  context: BuildContext,
  done: {
    run: EngineRun;
    world: CheckedWorld;
    confirmed: ResolvedWorld;
    bundle: Bundle;
    inputFiles: string[];
    mapper: StackMapper;
    verifier: Verifier | undefined;
    workDir: string;
  },
): Promise<Built> {
  const { run, world, confirmed, bundle, mapper, workDir } = done;
  const { engine } = resolved;
  const measured = Promise.all([measureSizes(run.component), componentImports(run.component)]);
  measured.catch(() => {});
  const verified = resolved.verify
    ? await context.stage('verify', () =>
        verifyComponent(
          run.componentPath,
          { world: confirmed.model, call: resolved.verifyCall, workDir, signal: context.signal, mapper },
          done.verifier,
        ),
      )
    : { verification: undefined, warnings: [] };
  context.warnings.push(...verified.warnings);
  const [sizes, imports] = await measured;
  return {
    component: run.component,
    map: bundle.map,
    warnings: [...context.warnings],
    report: {
      engine: {
        name: engine.name,
        package: engine.packageName,
        version: await packageVersion(engine.packageName),
        variant: resolved.weval ? `${world.variant}+weval` : world.variant,
      },
      wizer: run.wizer,
      aot: run.aot,
      verification: verified.verification,
      sizes,
      bundleBytes: Buffer.byteLength(bundle.code),
      worldImports: confirmed.importedInterfaces,
      imports,
      polyfilled: bundle.polyfilled,
      polyfills: await bundle.polyfills,
      enginePeakRssBytes: run.peakRssBytes,
      inputs: done.inputFiles,
      reproducible: engine.reproducible,
    },
  };
}

/** The world with what the checks before the build need: the variant, the check context, the conventions' warnings. */
async function checkedWorld(loaded: ResolvedWorld, resolved: ResolvedOptions, engine: ResolvedOptions['engine']) {
  const variant = resolved.variant ?? engine.defaultVariant(loaded.model);
  const checks: CheckContext = { world: loaded.model, engine, witPath: loaded.witPath, cwd: resolved.cwd };
  await checkCapabilities(checks, variant);
  return { ...loaded, variant, checks, warnings: await checkConventions(checks) };
}
