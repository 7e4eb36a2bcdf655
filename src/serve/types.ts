import type { BindingsMemo } from '../host/bindings.js';
import type { Grants } from '../host/grants.js';

export interface ServeOptions {
  port: number;
  host: string;
  /** Answer every request with one instance (only for engines whose instances take more than one request). */
  reuse: boolean;
  /** One line per request, and one per handler failure. */
  log(entry: AccessLogEntry | FailureLogEntry): void;
  /** Where jco's bindings are memoized (run/bindings.ts); without it, jco transpiles every component served. */
  memo?: BindingsMemo | undefined;
  /** What each instance may reach on the host (src/host/grants.ts). Default: nothing but stdio, clocks and random. */
  grants?: Grants | undefined;
  /** Milliseconds a handler may take before its request is answered 504 and its worker ended. Default 30,000. */
  timeoutMs?: number | undefined;
  /** Largest request body in bytes; a larger one is answered 413. Default 10 MiB. */
  maxBodyBytes?: number | undefined;
  /** Worker threads answering requests, each one request at a time. Default 2. */
  workers?: number | undefined;
  /** Milliseconds to receive a request's headers (Node answers 408 after). Default 10,000. */
  headersTimeoutMs?: number | undefined;
  /** Milliseconds to receive a whole request, body included (Node answers 408 after). Default 30,000. */
  requestTimeoutMs?: number | undefined;
  /**
   * Resident memory of the server process, in bytes, beyond which the longest-running request's
   * worker is ended (its request answered 500). Default 2 GiB.
   */
  maxMemoryBytes?: number | undefined;
  /** Requests a worker answers before it is replaced by a fresh one (what its instances left behind is freed with it). Default 1,000. */
  requestsPerWorker?: number | undefined;
  /** The bundle's source map (the `.map` beside the component): a failed handler's stack names the user's files. */
  sourceMap?: string | undefined;
  /**
   * A failed handler's 500 answer carries its exception (message and stack). Default true; `false`
   * (production) answers a generic text, and the log still has the exception.
   */
  exposeErrors?: boolean | undefined;
}

export interface AccessLogEntry {
  kind: 'request';
  method: string;
  path: string;
  status: number;
  ms: number;
}

export interface FailureLogEntry {
  kind: 'error';
  method: string;
  path: string;
  message: string;
  /** The guest's stack when a JavaScript exception failed the handler, one frame a line, in the user's files when mapped. */
  stack?: string;
}

/** A server answering in the thread it runs in (a worker of serve/pool.ts). */
export interface LocalServer {
  address: { host: string; port: number };
  stop(): void;
}

export interface RunningServer {
  /** Where it listens (the port is the real one when 0 was asked for). */
  address: { host: string; port: number };
  /**
   * Serves the next requests with another component: its workers are started (and ready) before
   * it takes over; requests under way finish on the old one.
   */
  replace(component: Uint8Array, sourceMap?: string): Promise<void>;
  stop(): void | Promise<void>;
}
