import type { BindingsMemo } from '../host/bindings.js';
import type { Grants } from '../host/grants.js';
import type { PreparedComponent } from './instances.js';
import type { AccessLogEntry, FailureLogEntry } from './types.js';

/** What serve/pool.ts starts a worker with (structured-cloned). */
export interface WorkerData {
  component: Uint8Array;
  /** Its bindings and compiled core modules, made once in the pool's thread (undefined: a WASI 0.3 handler, served otherwise). */
  prepared: PreparedComponent | undefined;
  reuse: boolean;
  memo: BindingsMemo | undefined;
  grants: Grants | undefined;
  /** The bundle's source map, for the stacks of failed handlers. */
  sourceMap: string | undefined;
  /** A failed handler's 500 answer carries its exception. */
  exposeErrors: boolean;
}

/** What a worker tells the pool. */
export type WorkerMessage =
  | { kind: 'ready'; port: number }
  | { kind: 'failed'; message: string }
  | { kind: 'log'; entry: AccessLogEntry | FailureLogEntry };
