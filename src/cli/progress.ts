import type { StageEvent } from '../report.js';
import { formatMs } from './print.js';

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

export interface Progress {
  /** The stage listener for one build, shown under `label` (its target or engine). */
  track(label: string): ((event: StageEvent) => void) | undefined;
  /** Clears the line before anything else is printed. */
  clear(): void;
  stop(): void;
}

/**
 * A one-line spinner with each running build's stage and elapsed time, on stderr. Only on a
 * terminal and outside CI: logs and pipes get no control characters.
 */
export function createProgress(enabled: boolean): Progress {
  const stream = process.stderr;
  if (!enabled || !stream.isTTY || process.env.CI) return { track: () => undefined, clear: () => {}, stop: () => {} };
  const running = new Map<string, { stage: string; since: number }>();
  let frame = 0;
  const timer = setInterval(() => {
    if (!running.size) return;
    frame = (frame + 1) % FRAMES.length;
    const parts = [...running].map(([label, s]) => `${s.stage} (${label}) ${formatMs(performance.now() - s.since)}`);
    stream.write(`\r\x1b[2K${FRAMES[frame]} ${parts.join(' · ')}`.slice(0, Math.max(20, (stream.columns ?? 80) - 1)));
  }, 100);
  timer.unref();
  const clear = () => stream.write('\r\x1b[2K');
  return {
    track: (label) => (event) => {
      if (event.phase === 'start') running.set(label, { stage: event.stage, since: performance.now() });
      else running.delete(label);
    },
    clear,
    stop() {
      clearInterval(timer);
      clear();
    },
  };
}
