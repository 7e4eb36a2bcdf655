import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleEntry } from './bundle/bundle.js';
import { readExports } from './bundle/exports.js';
import { componentImports } from './emit/imports.js';
import { checkImportPolicy } from './emit/policy.js';
import { measureSizes, type Sizes } from './emit/sizes.js';
import { writeFileAtomic } from './emit/write-atomic.js';
import { ComponentizeError, toComponentizeError, type BuildWarning } from './errors.js';
import { resolveOptions, type OptionsSource } from './options/resolve.js';
import type { BuildOptions } from './options/schema.js';
import { startEngine } from './snapshot/run-engine.js';
import { verifyComponent, type Verification } from './snapshot/verify.js';
import { stackMapper } from './run/stack-map.js';
import { resolveWizer } from './snapshot/wizer.js';
import { checkCapabilities } from './wit/check-capabilities.js';
import { checkConventions } from './wit/check-conventions.js';
import { checkExports } from './wit/check-exports.js';
import { loadWorld } from './wit/load.js';
import { typecheckEntry } from './wit/typecheck.js';
import { polyfillsFor } from './wit-dylib/globals/polyfills.js';
import { fixU32Boundary } from './wit-dylib/parity/u32.js';
import { listEngines, packageVersion } from './wit-dylib/registry.js';

export type StageName = 'options' | 'wit' | 'bundle' | 'check' | 'engine' | 'verify' | 'emit';

export interface StageEvent {
  stage: StageName;
  phase: 'start' | 'end';
  /** Milliseconds the stage took, on `end`. */
  ms?: number;
}

export interface BuildControl {
  /** Aborting stops the engine process, removes temporary files and writes nothing. */
  signal?: AbortSignal;
  /** Called as stages start and end, for progress displays. The library itself prints nothing. */
  onStage?: (event: StageEvent) => void;
  /** How option errors name options: `cli` says `--engine`, `api` says `engine`. */
  optionsSource?: OptionsSource;
}

export interface BuildReport {
  /** Absolute path of the written component. */
  out: string;
  /** Absolute path of the written source map, when asked for. */
  sourcemap: string | undefined;
  engine: { name: string; package: string; version: string; variant: string };
  /** Which Wizer took the snapshot. */
  wizer: string;
  /** Cold start measured by verification (instantiate, and the `--verify` call); absent with --no-verify. */
  verification: Verification | undefined;
  /** For `--weval` builds: the weval binary and inline-cache file used. */
  aot: { weval: string; icCache: string } | undefined;
  sizes: Sizes;
  bundleBytes: number;
  /** WIT interfaces the world imports. */
  worldImports: string[];
  /** What the component binary really imports (the engine's own WASI use included): its capabilities. */
  imports: string[];
  /** Globals the engine lacks that the bundle uses and a polyfill provides. */
  polyfilled: string[];
  /** Peak memory of the engine process, in bytes. */
  enginePeakRssBytes: number;
  /** Milliseconds per stage. `wit` and `bundle` run side by side, so stages can add up to more than `totalMs`. */
  stages: { name: StageName; ms: number }[];
  totalMs: number;
}

export interface BuildResult {
  component: Uint8Array;
  report: BuildReport;
  warnings: BuildWarning[];
}

const STAGE_ORDER: readonly StageName[] = ['options', 'wit', 'bundle', 'check', 'engine', 'verify', 'emit'];

/**
 * Builds one component: options → wit ∥ bundle → check → engine (+ Wizer snapshot) → verify → emit.
 *
 * Three things overlap to keep our overhead over the bare engine tool small: the engine's child
 * process starts (and loads the engine package) right after the options are known, and the WIT
 * world loads while esbuild bundles (the bundle needs the world only for polyfill sources).
 */
export async function componentize(options: BuildOptions, control: BuildControl = {}): Promise<BuildResult> {
  const started = performance.now();
  const stages: BuildReport['stages'] = [];
  const stage = async <T>(name: StageName, run: () => Promise<T>): Promise<T> => {
    control.onStage?.({ stage: name, phase: 'start' });
    const t = performance.now();
    try {
      control.signal?.throwIfAborted();
      return await run();
    } catch (error) {
      throw control.signal?.aborted ? new ComponentizeError('CANCELLED', 'the build was cancelled', { stage: name }) : toComponentizeError(error, name);
    } finally {
      const ms = performance.now() - t;
      stages.push({ name, ms });
      control.onStage?.({ stage: name, phase: 'end', ms });
    }
  };

  const resolved = await stage('options', () => resolveOptions(options, control.optionsSource));
  const { engine } = resolved;
  const workDir = await mkdtemp(join(tmpdir(), 'componentize-'));
  const engineProcess = startEngine(engine, workDir, control.signal);
  try {
    const worldLoading = stage('wit', async () => {
      const loaded = await loadWorld(resolved.wit, resolved.world, resolved.cwd);
      const variant = resolved.variant ?? engine.defaultVariant(loaded.model);
      await checkCapabilities(loaded.model, engine, variant, await listEngines(), resolved.wit, resolved.cwd);
      return { ...loaded, variant, warnings: await checkConventions(loaded.model, engine, resolved.wit, resolved.cwd) };
    });
    const bundling = stage('bundle', () => bundleEntry(resolved, polyfillsFor(engine, worldLoading)));
    const [worldResult, bundleResult] = await Promise.allSettled([worldLoading, bundling]);
    // A broken world also breaks the polyfills that need it; its own error is the one to show.
    if (worldResult.status === 'rejected') throw worldResult.reason;
    if (bundleResult.status === 'rejected') throw bundleResult.reason;
    const world = worldResult.value;
    const bundle = bundleResult.value;
    // Every mismatch between the code and the world is reported here, before the slow part.
    const exportWarnings = await stage('check', async () => {
      const warnings = await checkExports(world.model, readExports(bundle.code), resolved.entry, resolved.wit, resolved.cwd);
      if (resolved.typecheck) {
        await typecheckEntry({ entry: resolved.entry, witPath: resolved.wit, world: resolved.world, model: world.model, cwd: resolved.cwd, workDir });
      }
      return warnings;
    });

    const run = await stage('engine', async () => {
      const bundlePath = join(workDir, bundle.fileName);
      // The parity layer adapts the boundary to the engine, after the checks saw the user's code.
      await writeFile(bundlePath, fixU32Boundary(bundle.code, world.model, engine));
      return engineProcess.build({
        bundlePath,
        witPath: world.witPath,
        world: world.world,
        workDir,
        wizer: await resolveWizer(),
        disable: resolved.disable,
        weval: resolved.weval,
        variant: world.variant,
      });
    });

    const verified = resolved.verify
      ? await stage('verify', () =>
          verifyComponent(run.componentPath, world.model, resolved.verifyCall, workDir, control.signal, undefined, bundle.map === undefined ? undefined : stackMapper(bundle.map)),
        )
      : { verification: undefined, warnings: [] };

    const emitted = await stage('emit', async () => {
      const sourcemapPath = bundle.map !== undefined ? `${resolved.out}.map` : undefined;
      const sizes = measureSizes(run.component);
      const imports = await componentImports(run.component);
      // The policy is checked on the binary's real imports, before anything is written.
      checkImportPolicy(imports, resolved.allow, resolved.deny);
      // The map goes first: a component on disk should never point to a missing map.
      if (sourcemapPath && bundle.map) await writeFileAtomic(sourcemapPath, bundle.map);
      control.signal?.throwIfAborted();
      await writeFileAtomic(resolved.out, run.component);
      return { sourcemapPath, sizes: await sizes, imports };
    });

    stages.sort((a, b) => STAGE_ORDER.indexOf(a.name) - STAGE_ORDER.indexOf(b.name));
    return {
      component: run.component,
      report: {
        out: resolved.out,
        sourcemap: emitted.sourcemapPath,
        engine: { name: engine.name, package: engine.packageName, version: await packageVersion(engine.packageName), variant: run.variant },
        wizer: run.wizer,
        aot: run.aot,
        verification: verified.verification,
        sizes: emitted.sizes,
        bundleBytes: Buffer.byteLength(bundle.code),
        worldImports: world.importedInterfaces,
        imports: emitted.imports,
        polyfilled: bundle.polyfilled,
        enginePeakRssBytes: run.peakRssBytes,
        stages,
        totalMs: performance.now() - started,
      },
      warnings: [...world.warnings, ...bundle.warnings, ...exportWarnings, ...verified.warnings],
    };
  } finally {
    engineProcess.dispose();
    await rm(workDir, { recursive: true, force: true });
  }
}
