/**
 * Child process of `snapshot/verify.ts`: instantiates a freshly built component, optionally calls
 * one export, and reports timings over IPC. A separate process keeps the component's own output
 * off the build's stdout (`--json`) and a trap from poisoning anything of the build's.
 */
import { readFile } from 'node:fs/promises';
import { instantiateComponent } from './instantiate.js';
import { formatValue, invokeExport } from './invoke.js';
import type { ExportCall } from './parse-call.js';

export interface VerifyRequest {
  componentPath: string;
  call: ExportCall | undefined;
  /** Stubs for the component's own (non-WASI) imports: the real host is not here. */
  hostModules: Record<string, string>;
}

export type VerifyReply =
  | { ok: true; instantiateMs: number; callMs: number | undefined; result: string | undefined }
  | { ok: false; phase: 'instantiate' | 'call'; message: string };

async function main(request: VerifyRequest): Promise<VerifyReply> {
  const bytes = await readFile(request.componentPath);
  let phase: 'instantiate' | 'call' = 'instantiate';
  try {
    const t0 = performance.now();
    const { exports } = await instantiateComponent(bytes, { hostModules: request.hostModules });
    const t1 = performance.now();
    if (!request.call) return { ok: true, instantiateMs: t1 - t0, callMs: undefined, result: undefined };
    phase = 'call';
    const result = await invokeExport(exports, request.call);
    return { ok: true, instantiateMs: t1 - t0, callMs: performance.now() - t1, result: formatValue(result) };
  } catch (error) {
    return { ok: false, phase, message: error instanceof Error ? error.message : String(error) };
  }
}

const request = JSON.parse(process.argv[2] ?? '{}') as VerifyRequest;
const reply = await main(request);
process.send!(reply, () => process.exit(0));
