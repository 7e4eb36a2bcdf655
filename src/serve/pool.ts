import { createServer, type IncomingMessage, request, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { runtimeUnsupported } from '../errors.js';
import { canRunComponents } from '../host/instantiate.js';
import { type PreparedComponent, prepareForWorkers } from './instances.js';
import { memoryWatch } from './memory-watch.js';
import { type PoolWorker, startWorker } from './pool-worker.js';
import type { RunningServer, ServeOptions } from './types.js';

/**
 * `serve`: Node's HTTP server in this thread, the component in worker threads behind it. A
 * handler runs synchronously in its thread, so one that never returns (`for(;;){}`) would hold
 * any thread it runs in: here it holds one worker, which is ended after `timeoutMs` (its request
 * gets a 504) and replaced, while this thread keeps accepting, answering from the other workers
 * and hearing signals. The request is read here first: its headers and body within their
 * timeouts (Node answers 408) and the body within `maxBodyBytes` (413), then handed to an idle
 * worker over loopback. A worker is replaced after `requestsPerWorker` requests, so whatever
 * instances leave behind in it is freed with it.
 */

const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'transfer-encoding',
  'proxy-connection',
  'upgrade',
  'te',
  'trailer',
]);

interface ComponentVersion {
  component: Uint8Array;
  sourceMap: string | undefined;
  prepared: Promise<PreparedComponent | undefined>;
}

interface Pending {
  req: IncomingMessage;
  res: ServerResponse;
  body: Buffer;
  started: number;
}

export async function serveComponent(component: Uint8Array, options: ServeOptions): Promise<RunningServer> {
  // Checked here, not only in the workers: a worker's failure reaches this thread as plain text.
  if (!canRunComponents()) {
    throw runtimeUnsupported(`serving a component needs Node >= 24.20; this is Node ${process.version}`, {
      hint: 'Run it with Node >= 24.20 (in a project made by `componentize init`, `npx componentize` runs its own Node 24).',
    });
  }
  const size = Math.max(1, options.workers ?? 2);
  const timeoutMs = options.timeoutMs ?? 30_000;
  const maxBody = options.maxBodyBytes ?? 10 * 1024 * 1024;
  const perWorker = options.requestsPerWorker ?? 1000;
  const maxMemory = options.maxMemoryBytes ?? 2 * 1024 ** 3;
  /** The requests under way, by worker, in the order they started. */
  const running = new Map<PoolWorker, () => Promise<void>>();
  const memory = memoryWatch(running, maxMemory);
  // Transpiled and compiled once here, for every worker this component's serving starts.
  const version = (bytes: Uint8Array, sourceMap: string | undefined): ComponentVersion => ({
    component: bytes,
    sourceMap,
    prepared: prepareForWorkers(bytes, options.memo),
  });
  let current = version(component, options.sourceMap);
  let workers: PoolWorker[] = [];
  const queue: Pending[] = [];
  let stopped = false;

  const logAnswer = (p: Pending, status: number, message?: string) => {
    const method = p.req.method ?? 'GET';
    const path = p.req.url ?? '/';
    if (message) options.log({ kind: 'error', method, path, message });
    options.log({ kind: 'request', method, path, status, ms: performance.now() - p.started });
  };
  const answer = (res: ServerResponse, status: number, text: string) => {
    if (res.headersSent) return void res.destroy();
    res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', connection: 'close' }).end(text);
  };

  const spawn = async (of: typeof current): Promise<PoolWorker> => {
    const worker = await startWorker(
      {
        component: of.component,
        prepared: await of.prepared,
        sourceMap: of.sourceMap,
        reuse: options.reuse,
        memo: options.memo,
        grants: options.grants,
        // Stacks name source paths: only clients on this machine see them; the log always has them.
        exposeErrors: (options.exposeErrors ?? true) && isLoopback(options.host),
      },
      512,
      ({ entry }) => options.log(entry),
    );
    return worker;
  };
  /** Puts a fresh worker of the current component in place of one that ended. */
  const refill = () => {
    if (stopped) return;
    spawn(current).then(
      (worker) => {
        if (stopped) return void worker.end();
        watch(worker);
        workers.push(worker);
        pump();
      },
      (error: unknown) => {
        options.log({ kind: 'error', method: '-', path: '-', message: String(error) });
        if (workers.length === 0)
          for (const p of queue.splice(0)) answer(p.res, 503, 'componentize serve: no worker could start\n');
      },
    );
  };
  const drop = (worker: PoolWorker) => {
    workers = workers.filter((w) => w !== worker);
  };
  const watch = (worker: PoolWorker) => {
    // The request under way (if any) reports the message, see dispatch.
    worker.onExit = () => {
      drop(worker);
      if (!worker.retiring) refill();
    };
  };

  const dispatch = (worker: PoolWorker, p: Pending) => {
    worker.busy = true;
    let settled = false;
    const finish = (failed: boolean) => {
      if (settled) return;
      settled = true;
      running.delete(worker);
      clearTimeout(timer);
      worker.busy = false;
      worker.served++;
      if (failed || worker.retiring || worker.served >= perWorker) {
        drop(worker);
        void worker.end();
        if (!stopped && !worker.retiring) refill();
      }
      pump();
    };
    const abandon = (status: number, why: string) => {
      if (settled) return;
      answer(p.res, status, `componentize serve: ${why}\n`);
      logAnswer(p, status, `${why}; its worker was ended`);
      upstream.destroy();
      finish(true);
    };
    // Unref'd, as the memory watch: once stopped, a request's timer must not keep the process alive.
    const timer = setTimeout(
      () => abandon(504, `the handler did not answer within ${timeoutMs} ms`),
      timeoutMs,
    ).unref();
    running.set(worker, () => {
      abandon(500, `the server's memory passed ${Math.round(maxMemory / 1024 ** 2)} MB`);
      return worker.end();
    });
    memory.start();
    const previousExit = worker.onExit;
    worker.onExit = (message) => {
      if (!settled) {
        answer(p.res, 500, `componentize serve: the handler's worker ended: ${message}\n`);
        logAnswer(p, 500, `the handler's worker ended: ${message}`);
        settled = true;
        clearTimeout(timer);
      }
      previousExit?.(message);
    };
    const headers: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(p.req.headers))
      if (value !== undefined && !HOP_BY_HOP.has(name)) headers[name] = value;
    headers['content-length'] = String(p.body.length);
    const upstream = request(
      { host: '127.0.0.1', port: worker.port, method: p.req.method, path: p.req.url, headers, agent: false },
      (response) => {
        const out: Record<string, string | string[]> = {};
        for (const [name, value] of Object.entries(response.headers))
          if (value !== undefined && !HOP_BY_HOP.has(name)) out[name] = value;
        p.res.writeHead(response.statusCode ?? 500, out);
        response.pipe(p.res);
        response.on('end', () => {
          worker.onExit = previousExit;
          logAnswer(p, response.statusCode ?? 500);
          finish(false);
        });
        response.on('error', () => p.res.destroy());
      },
    );
    upstream.on('error', (error) => {
      if (settled || stopped) return;
      answer(p.res, 502, `componentize serve: ${error.message}\n`);
      logAnswer(p, 502, error.message);
      worker.onExit = previousExit;
      finish(true);
    });
    upstream.end(p.body);
  };

  function pump() {
    while (queue.length > 0) {
      const worker = workers.find((w) => !w.busy && !w.retiring);
      if (!worker) return;
      dispatch(worker, queue.shift()!);
    }
  }

  const server = createServer((req, res) => {
    const p: Pending = { req, res, body: Buffer.alloc(0), started: performance.now() };
    const tooLarge = () => {
      res.writeHead(413, { 'content-type': 'text/plain; charset=utf-8', connection: 'close' });
      res.end(`componentize serve: the request body is larger than ${maxBody} bytes\n`, () => req.destroy());
      logAnswer(p, 413);
    };
    if (Number(req.headers['content-length'] ?? 0) > maxBody) return tooLarge();
    const chunks: Buffer[] = [];
    let length = 0;
    req.on('data', (chunk: Buffer) => {
      length += chunk.length;
      if (length > maxBody) {
        req.removeAllListeners('data');
        req.pause();
        if (!res.headersSent) tooLarge();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (length > maxBody) return;
      p.body = Buffer.concat(chunks);
      queue.push(p);
      pump();
    });
  });
  server.headersTimeout = options.headersTimeoutMs ?? 10_000;
  server.requestTimeout = options.requestTimeoutMs ?? 30_000;

  workers = await Promise.all(Array.from({ length: size }, () => spawn(current)));
  for (const worker of workers) watch(worker);
  const stop = async () => {
    stopped = true;
    memory.stop();
    server.close();
    server.closeAllConnections();
    await Promise.all(workers.map((w) => w.end()));
  };
  try {
    await new Promise<void>((done, fail) => server.once('error', fail).listen(options.port, options.host, done));
  } catch (error) {
    await stop();
    throw error;
  }
  const address = server.address() as AddressInfo;
  return {
    address: { host: address.address, port: address.port },
    async replace(component, sourceMap) {
      const next = version(component, sourceMap);
      const fresh = await Promise.all(Array.from({ length: size }, () => spawn(next)));
      if (stopped) return void (await Promise.all(fresh.map((w) => w.end())));
      current = next;
      for (const old of workers) {
        old.retiring = true;
        if (!old.busy) void old.end();
      }
      for (const worker of fresh) watch(worker);
      workers = fresh;
      pump();
    },
    stop,
  };
}

/** A host name or address that only this machine reaches. */
function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host.startsWith('127.');
}
