import { setTimeout as sleep } from 'node:timers/promises';

export interface WaitOptions {
  /** What is awaited, for the failure message: "the watcher to print 'watching for changes'". */
  what: string;
  /**
   * How long to wait before failing. Each wait has a deadline of its own, shorter than the test's
   * timeout, so a stuck wait fails naming what it waited for rather than as "test timed out".
   */
  timeoutMs?: number;
  /** Pause between two looks. */
  intervalMs?: number;
  /** What was seen so far (output, directory listing), added to the failure message. */
  seen?: () => string | Promise<string>;
}

type Truthy<T> = Exclude<T, false | null | undefined | 0 | ''>;

const DEFAULT_TIMEOUT_MS = 60_000;

/**
 * Polls `condition` until it returns something truthy, and returns that. Fails with
 * "timed out after N ms waiting for <what>" once the deadline passes; an error thrown by
 * `condition` (say, the process exited early) ends the wait at once.
 */
export async function waitFor<T>(
  condition: () => T | Promise<T>,
  { what, timeoutMs = DEFAULT_TIMEOUT_MS, intervalMs = 50, seen }: WaitOptions,
): Promise<Truthy<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await condition();
    if (value) return value as Truthy<T>;
    if (Date.now() >= deadline) throw await timeoutError(what, timeoutMs, seen);
    await sleep(intervalMs);
  }
}

/** Awaits `promise` (a process exiting, say), failing with a clear message if it has not settled by the deadline. */
export async function withDeadline<T>(
  promise: PromiseLike<T>,
  { what, timeoutMs = DEFAULT_TIMEOUT_MS, seen }: Omit<WaitOptions, 'intervalMs'>,
): Promise<T> {
  const timer = new AbortController();
  const expired = sleep(timeoutMs, undefined, { signal: timer.signal }).then(
    async () => {
      throw await timeoutError(what, timeoutMs, seen);
    },
    () => new Promise<never>(() => {}),
  );
  try {
    return await Promise.race([promise, expired]);
  } finally {
    timer.abort();
  }
}

async function timeoutError(what: string, timeoutMs: number, seen: WaitOptions['seen']): Promise<Error> {
  const context = seen ? await seen() : '';
  return new Error(`timed out after ${timeoutMs} ms waiting for ${what}${context ? `\nseen so far:\n${context}` : ''}`);
}
