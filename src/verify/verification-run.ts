/**
 * What a verification does once the component's bytes are at hand, wherever it runs: in the
 * verifier's own process (verify-worker.ts) or in the build's (verify.ts, for a build that calls
 * none of the user's code). Failures come back as a reply, never thrown, so both places report
 * them the same way.
 */
import { ComponentizeError, type ErrorCode } from '../errors.js';
import type { BindingsMemo } from '../host/bindings.js';
import { instantiateComponent } from '../host/instantiate.js';
import { invokeExport } from '../host/invoke.js';
import type { ExportCall } from '../host/parse-call.js';
import { formatValue } from '../host/value-codec.js';

export interface VerifyRequest {
  componentPath: string;
  call: ExportCall | undefined;
  /** Stubs for the component's own (non-WASI) imports: the real host is not here. */
  hostModules: Record<string, string>;
  /** After the first call, call it again in timed rounds to measure steady-state throughput. */
  throughput?: { rounds: number; roundMs: number };
  /** Where jco's bindings are memoized, and the world's key there (run/bindings.ts). */
  memo?: BindingsMemo | undefined;
  /** How WASI is served (run/instantiate.ts): `stubs` only where nothing is called. */
  wasi?: 'shims' | 'stubs';
}

export type VerifyReply =
  | {
      ok: true;
      bindings: 'memo' | 'transpiled';
      instantiateMs: number;
      callMs: number | undefined;
      result: string | undefined;
      callsPerSecond?: number[];
    }
  /** `code`: a mistake in the call itself (no such export, the wrong number of arguments), not a trap. `stack`: the error's, where it was thrown. */
  | {
      ok: false;
      phase: 'instantiate' | 'call';
      message: string;
      code?: ErrorCode;
      hint?: string | undefined;
      stack?: string | undefined;
    };

/**
 * The WASI shims every component imports, loaded before the component is: the reported
 * instantiation is then the component's own, whether the bindings come from jco or the memo.
 */
export function loadWasiShims(): Promise<void> {
  return Promise.all(
    ['cli', 'io', 'clocks', 'random', 'filesystem'].map((pkg) => import(`@bytecodealliance/preview2-shim/${pkg}`)),
  ).then(
    () => {},
    () => {},
  );
}

/** Instantiates the component, then makes the request's call (and its timed rounds). */
export async function runVerification(bytes: Uint8Array, request: VerifyRequest): Promise<VerifyReply> {
  let phase: 'instantiate' | 'call' = 'instantiate';
  try {
    const { exports, instantiateMs, bindings } = await instantiateComponent(bytes, {
      hostModules: request.hostModules,
      memo: request.memo,
      ...(request.wasi ? { wasi: request.wasi } : {}),
    });
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
    return {
      ok: true,
      bindings,
      instantiateMs,
      callMs,
      result: formatValue(result),
      ...(request.throughput ? { callsPerSecond } : {}),
    };
  } catch (error) {
    if (error instanceof ComponentizeError)
      return { ok: false, phase, message: error.message, code: error.code, hint: error.hint };
    return {
      ok: false,
      phase,
      message: error instanceof Error ? error.message : String(error),
      stack: error instanceof Error ? error.stack : undefined,
    };
  }
}
