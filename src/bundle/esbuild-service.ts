/** How long esbuild's service may sit unused before it is stopped: longer than the gap between two passes of one bundle. */
const IDLE_MS = 50;

let running = 0;
let idleTimer: NodeJS.Timeout | undefined;
let stopWhenIdle = false;

/**
 * Lets `withEsbuildService` stop esbuild's service process once bundling is done. Only the owner
 * of the process may ask for this (the CLI): the service is one per process and esbuild copy,
 * so a library caller's own esbuild calls share it, and stopping it under a call of theirs
 * leaves that call unanswered.
 */
export function stopEsbuildWhenIdle(): void {
  stopWhenIdle = true;
}

/**
 * Runs one esbuild call. Where the process's owner asked for it (`stopEsbuildWhenIdle`), stops
 * esbuild's service process (~12 MB) once no call has used it for a moment: a build bundles
 * first and then runs the engine, whose memory peak the idle service would only add to. The
 * next call starts the service again (~10 ms), so a watch or serve session pays that once per
 * rebuild, not per pass.
 */
export async function withEsbuildService<T>(call: () => Promise<T>): Promise<T> {
  running++;
  clearTimeout(idleTimer);
  try {
    return await call();
  } finally {
    if (--running === 0 && stopWhenIdle) {
      // esbuild is loaded already (the call used it); importing it here keeps this module free of it.
      idleTimer = setTimeout(() => void import('esbuild').then((esbuild) => esbuild.stop()), IDLE_MS);
      // Node stops the service itself at exit: the timer must not keep the process alive.
      idleTimer.unref();
    }
  }
}
