import { stop } from 'esbuild';

/** How long esbuild's service may sit unused before it is stopped: longer than the gap between two passes of one bundle. */
const IDLE_MS = 50;

let running = 0;
let idleTimer: NodeJS.Timeout | undefined;

/**
 * Runs one esbuild call, and stops esbuild's service process (~12 MB) once no call has used it
 * for a moment: a build bundles first and then runs the engine, whose memory peak the idle
 * service would only add to. The next call starts the service again (~10 ms), so a watch or
 * serve session pays that once per rebuild, not per pass.
 */
export async function withEsbuildService<T>(call: () => Promise<T>): Promise<T> {
  running++;
  clearTimeout(idleTimer);
  try {
    return await call();
  } finally {
    if (--running === 0) {
      idleTimer = setTimeout(() => void stop(), IDLE_MS);
      // Node stops the service itself at exit: the timer must not keep the process alive.
      idleTimer.unref();
    }
  }
}
