import type { StackMapper } from '../js/stack-map.js';
import type { EngineBuildInput, EngineBuildOutput } from '../wit-dylib/adapter.js';
import type { EngineTimeLimit } from './engine-messages.js';

export interface EngineRun {
  component: Uint8Array;
  /** Where the component lies in the work directory (verification reads it there). */
  componentPath: string;
  wizer: string;
  aot: { weval: string; icCache: string } | undefined;
  /** Set when this build's reproducibility differs from the engine's (see EngineBuildOutput). */
  reproducible?: EngineBuildOutput['reproducible'];
  /** Peak resident memory of the process the engine ran in, while it ran (Wizer run as a program not included). */
  peakRssBytes: number;
}

export interface EngineProcess {
  /** Sends the one build request and waits for the component; `mapper` names the user's files in the engine's errors. */
  build(input: EngineBuildInput, mapper?: StackMapper): Promise<EngineRun>;
  /** Stops the process if it is still running (a build that failed before the engine stage). */
  dispose(): void;
}

/** What stops an engine: the build's cancel signal, and its time limit. */
export interface EngineControl {
  signal?: AbortSignal | undefined;
  timeLimit: EngineTimeLimit;
}
