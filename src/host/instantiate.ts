import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { runtimeUnsupported } from '../errors.js';
import { type Bindings, type BindingsMemo, componentBindings, jcoOptions, PLACEHOLDER } from './bindings.js';
import { expectHostModules } from './check-component.js';
import type { Grants } from './grants.js';
import { expectHostFunctions } from './missing-host-functions.js';
import { type OnDenied, sandboxedP3Shim, sandboxedShim } from './sandbox-wasi.js';
import { wasiStandIn } from './wasi-stubs.js';

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
  /** What the instance may reach on the host (src/host/grants.ts). Default: nothing but stdio, clocks and random. */
  grants?: Grants | undefined;
  /** Told when the guest asks for something not granted (the CLI prints the flag to add). */
  onDenied?: OnDenied | undefined;
}

export interface InstantiatedComponent {
  /** The component's exports as jco maps them: functions, and interfaces as objects. */
  exports: Record<string, unknown>;
  /** Milliseconds jco took to turn the component into JS + core modules, or the memo to give them (not part of a start-up). */
  transpileMs: number;
  /** `memo`: the bindings came from the memo, jco did not run. */
  bindings: 'memo' | 'transpiled';
  /** Milliseconds to load jco's JavaScript, compile the core modules and instantiate them: the component's cold start in Node. */
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
    ...WASI_PACKAGES.map((pkg): [string, string] => [
      `wasi:${pkg}/*`,
      `${import.meta.resolve(`@bytecodealliance/preview2-shim/${pkg}`)}#*`,
    ]),
    // WASI 0.3 from preview3-shim (the versioned key wins over the one without, whatever the order).
    ...WASI_P3_PACKAGES.map((pkg): [string, string] => [
      `wasi:${pkg}/*@0.3.0`,
      `${import.meta.resolve(`@bytecodealliance/preview3-shim/${pkg}`)}#*`,
    ]),
  ];
  return shims;
}

/**
 * jco's `map` option: WASI from the shims, the component's own imports from `hostModules` (see
 * `InstantiateOptions`). The patterns are the same for every call, and so is the bindings memo's
 * key (run/bindings.ts).
 */
export function importMap(hostModules: Record<string, string> = {}): Record<string, string> {
  const map: Record<string, string> = {};
  for (const [pattern, shim] of wasiShims()) map[pattern] = shim;
  for (const [iface, module] of Object.entries(hostModules)) {
    map[iface] = /^[a-z]+:\/\//.test(module) ? module : pathToFileURL(module).href;
  }
  return map;
}

/** jco's `instantiate` in its async instantiation mode: a new instance of the component each call. */
export type Instantiate = (
  getCoreModule: (name: string) => Promise<WebAssembly.Module>,
  imports: Record<string, unknown>,
) => Promise<Record<string, unknown>>;

/**
 * Transpiles a component with jco (or takes its bindings from the memo) and instantiates it in
 * this Node process, WASI served by `@bytecodealliance/preview2-shim` (or the stand-ins of
 * `wasi: 'stubs'`). jco's instantiation mode is given the core modules from memory and each
 * import as the object it stands for: no per-call file is written where the memo has the
 * bindings' JavaScript.
 */
export async function instantiateComponent(
  component: Uint8Array,
  options: InstantiateOptions = {},
): Promise<InstantiatedComponent> {
  if (!canRunComponents()) {
    throw runtimeUnsupported(
      `running a component in Node needs Node >= 24.20 (JSPI and newer Wasm features); this is Node ${process.version}`,
      {
        hint: 'Run it with Node >= 24.20, or Node 24.0–24.19 with --experimental-wasm-jspi. Building works on Node >= 20.6.',
      },
    );
  }
  const map = importMap(options.hostModules);
  const { real } = jcoOptions(map);
  const { js, jsPath, files, imports, from, ms: transpileMs } = await componentBindings(component, map, options.memo);
  // An import left unmapped (no host module for it) keeps its WIT name.
  expectHostModules(
    imports.map((key) => (key.startsWith(PLACEHOLDER) ? real[Number(key.slice(PLACEHOLDER.length))]! : key)),
  );
  // With `stubs`, a shim's target gets the stand-in of its WASI package (`wasi:cli`) instead.
  const stubbed = new Map(
    options.wasi === 'stubs'
      ? wasiShims().map(([pattern, shim]) => [shim.replace(/#.*$/, ''), pattern.replace(/\/.*$/, '')])
      : [],
  );
  // The shims' packages as this instance may use them (src/host/sandbox-wasi.ts), never the
  // shims' own module state: that is the host's root directory and environment.
  const sandbox = { grants: options.grants, onDenied: options.onDenied };
  const shimPackages = options.wasi === 'stubs' ? {} : await sandboxedShim(sandbox);
  const served = new Map(
    wasiShims().map(([pattern, shim]) => [shim.replace(/#.*$/, ''), pattern.replace(/^wasi:|\/.*$/g, '')]),
  );
  const objects = await Promise.all(
    imports
      .filter((key) => key.startsWith(PLACEHOLDER))
      .map(async (key): Promise<[string, unknown]> => {
        const target = real[Number(key.slice(PLACEHOLDER.length))]!;
        const pkg = stubbed.get(target);
        if (pkg) return [key, wasiStandIn(pkg)];
        const wasiPkg = served.get(target);
        if (wasiPkg === undefined) return [key, await import(target)];
        if (target.includes('preview3-shim'))
          return [key, await sandboxedP3Shim(wasiPkg, (await import(target)) as Record<string, unknown>, sandbox)];
        return [key, shimPackages[wasiPkg]];
      }),
  );
  const given = new Map(Object.keys(options.hostModules ?? {}).map((iface) => [map[iface], iface]));
  expectHostFunctions(js, objects, (key) => {
    const module = key.startsWith(PLACEHOLDER) ? real[Number(key.slice(PLACEHOLDER.length))] : undefined;
    const iface = module === undefined ? undefined : given.get(module);
    return module !== undefined && iface !== undefined ? { iface, module } : undefined;
  });
  // The cold start: jco's JavaScript loaded, the core modules compiled, the instance made.
  const importStart = performance.now();
  const instantiate = await bindingsInstantiate({ js, jsPath, files });
  const exports = await instantiate(Object.fromEntries(objects));
  return { exports, transpileMs, bindings: from, instantiateMs: performance.now() - importStart };
}

/** jco's `instantiate` for these bindings, with the core modules compiled from their files in memory: it takes only the imports. */
export async function bindingsInstantiate({
  js,
  jsPath,
  files,
}: Pick<Bindings, 'js' | 'jsPath' | 'files'>): Promise<
  (imports: Record<string, unknown>) => Promise<Record<string, unknown>>
> {
  const { instantiate } = (await importBindings({ js, jsPath })) as { instantiate: Instantiate };
  const getCoreModule = (name: string) => WebAssembly.compile(files[name] as Uint8Array<ArrayBuffer>);
  return (imports) => instantiate(getCoreModule, imports);
}

/** jco's JavaScript as a module: the memo's file, else a copy in a temporary directory, removed once imported. */
export async function importBindings({ js, jsPath }: Pick<Bindings, 'js' | 'jsPath'>): Promise<unknown> {
  if (jsPath) {
    // Another process may have pruned the file since: then this call's own copy is used.
    const fromMemo = await import(pathToFileURL(jsPath).href).catch(() => undefined);
    if (fromMemo) return fromMemo;
  }
  const dir = await mkdtemp(join(tmpdir(), 'componentize-run-'));
  try {
    await writeFile(join(dir, 'component.mjs'), js);
    return await import(pathToFileURL(join(dir, 'component.mjs')).href);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
