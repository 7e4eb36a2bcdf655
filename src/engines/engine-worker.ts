/**
 * Child-process side of `run-engine.ts`. Started as soon as the engine is known: it loads the
 * engine package right away (while the parent bundles), then waits for one build request over
 * IPC, builds (sending each sub-step the engine enters as it enters it), and replies. Engine
 * tools write to stdout, block the event loop (componentize-js runs Wizer with spawnSync) and
 * peak near 800 MB; confining them here keeps the caller's stdout clean (`--json`), its progress
 * display alive, and lets it kill a build on Ctrl-C.
 */
import { writeFile } from 'node:fs/promises';
import type { EngineBuildInput, EngineBuildOutput } from '../wit-dylib/adapter.js';
import { exitWhenOrphaned } from './orphan-watchdog.js';
import { findEngine, listEngines } from './registry.js';

export interface EngineWorkerRequest {
  /** The input without its `onStep` (a function does not cross IPC): the worker sends `EngineWorkerStep`s instead. */
  input: Omit<EngineBuildInput, 'onStep'>;
  /** Where the component is written; the reply carries only metadata. */
  outputPath: string;
}

/** Sent as the engine enters a sub-step, before the reply. */
export interface EngineWorkerStep {
  step: string;
}

/** The last message: the outcome. */
export type EngineWorkerReply =
  | {
      ok: true;
      wizer: string;
      aot: { weval: string; icCache: string } | undefined;
      reproducible: EngineBuildOutput['reproducible'];
      peakRssBytes: number;
    }
  | { ok: false; message: string; stack: string | undefined };

async function main(engineName: string): Promise<EngineWorkerReply> {
  const engine = findEngine(await listEngines(), engineName);
  if (!engine) throw new Error(`unknown engine ${engineName}`);
  const [builder, request] = await Promise.all([engine.loadBuilder(), nextMessage<EngineWorkerRequest>()]);
  // Progress only: a step the parent no longer hears is no reason to fail the build.
  const onStep = (step: string) => void send({ step }).catch(() => {});
  const output = await builder({ ...request.input, onStep });
  await writeFile(request.outputPath, output.component);
  return {
    ok: true,
    wizer: output.wizer,
    aot: output.aot,
    reproducible: output.reproducible,
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
  };
}

function nextMessage<T>(): Promise<T> {
  return new Promise((resolve) => process.once('message', (message) => resolve(message as T)));
}

function send(message: EngineWorkerReply | EngineWorkerStep): Promise<void> {
  return new Promise((resolve) => process.send!(message, () => resolve()));
}

exitWhenOrphaned();
main(process.argv[2] ?? '')
  .then(send)
  .catch((error: unknown) =>
    send({
      ok: false,
      message: error instanceof Error ? error.message : String(error),
      stack: error instanceof Error ? error.stack : undefined,
    }),
  )
  .finally(() => process.disconnect?.());
