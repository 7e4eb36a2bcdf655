/**
 * Child-process side of `run-engine.ts`: builds one component with one engine and reports back
 * over IPC. Engine tools write to stdout, block the event loop (componentize-js runs Wizer with
 * spawnSync) and peak near 800 MB; confining them here keeps the caller's stdout clean (`--json`),
 * its progress display alive, and lets it kill a build on Ctrl-C.
 */
import { writeFile } from 'node:fs/promises';
import type { EngineBuildInput } from '../wit-dylib/adapter.js';
import { findEngine, listEngines } from '../wit-dylib/registry.js';

export interface EngineWorkerRequest {
  engine: string;
  input: EngineBuildInput;
  /** Where the component is written; the message carries only metadata. */
  outputPath: string;
}

export type EngineWorkerReply =
  | { ok: true; wizer: string; variant: string; peakRssBytes: number }
  | { ok: false; message: string; stack: string | undefined };

async function main(): Promise<EngineWorkerReply> {
  const request = JSON.parse(process.argv[2] ?? '{}') as EngineWorkerRequest;
  const engine = findEngine(await listEngines(), request.engine);
  if (!engine) throw new Error(`unknown engine ${request.engine}`);
  const output = await engine.build(request.input);
  await writeFile(request.outputPath, output.component);
  return { ok: true, wizer: output.wizer, variant: output.variant, peakRssBytes: process.resourceUsage().maxRSS * 1024 };
}

function send(reply: EngineWorkerReply): Promise<void> {
  return new Promise((resolve) => process.send!(reply, () => resolve()));
}

main()
  .then(send)
  .catch((error: unknown) =>
    send({
      ok: false,
      message: error instanceof Error ? error.message : String(error),
      stack: error instanceof Error ? error.stack : undefined,
    }),
  )
  .finally(() => process.disconnect?.());
