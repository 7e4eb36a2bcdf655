/**
 * Child process of `verify/verify.ts`: instantiates a freshly built component, optionally calls
 * one export, and reports timings over IPC. A separate process keeps the component's own output
 * off the build's stdout (`--json`) and a trap from poisoning anything of the build's.
 */
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { encodeUnsigned } from '../wit-dylib/component/leb128.js';
import { concatBytes } from '../wit-dylib/component/reader.js';
import { SectionId } from '../wit-dylib/component/sections.js';
import { ComponentizeError, type ErrorCode } from '../errors.js';
import type { BindingsMemo } from '../run/bindings.js';
import { instantiateComponent } from '../run/instantiate.js';
import { invokeExport } from '../run/invoke.js';
import { decodeValue, formatValue } from '../run/value-codec.js';
import type { ExportCall } from '../run/parse-call.js';

export interface VerifyRequest {
  componentPath: string;
  call: ExportCall | undefined;
  /** Stubs for the component's own (non-WASI) imports: the real host is not here. */
  hostModules: Record<string, string>;
  /** After the first call, call it again in timed rounds to measure steady-state throughput. */
  throughput?: { rounds: number; roundMs: number };
  /** Where jco's bindings are memoized, and the world's key there (run/bindings.ts). */
  memo?: BindingsMemo | undefined;
}

export type VerifyReply =
  | { ok: true; bindings: 'memo' | 'transpiled'; instantiateMs: number; callMs: number | undefined; result: string | undefined; callsPerSecond?: number[] }
  /** `code`: a mistake in the call itself (no such export, the wrong number of arguments), not a trap. */
  | { ok: false; phase: 'instantiate' | 'call'; message: string; code?: ErrorCode; hint?: string | undefined };

/** The argument verify.ts starts a verifier with when jco is likely to run. */
const WARM_FLAG = '--warm';

/**
 * The WASI shims every component imports, loaded before the request is handled: the reported
 * instantiation is then the component's own, whether the bindings come from jco or the memo.
 */
const shimsLoading = Promise.all(['cli', 'io', 'clocks', 'random', 'filesystem'].map((pkg) => import(`@bytecodealliance/preview2-shim/${pkg}`))).catch(() => {});

/**
 * Runs while the engine builds (the process is started before the component exists) where the
 * bindings memo is unlikely to have the component's: loads jco and has it generate bindings for
 * a component of a realistic size. jco's bindings generator is itself Wasm; its first run on a
 * megabyte-sized component takes ~1 s of CPU in baseline-compiled code, half that once V8 has
 * optimized its hot functions, which this first run makes happen before the real component
 * arrives. The component used wraps a core module that is already on disk: wasm-tools', shipped
 * inside jco-transpile.
 */
async function warm(): Promise<void> {
  const { transpileBytes } = await import('@bytecodealliance/jco-transpile');
  const core = await readFile(join(dirname(fileURLToPath(import.meta.resolve('@bytecodealliance/jco-transpile'))), '../vendor/wasm-tools.core.wasm'));
  await transpileBytes(componentOfCoreModule(core), { name: 'warm' });
}

/** `(component (core module ...))`: the component header, then one core-module section. */
function componentOfCoreModule(core: Uint8Array): Uint8Array {
  return concatBytes([new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00, SectionId.coreModule]), encodeUnsigned(core.byteLength), core]);
}
// A failure here shows again, where it matters, in main().
const warming = process.argv.includes(WARM_FLAG) ? warm().catch(() => {}) : undefined;

async function main(request: VerifyRequest): Promise<VerifyReply> {
  const [bytes] = await Promise.all([readFile(request.componentPath), shimsLoading, warming]);
  let phase: 'instantiate' | 'call' = 'instantiate';
  try {
    const { exports, instantiateMs, bindings } = await instantiateComponent(bytes, { hostModules: request.hostModules, memo: request.memo });
    const t1 = performance.now();
    if (!request.call) return { ok: true, bindings, instantiateMs, callMs: undefined, result: undefined };
    phase = 'call';
    const result = await invokeExport(exports, request.call);
    const callMs = performance.now() - t1;
    const callsPerSecond: number[] = [];
    for (let round = 0; round < (request.throughput?.rounds ?? 0); round++) {
      let calls = 0;
      const start = performance.now();
      while (performance.now() - start < request.throughput!.roundMs) {
        await invokeExport(exports, request.call);
        calls++;
      }
      callsPerSecond.push((calls * 1000) / (performance.now() - start));
    }
    return { ok: true, bindings, instantiateMs, callMs, result: formatValue(result), ...(request.throughput ? { callsPerSecond } : {}) };
  } catch (error) {
    if (error instanceof ComponentizeError) return { ok: false, phase, message: error.message, code: error.code, hint: error.hint };
    return { ok: false, phase, message: error instanceof Error ? error.message : String(error) };
  }
}

// The request comes as one IPC message, encoded by run/value-codec.ts: argv would lose BigInt and
// typed-array arguments and cap the call at the OS's argument size limit.
process.once('message', (message: unknown) => {
  void main(decodeValue(message as string) as VerifyRequest).then((reply) => process.send!(reply, () => process.exit(0)));
});
