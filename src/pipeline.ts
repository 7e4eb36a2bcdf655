/**
 * The pipeline, top-down. One build flows one way through the stages, one folder each:
 *
 *   options   (src/options/)    validate and resolve everything once: paths, engine, binaries, cache
 *   cache     (src/cache/)      a repeated build is found here and skips everything below
 *   bundle    (src/bundle/)     esbuild: TS, npm packages, JSON; polyfills for the globals the engine lacks
 *   wit       (src/wit/)        the world, resolved by wasm-tools (memoized by the WIT's bytes), as a model (runs beside bundle)
 *   check     (src/check/)      the code against the world and the engine, before the slow part
 *   wit-dylib (src/wit-dylib/)  the engine contract and the glue generated from the world at the boundary
 *   engine    (src/engines/)    the engine builds the component (its hooks may rewrite the world: src/world-transforms/)
 *   snapshot  (src/snapshot/)   Wizer (and optionally weval) as the engine runs them
 *   verify    (src/verify/)     instantiate (and call) the component before anything is written
 *   emit      (src/emit/)       write the component and its map atomically; the report
 *
 * Beneath the stages, capabilities they share: src/component/ (component binaries), src/http/
 * (HTTP inside the component), src/host/ (running a component in Node), src/js/ (JavaScript as
 * text), src/store/ (the cache directory's layout, hashes, memos, atomic writes), src/toolchain/
 * (our own packages and tools). Imports only run down that house: the README's Layout section
 * lists its floors, and test/unit/architecture.test.ts holds every import to them.
 *
 * This module only wires the stages: the cache fast path, then options, then the cache around
 * the build (src/build/), then one emit for every outcome.
 */
import { lookupBeforeResolving } from './cache/fast-path.js';
import { buildResult, emitBuilt } from './emit/emit.js';
import { TargetHistory } from './emit/history.js';
import { type BuildWarning, withWarnings } from './errors.js';
import type { BuildOptions } from './options/schema.js';
import type { BuildControl, BuildResult } from './report.js';
import { stageRunner } from './stage-runner.js';

export type { BuildControl, BuildReport, BuildResult, CacheStatus, StageEvent, StageName, StepTime } from './report.js';

/**
 * Builds one component: options → cache → wit ∥ bundle → check → wit-dylib → engine (+ Wizer
 * snapshot) → verify → emit.
 *
 * A repeated build stops at the cache stage, before its options are validated: the options as
 * given and the recorded hashes of its input files find the previous output, which is written
 * without loading the validator, the bundler, the WIT tools or an engine — those modules are
 * imported only when something must be built.
 */
export async function componentize(options: BuildOptions, control: BuildControl = {}): Promise<BuildResult> {
  const started = performance.now();
  const { stage, stages } = stageRunner(control);
  const early = options?.cache === false ? undefined : await stage('cache', () => lookupBeforeResolving(options));
  if (early?.hit) {
    const { hit } = early;
    const emitted = await stage('emit', () =>
      emitBuilt(hit.build, hit.emit, control.signal, new TargetHistory(early.dir)),
    );
    return buildResult(hit.build, {
      target: hit.emit,
      emitted,
      cache: { status: 'hit', key: hit.key, dir: early.dir },
      stages: stages(),
      started,
      warnings: early.warnings,
    });
  }

  // Nothing is cached: the build's modules (esbuild, the checks, ...) load while the options resolve.
  const modules = Promise.all([import('./cache/cached-build.js'), import('./build/build.js')]);
  modules.catch(() => {});
  const { resolveOptions } = await import('./options/resolve.js');
  const resolved = await stage('options', () => resolveOptions(options, control.optionsSource));
  const [{ buildThroughCache }, { buildComponent }] = await modules;
  // Warnings of the stages that finished, so that a failure still reports them.
  const warnings: BuildWarning[] = [];
  try {
    const run = await buildThroughCache(resolved, early, stage, (cache) =>
      buildComponent(resolved, { stage, signal: control.signal, warnings, cache, verifyIn: control.verifyIn }),
    );
    // Without a cache there is no record of earlier outputs: a budget failure then gives no previous size.
    const history = run.cache.dir === undefined ? undefined : new TargetHistory(run.cache.dir);
    const emitted = await stage('emit', () => emitBuilt(run.built, resolved, control.signal, history));
    return buildResult(run.built, {
      target: resolved,
      emitted,
      cache: run.cache,
      stages: stages(),
      started,
      warnings: run.warnings,
    });
  } catch (error) {
    throw withWarnings(error, warnings);
  }
}
