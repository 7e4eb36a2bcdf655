import { availableParallelism } from 'node:os';
import { type ComponentizeError, toComponentizeError } from '../errors.js';
import { componentize } from '../pipeline.js';
import type { BuildControl, BuildResult } from '../report.js';
import type { BuildTarget } from './targets.js';

export type TargetOutcome =
  | { target: BuildTarget; ok: true; result: BuildResult }
  | { target: BuildTarget; ok: false; error: ComponentizeError };

/**
 * Builds several targets, up to `concurrency` at once (default: the CPU count). A failing target
 * fails only itself: the others run to the end and each writes its own output atomically.
 * Results arrive through `onOutcome` as each finishes and are returned in target order.
 */
export async function componentizeTargets(
  targets: readonly BuildTarget[],
  control: Omit<BuildControl, 'optionsSource' | 'onStage'> & {
    concurrency?: number;
    onOutcome?: (outcome: TargetOutcome) => void;
    onStage?: (target: BuildTarget) => BuildControl['onStage'];
  } = {},
): Promise<TargetOutcome[]> {
  const outcomes: TargetOutcome[] = new Array(targets.length);
  let next = 0;
  const worker = async () => {
    while (next < targets.length) {
      const index = next++;
      const target = targets[index]!;
      const outcome: TargetOutcome = await componentize(target.options, {
        signal: control.signal,
        optionsSource: target.naming,
        onStage: control.onStage?.(target),
        ...(control.verifyIn ? { verifyIn: control.verifyIn } : {}),
      }).then(
        (result) => ({ target, ok: true as const, result }),
        (error: unknown) => ({ target, ok: false as const, error: toComponentizeError(error) }),
      );
      outcomes[index] = outcome;
      control.onOutcome?.(outcome);
    }
  };
  const lanes = Math.max(1, Math.min(control.concurrency ?? availableParallelism(), targets.length));
  await Promise.all(Array.from({ length: lanes }, worker));
  return outcomes;
}
