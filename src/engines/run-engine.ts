import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execaNode } from '../vendor/execa.js';
import { cancelled, engineCrashed } from '../errors.js';
import type { EngineAdapter, EngineBuildInput } from '../wit-dylib/adapter.js';
import type { EngineWorkerReply, EngineWorkerRequest } from './engine-worker.js';
import { engineError } from './engine-messages.js';
import { startEngineHere } from './run-in-process.js';
import type { StackMapper } from '../run/stack-map.js';

const WORKER = fileURLToPath(new URL('./engine-worker.js', import.meta.url));

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
  return engine.runsIn === 'this-process' ? startEngineHere(engine, workDir, signal) : startEngineProcess(engine, workDir, signal);
}

function startEngineProcess(engine: EngineAdapter, workDir: string, signal?: AbortSignal): EngineProcess {
  const subprocess = execaNode(WORKER, [engine.name], {
    ipc: true,
    reject: false,
    stdin: 'ignore',
    stdout: 'pipe',
    stderr: 'pipe',
    // Its own process group, so cancelling can stop the engine *and* the Wizer it spawned;
    // killing only the Node child would leave Wizer running as an orphan.
    detached: true,
    env: {
      NO_COLOR: '1',
      // Engine tools make their own temp directories under os.tmpdir(); this puts them inside
      // our work directory, which is removed whatever happens.
      TMPDIR: workDir,
    },
  });
  const stop = () => killGroup(subprocess.pid);
  signal?.addEventListener('abort', stop, { once: true });
  const finished = subprocess.finally(() => signal?.removeEventListener('abort', stop));

  return {
    dispose: stop,
    async build(input, mapper) {
      const outputPath = join(workDir, 'engine-output.wasm');
      const request: EngineWorkerRequest = { input, outputPath };
      // If the process already died, the send fails (execa throws synchronously then); the
      // outcome below explains why.
      try {
        await subprocess.sendMessage(request);
      } catch {
        // reported below from the process's exit
      }
      const child = await finished;
      if (signal?.aborted) {
        throw cancelled(`the ${engine.name} build was cancelled`);
      }
      const reply = child.ipcOutput.at(-1) as EngineWorkerReply | undefined;
      if (reply?.ok) {
        return { component: new Uint8Array(await readFile(outputPath)), componentPath: outputPath, wizer: reply.wizer, aot: reply.aot, peakRssBytes: reply.peakRssBytes };
      }
      if (reply && !reply.ok) throw engineError(engine, reply.message, reply.stack, mapper);
      // No reply: the engine process died (out of memory, a signal, a native crash in the engine
      // or the in-process Wizer of componentize-qjs).
      const how = child.signal ? `was killed by ${child.signal}` : `exited with code ${child.exitCode}`;
      throw engineCrashed(`the ${engine.name} engine process ${how} during the engine stage`, {
        cause: new Error(tail(`${child.stderr}`)),
      });
    },
  };
}

function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

function tail(text: string, lines = 20): string {
  return text.trim().split('\n').slice(-lines).join('\n') || '(no output)';
}
