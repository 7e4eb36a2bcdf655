import type { StageEvent, StepTime } from '../report.js';
import { formatMs } from './print.js';

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/** A stage that took at least this long gets its own line in a plain log: the quick ones are noise there. */
const SLOW_STAGE_MS = 1000;

/** A sub-step shorter than this is left out of a stage's plain line (it would print as `0.0s`). */
const LISTED_STEP_MS = 100;

export interface Progress {
  /** The stage listener for one build, shown under `label` (its target or engine). */
  track(label: string): ((event: StageEvent) => void) | undefined;
  /** Clears the line before anything else is printed. */
  clear(): void;
  stop(): void;
}

/** Where progress goes: stderr, or a stand-in in tests. */
export interface ProgressStream {
  write(chunk: string): unknown;
  isTTY?: boolean | undefined;
  columns?: number | undefined;
}

export interface ProgressSettings {
  stream: ProgressStream;
  /** A spinner line redrawn in place (a terminal outside CI), or plain lines for logs and pipes. */
  interactive: boolean;
  /** The clock, in ms (`performance.now()`). */
  now?: () => number;
}

/**
 * Progress on stderr, nothing at all when `enabled` is false (`--quiet`). On a terminal outside
 * CI, a one-line spinner with every running stage of every build, its sub-step and their elapsed
 * times (`engine 12.3 s › snapshot 2.1 s (src/app.ts)`); in logs and pipes, no control
 * characters: one line per stage that took a second or more, as Cargo prints `Compiling ...`
 * lines, with its sub-steps (`engine src/app.ts 18.2s (snapshot 17.9s, finish 0.2s)`).
 */
export function createProgress(enabled: boolean): Progress {
  if (!enabled) return { track: () => undefined, clear: () => {}, stop: () => {} };
  const stream = process.stderr;
  return progressOn({ stream, interactive: Boolean(stream.isTTY) && !process.env.CI });
}

/** The progress display on `settings.stream`; `tick` draws the spinner line once (a timer calls it on a terminal). */
export function progressOn(settings: ProgressSettings): Progress & { tick(): void } {
  const { stream, interactive } = settings;
  const now = settings.now ?? (() => performance.now());
  // Keyed by build and stage: `wit` and `bundle` run side by side, and one build's stage ending
  // must not hide another's (or another build's) that still runs.
  const running = new Map<string, Running>();
  let frame = 0;
  let drawn = false;
  const clear = () => {
    if (drawn) stream.write('\r\x1b[2K');
    drawn = false;
  };
  const tick = () => {
    if (!interactive) return;
    if (!running.size) return clear();
    frame = (frame + 1) % FRAMES.length;
    // The time before the label: a narrow terminal cuts the line's end.
    const parts = [...running.values()].map((s) => {
      const step = s.step ? ` › ${s.step.name} ${formatMs(now() - s.step.since)}` : '';
      return `${s.stage} ${formatMs(now() - s.since)}${step} (${s.label})`;
    });
    const line = `${FRAMES[frame]} ${parts.join(' · ')}`.slice(0, Math.max(20, (stream.columns || 80) - 1));
    stream.write(`\r\x1b[2K${line}`);
    drawn = true;
  };
  const timer = interactive ? setInterval(tick, 100) : undefined;
  timer?.unref();
  return {
    track: (label) => (event) => {
      const key = `${label}\0${event.stage}`;
      if (event.phase === 'start') {
        running.set(key, { label, stage: event.stage, since: now() });
      } else if (event.phase === 'step') {
        const stage = running.get(key);
        // A step entered again (the engine's `finish`, then the pipeline's) goes on counting.
        if (stage && event.step !== undefined && stage.step?.name !== event.step) {
          stage.step = { name: event.step, since: now() };
        }
      } else if (event.phase === 'end') {
        running.delete(key);
        const ms = event.ms ?? 0;
        if (!interactive && ms >= SLOW_STAGE_MS) {
          stream.write(`${event.stage} ${label} ${seconds(ms)}${listSteps(event.steps ?? [])}\n`);
        }
      }
    },
    clear,
    tick,
    stop() {
      if (timer) clearInterval(timer);
      running.clear();
      clear();
    },
  };
}

interface Running {
  label: string;
  stage: string;
  since: number;
  /** The sub-step the stage is in, if it named one. */
  step?: { name: string; since: number };
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)}s`;
}

/**
 * ` (snapshot 17.9s, finish 0.2s)`: the steps long enough to show, or nothing. One step alone
 * is not listed: it took about the stage's own time (`engine app.ts 16.9s (build 16.9s)`).
 */
function listSteps(steps: readonly StepTime[]): string {
  const shown = steps.filter((s) => s.ms >= LISTED_STEP_MS).map((s) => `${s.name} ${seconds(s.ms)}`);
  return shown.length > 1 ? ` (${shown.join(', ')})` : '';
}
