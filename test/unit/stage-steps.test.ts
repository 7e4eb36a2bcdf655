import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import type { StageEvent } from '../../src/report.js';
import { stageRunner } from '../../src/stage-runner.js';

// The clock is vitest's: each step's time is what the test advanced, exactly.
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['performance'] });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('sub-steps of a stage', () => {
  test('are told as they are entered, timed until the next one or the end, and reported', async () => {
    const events: StageEvent[] = [];
    const { stage, stages } = stageRunner({ onStage: (e) => events.push(e) });
    await stage('engine', async (step) => {
      vi.advanceTimersByTime(5); // before any step: in the stage, in no step
      step('world');
      vi.advanceTimersByTime(20);
      step('snapshot');
      vi.advanceTimersByTime(3000);
      step('finish');
      vi.advanceTimersByTime(100);
      step('finish'); // entered again: goes on adding up
      vi.advanceTimersByTime(50);
    });
    const steps = [
      { name: 'world', ms: 20 },
      { name: 'snapshot', ms: 3000 },
      { name: 'finish', ms: 150 },
    ];
    expect(events).toEqual([
      { stage: 'engine', phase: 'start' },
      { stage: 'engine', phase: 'step', step: 'world' },
      { stage: 'engine', phase: 'step', step: 'snapshot' },
      { stage: 'engine', phase: 'step', step: 'finish' },
      { stage: 'engine', phase: 'step', step: 'finish' },
      { stage: 'engine', phase: 'end', ms: 3175, steps },
    ]);
    expect(stages()).toEqual([{ name: 'engine', ms: 3175, startMs: expect.any(Number), steps }]);
  });

  test('a stage that names none has no `steps`, in its end event or the report', async () => {
    const events: StageEvent[] = [];
    const { stage, stages } = stageRunner({ onStage: (e) => events.push(e) });
    await stage('bundle', async () => vi.advanceTimersByTime(7));
    expect(events.at(-1)).toEqual({ stage: 'bundle', phase: 'end', ms: 7 });
    expect(stages()[0]).not.toHaveProperty('steps');
  });

  test('a step named after its stage ended (an engine that outlived a cancel) is dropped', async () => {
    const events: StageEvent[] = [];
    const { stage, stages } = stageRunner({ onStage: (e) => events.push(e) });
    let late: ((name: string) => void) | undefined;
    await expect(
      stage('engine', async (step) => {
        late = step;
        step('snapshot');
        vi.advanceTimersByTime(10);
        throw new Error('the engine failed');
      }),
    ).rejects.toThrow('the engine failed');
    late!('finish');
    expect(events.map((e) => e.step ?? e.phase)).toEqual(['start', 'snapshot', 'end']);
    expect(stages()[0]!.steps).toEqual([{ name: 'snapshot', ms: 10 }]);
  });

  test('a stage run twice adds up the steps of both runs', async () => {
    const { stage, stages } = stageRunner({});
    for (const ms of [10, 30]) {
      await stage('cache', async (step) => {
        step('lookup');
        vi.advanceTimersByTime(ms);
      });
    }
    expect(stages()).toEqual([
      { name: 'cache', ms: 40, startMs: expect.any(Number), steps: [{ name: 'lookup', ms: 40 }] },
    ]);
  });
});
