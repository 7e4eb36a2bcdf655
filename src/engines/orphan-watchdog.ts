import { Worker } from 'node:worker_threads';

/** How often the watchdog looks at its parent: an orphaned engine dies within this (plus a kill). */
const POLL_MS = 250;

// Plain CommonJS for `eval`: a few lines do not earn a file of their own in dist/bin/.
const WATCHDOG = `
const { workerData } = require('node:worker_threads');
setInterval(() => {
  if (process.ppid === workerData.parent) return;
  // The process group first: the engine process leads its own (run-child.ts), with Wizer in it.
  try { process.kill(-process.pid, 'SIGKILL'); } catch {}
  process.kill(process.pid, 'SIGKILL');
}, ${POLL_MS});
`;

/**
 * Kills this engine process (and the Wizer it started) once the build that started it is gone.
 * A build killed with SIGKILL cannot stop its engine, which went on for ~20 s at ~1 GB (measured).
 * The IPC channel's `disconnect` event would say so, but only to an event loop that runs, and an
 * engine's builder blocks it (componentize-js runs Wizer with spawnSync); a worker thread has an
 * event loop of its own and sees the parent change (to init or a subreaper) whatever the main
 * thread is doing.
 */
export function exitWhenOrphaned(): void {
  const watchdog = new Worker(WATCHDOG, { eval: true, workerData: { parent: process.ppid } });
  // It must not keep a finished engine process alive.
  watchdog.unref();
}
