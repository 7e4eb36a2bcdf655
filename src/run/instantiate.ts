import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { runtimeUnsupported } from '../errors.js';
import { componentBindings, type BindingsMemo } from './bindings.js';
import { expectHostModules } from './check-component.js';
import { WASI_STUB_MARK, wasiStubMap, writeWasiStubs } from './wasi-stubs.js';

/** WASI packages the preview2 shim implements, each as `@bytecodealliance/preview2-shim/<pkg>`. */
const WASI_PACKAGES = ['cli', 'clocks', 'filesystem', 'http', 'io', 'random', 'sockets'];
/** WASI 0.3 packages, each as `@bytecodealliance/preview3-shim/<pkg>`. */
const WASI_P3_PACKAGES = ['cli', 'clocks', 'filesystem', 'http', 'random', 'sockets'];

export interface InstantiateOptions {
  /**
   * Modules implementing the component's own (non-WASI) imports, by WIT interface name without
   * version (`local:hello/host`): a path or URL of an ES module exporting the interface's
   * functions in camelCase.
   */
  hostModules?: Record<string, string>;
  /**
   * Where jco's bindings are memoized by the component's shape (run/bindings.ts): a component
   * like one seen before is not transpiled again. Without it, jco always runs.
   */
  memo?: BindingsMemo | undefined;
  /**
   * `stubs`: WASI imports are answered by stand-ins that throw when called (run/wasi-stubs.ts),
   * for an instantiation that calls nothing: it then costs no shims. Default `shims`.
   */
  wasi?: 'shims' | 'stubs';
}

export interface InstantiatedComponent {
  /** The component's exports as jco maps them: functions, and interfaces as objects. */
  exports: Record<string, unknown>;
  /** Milliseconds jco took to turn the component into JS + core modules, or the memo to give them (not part of a start-up). */
  transpileMs: number;
  /** `memo`: the bindings came from the memo, jco did not run. */
  bindings: 'memo' | 'transpiled';
  /** Milliseconds to compile and instantiate the core modules: the component's cold start in Node. */
  instantiateMs: number;
}

/**
 * Whether this Node can run jco's output: it needs JSPI (WebAssembly.Suspending) and Wasm extended
 * constant expressions, even for components without async (Node 20 fails with "i32.add is not
 * allowed in constant expressions"). Both arrived by default in Node 24.20, which JSPI's presence
 * stands for.
 */
export function canRunComponents(): boolean {
  return typeof (WebAssembly as { Suspending?: unknown }).Suspending === 'function';
}

let shims: [pattern: string, shim: string][] | undefined;

/** Each WASI package's map pattern and the shim module that serves it (resolved once per process). */
function wasiShims(): [pattern: string, shim: string][] {
  shims ??= [
    ...WASI_PACKAGES.map((pkg): [string, string] => [`wasi:${pkg}/*`, `${import.meta.resolve(`@bytecodealliance/preview2-shim/${pkg}`)}#*`]),
    // WASI 0.3 from preview3-shim (the versioned key wins over the one without, whatever the order).
    ...WASI_P3_PACKAGES.map((pkg): [string, string] => [`wasi:${pkg}/*@0.3.0`, `${import.meta.resolve(`@bytecodealliance/preview3-shim/${pkg}`)}#*`]),
  ];
  return shims;
}

/**
 * jco's `map` option: WASI from the shims (or the stand-ins of `wasi`, by pattern), the
 * component's own imports from `hostModules` (see `InstantiateOptions`). The patterns are the
 * same either way, and so is the bindings memo's key (run/bindings.ts).
 */
export function importMap(hostModules: Record<string, string> = {}, wasi: Record<string, string> = {}): Record<string, string> {
  const map: Record<string, string> = {};
  for (const [pattern, shim] of wasiShims()) map[pattern] = wasi[pattern] ?? shim;
  for (const [iface, module] of Object.entries(hostModules)) {
    map[iface] = /^[a-z]+:\/\//.test(module) ? module : pathToFileURL(module).href;
  }
  return map;
}

/**
 * Transpiles a component with jco and instantiates it in this Node process, WASI served by
 * `@bytecodealliance/preview2-shim`. The transpiled files live in a temporary directory outside
 * the project, so their imports of the shim are absolute URLs of our copy.
 */
export async function instantiateComponent(component: Uint8Array, options: InstantiateOptions = {}): Promise<InstantiatedComponent> {
  if (!canRunComponents()) {
    throw runtimeUnsupported(`running a component in Node needs Node >= 24.20 (JSPI and newer Wasm features); this is Node ${process.version}`, {
      hint: 'Run it with Node >= 24.20, or Node 24.0–24.19 with --experimental-wasm-jspi. Building works on Node >= 20.6.',
    });
  }
  const dir = await mkdtemp(join(tmpdir(), 'componentize-run-'));
  try {
    const stubs = options.wasi === 'stubs' ? wasiStubMap(wasiShims().map(([pattern]) => pattern), dir) : undefined;
    const { files, imports, from, ms: transpileMs } = await componentBindings(component, importMap(options.hostModules, stubs), options.memo);
    expectHostModules(imports);
    for (const [name, bytes] of Object.entries(files)) {
      await mkdir(dirname(join(dir, name)), { recursive: true });
      await writeFile(join(dir, name), bytes);
    }
    if (stubs && !(await writeWasiStubs(new TextDecoder().decode(files['component.js']), stubs, dir))) {
      throw new Error(`jco's bindings import WASI in a form the stand-ins do not read: WASI ${WASI_STUB_MARK}`);
    }
    // Importing evaluates the module, which compiles and instantiates the core modules; after
    // that the files are no longer read.
    const importStart = performance.now();
    const exports = (await import(pathToFileURL(join(dir, 'component.js')).href)) as Record<string, unknown>;
    return { exports, transpileMs, bindings: from, instantiateMs: performance.now() - importStart };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
