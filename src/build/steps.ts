import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type Bundle, bundleEntry } from '../bundle/bundle.js';
import { polyfillsFor } from '../bundle/globals/polyfills.js';
import { checkCapabilities } from '../check/capabilities.js';
import type { CheckContext } from '../check/context.js';
import { checkConventions } from '../check/conventions.js';
import { checkEngineLimits, locationsFrom } from '../check/engine-limits.js';
import { checkExports } from '../check/exports.js';
import { checkFetchImport } from '../check/fetch-import.js';
import { typecheckEntry } from '../check/typecheck.js';
import { componentImports } from '../emit/imports.js';
import { measureSizes } from '../emit/sizes.js';
import type { EngineProcess, EngineRun } from '../engines/engine-process.js';
import type { BuildWarning } from '../errors.js';
import { type HttpHandlerStyle, httpHandlerStyle } from '../http/handler-style.js';
import { parseBundle, parseBundleFrom } from '../js/parse-bundle.js';
import { readExports } from '../js/read-exports.js';
import type { StackMapper } from '../js/stack-map.js';
import type { ResolvedOptions } from '../options/types.js';
import type { Built, StageRunner } from '../report.js';
import { packageVersion } from '../toolchain/package-version.js';
import { type Verifier, verifyComponent } from '../verify/verify.js';
import { augmentWorld } from '../wit/augment.js';
import { withShippedWasiDeps } from '../wit/builtin.js';
import type { ResolvedWorld } from '../wit/load.js';
import { loadWorldMemoized } from '../wit/world-memo.js';
import { asyncExportsOf, type EngineWorld } from '../wit-dylib/adapter.js';
import { glueRunsPromiseJobs } from '../wit-dylib/promise-jobs.js';

import type { BuildContext } from './context.js';
import { withOneVersionPerInterface } from './one-version.js';

// The named steps of one build (build.ts reads them top-down); each is a stage or part of one.

export type CheckedWorld = Awaited<ReturnType<typeof checkedWorld>>;

/** The world as the reference parser resolves it, with WASI packages the user's WIT names but its deps/ lacks taken from the WIT we ship. */
export async function referenceWorld(resolved: ResolvedOptions, workDir: string): Promise<CheckedWorld> {
  const witPath = (await withShippedWasiDeps(resolved.wit, workDir)) ?? resolved.wit;
  return checkedWorld(
    await loadWorldMemoized(resolved.wit, witPath, resolved.world, resolved.cwd, resolved.memoDir),
    resolved,
    resolved.engine,
  );
}

/** The bundle, made while the world loads (its polyfills and promise jobs wait for the world only where they need it). */
export async function bundleBesideWorld(
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
    bundleEntry(
      resolved,
      polyfillsFor(engine, worldLoading, resolved.disable.all, resolved.locales),
      engine,
      promiseJobs,
    ),
  );
  const [world, bundle] = await Promise.allSettled([worldLoading, bundling]);
  // A broken world also breaks the polyfills that need it; its own error is the one to show.
  if (world.status === 'rejected') throw world.reason;
  if (bundle.status === 'rejected') throw bundle.reason;
  return { world: world.value, bundle: bundle.value };
}

/** The check stage: the bundle's exports against the world, the engine's limits, fetch without its import, `--typecheck`. */
export async function checkAgainstWorld(
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

/** The engine stage's own sub-steps, around those the engine names. */
const STEP = { world: 'world', build: 'build', finish: 'finish' } as const;

/**
 * The engine stage: the world as the engine must see it (its `prepareWorld` hook), the WASI
 * interfaces the polyfills and the glue call added to that copy, the engine's build (leaving out
 * the WASI features in `disable`), and its output made the component of the user's world
 * (`finishComponent`) that imports each interface at one version.
 *
 * Its sub-steps, for progress and the report: `world` (the engine's copy of the world), `build`
 * (the engine's call, until the engine names a step of its own: `snapshot`, ...), `finish` (the
 * component of the user's world; an engine may enter it itself, the time adds up).
 */
export async function runEngine(
  engineProcess: EngineProcess,
  resolved: ResolvedOptions,
  given: EngineWorld,
  variant: string,
  fileName: string,
  workDir: string,
  mapper: StackMapper,
  disable: ResolvedOptions['disable'],
  onStep: (step: string) => void,
): Promise<EngineRun> {
  const { engine } = resolved;
  onStep(STEP.world);
  const seen = engine.prepareWorld ? await engine.prepareWorld(given, workDir) : given;
  const bundlePath = join(workDir, fileName);
  await writeFile(bundlePath, seen.code);
  const augmented = await augmentWorld(seen.witPath, seen.model, seen.requires, workDir);
  onStep(STEP.build);
  const built = await engineProcess.build(
    {
      bundlePath,
      witPath: augmented?.witPath ?? seen.witPath,
      world: augmented?.world ?? seen.world,
      workDir,
      wizer: resolved.wizer,
      disable,
      weval: resolved.weval,
      variant,
      asyncExports: asyncExportsOf(given.model),
      onStep,
      memoDir: resolved.memoDir,
    },
    mapper,
  );
  onStep(STEP.finish);
  const finished = engine.finishComponent ? await engine.finishComponent(built.component, given) : built.component;
  const component = await withOneVersionPerInterface(finished);
  if (component === built.component) return built;
  await writeFile(built.componentPath, component);
  return { ...built, component };
}

/**
 * The verify stage, and the stored report of a fresh build. The output's sizes and imports are
 * measured while the component is verified (both only read it).
 */
export async function verifyAndReport(
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
      reproducible: run.reproducible ?? engine.reproducible,
    },
  };
}

/** The world with what the checks before the build need: the variant, the check context, the conventions' warnings. */
export async function checkedWorld(
  loaded: ResolvedWorld,
  resolved: ResolvedOptions,
  engine: ResolvedOptions['engine'],
) {
  const variant = resolved.variant ?? engine.defaultVariant(loaded.model);
  const checks: CheckContext = { world: loaded.model, engine, witPath: loaded.witPath, cwd: resolved.cwd };
  await checkCapabilities(checks, variant);
  return { ...loaded, variant, checks, warnings: await checkConventions(checks) };
}
