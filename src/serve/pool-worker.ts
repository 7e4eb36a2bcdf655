import { Worker } from 'node:worker_threads';
import type { WorkerData, WorkerMessage } from './worker-messages.js';

/** The worker module, beside this one in dist/serve/ and in the CLI bundle's dist/bin/. */
const WORKER_URL = new URL('./serve-worker.js', import.meta.url);

/** One worker thread serving the component on its own loopback port (serve/serve-worker.ts). */
export interface PoolWorker {
  port: number;
  /** A request is under way in it. */
  busy: boolean;
  /** Requests it has answered. */
  served: number;
  /** It answers no new request, and ends when idle (a rebuild replaced its component, or it served its share). */
  retiring: boolean;
  /** The component it serves. */
  component: Uint8Array;
  /** Ends the thread; a handler running in it (even an endless loop in Wasm) stops. */
  end(): Promise<void>;
  /** Called once when the thread ends by itself (a crash, the guest's `exit`, out of memory). */
  onExit?: ((message: string) => void) | undefined;
}

/**
 * The young generation's cap (MB). Every request makes garbage (an instance's bindings, the
 * request's objects), and V8 otherwise grows a worker's young generation to 64 MB and more and
 * keeps it committed: measured, two workers held ~250 MB of mostly empty heap after 1,000
 * requests. Small objects die young anyway; a smaller space only means more (cheap) scavenges.
 */
const YOUNG_GENERATION_MB = 16;

/**
 * Starts a worker and resolves when it listens. Its JavaScript heap is capped (`heapMb`): a guest
 * that exhausts it ends its worker only, not the server.
 */
export function startWorker(
  data: WorkerData,
  heapMb: number,
  onLog: (message: Extract<WorkerMessage, { kind: 'log' }>) => void,
): Promise<PoolWorker> {
  const worker = new Worker(WORKER_URL, {
    workerData: data,
    resourceLimits: { maxOldGenerationSizeMb: heapMb, maxYoungGenerationSizeMb: YOUNG_GENERATION_MB },
  });
  return new Promise<PoolWorker>((resolve, reject) => {
    let ready: PoolWorker | undefined;
    let ending = false;
    let lastError = '';
    worker.on('message', (message: WorkerMessage) => {
      if (message.kind === 'log') onLog(message);
      else if (message.kind === 'failed') {
        lastError = message.message;
        void worker.terminate();
      } else if (message.kind === 'ready' && !ready) {
        ready = {
          port: message.port,
          busy: false,
          served: 0,
          retiring: false,
          component: data.component,
          end: async () => {
            ending = true;
            await worker.terminate();
          },
        };
        resolve(ready);
      }
    });
    worker.on('error', (error) => {
      lastError = error.message;
    });
    worker.on('exit', (code) => {
      const message = lastError || `the worker thread exited with code ${code}`;
      if (!ready) reject(new Error(`the server's worker could not start: ${message}`));
      else if (!ending) ready.onExit?.(message);
    });
  });
}
