/**
 * A Wizer-compatible snapshotter that runs init in this Node's V8 instead of wasmtime: no
 * Cranelift compile of the whole module (V8's Liftoff compiles lazily, in a fraction of a second),
 * and the output is byte for byte what Wizer 11 writes for the same final state.
 */
import { mkdtemp, open, rm, writeFile } from 'node:fs/promises';
import { devNull, tmpdir } from 'node:os';
import { join } from 'node:path';
import { invalidOption } from '../../errors.js';
import { capture } from './capture.js';
import { instrument } from './instrument.js';
import { type Module, parseModule } from './module.js';
import { rewrite } from './rewrite.js';
import { runInit } from './run.js';
import { validateForSnapshot } from './validate.js';

export interface SnapshotOptions {
  /** The export to run, `[] -> []` (Wizer's `--init-func`). */
  initFunc: string;
  /** Keep the init function exported in the output. Default `false`. */
  keepInitFunc?: boolean;
  /** Give init WASI preview1 (`node:wasi`); without it every import traps. Default `false`. */
  allowWasi?: boolean;
  /** Host directories preopened under their own path (Wizer's `--dir`). Default none. */
  dirs?: string[];
  /** `[guest, host]` directory pairs (Wizer's `--mapdir guest::host`), preopened after `dirs`. Default none. */
  mapDirs?: [string, string][];
  /** The guest's environment. Default empty (Wizer's `--inherit-env=false`). */
  env?: Record<string, string>;
  /** The guest's arguments. Default none, as Wizer. */
  args?: string[];
  /** What the guest reads from stdin. Default empty. */
  stdin?: Uint8Array;
  /** The guest's stdout and stderr are this process's (Wizer's `--inherit-stdio`); `false` discards them. Default `true`. */
  inheritStdio?: boolean;
  /** Pin the clocks: WASI clocks start at this many ns since the epoch and advance 1 µs per read. Default: real clocks. */
  clockEpochNs?: bigint;
  /** Replace `random_get`'s randomness with a stream derived from this seed. Default: real randomness. */
  randomSeed?: Uint8Array;
  /** Export renames `[dst, src]` (Wizer's `--rename-func dst=src`). Default none. */
  renames?: [string, string][];
  /** File descriptors the guest's stdout and stderr go to instead of this process's (with `allowWasi`). */
  outputFds?: { stdout: number; stderr: number };
  /**
   * The module the state is written into, when not the one init ran in: the same module with some
   * imported functions replaced by local ones (componentize-js's `stubWasi`), so the same globals,
   * memories and data. Lets such a pass run once per engine, before init, not on every snapshot.
   */
  target?: Uint8Array;
  /**
   * The module passed Wizer's checks (`snapshotCheck`) before, in this form: a caller that keeps
   * one module for many snapshots checks its ~10 MB of code once, not on every snapshot.
   */
  checked?: boolean;
  /** Called with the initialized instance once its state is captured (say, to ask it whether init went well). */
  inspect?: (instance: WebAssembly.Instance) => void;
}

export async function snapshot(wasm: Uint8Array, options: SnapshotOptions): Promise<Uint8Array> {
  if (!options.initFunc) throw invalidOption('snapshot: `initFunc` must name the init export');
  const renames = renameMap(options.renames ?? []);
  const m = readValid(wasm);
  if (!options.checked) validateForSnapshot(m);
  const probe = instrument(m);

  let stdinDir: string | undefined;
  let stdinFile: Awaited<ReturnType<typeof open>> | undefined;
  let discard: Awaited<ReturnType<typeof open>> | undefined;
  try {
    let wasi: Parameters<typeof runInit>[3];
    if (options.allowWasi) {
      // node:wasi reads stdin from a file descriptor: the bytes go through a private temp file.
      stdinDir = await mkdtemp(join(tmpdir(), 'componentize-snapshot-'));
      const path = join(stdinDir, 'stdin');
      await writeFile(path, options.stdin ?? new Uint8Array());
      stdinFile = await open(path, 'r');
      if (options.inheritStdio === false) discard = await open(devNull, 'w');
      wasi = {
        args: options.args ?? [],
        env: options.env ?? {},
        preopens: [...(options.dirs ?? []).map((d): [string, string] => [d, d]), ...(options.mapDirs ?? [])],
        stdinFd: stdinFile.fd,
        stdoutFd: discard?.fd ?? options.outputFds?.stdout ?? 1,
        stderrFd: discard?.fd ?? options.outputFds?.stderr ?? 2,
        clockEpochNs: options.clockEpochNs,
        randomSeed: options.randomSeed,
      };
    }
    const instance = await runInit(m, probe, options.initFunc, wasi);
    const snap = capture(m, probe, instance);
    options.inspect?.(instance);
    const out = options.target ? sameShape(m, readValid(options.target)) : m;
    return rewrite(out, snap, { initFunc: options.initFunc, keepInitFunc: options.keepInitFunc ?? false, renames });
  } finally {
    await stdinFile?.close();
    await discard?.close();
    if (stdinDir) await rm(stdinDir, { recursive: true, force: true });
  }
}

/**
 * Our reader only decodes what the snapshot needs, so when it fails V8 judges the module: an
 * invalid one is reported as Wizer reports it, with V8's reason as the cause.
 */
function readValid(wasm: Uint8Array): Module {
  try {
    return parseModule(wasm);
  } catch (error) {
    try {
      new WebAssembly.Module(wasm as Uint8Array<ArrayBuffer>);
    } catch (cause) {
      throw invalidOption('wasm validation failed', { cause });
    }
    throw error;
  }
}

/** The target, if its globals, memories and data are the init module's: the state fits it as it is. */
function sameShape(m: Module, target: Module): Module {
  const same =
    target.globals.length >= m.globals.length &&
    m.globals.every((g, i) => target.globals[i]!.kind === g.kind && target.globals[i]!.mutable === g.mutable) &&
    target.memories.length === m.memories.length &&
    target.data.length === m.data.length &&
    target.data.every((d, i) => d.passive === m.data[i]!.passive && d.bytes.length === m.data[i]!.bytes.length);
  if (!same)
    throw invalidOption('snapshot: the target module differs from the init module in its globals, memories or data');
  return target;
}

/** Wizer's refusals (validate.ts) for a module that is to be snapshotted later with `checked`. */
export function snapshotCheck(wasm: Uint8Array): void {
  validateForSnapshot(readValid(wasm));
}

function renameMap(renames: [string, string][]): Map<string, string> {
  const map = new Map<string, string>();
  const sources = new Set<string>();
  for (const [dst, src] of renames) {
    if (map.has(dst)) throw invalidOption(`Duplicated function rename dst ${dst}`);
    if (sources.has(src)) throw invalidOption(`Duplicated function rename src ${src}`);
    map.set(dst, src);
    sources.add(src);
  }
  return map;
}
