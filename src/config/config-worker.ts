/**
 * Worker-thread side of load-config.ts: imports the bundled config module and posts back what it
 * exports (awaited, for a config that exports a promise). A worker, not the CLI's own thread, so
 * that a config which never ends (a top-level endless loop) can be stopped: the CLI's thread stays
 * free to notice Ctrl-C and the time limit, and `worker.terminate()` stops running JavaScript.
 */
import { parentPort, workerData } from 'node:worker_threads';

export type ConfigWorkerReply =
  | { ok: true; value: unknown }
  | { ok: false; phase: 'threw' | 'not-copyable'; message: string; stack: string | undefined };

const { href } = workerData as { href: string };

const failure = (phase: 'threw' | 'not-copyable', error: unknown): ConfigWorkerReply => ({
  ok: false,
  phase,
  message: error instanceof Error ? error.message : String(error),
  stack: error instanceof Error ? error.stack : undefined,
});

// Not top-level await: a config's promise that never settles would have Node warn of an
// "unsettled top-level await" on stderr; in a function the worker just ends without a reply.
async function load(): Promise<ConfigWorkerReply> {
  try {
    const mod = (await import(href)) as { default?: unknown };
    return { ok: true, value: await mod.default };
  } catch (error) {
    return failure('threw', error);
  }
}

void load().then((reply) => {
  try {
    parentPort!.postMessage(reply);
  } catch (error) {
    // A function or class instance in the config: options are plain data, so say which kind.
    parentPort!.postMessage(failure('not-copyable', error));
  }
});
