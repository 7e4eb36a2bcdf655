/**
 * The imports the init runs with: WASI preview1 from `node:wasi` when allowed, every other import
 * a stub that traps when called (Wizer defines unknown imports as traps, so a module may import
 * anything as long as init does not call it). `clock_time_get` and `random_get` can be pinned so
 * that two snapshots of the same input are the same bytes; `proc_exit` ends init with an error.
 */
import { createHash } from 'node:crypto';
import { WASI } from 'node:wasi';
import { EXTERN, type Import } from './module.js';

const WASI_MODULE = 'wasi_snapshot_preview1';

export interface WasiSetup {
  /** Program arguments (Wizer passes none). */
  args: string[];
  env: Record<string, string>;
  /** Guest path to host path, in preopen order. */
  preopens: [string, string][];
  /** File descriptor the guest reads as stdin. */
  stdinFd: number;
  /** File descriptors the guest's stdout and stderr go to. */
  stdoutFd: number;
  stderrFd: number;
  /** Fixed wall and monotonic clock start, in ns since the epoch; each read advances 1 µs. */
  clockEpochNs?: bigint | undefined;
  /** Seed of the deterministic byte stream `random_get` returns instead of real randomness. */
  randomSeed?: Uint8Array | undefined;
}

/**
 * Thrown through the guest's stack by `proc_exit`, as wasmtime unwinds with the exit status. Not a
 * ComponentizeError: these are signals out of the guest, which run.ts wraps as the cause of one.
 */
export class ProcExit extends Error {
  constructor(readonly status: number) {
    super(`Exited with i32 exit status ${status}`);
  }
}

/** Thrown by an import init may not call, with wasmtime's wording. */
export class UnknownImport extends Error {}

export interface Host {
  imports: WebAssembly.Imports;
  /** Gives WASI the memory it reads and writes; call once the instance exists. */
  bind(instance: WebAssembly.Instance, memory: WebAssembly.Memory): void;
}

export function createHost(imports: readonly Import[], wasi: WasiSetup | undefined): Host {
  let node: WASI | undefined;
  let memory: WebAssembly.Memory | undefined;
  let provided: Record<string, unknown> = {};
  if (wasi) {
    node = new WASI({
      version: 'preview1',
      args: wasi.args,
      env: wasi.env,
      preopens: Object.fromEntries(wasi.preopens),
      stdin: wasi.stdinFd,
      stdout: wasi.stdoutFd,
      stderr: wasi.stderrFd,
      returnOnExit: true,
    });
    provided = { ...(node.wasiImport as Record<string, unknown>), ...pinned(wasi, () => memory!) };
    provided.proc_exit = (status: number) => {
      throw new ProcExit(status);
    };
  }
  const table: Record<string, Record<string, unknown>> = {};
  for (const imp of imports) {
    if (imp.kind !== EXTERN.func) continue;
    const fromWasi = imp.module === WASI_MODULE ? provided[imp.name] : undefined;
    (table[imp.module] ??= {})[imp.name] =
      fromWasi ??
      (() => {
        throw new UnknownImport(`unknown import: \`${imp.module}::${imp.name}\` has not been defined`);
      });
  }
  return {
    imports: table as WebAssembly.Imports,
    bind(instance, mem) {
      memory = mem;
      bindMemory(node, instance, mem);
    },
  };
}

function pinned(wasi: WasiSetup, memory: () => WebAssembly.Memory): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (wasi.clockEpochNs !== undefined) {
    let now = wasi.clockEpochNs;
    out.clock_time_get = (_id: number, _precision: bigint, ptr: number) => {
      new DataView(memory().buffer).setBigUint64(ptr >>> 0, now, true);
      now += 1000n;
      return 0;
    };
  }
  if (wasi.randomSeed !== undefined) {
    const next = randomStream(wasi.randomSeed);
    out.random_get = (ptr: number, len: number) => {
      new Uint8Array(memory().buffer, ptr >>> 0, len >>> 0).set(next(len >>> 0));
      return 0;
    };
  }
  return out;
}

/** SHA-256 in counter mode over the seed: deterministic, and unlike a small PRNG it does not repeat. */
export function randomStream(seed: Uint8Array): (n: number) => Uint8Array {
  let counter = 0n;
  let pool = new Uint8Array(0);
  return (n) => {
    while (pool.length < n) {
      const index = Buffer.alloc(8);
      index.writeBigUInt64LE(counter++);
      const block = createHash('sha256').update(seed).update(index).digest();
      const grown = new Uint8Array(pool.length + block.length);
      grown.set(pool);
      grown.set(block, pool.length);
      pool = grown;
    }
    const out = pool.slice(0, n);
    pool = pool.slice(n);
    return out;
  };
}

/**
 * Binds node:wasi to the instance's memory without calling `_start`/`_initialize`: the snapshot
 * calls those itself, in Wizer's order. `finalizeBindings` does exactly that, but only Node 24
 * has it; on Node 20 (where builds must work too) `initialize` of a stand-in instance holding
 * just the memory does the same (it calls `_initialize` only when the instance exports one).
 * Without either, every WASI call traps with "wasi.start() has not been called".
 */
export function bindMemory(node: object | undefined, instance: object, memory: WebAssembly.Memory): void {
  if (!node) return;
  const wasi = node as {
    finalizeBindings?: (instance: object, options: { memory: WebAssembly.Memory }) => void;
    initialize: (instance: object) => void;
  };
  if (typeof wasi.finalizeBindings === 'function') wasi.finalizeBindings(instance, { memory });
  else wasi.initialize({ exports: { memory } });
}
