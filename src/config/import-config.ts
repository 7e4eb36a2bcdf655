import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { cancelled, invalidOption } from '../errors.js';
import type { ConfigWorkerReply } from './config-worker.js';

const WORKER = new URL('./config-worker.js', import.meta.url);

/**
 * How long a config file may take to load. Evaluating a config is reading a few options; the
 * limit is there for a config that never ends (a loop, a promise that never settles), which
 * otherwise hung the CLI past Ctrl-C for as long as anyone waited (11 minutes in the report).
 * `$COMPONENTIZE_CONFIG_TIMEOUT_MS` changes it, for a config that really is slow.
 */
const DEFAULT_TIMEOUT_MS = 30_000;

function timeLimitMs(): number {
  const given = Number(process.env.COMPONENTIZE_CONFIG_TIMEOUT_MS);
  return Number.isInteger(given) && given > 0 ? given : DEFAULT_TIMEOUT_MS;
}

/**
 * The default export of the bundled config module `modulePath` (of the user's `file`), awaited,
 * evaluated in a worker thread: the only way to stop JavaScript that does not end. Ctrl-C
 * (`signal`) and the time limit terminate the worker at once.
 */
export function importConfig(modulePath: string, file: string, signal?: AbortSignal): Promise<unknown> {
  const worker = new Worker(WORKER, { workerData: { href: pathToFileURL(modulePath).href }, stdout: false });
  const limit = timeLimitMs();
  return new Promise<unknown>((resolve, reject) => {
    let reply: ConfigWorkerReply | undefined;
    const stop = (error: unknown) => {
      reject(error);
      void worker.terminate();
    };
    const onAbort = () => stop(cancelled('the build was cancelled while the config file was loading'));
    const timer = setTimeout(() => stop(configTimedOut(file, limit)), limit);
    signal?.addEventListener('abort', onAbort, { once: true });
    worker.on('message', (message: ConfigWorkerReply) => (reply = message));
    worker.on('error', (error) => stop(configThrew(file, error.message, error)));
    worker.on('exit', () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      if (!reply) return stop(neverSettled(file));
      if (reply.ok) return resolve(reply.value);
      if (reply.phase === 'not-copyable') return stop(notPlainData(file, reply.message));
      const cause = Object.assign(new Error(reply.message), { stack: reply.stack });
      stop(configThrew(file, reply.message, cause));
    });
  });
}

const HINT = 'Fix the config file, or pass --config to use another one.';

function configTimedOut(file: string, ms: number) {
  return invalidOption(`${file} did not finish loading within ${ms / 1000} s`, {
    location: { file, line: 1, column: 1 },
    hint: `A config's top-level code must end (an endless loop, or a wait for something that never comes?); if it is only slow, set COMPONENTIZE_CONFIG_TIMEOUT_MS (milliseconds). ${HINT}`,
  });
}

// The worker's event loop ran out while the export was still pending: nothing could settle it.
function neverSettled(file: string) {
  return invalidOption(`${file} exports a promise that never settles`, {
    location: { file, line: 1, column: 1 },
    hint: `Export the options object (or a promise that resolves to it). ${HINT}`,
  });
}

function notPlainData(file: string, message: string) {
  return invalidOption(`${file} exports something that is not plain data (${message})`, {
    location: { file, line: 1, column: 1 },
    hint: `Options are strings, numbers, booleans, arrays and objects: no functions or class instances. ${HINT}`,
  });
}

function configThrew(file: string, message: string, cause: unknown) {
  return invalidOption(`${file.split(/[\\/]/).pop()} threw while loading: ${message}`, {
    location: { file, line: 1, column: 1 },
    cause,
  });
}
