import type { StageEvent } from '../pipeline.js';
import { formatMs } from './print.js';

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/**
 * A one-line spinner with the running stage and its elapsed time, on stderr. Only on a terminal
 * and outside CI: logs and pipes get no control characters.
 */
export function createProgress(enabled: boolean, label: string) {
  const stream = process.stderr;
  if (!enabled || !stream.isTTY || process.env.CI) return { onStage: undefined, stop: () => {} };
  let current: { stage: string; since: number } | undefined;
  let frame = 0;
  const timer = setInterval(() => {
    if (!current) return;
    frame = (frame + 1) % FRAMES.length;
    stream.write(`\r\x1b[2K${FRAMES[frame]} ${current.stage} (${label}) ${formatMs(performance.now() - current.since)}`);
  }, 100);
  timer.unref();
  return {
    onStage(event: StageEvent) {
      current = event.phase === 'start' ? { stage: event.stage, since: performance.now() } : undefined;
    },
    stop() {
      clearInterval(timer);
      stream.write('\r\x1b[2K');
    },
  };
}
