import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleEntry } from './bundle/bundle.js';
import { checkEngineLimits } from './check/engine-limits.js';
import { readExports } from './check/read-exports.js';
import { parseBundle } from './bundle/parse.js';
import { componentImports } from './emit/imports.js';
import { checkImportPolicy } from './emit/policy.js';
import { measureSizes } from './emit/sizes.js';
import { writeFileAtomic } from './emit/write-atomic.js';
import type { ResolvedOptions } from './options/resolve.js';
import { cachedResult, emitCached } from './cache/restore.js';
import { buildInputFiles } from './cache/inputs.js';
import type { BuildContext } from './pipeline.js';
import type { BuildResult, StoredReport } from './report.js';
import { stackMapper } from './run/stack-map.js';
import { startEngine } from './engines/run-engine.js';
import { verifyComponent } from './verify/verify.js';
import { resolveWizer } from './snapshot/wizer.js';
import { checkCapabilities } from './check/capabilities.js';
import { checkConventions } from './check/conventions.js';
import { checkExports } from './check/exports.js';
import { loadWorld } from './wit/load.js';
import { typecheckEntry } from './check/typecheck.js';
import { polyfillsFor } from './bundle/globals/polyfills.js';
import { adaptBoundary } from './wit-dylib/boundary.js';
import { augmentWorld } from './wit/augment.js';
import { ENGINES } from './engines/registry.js';
import { packageVersion } from './shared/package-version.js';

/**
 * The build when the cache had nothing: wit ∥ bundle → check → engine → verify → emit.
 *
 * Three things overlap to keep our overhead over the bare engine tool small: the engine's child
 * process starts (and loads the engine package) right after the options are known, and the WIT
 * world loads while esbuild bundles (the bundle needs the world only for polyfill sources).
 */
export async function buildComponent(resolved: ResolvedOptions, context: BuildContext): Promise<BuildResult> {
  const { control, stage, cache } = context;
  const { engine } = resolved;
  const workDir = await mkdtemp(join(tmpdir(), 'componentize-'));
  const engineProcess = startEngine(engine, workDir, control.signal);
  try {
    const worldLoading = stage('wit', async () => {
      const loaded = await loadWorld(resolved.wit, resolved.world, resolved.cwd);
      const variant = resolved.variant ?? engine.defaultVariant(loaded.model);
      await checkCapabilities(loaded.model, engine, variant, ENGINES, resolved.wit, resolved.cwd);
      return { ...loaded, variant, warnings: await checkConventions(loaded.model, engine, resolved.wit, resolved.cwd) };
    });
    const bundling = stage('bundle', () => bundleEntry(resolved, polyfillsFor(engine, worldLoading, resolved.disable.all)));
    const [worldResult, bundleResult] = await Promise.allSettled([worldLoading, bundling]);
    // A broken world also breaks the polyfills that need it; its own error is the one to show.
    if (worldResult.status === 'rejected') throw worldResult.reason;
    if (bundleResult.status === 'rejected') throw bundleResult.reason;
    const world = worldResult.value;
    const bundle = bundleResult.value;
    const inputFiles = await buildInputFiles(bundle.inputs, resolved.wit);
    const inputHashes = cache?.hashInputs(inputFiles);
    // Every mismatch between the code and the world is reported here, before the slow part.
    const { program, warnings: exportWarnings } = await stage('check', async () => {
      const program = parseBundle(bundle.code);
      const warnings = [
        ...(await checkExports(world.model, readExports(program), resolved.entry, resolved.wit, resolved.cwd)),
        ...checkEngineLimits(program, bundle.locator, engine),
      ];
      if (resolved.typecheck) {
        await typecheckEntry({ entry: resolved.entry, witPath: resolved.wit, world: resolved.world, model: world.model, cwd: resolved.cwd, workDir });
      }
      return { program, warnings };
    });

    // The parity layer adapts the boundary to the engine, after the checks saw the user's code.
    const adapted = adaptBoundary(bundle.code, program, world.model, engine, { wasiDisabled: resolved.disable.all });
    const engineCode = adapted.code;
    const key = cache && (await cache.contentKey({ code: engineCode, fileName: bundle.fileName, map: bundle.map, resolvedWit: world.encoded, world: world.world, variant: world.variant }));
    const hit = cache && key ? await stage('cache', async () => cache.lookupByContent(key, await inputHashes!)) : undefined;
    if (cache && hit) {
      engineProcess.dispose();
      await stage('emit', () => emitCached(hit, resolved));
      return cachedResult(hit, resolved, cache, context.stages(), context.started);
    }

    const run = await stage('engine', async () => {
      const bundlePath = join(workDir, bundle.fileName);
      await writeFile(bundlePath, engineCode);
      // WASI interfaces the polyfills and the parity layer call, added to the engine's copy of the world.
      const augmented = await augmentWorld(world.witPath, world.model, [...bundle.polyfillRequires, ...adapted.requires], workDir);
      return engineProcess.build({
        bundlePath,
        witPath: augmented?.witPath ?? world.witPath,
        world: augmented?.world ?? world.world,
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

    const stored: StoredReport = {
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
      inputs: inputFiles,
      reproducible: engine.reproducible,
    };
    const warnings = [...world.warnings, ...bundle.warnings, ...exportWarnings, ...verified.warnings];
    if (cache && key) await cache.store(key, { component: run.component, map: bundle.map, report: stored, warnings }, await inputHashes!);
    return {
      component: run.component,
      report: {
        ...stored,
        out: resolved.out,
        sourcemap: emitted.sourcemapPath,
        cache: { status: cache ? 'miss' : 'off', key, dir: cache?.dir },
        stages: context.stages(),
        totalMs: performance.now() - context.started,
      },
      warnings: [...warnings, ...(cache?.warnings ?? [])],
    };
  } finally {
    engineProcess.dispose();
    await rm(workDir, { recursive: true, force: true });
  }
}
