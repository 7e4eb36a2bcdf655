import type { BindingsMemo } from '../host/bindings.js';
import type { InstanceFactory } from './instances.js';

export interface ServeOptions {
  port: number;
  host: string;
  /** Answer every request with one instance (only for engines whose instances take more than one request). */
  reuse: boolean;
  /** One line per request, and one per handler failure. */
  log(entry: AccessLogEntry | FailureLogEntry): void;
  /** Where jco's bindings are memoized (run/bindings.ts); without it, jco transpiles every component served. */
  memo?: BindingsMemo | undefined;
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
}

export interface RunningServer {
  /** Where it listens (the port is the real one when 0 was asked for). */
  address: { host: string; port: number };
  /**
   * Serves the next requests with another component's instances. Requests are answered
   * synchronously, one at a time, so a request is served wholly by the old or the new one.
   */
  replace(factory: InstanceFactory): void;
  stop(): void;
}
