import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execaNode } from 'execa';
import { ComponentizeError } from '../errors.js';
import type { EngineAdapter, EngineBuildInput } from '../wit-dylib/adapter.js';
import type { EngineWorkerReply, EngineWorkerRequest } from './engine-worker.js';
import { cleanEngineMessage } from './engine-messages.js';

const WORKER = fileURLToPath(new URL('./engine-worker.js', import.meta.url));

export interface EngineRun {
  component: Uint8Array;
  wizer: string;
  variant: string;
  /** Peak resident memory of the engine's Node process (Wizer run as a program not included). */
  peakRssBytes: number;
}

/**
 * Runs `engine.build` in a child Node process. The engine tools fuse binding generation and the
 * Wizer snapshot into one call, so this one call is the engine and snapshot stages together.
 */
export async function runEngine(engine: EngineAdapter, input: EngineBuildInput, signal?: AbortSignal): Promise<EngineRun> {
  const outputPath = join(input.workDir, 'engine-output.wasm');
  const request: EngineWorkerRequest = { engine: engine.name, input, outputPath };
  const child = await execaNode(WORKER, [JSON.stringify(request)], {
    ipc: true,
    reject: false,
    stdin: 'ignore',
    stdout: 'pipe',
    stderr: 'pipe',
    // Wizer inherits the environment; keep it from seeing a colour-forcing terminal setup.
    env: { NO_COLOR: '1' },
    ...(signal ? { cancelSignal: signal, forceKillAfterDelay: 2000 } : {}),
  });
  if (child.isCanceled) {
    throw new ComponentizeError('CANCELLED', `the ${engine.name} build was cancelled`, { stage: 'engine' });
  }
  const reply = child.ipcOutput.at(-1) as EngineWorkerReply | undefined;
  if (reply?.ok) {
    return { component: new Uint8Array(await readFile(outputPath)), wizer: reply.wizer, variant: reply.variant, peakRssBytes: reply.peakRssBytes };
  }
  if (reply && !reply.ok) {
    // The engine rejected the input: most often the user's JavaScript threw or did not parse
    // while Wizer evaluated it.
    throw new ComponentizeError('ENGINE_FAILED', `${engine.name} could not build the component: ${cleanEngineMessage(reply.message)}`, {
      stage: 'engine',
      hint: 'Check the JavaScript named above; it runs once at build time, when the snapshot is taken.',
      cause: Object.assign(new Error(reply.message), { stack: reply.stack }),
    });
  }
  // No reply: the process died (out of memory, a signal, a native crash).
  const how = child.signal ? `was killed by ${child.signal}` : `exited with code ${child.exitCode}`;
  throw new ComponentizeError('INTERNAL', `the ${engine.name} engine process ${how} during the engine stage`, {
    stage: 'engine',
    cause: new Error(tail(`${child.stderr}`)),
  });
}

function tail(text: string, lines = 20): string {
  return text.trim().split('\n').slice(-lines).join('\n') || '(no output)';
}
