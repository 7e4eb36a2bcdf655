import { DEFAULT_CACHE_MAX_BYTES, defaultCacheDir } from './cache/location.js';
import { cachedResult, emitCached } from './cache/restore.js';
import { lookupBeforeResolving } from './cache/fast-path.js';
import { CacheSession } from './cache/session.js';
import type { BuildOptions } from './options/schema.js';
import { stageRunner, type BuildControl, type BuildResult, type StageRunner } from './report.js';

export type { BuildControl, BuildReport, BuildResult, CacheStatus, StageEvent, StageName } from './report.js';

/**
 * Builds one component: options → cache → wit ∥ bundle → check → engine (+ Wizer snapshot) →
 * verify → emit.
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
    const hit = early.hit;
    await stage('emit', () => emitCached(hit, hit.emit));
    return cachedResult(hit, hit.emit, early, stages(), started);
  }
  const { resolveOptions } = await import('./options/resolve.js');
  const resolved = await stage('options', () => resolveOptions(options, control.optionsSource));
  const cache = resolved.cache
    ? new CacheSession(resolved, { dir: resolved.cache.dir ?? defaultCacheDir(resolved.cwd), maxBytes: resolved.cache.maxBytes ?? DEFAULT_CACHE_MAX_BYTES }, early?.key)
    : undefined;
  cache?.warnings.push(...(early?.warnings ?? []));
  // Without an early key (e.g. weval, whose binary is found while resolving) the resolved options are the key.
  const hit = cache && !early ? await stage('cache', () => cache.lookupByInputs()) : undefined;
  if (cache && hit) {
    await stage('emit', () => emitCached(hit, resolved));
    return cachedResult(hit, resolved, cache, stages(), started);
  }
  const { buildComponent } = await import('./build-stages.js');
  return buildComponent(resolved, { control, stage, stages, started, cache });
}

export interface BuildContext {
  control: BuildControl;
  stage: StageRunner;
  stages: () => BuildResult['report']['stages'];
  started: number;
  cache: CacheSession | undefined;
}
