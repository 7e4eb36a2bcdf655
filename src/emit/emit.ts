import { rm } from 'node:fs/promises';
import type { BuildWarning } from '../errors.js';
import type { EmitTarget } from '../options/types.js';
import type { BudgetReport, BuildResult, Built, CacheStatus } from '../report.js';
import { copyFileAtomic, writeFileAtomic } from '../store/write-atomic.js';
import { checkBudget } from './budget.js';
import type { TargetHistory } from './history.js';
import { refuseOutputOverInput } from './output-guard.js';
import { checkImportPolicy } from './policy.js';

/** What an emit did besides writing: where the map went, the budget's figures and its warnings. */
export interface Emitted {
  sourcemap: string | undefined;
  budget: BudgetReport | undefined;
  warnings: BuildWarning[];
}

/**
 * Writes a component, fresh or from the cache, the same way: the import policy and the budget are
 * checked first (a failure writes nothing), the map goes before the component (a component on
 * disk should never point to a missing map), each written atomically. `history` (the cache's
 * record of earlier outputs) gives a budget failure the previous size, and learns this one.
 */
export async function emitBuilt(
  built: Built,
  target: EmitTarget,
  signal?: AbortSignal,
  history?: TargetHistory,
): Promise<Emitted> {
  checkImportPolicy(built.report.imports, target.allow, target.deny);
  const checked = target.budget
    ? checkBudget(built.report, target.out, target.budget, await history?.previous(target.out))
    : undefined;
  const sourcemap = built.map === undefined || target.sourcemap === false ? undefined : `${target.out}.map`;
  refuseOutputOverInput([target.out, `${target.out}.map`], built.report.inputs ?? []);
  if (sourcemap !== undefined) await writeFileAtomic(sourcemap, built.map!);
  signal?.throwIfAborted();
  // A cache entry is immutable once in place, so the file just verified is the file copied (by
  // the kernel: for a 12 MB component, 5 ms instead of 20–50 ms through a buffer).
  // A build sharing the cache directory may prune the entry between our read and this copy: the
  // bytes read (and verified) then go out from memory.
  if (built.componentPath !== undefined)
    await copyFileAtomic(built.componentPath, target.out).catch((error: Error) => {
      // Only a vanished entry (ENOENT of the copy's source); any other failure is the user's to see.
      if ((error.cause as NodeJS.ErrnoException | undefined)?.code !== 'ENOENT') throw error;
      return writeFileAtomic(target.out, built.component);
    });
  else await writeFileAtomic(target.out, built.component);
  // A map of an earlier build with --sourcemap would now describe another component.
  if (sourcemap === undefined) await rm(`${target.out}.map`, { force: true });
  await history?.record(target.out, built.report.sizes);
  return { sourcemap, budget: checked?.budget, warnings: checked?.warnings ?? [] };
}

/** What this run adds to a built component's stored report: where it went, the cache, the timings. */
export interface RunFacts {
  target: EmitTarget;
  emitted: Emitted;
  cache: CacheStatus;
  stages: BuildResult['report']['stages'];
  started: number;
  /** Warnings of this run that are not part of the build (the cache's own). */
  warnings: readonly BuildWarning[];
}

/** The one report builder, for built and cached components alike. */
export function buildResult(built: Built, facts: RunFacts): BuildResult {
  return {
    component: built.component,
    report: {
      ...built.report,
      out: facts.target.out,
      sourcemap: facts.emitted.sourcemap,
      budget: facts.emitted.budget,
      cache: facts.cache,
      stages: facts.stages,
      totalMs: performance.now() - facts.started,
    },
    warnings: [...facts.warnings, ...built.warnings, ...facts.emitted.warnings],
  };
}
