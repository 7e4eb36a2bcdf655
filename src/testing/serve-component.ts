import { portInUse, runtimeUnsupported } from '../errors.js';
import type { Grants } from '../host/grants.js';
import { canRunComponents } from '../host/instantiate.js';
import { stackMapper } from '../js/stack-map.js';
import { serveComponent as listen } from '../serve/pool.js';
import type { AccessLogEntry, FailureLogEntry } from '../serve/types.js';
import { type ComponentSource, loadBytes } from './build-entry.js';

export type { AccessLogEntry, FailureLogEntry } from '../serve/types.js';

export interface ServeOptions extends ComponentSource {
  /** Engine to build a source entry with. Default: the default engine. */
  engine?: string;
  /** Port on 127.0.0.1. Default: 0 (a free one; `url` says which). */
  port?: number;
  /** Answer every request with one instance. Default: false (a fresh instance per request, as `componentize serve`). */
  reuse?: boolean;
  /** What each instance may reach on the host: `{ dirs, env, envInherit, net }` (see the README's Sandbox section). Default: nothing. */
  grants?: Grants;
  /** Milliseconds a handler may take before its request gets a 504. Default 30,000. */
  timeoutMs?: number;
  /** Largest request body in bytes (413 beyond). Default 10 MiB. */
  maxBodyBytes?: number;
  /** Worker threads answering requests. Default 2. */
  workers?: number;
  /** A failed handler's 500 answer carries its exception's message and stack (mapped to your sources). Default true. */
  exposeErrors?: boolean;
}

/** A component answering HTTP on 127.0.0.1 inside the test's process. */
export interface ServedComponent {
  /** `http://127.0.0.1:<port>`, without a trailing slash: `fetch(`${url}/hello`)`. */
  url: string;
  /** One entry per request (method, path, status, ms) and per handler failure (its message, mapped to your sources), in order. */
  log: (AccessLogEntry | FailureLogEntry)[];
  /** Stops listening. */
  close(): Promise<void>;
}

/**
 * Serves a component's `wasi:http/incoming-handler` (a `fetch` handler, a fetch-event listener or
 * a raw `incomingHandler`) on 127.0.0.1, the way `componentize serve` does: `input` is a built
 * `.wasm`, or an entry built through the build cache (`wit` defaults to `wasi:http/proxy`).
 * Send real requests with `fetch`; call `close()` when done (e.g. in `afterAll`).
 */
export async function serveComponent(input: string, options: ServeOptions = {}): Promise<ServedComponent> {
  if (!canRunComponents()) {
    throw runtimeUnsupported(
      `serveComponent runs components in this Node, which needs Node >= 24.20 (JSPI); this is Node ${process.version}`,
      {
        hint: 'Run the tests with Node >= 24.20 (or Node 24.0–24.19 with --experimental-wasm-jspi).',
      },
    );
  }
  const { bytes, map, memoDir } = await loadBytes(
    input,
    { ...options, wit: options.wit ?? 'wasi:http/proxy' },
    options.engine,
  );
  const mapper = map === undefined ? undefined : stackMapper(map);
  const log: ServedComponent['log'] = [];
  const port = options.port ?? 0;
  const server = await listen(bytes, {
    port,
    host: '127.0.0.1',
    reuse: options.reuse ?? false,
    memo: { dir: memoDir },
    grants: options.grants,
    timeoutMs: options.timeoutMs,
    maxBodyBytes: options.maxBodyBytes,
    workers: options.workers,
    sourceMap: map,
    exposeErrors: options.exposeErrors,
    log: (entry) =>
      log.push(entry.kind === 'error' && mapper ? { ...entry, message: mapper.rewrite(entry.message) } : entry),
  }).catch((error: unknown) => {
    if (/EADDRINUSE|address already in use/i.test(String((error as Error)?.message ?? error))) {
      throw portInUse(`port ${port} on 127.0.0.1 is already in use`, {
        hint: 'Pass another `port` to serveComponent, or leave it out (a free one is picked).',
        cause: error,
      });
    }
    throw error;
  });
  return {
    url: `http://127.0.0.1:${server.address.port}`,
    log,
    close: async () => {
      await server.stop();
    },
  };
}
