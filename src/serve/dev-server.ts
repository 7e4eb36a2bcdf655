import { EventEmitter } from 'node:events';
import { readFile } from 'node:fs/promises';
import { type ComponentizeError, toComponentizeError } from '../errors.js';
import type { BuildOptions } from '../options/schema.js';
import type { OptionsSource } from '../options/types.js';
import type { BuildResult } from '../report.js';
import { memoDirFor } from '../store/layout.js';
import { fallbackInputs } from '../watch/fallback-inputs.js';
import { rebuildOnChange } from '../watch/rebuild-on-change.js';
import { serveComponent } from './pool.js';
import type { RunningServer, ServeOptions } from './types.js';

export interface DevServeOptions extends ServeOptions {
  /** The build, as `componentize()` takes it (through the build cache unless `cache: false`). */
  build: BuildOptions;
  /** How build errors name options (`cli`: `--engine`; a config file: its key). Default `api`. */
  optionsSource?: OptionsSource;
}

/** One rebuild after a change: the new component serves the next requests, or the last good one goes on. */
export type RebuildEvent =
  | { ok: true; result: BuildResult; ms: number; changed: string[] }
  | { ok: false; error: ComponentizeError; ms: number; changed: string[] };

export interface DevServer {
  /** `http://<host>:<port>/` */
  url: string;
  address: RunningServer['address'];
  /** The first build. */
  initial: BuildResult;
  /** `rebuild`: one event per rebuild, after the swap (or the failure). */
  events: EventEmitter<{ rebuild: [RebuildEvent] }>;
  /** Stops watching (cancelling a rebuild under way) and serving. */
  close(): Promise<void>;
}

/**
 * A dev server: builds the entry, serves it like `serveComponent`, and rebuilds whenever one of
 * the build's input files changes. The new component is made ready (transpiled and compiled)
 * while the previous one answers requests, then replaces it between two requests. A failed
 * rebuild is reported as an event and the last good component goes on serving. A failing first
 * build throws: there is nothing to serve.
 */
export async function serveEntry(options: DevServeOptions): Promise<DevServer> {
  const { componentize } = await import('../pipeline.js');
  const controller = new AbortController();
  const control = { signal: controller.signal, optionsSource: options.optionsSource ?? 'api' };
  const initial = await componentize(options.build, control);
  // The build's memo: every rebuild of the same world gets jco's bindings from it.
  const memo = options.memo ?? { dir: memoDirFor(options.build.cwd ?? process.cwd(), options.build.cacheDir) };
  const server = await serveComponent(initial.component, { ...options, memo, sourceMap: await sourceMapOf(initial) });
  const events = new EventEmitter<{ rebuild: [RebuildEvent] }>();
  let inputs = new Set([...initial.report.inputs, ...(await fallbackInputs(options.build))]);
  const loop = rebuildOnChange(inputs, async (changed) => {
    const started = performance.now();
    let event: RebuildEvent;
    try {
      const result = await componentize(options.build, control);
      await server.replace(result.component, await sourceMapOf(result));
      inputs = new Set(result.report.inputs);
      event = { ok: true, result, ms: performance.now() - started, changed };
    } catch (error) {
      event = { ok: false, error: toComponentizeError(error), ms: performance.now() - started, changed };
    }
    inputs = new Set([...inputs, ...(await fallbackInputs(options.build))]);
    if (!controller.signal.aborted) events.emit('rebuild', event);
    return inputs;
  });
  return {
    url: `http://${server.address.host}:${server.address.port}/`,
    address: server.address,
    initial,
    events,
    async close() {
      controller.abort();
      await loop.close();
      await server.stop();
    },
  };
}

/** The build's source map, for the stacks of failed handlers (the dev server builds with one unless told not to). */
function sourceMapOf(result: BuildResult): Promise<string | undefined> {
  const path = result.report.sourcemap;
  return path === undefined ? Promise.resolve(undefined) : readFile(path, 'utf8').catch(() => undefined);
}
