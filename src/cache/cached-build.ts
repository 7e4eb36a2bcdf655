import type { BuildWarning } from '../errors.js';
import type { ResolvedOptions } from '../options/types.js';
import type { BuildOutcome, Built, CacheStatus, StageRunner } from '../report.js';
import type { EarlyLookup } from './fast-path.js';
import { CacheSession, type ContentCache } from './session.js';

export interface CachedBuildRun {
  built: Built;
  cache: CacheStatus;
  /** The cache's own warnings (a damaged entry, a failed store). */
  warnings: BuildWarning[];
}

/**
 * The cache around the build: lookup → build → store. A hit by the resolved options' inputs
 * skips the build; the build itself may find an entry of the same content halfway (it asks
 * through `ContentCache`); a fresh component is stored. Emitting is the caller's, the same for
 * every outcome.
 */
export async function buildThroughCache(
  resolved: ResolvedOptions,
  early: EarlyLookup | undefined,
  stage: StageRunner,
  build: (cache: ContentCache | undefined) => Promise<BuildOutcome>,
): Promise<CachedBuildRun> {
  if (!resolved.cache) {
    const outcome = await build(undefined);
    return { built: outcome.built, cache: { status: 'off', key: undefined, dir: undefined }, warnings: [] };
  }
  const session = new CacheSession(resolved, resolved.cache, early?.key);
  session.warnings.push(...(early?.warnings ?? []));
  // Without an early key (e.g. weval, whose binary is found while resolving) the resolved options are the key.
  const hit = early ? undefined : await stage('cache', () => session.lookupByInputs());
  if (hit) return { built: hit.build, cache: session.status(hit.key), warnings: session.warnings };
  const outcome = await build(session);
  if (outcome.from === 'cache')
    return { built: outcome.built, cache: session.status(outcome.key), warnings: session.warnings };
  await session.store(outcome.built);
  return { built: outcome.built, cache: session.status(), warnings: session.warnings };
}
