import { describe, expect, test } from 'vitest';
import { progressOn } from '../../src/cli/progress.js';

/** A stream that keeps what was written; `screen` is what a terminal shows on the current line. */
function fakeStream(isTTY: boolean) {
  const chunks: string[] = [];
  return {
    isTTY,
    columns: 200,
    chunks,
    write(chunk: string) {
      chunks.push(chunk);
      return true;
    },
    get text() {
      return chunks.join('');
    },
    /** The line a terminal would show: the text after the last line clear. */
    get screen() {
      const text = chunks.join('');
      return text.slice(text.lastIndexOf('\x1b[2K') + 4);
    },
  };
}

function clock() {
  let t = 0;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe('progress on a terminal', () => {
  test('a stage that ends does not hide another stage of the same build still running', () => {
    const stream = fakeStream(true);
    const time = clock();
    const progress = progressOn({ stream, interactive: true, now: time.now });
    const onStage = progress.track('src/app.ts')!;
    onStage({ stage: 'wit', phase: 'start' });
    onStage({ stage: 'bundle', phase: 'start' });
    onStage({ stage: 'wit', phase: 'end', ms: 20 });
    progress.tick();
    expect(stream.screen).toMatch(/^. bundle 0 ms \(src\/app\.ts\)$/);
    onStage({ stage: 'bundle', phase: 'end', ms: 90 });
    onStage({ stage: 'engine', phase: 'start' });
    onStage({ stage: 'wit', phase: 'start' });
    onStage({ stage: 'wit', phase: 'end', ms: 5 });
    time.advance(18_200);
    progress.tick();
    expect(stream.screen).toMatch(/^. engine 18\.2 s \(src\/app\.ts\)$/);
    progress.stop();
    expect(stream.screen).toBe('');
  });

  test('the same stage of two builds shows twice; one ending leaves the other', () => {
    const stream = fakeStream(true);
    const progress = progressOn({ stream, interactive: true, now: () => 0 });
    const a = progress.track('a')!;
    const b = progress.track('b')!;
    a({ stage: 'engine', phase: 'start' });
    b({ stage: 'engine', phase: 'start' });
    progress.tick();
    expect(stream.screen).toMatch(/engine 0 ms \(a\) · engine 0 ms \(b\)$/);
    a({ stage: 'engine', phase: 'end', ms: 3000 });
    progress.tick();
    expect(stream.screen).toMatch(/^. engine 0 ms \(b\)$/);
    progress.stop();
  });

  test("shows the stage's sub-step and its time; a step entered again goes on counting", () => {
    const stream = fakeStream(true);
    const time = clock();
    const progress = progressOn({ stream, interactive: true, now: time.now });
    const onStage = progress.track('app.ts')!;
    onStage({ stage: 'engine', phase: 'start' });
    time.advance(500);
    progress.tick();
    expect(stream.screen).toMatch(/^. engine 500 ms \(app\.ts\)$/);
    onStage({ stage: 'engine', phase: 'step', step: 'snapshot' });
    time.advance(10_200);
    progress.tick();
    expect(stream.screen).toMatch(/^. engine 10\.7 s › snapshot 10\.2 s \(app\.ts\)$/);
    onStage({ stage: 'engine', phase: 'step', step: 'finish' });
    time.advance(1600);
    onStage({ stage: 'engine', phase: 'step', step: 'finish' });
    time.advance(500);
    progress.tick();
    expect(stream.screen).toMatch(/^. engine 12\.8 s › finish 2\.1 s \(app\.ts\)$/);
    onStage({ stage: 'engine', phase: 'end', ms: 12_800, steps: [{ name: 'snapshot', ms: 10_200 }] });
    progress.tick();
    expect(stream.screen).toBe('');
    progress.stop();
    expect(stream.text).not.toContain('\n');
  });

  test('the step of one build does not show on another', () => {
    const stream = fakeStream(true);
    const progress = progressOn({ stream, interactive: true, now: () => 0 });
    const a = progress.track('a')!;
    const b = progress.track('b')!;
    a({ stage: 'engine', phase: 'start' });
    b({ stage: 'engine', phase: 'start' });
    b({ stage: 'engine', phase: 'step', step: 'splice' });
    progress.tick();
    expect(stream.screen).toMatch(/engine 0 ms \(a\) · engine 0 ms › splice 0 ms \(b\)$/);
    progress.stop();
  });

  test('prints no plain lines on a terminal', () => {
    const stream = fakeStream(true);
    const progress = progressOn({ stream, interactive: true, now: () => 0 });
    const onStage = progress.track('x')!;
    onStage({ stage: 'engine', phase: 'start' });
    onStage({ stage: 'engine', phase: 'end', ms: 20_000 });
    progress.stop();
    expect(stream.text).not.toContain('\n');
  });
});

describe('progress in a log', () => {
  test('one plain line per stage of a second or more, no control characters', () => {
    const stream = fakeStream(false);
    const progress = progressOn({ stream, interactive: false, now: () => 0 });
    const onStage = progress.track('src/app.ts')!;
    for (const [stage, ms] of [
      ['options', 12],
      ['bundle', 93],
      ['engine', 18_240],
      ['verify', 1000],
    ] as const) {
      onStage({ stage, phase: 'start' });
      progress.tick();
      onStage({ stage, phase: 'end', ms });
    }
    progress.stop();
    expect(stream.text.split('\n')).toEqual(['engine src/app.ts 18.2s', 'verify src/app.ts 1.0s', '']);
  });

  test("a slow stage's line lists its sub-steps of 0.1 s or more; steps print nothing of their own", () => {
    const stream = fakeStream(false);
    const progress = progressOn({ stream, interactive: false, now: () => 0 });
    const onStage = progress.track('app.ts')!;
    onStage({ stage: 'engine', phase: 'start' });
    for (const step of ['world', 'build', 'splice', 'snapshot', 'component']) {
      onStage({ stage: 'engine', phase: 'step', step });
    }
    expect(stream.text).toBe('');
    onStage({
      stage: 'engine',
      phase: 'end',
      ms: 12_600,
      steps: [
        { name: 'world', ms: 40 },
        { name: 'build', ms: 99.9 },
        { name: 'splice', ms: 6100 },
        { name: 'snapshot', ms: 1340 },
        { name: 'component', ms: 800 },
      ],
    });
    progress.stop();
    expect(stream.text).toBe('engine app.ts 12.6s (splice 6.1s, snapshot 1.3s, component 0.8s)\n');
  });

  test('a slow stage with one step long enough to show, or none named, has no list', () => {
    const stream = fakeStream(false);
    const progress = progressOn({ stream, interactive: false, now: () => 0 });
    const onStage = progress.track('app.ts')!;
    onStage({ stage: 'engine', phase: 'start' });
    const steps = [
      { name: 'world', ms: 20 },
      { name: 'build', ms: 16_900 },
      { name: 'finish', ms: 60 },
    ];
    onStage({ stage: 'engine', phase: 'end', ms: 17_000, steps });
    onStage({ stage: 'verify', phase: 'start' });
    onStage({ stage: 'verify', phase: 'end', ms: 1500 });
    progress.stop();
    expect(stream.text).toBe('engine app.ts 17.0s\nverify app.ts 1.5s\n');
  });

  test('a stage under a second prints no line, whatever its steps', () => {
    const stream = fakeStream(false);
    const progress = progressOn({ stream, interactive: false, now: () => 0 });
    const onStage = progress.track('app.ts')!;
    onStage({ stage: 'engine', phase: 'start' });
    onStage({ stage: 'engine', phase: 'step', step: 'snapshot' });
    onStage({ stage: 'engine', phase: 'end', ms: 900, steps: [{ name: 'snapshot', ms: 850 }] });
    progress.stop();
    expect(stream.text).toBe('');
  });
});
