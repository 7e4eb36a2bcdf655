/** How often the resident memory is looked at while a request runs (milliseconds). */
const MEMORY_CHECK_MS = 100;
/** How long the watch waits at most for an ended request's thread to exit before judging again (milliseconds). */
const RECLAIM_WAIT_MS = 5000;

/**
 * Wasm memory is outside the workers' heap limits: a guest allocating without end is seen in the
 * process's resident memory, and the request running longest (the first of `running`, a Map in
 * insertion order) is taken for its cause and ended. Its memory is freed only when its thread has
 * ended: until then (or `RECLAIM_WAIT_MS`, so a thread that never reports its end cannot switch
 * the watch off for good) the next request is not judged by it.
 */
export function memoryWatch(running: ReadonlyMap<unknown, () => Promise<void>>, maxMemory: number) {
  let timer: NodeJS.Timeout | undefined;
  let reclaiming = false;
  return {
    /** Looks while requests run; the timer stops itself when none does. */
    start() {
      timer ??= setInterval(() => {
        if (running.size === 0) {
          clearInterval(timer);
          timer = undefined;
        } else if (!reclaiming && process.memoryUsage.rss() > maxMemory) {
          const end = running.values().next().value;
          if (!end) return;
          reclaiming = true;
          const waited = new Promise((done) => setTimeout(done, RECLAIM_WAIT_MS).unref());
          void Promise.race([end(), waited]).finally(() => {
            reclaiming = false;
          });
        }
      }, MEMORY_CHECK_MS).unref();
    },
    stop() {
      clearInterval(timer);
      timer = undefined;
    },
  };
}
