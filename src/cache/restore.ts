import type { BuildWarning } from '../errors.js';
import { checkImportPolicy } from '../emit/policy.js';
import { copyFileAtomic, writeFileAtomic } from '../emit/write-atomic.js';
import type { BuildResult } from '../report.js';
import type { CacheHit } from './session.js';

/** Where and under which import policy a build writes its output (recorded with a cache entry's inputs). */
export interface EmitTarget {
  out: string;
  allow: readonly string[];
  deny: readonly string[];
}

/** Writes a cached build like a fresh one: policy first, the map before the component, each atomically. */
export async function emitCached(hit: CacheHit, options: EmitTarget): Promise<void> {
  checkImportPolicy(hit.build.report.imports, options.allow, options.deny);
  if (hit.build.map !== undefined) await writeFileAtomic(`${options.out}.map`, hit.build.map);
  // Entries are immutable once in place, so the file just verified is the file copied.
  await copyFileAtomic(hit.build.componentPath, options.out);
}

export function cachedResult(
  hit: CacheHit,
  options: EmitTarget,
  cache: { dir: string; warnings: readonly BuildWarning[] },
  stages: BuildResult['report']['stages'],
  started: number,
): BuildResult {
  return {
    component: hit.build.component,
    report: {
      ...hit.build.report,
      out: options.out,
      sourcemap: hit.build.map === undefined ? undefined : `${options.out}.map`,
      cache: { status: 'hit', key: hit.key, dir: cache.dir },
      stages,
      totalMs: performance.now() - started,
    },
    warnings: [...cache.warnings, ...hit.build.warnings],
  };
}
