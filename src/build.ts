import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleEntry } from './bundle/bundle.js';
import { polyfillsFor } from './bundle/globals/polyfills.js';
import { parseBundle } from './shared/parse-bundle.js';
import { buildInputFiles } from './cache/inputs.js';
import type { ContentCache } from './cache/session.js';
import { checkCapabilities } from './check/capabilities.js';
import type { CheckContext } from './check/context.js';
import { checkConventions } from './check/conventions.js';
import { checkEngineLimits, locationsFrom } from './check/engine-limits.js';
import { checkFetchImport } from './check/fetch-import.js';
import { checkExports, exportLocations } from './check/exports.js';
import { readExports } from './check/read-exports.js';
import { httpHandlerStyle, type HttpHandlerStyle } from './check/http-handler.js';
import { typecheckEntry } from './check/typecheck.js';
import { componentImports } from './emit/imports.js';
import { measureSizes } from './emit/sizes.js';
import { startEngine } from './engines/run-engine.js';
import type { BuildWarning } from './errors.js';
import type { ResolvedOptions } from './options/resolve.js';
import type { BuildOutcome, StageRunner } from './report.js';
import { stackMapper } from './run/stack-map.js';
import { packageVersion } from './shared/package-version.js';
import { verifyComponent } from './verify/verify.js';
import { asyncExportsOf } from './wit-dylib/adapter.js';
import { adaptBoundary } from './wit-dylib/boundary.js';
import { restoreWasiNames, standInEngineWorld, usesWasi, type EngineWorld } from './wit-dylib/wasi-stand-in.js';
import { augmentWorld } from './wit/augment.js';
import { withShippedWasiDeps } from './wit/builtin.js';
import { loadWorld } from './wit/load.js';

/** What a build needs besides the options: the stage runner, cancellation, and where warnings go as they arise. */
export interface BuildContext {
  stage: StageRunner;
  signal: AbortSignal | undefined;
  /** Warnings of the stages that finished; kept by the caller, so a failing build still reports them. */
  warnings: BuildWarning[];
  /** The cache, asked for an entry of the same content once the bundle and the world exist. */
  cache: ContentCache | undefined;
}

/**
 * The build itself: wit ∥ bundle → check → wit-dylib (boundary glue) → engine (+ Wizer snapshot)
 * → verify. It writes nothing: the caller stores the result in the cache and emits it.
 *
 * Three things overlap to keep our overhead over the bare engine tool small: the engine's child
 * process starts (and loads the engine package) right after the options are known, the WIT world
 * loads while esbuild bundles (the bundle needs the world only for polyfill sources), and the
 * output's sizes are measured while it is verified.
 */
export async function buildComponent(resolved: ResolvedOptions, context: BuildContext): Promise<BuildOutcome> {
  const { stage, signal, warnings } = context;
  const { engine } = resolved;
  const workDir = await mkdtemp(join(tmpdir(), 'componentize-'));
  const engineProcess = startEngine(engine, workDir, signal);
  try {
    const worldLoading = stage('wit', async () => {
      // WASI packages the user's WIT names but its deps/ lacks come from the WIT we ship.
      const witPath = (await withShippedWasiDeps(resolved.wit, workDir)) ?? resolved.wit;
      const loaded = await loadWorld(witPath, resolved.world, resolved.cwd);
      const variant = resolved.variant ?? engine.defaultVariant(loaded.model);
      const checks: CheckContext = { world: loaded.model, engine, witPath, cwd: resolved.cwd };
      await checkCapabilities(checks, variant);
      return { ...loaded, variant, checks, warnings: await checkConventions(checks) };
    });
    const bundling = stage('bundle', () => bundleEntry(resolved, polyfillsFor(engine, worldLoading, resolved.disable.all), engine));
    const [worldResult, bundleResult] = await Promise.allSettled([worldLoading, bundling]);
    // A broken world also breaks the polyfills that need it; its own error is the one to show.
    if (worldResult.status === 'rejected') throw worldResult.reason;
    if (bundleResult.status === 'rejected') throw bundleResult.reason;
    const world = worldResult.value;
    const bundle = bundleResult.value;
    warnings.push(...world.warnings, ...bundle.warnings);
    const inputFiles = await buildInputFiles(bundle.inputs, resolved.wit);
    context.cache?.recordInputs(inputFiles);

    // Every mismatch between the code and the world is reported here, before the slow part.
    const locate = locationsFrom(bundle.locator);
    let httpStyle: HttpHandlerStyle | undefined;
    const { program, exports } = await stage('check', async () => {
      const program = parseBundle(bundle.code);
      const exports = readExports(program);
      httpStyle = httpHandlerStyle(program, exports);
      warnings.push(...(await checkExports(world.checks, exports, resolved.entry, locate, httpStyle)));
      warnings.push(...checkEngineLimits(program, bundle.locator, engine));
      warnings.push(...checkFetchImport(program, world.model, locate));
      if (resolved.typecheck) {
        await typecheckEntry({ entry: resolved.entry, witPath: world.witPath, world: resolved.world, model: world.model, cwd: resolved.cwd, workDir });
      }
      return { program, exports };
    });

    // wit-dylib: the boundary glue adapts the user's exports to the engine, after the checks saw the user's code.
    const adapted = adaptBoundary(bundle.code, program, world.model, engine, {
      wasiDisabled: resolved.disable.all,
      exportLocations: exportLocations(exports, bundle.fileName),
      timers: bundle.polyfilled.includes('setTimeout') || bundle.polyfilled.includes('setInterval'),
      liveProcess: bundle.polyfilled.includes('process'),
      httpStyle,
    });
    const content = { code: adapted.code, fileName: bundle.fileName, map: bundle.map, resolvedWit: world.encoded, world: world.world, variant: world.variant };
    const cache = context.cache;
    const hit = cache && (await stage('cache', () => cache.lookup(content)));
    if (hit) return { from: 'cache', built: hit.build, key: hit.key };

    // Engines print positions in the bundle; the engine's and the verifier's errors name the
    // user's files instead. The bundle always has a map for that (`--sourcemap` only writes it out).
    const mapper = stackMapper(bundle.map ?? JSON.stringify({ ...JSON.parse(bundle.locator), file: bundle.fileName }));
    const run = await stage('engine', async () => {
      const bundlePath = join(workDir, bundle.fileName);
      const given: EngineWorld = { witPath: world.witPath, world: world.world, model: world.model, code: adapted.code, requires: [...bundle.polyfillRequires, ...adapted.requires] };
      const standIn = engine.wasiStandIn && usesWasi(world.model) ? engine.wasiStandIn : undefined;
      const seen = standIn ? await standInEngineWorld(given, workDir, standIn) : given;
      await writeFile(bundlePath, seen.code);
      // WASI interfaces the polyfills and the glue call, added to the engine's copy of the world.
      const augmented = await augmentWorld(seen.witPath, seen.model, seen.requires, workDir);
      const built = await engineProcess.build({
        bundlePath,
        witPath: augmented?.witPath ?? seen.witPath,
        world: augmented?.world ?? seen.world,
        workDir,
        wizer: resolved.wizer,
        disable: resolved.disable,
        weval: resolved.weval,
        variant: world.variant,
        asyncExports: asyncExportsOf(world.model),
      }, mapper);
      if (!standIn) return built;
      const component = restoreWasiNames(built.component, standIn);
      await writeFile(built.componentPath, component);
      return { ...built, component };
    });
    // Measured while the component is verified; both are only read, never changed.
    const measured = Promise.all([measureSizes(run.component), componentImports(run.component)]);
    measured.catch(() => {});

    const verified = resolved.verify
      ? await stage('verify', () => verifyComponent(run.componentPath, { world: world.model, call: resolved.verifyCall, workDir, signal, mapper }))
      : { verification: undefined, warnings: [] };
    warnings.push(...verified.warnings);
    const [sizes, imports] = await measured;

    return {
      from: 'build',
      built: {
        component: run.component,
        map: bundle.map,
        warnings: [...warnings],
        report: {
          engine: { name: engine.name, package: engine.packageName, version: await packageVersion(engine.packageName), variant: resolved.weval ? `${world.variant}+weval` : world.variant },
          wizer: run.wizer,
          aot: run.aot,
          verification: verified.verification,
          sizes,
          bundleBytes: Buffer.byteLength(bundle.code),
          worldImports: world.importedInterfaces,
          imports,
          polyfilled: bundle.polyfilled,
          polyfills: bundle.polyfills,
          enginePeakRssBytes: run.peakRssBytes,
          inputs: inputFiles,
          reproducible: engine.reproducible,
        },
      },
    };
  } finally {
    engineProcess.dispose();
    await rm(workDir, { recursive: true, force: true });
  }
}
