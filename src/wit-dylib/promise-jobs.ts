import { incomingHandlerExport } from '../http/handler-style.js';
import type { WorldModel } from '../wit/world.js';
import { asyncExportsOf, type EngineAdapter } from './adapter.js';

/**
 * Whether the fetch glue (http/fetch-glue.ts) runs the promise jobs itself, with the Promise of
 * bundle/globals/promise-jobs.ts: the glue answers (the engine has no fetch events of its own and
 * the code exports no raw `incomingHandler`, given the bundle's `exports`), `handle` is a sync
 * call (wasi:http 0.2), during which the engine runs no promise jobs, and no `async func` export
 * needs the engine's own job loop and native promises.
 */
export function glueRunsPromiseJobs(world: WorldModel, engine: EngineAdapter, exports: readonly string[]): boolean {
  if (!incomingHandlerExport(world) || engine.capabilities.fetchEvent || exports.includes('incomingHandler'))
    return false;
  return asyncExportsOf(world).length === 0;
}
