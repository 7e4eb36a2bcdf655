import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ComponentizeError, cancelled } from '../errors.js';
import type { EngineAdapter, EngineBuildOutput } from '../wit-dylib/adapter.js';
import { type EngineTimeLimit, engineError, engineTimedOut } from './engine-messages.js';
import type { EngineControl, EngineProcess } from './engine-process.js';

/** How often the process's resident set is read while the engine builds, for its peak. */
const RSS_SAMPLE_MS = 20;

/**
 * Runs an engine whose builder is native work off the event loop (`runsIn: 'this-process'`) in
 * this process: no second Node to start (~40 ms of CPU beside the bundler) and none to hold in
 * memory (~45 MB beside the engine's own peak). The builder module (the native addon) starts
 * loading now, while the bundle is made.
 *
 * Native work cannot be stopped: a cancelled or timed-out build rejects at once and its result is
 * dropped when the engine returns, but the work goes on using a core (for ever, if the entry's
 * top-level code never ends) until the process exits. That is why no engine shipped with
 * componentize builds here any more; the runner stays for engines whose builder can be trusted
 * to end.
 */
export function startEngineHere(
  engine: EngineAdapter,
  workDir: string,
  { signal, timeLimit }: EngineControl,
): EngineProcess {
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
        output = await untilAborted(withTimeLimit(builder(input), engine, timeLimit), signal, engine.name);
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

function withTimeLimit<T>(work: Promise<T>, engine: EngineAdapter, limit: EngineTimeLimit): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(engineTimedOut(engine, limit)), limit.ms);
  });
  return Promise.race([work, expired]).finally(() => clearTimeout(timer));
}
