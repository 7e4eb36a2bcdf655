import type { EngineAdapter, EngineBuildInput } from '../wit-dylib/adapter.js';
import { startEngineHere } from './run-in-process.js';
import type { StackMapper } from '../js/stack-map.js';

export interface EngineRun {
  component: Uint8Array;
  /** Where the component lies in the work directory (verification reads it there). */
  componentPath: string;
  wizer: string;
  aot: { weval: string; icCache: string } | undefined;
  /** Peak resident memory of the process the engine ran in, while it ran (Wizer run as a program not included). */
  peakRssBytes: number;
}

export interface EngineProcess {
  /** Sends the one build request and waits for the component; `mapper` names the user's files in the engine's errors. */
  build(input: EngineBuildInput, mapper?: StackMapper): Promise<EngineRun>;
  /** Stops the process if it is still running (a build that failed before the engine stage). */
  dispose(): void;
}

/**
 * Starts the engine before its input exists, where its `runsIn` says: a child Node started now,
 * or the builder loaded into this process (run-in-process.ts). Either way, loading the engine
 * package (and starting that Node) overlaps with bundling. The engine tools fuse binding
 * generation and the Wizer snapshot into one call, so that one call is the engine and snapshot
 * stages together.
 */
export function startEngine(engine: EngineAdapter, workDir: string, signal?: AbortSignal): EngineProcess {
  if (engine.runsIn === 'this-process') return startEngineHere(engine, workDir, signal);
  // execa (~230 kB of code) is loaded only for an engine with a process of its own.
  const started = import('./run-child.js').then((m) => m.startEngineProcess(engine, workDir, signal));
  started.catch(() => {});
  return {
    dispose: () => void started.then((p) => p.dispose(), () => {}),
    build: async (input, mapper) => (await started).build(input, mapper),
  };
}

