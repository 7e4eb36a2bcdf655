import { cancelled, toComponentizeError, withStage } from './errors.js';
import { type BuildControl, type BuildReport, STAGE_ORDER, type StageRunner, type StepTime } from './report.js';

/**
 * Times each stage (and the sub-steps it names), tells `onStage`, and turns failures (or an
 * abort) into our error type, stamped with the stage they left unless the throw site named one.
 */
export function stageRunner(control: BuildControl): { stage: StageRunner; stages: () => BuildReport['stages'] } {
  const stages: BuildReport['stages'] = [];
  const stage: StageRunner = async (name, run) => {
    control.onStage?.({ stage: name, phase: 'start' });
    const t = performance.now();
    const steps = stepTimes();
    let running = true;
    const step = (stepName: string) => {
      // An engine that outlives its stage (cancelled, or past its time limit, in this process) names no more.
      if (!running) return;
      steps.enter(stepName, performance.now());
      control.onStage?.({ stage: name, phase: 'step', step: stepName });
    };
    try {
      control.signal?.throwIfAborted();
      return await run(step);
    } catch (error) {
      throw withStage(
        control.signal?.aborted ? cancelled('the build was cancelled') : toComponentizeError(error),
        name,
      );
    } finally {
      running = false;
      const end = performance.now();
      const ms = end - t;
      const named = steps.end(end);
      // A stage that runs twice (the cache is asked before and after bundling) is reported once.
      const seen = stages.find((s) => s.name === name);
      if (seen) {
        seen.ms += ms;
        if (named.length) seen.steps = addUp([...(seen.steps ?? []), ...named]);
      } else stages.push({ name, ms, startMs: t, ...(named.length ? { steps: named } : {}) });
      control.onStage?.({ stage: name, phase: 'end', ms, ...(named.length ? { steps: named } : {}) });
    }
  };
  return { stage, stages: () => [...stages].sort((a, b) => STAGE_ORDER.indexOf(a.name) - STAGE_ORDER.indexOf(b.name)) };
}

/** The sub-steps of one stage run: each runs from its `enter` to the next one's, or to the stage's end. */
function stepTimes() {
  const times: StepTime[] = [];
  let current: { time: StepTime; since: number } | undefined;
  const close = (at: number) => {
    if (current) current.time.ms += at - current.since;
    current = undefined;
  };
  return {
    enter(name: string, at: number) {
      close(at);
      let time = times.find((s) => s.name === name);
      if (!time) times.push((time = { name, ms: 0 }));
      current = { time, since: at };
    },
    end(at: number): StepTime[] {
      close(at);
      return times.map((s) => ({ ...s }));
    },
  };
}

/** Steps of the same name added up, in the order each first appears. */
function addUp(steps: StepTime[]): StepTime[] {
  const sums: StepTime[] = [];
  for (const s of steps) {
    const sum = sums.find((x) => x.name === s.name);
    if (sum) sum.ms += s.ms;
    else sums.push({ ...s });
  }
  return sums;
}
