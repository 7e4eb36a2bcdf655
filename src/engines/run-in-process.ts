import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ComponentizeError, cancelled } from '../errors.js';
import type { EngineAdapter, EngineBuildOutput } from '../wit-dylib/adapter.js';
import { engineError } from './engine-messages.js';
import type { EngineProcess } from './engine-process.js';

/** How often the process's resident set is read while the engine builds, for its peak. */
const RSS_SAMPLE_MS = 20;

/**
 * Runs an engine whose builder is native work off the event loop (`runsIn: 'this-process'`) in
 * this process: no second Node to start (~40 ms of CPU beside the bundler) and none to hold in
 * memory (~45 MB beside the engine's own peak). The builder module (the native addon) starts
 * loading now, while the bundle is made.
 *
 * Native work cannot be stopped: a cancelled build rejects at once and its result is dropped when
 * the engine returns (the engine removes its own temporary files then).
 */
export function startEngineHere(engine: EngineAdapter, workDir: string, signal?: AbortSignal): EngineProcess {
  const loading = engine.loadBuilder();
  loading.catch(() => {});
  return {
    dispose() {},
    async build(input, mapper) {
      const builder = await loading;
      if (signal?.aborted) throw cancelled(`the ${engine.name} build was cancelled`);
      let peakRssBytes = process.memoryUsage.rss();
      const sampler = setInterval(
        () => (peakRssBytes = Math.max(peakRssBytes, process.memoryUsage.rss())),
        RSS_SAMPLE_MS,
      );
      let output: EngineBuildOutput;
      try {
        output = await untilAborted(builder(input), signal, engine.name);
      } catch (error) {
        if (error instanceof ComponentizeError) throw error;
        throw engineError(
          engine,
          error instanceof Error ? error.message : String(error),
          error instanceof Error ? error.stack : undefined,
          mapper,
        );
      } finally {
        clearInterval(sampler);
      }
      peakRssBytes = Math.max(peakRssBytes, process.memoryUsage.rss());
      const componentPath = join(workDir, 'engine-output.wasm');
      await writeFile(componentPath, output.component);
      return {
        component: output.component,
        componentPath,
        wizer: output.wizer,
        aot: output.aot,
        reproducible: output.reproducible,
        peakRssBytes,
      };
    },
  };
}

function untilAborted<T>(work: Promise<T>, signal: AbortSignal | undefined, engineName: string): Promise<T> {
  if (!signal) return work;
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(cancelled(`the ${engineName} build was cancelled`));
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
