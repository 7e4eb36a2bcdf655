import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cancelled, engineCrashed } from '../errors.js';
import { execaNode } from '../vendor/execa.js';
import type { EngineAdapter } from '../wit-dylib/adapter.js';
import { engineError, engineTimedOut } from './engine-messages.js';
import type { EngineControl, EngineProcess } from './engine-process.js';
import type { EngineWorkerReply, EngineWorkerRequest, EngineWorkerStep } from './engine-worker.js';

const WORKER = fileURLToPath(new URL('./engine-worker.js', import.meta.url));

/**
 * Starts the child Node process an engine with `runsIn: 'child-process'` builds in
 * (engine-worker.ts), before its input exists: its start and loading the engine package then
 * overlap with bundling.
 */
export function startEngineProcess(
  engine: EngineAdapter,
  workDir: string,
  { signal, timeLimit }: EngineControl,
): EngineProcess {
  const subprocess = execaNode(WORKER, [engine.name], {
    ipc: true,
    reject: false,
    stdin: 'ignore',
    stdout: 'pipe',
    stderr: 'pipe',
    // Its own process group, so cancelling can stop the engine *and* the Wizer it spawned;
    // killing only the Node child would leave Wizer running as an orphan.
    detached: true,
    // componentize-js names the bundle relative to the current directory when it lies inside
    // it; a project directory with a space in its path must not be that directory.
    cwd: workDir,
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
    async build({ onStep, ...input }, mapper) {
      const outputPath = join(workDir, 'engine-output.wasm');
      const request: EngineWorkerRequest = { input, outputPath };
      const steps = onStep ? forwardSteps(() => subprocess.getEachMessage(), onStep) : undefined;
      // If the process already died, the send fails (execa throws synchronously then); the
      // outcome below explains why.
      try {
        await subprocess.sendMessage(request);
      } catch {
        // reported below from the process's exit
      }
      // The limit counts from the request: loading the engine overlapped with bundling.
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        stop();
      }, timeLimit.ms);
      const child = await finished.finally(() => clearTimeout(timer));
      // Every step was sent before the reply: all have been passed on before the stage ends.
      await steps;
      if (signal?.aborted) {
        throw cancelled(`the ${engine.name} build was cancelled`);
      }
      if (timedOut) throw engineTimedOut(engine, timeLimit);
      // The reply is the last message; a worker that died after a step sent none.
      const reply = child.ipcOutput.filter((m) => isObject(m) && 'ok' in m).at(-1) as EngineWorkerReply | undefined;
      if (reply?.ok) {
        return {
          component: new Uint8Array(await readFile(outputPath)),
          componentPath: outputPath,
          wizer: reply.wizer,
          aot: reply.aot,
          reproducible: reply.reproducible,
          peakRssBytes: reply.peakRssBytes,
        };
      }
      if (reply && !reply.ok)
        throw engineError(engine, withPanic(reply.message, `${child.stderr}`), reply.stack, mapper);
      // No reply: the engine process died (out of memory, a signal, a native crash in the engine
      // or the in-process Wizer of componentize-qjs).
      const how = child.signal ? `was killed by ${child.signal}` : `exited with code ${child.exitCode}`;
      throw engineCrashed(`the ${engine.name} engine process ${how} during the engine stage`, {
        cause: new Error(tail(`${child.stderr}`)),
      });
    },
  };
}

/** Passes the worker's step messages to `onStep` as they come; settles when the worker's IPC channel closes. */
async function forwardSteps(messages: () => AsyncIterable<unknown>, onStep: (step: string) => void): Promise<void> {
  try {
    for await (const message of messages()) {
      if (isObject(message) && typeof (message as Partial<EngineWorkerStep>).step === 'string') {
        onStep((message as EngineWorkerStep).step);
      }
    }
  } catch {
    // The process died or failed: the build reports that from its exit.
  }
}

function isObject(value: unknown): value is object {
  return typeof value === 'object' && value !== null;
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

/**
 * componentize-qjs reports a Rust panic as "Panic in async function"; what went wrong is in the
 * panic's own line, which the Rust runtime printed to stderr (with a backtrace the user does not
 * need): that line is added to the message.
 */
function withPanic(message: string, stderr: string): string {
  const panic = /panicked at [^\n]*:\n([^\n]+)/.exec(stderr);
  return panic && /^Panic in /.test(message) ? `${message}: ${panic[1]}` : message;
}
