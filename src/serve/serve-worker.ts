import { parentPort, workerData } from 'node:worker_threads';
import { serveHere } from './server.js';
import type { WorkerData, WorkerMessage } from './worker-messages.js';

// One worker thread of serve/pool.ts: serves the component on a loopback port of its own, which
// only the pool's server talks to, and tells the pool its port and every failure. The pool
// ends this thread when a handler runs past its time: a loop in Wasm is stopped only that way.
const data = workerData as WorkerData;
const post = (message: WorkerMessage) => parentPort!.postMessage(message);
try {
  const server = await serveHere(
    data.component,
    {
      port: 0,
      host: '127.0.0.1',
      reuse: data.reuse,
      memo: data.memo,
      grants: data.grants,
      sourceMap: data.sourceMap,
      exposeErrors: data.exposeErrors,
      // The pool logs each request itself when its answer has been passed on, so the access line
      // is in the log before the client has the whole response; only failures come from here.
      log: (entry) => {
        if (entry.kind === 'error') post({ kind: 'log', entry });
      },
    },
    data.prepared,
  );
  post({ kind: 'ready', port: server.address.port });
} catch (error) {
  post({ kind: 'failed', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
}
