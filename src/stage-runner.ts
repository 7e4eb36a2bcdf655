import { cancelled, toComponentizeError, withStage } from './errors.js';
import { type BuildControl, type BuildReport, STAGE_ORDER, type StageRunner } from './report.js';

/**
 * Times each stage, tells `onStage`, and turns failures (or an abort) into our error type,
 * stamped with the stage they left unless the throw site named one.
 */
export function stageRunner(control: BuildControl): { stage: StageRunner; stages: () => BuildReport['stages'] } {
  const stages: BuildReport['stages'] = [];
  const stage: StageRunner = async (name, run) => {
    control.onStage?.({ stage: name, phase: 'start' });
    const t = performance.now();
    try {
      control.signal?.throwIfAborted();
      return await run();
    } catch (error) {
      throw withStage(
        control.signal?.aborted ? cancelled('the build was cancelled') : toComponentizeError(error),
        name,
      );
    } finally {
      const ms = performance.now() - t;
      // A stage that runs twice (the cache is asked before and after bundling) is reported once.
      const seen = stages.find((s) => s.name === name);
      if (seen) seen.ms += ms;
      else stages.push({ name, ms, startMs: t });
      control.onStage?.({ stage: name, phase: 'end', ms });
    }
  };
  return { stage, stages: () => [...stages].sort((a, b) => STAGE_ORDER.indexOf(a.name) - STAGE_ORDER.indexOf(b.name)) };
}
