/**
 * Instantiates the instrumented module in this process's V8 and runs init the way Wizer does:
 * `_initialize` first when exported, then the init function; a trap, `proc_exit` or a call to an
 * import init may not use becomes an error worded as wasmtime words it (componentize-js looks for
 * "the `<init>` function trapped" and "Exited with i32 exit status" in Wizer's stderr).
 */
import { engineFailed, engineUnsupported, invalidOption } from '../../errors.js';
import type { Instrumented } from './instrument.js';
import { EXTERN, type Module } from './module.js';
import { createHost, ProcExit, UnknownImport, type WasiSetup } from './wasi-host.js';

/** V8's trap messages and wasmtime's for the same trap, so errors read the same from both snapshotters. */
const TRAP_WORDING: [RegExp, string][] = [
  [/^unreachable/, 'wasm `unreachable` instruction executed'],
  [/memory access out of bounds/, 'out of bounds memory access'],
  [/divide by zero/, 'integer divide by zero'],
  [/remainder by zero/, 'integer divide by zero'],
  [/divide result unrepresentable|float unrepresentable/, 'integer overflow'],
  [/table index is out of bounds/, 'undefined element: out of bounds table access'],
  [/null function|function signature mismatch/, 'indirect call type mismatch'],
  [/Maximum call stack size exceeded/, 'call stack exhausted'],
];

function checkInitExport(m: Module, initFunc: string): void {
  const exp = m.exports.find((e) => e.name === initFunc);
  if (!exp) throw invalidOption(`the Wasm module does not have a \`${initFunc}\` export`);
  if (exp.kind !== EXTERN.func) throw invalidOption(`the Wasm module's \`${initFunc}\` export is not a function`);
  const sig = m.types[m.funcTypes[exp.index] ?? -1];
  if (sig?.params !== 0 || sig.results !== 0) {
    throw invalidOption(`the Wasm module's \`${initFunc}\` function export does not have type \`[] -> []\``);
  }
}

/** Runs init; returns the instance whose exports the snapshot reads. */
export async function runInit(
  m: Module,
  probe: Instrumented,
  initFunc: string,
  wasi: WasiSetup | undefined,
): Promise<WebAssembly.Instance> {
  let compiled: WebAssembly.Module;
  try {
    compiled = await WebAssembly.compile(probe.wasm as Uint8Array<ArrayBuffer>);
  } catch (cause) {
    throw invalidOption('wasm validation failed', { cause });
  }
  // After compiling, as Wizer: an invalid module is reported as invalid before its init is judged.
  checkInitExport(m, initFunc);
  const host = createHost(m.imports, wasi);
  let instance: WebAssembly.Instance;
  try {
    instance = await WebAssembly.instantiate(compiled, host.imports);
  } catch (error) {
    throw engineUnsupported(`failed to instantiate the module: ${(error as Error).message}`, { cause: error });
  }
  const exports = instance.exports;
  const memory = exports.memory instanceof WebAssembly.Memory ? exports.memory : exports[probe.memories[0] ?? ''];
  if (memory instanceof WebAssembly.Memory) host.bind(instance, memory);
  if (probe.start) {
    try {
      (exports[probe.start] as () => void)();
    } catch (error) {
      // A trap in start fails instantiation in Wizer, which adds no context of its own: the
      // backtrace is the message, the trap its cause.
      const trapped = trapCause(error);
      throw engineFailed(trapped.message, { cause: trapped.cause, hint: 'The module trapped in its start function.' });
    }
  }

  const initialize = exports._initialize;
  if (typeof initialize === 'function') {
    call(initialize as () => void, initFunc, 'calling the Reactor initialization function');
    if (initFunc === '_initialize') return instance;
  }
  call(exports[initFunc] as () => void, initFunc, `the \`${initFunc}\` function trapped`);
  return instance;
}

function call(fn: () => void, initFunc: string, context: string): void {
  try {
    fn();
  } catch (error) {
    throw engineFailed(context, {
      cause: trapCause(error),
      hint: `The module's \`${initFunc}\` failed while the snapshot was taken.`,
    });
  }
}

/** wasmtime's cause chain: "error while executing at wasm backtrace" with the frames, then the trap itself. */
function trapCause(error: unknown): Error {
  if (!(error instanceof Error)) return new Error(String(error));
  let reason = error.message;
  if (error instanceof WebAssembly.RuntimeError || error instanceof RangeError) {
    const known = TRAP_WORDING.find(([pattern]) => pattern.test(error.message));
    reason = `wasm trap: ${known ? known[1] : error.message}`;
  } else if (!(error instanceof ProcExit) && !(error instanceof UnknownImport)) {
    reason = `${error.name}: ${error.message}`;
  }
  const frames = (error.stack ?? '')
    .split('\n')
    .filter((line) => line.includes('wasm://'))
    .map((line, i) => `${String(i).padStart(4)}: ${line.trim().replace(/^at /, '')}`);
  return new Error(`error while executing at wasm backtrace:\n${frames.join('\n')}`, { cause: new Error(reason) });
}
