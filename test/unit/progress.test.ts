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
});
