import { topLevelExports } from '../component/exports.js';
import { runtimeUnsupported } from '../errors.js';
import { type BindingsMemo, componentBindings } from '../host/bindings.js';
import type { Grants } from '../host/grants.js';
import { canRunComponents, importBindings } from '../host/instantiate.js';
import { sandboxedShim } from '../host/sandbox-wasi.js';
import { isP3Handler } from '../http/handler-style.js';
import { camelCase } from '../wit/names.js';

/** The component's `wasi:http/incoming-handler` export, as jco lifts it. */
export interface IncomingHandler {
  handle(request: unknown, responseOut: unknown): void;
}

/** Makes instances of one component; the core modules are compiled once, each instance is new. */
export interface InstanceFactory {
  /** A fresh instance's handler, synchronously (the shim's HTTP server calls handlers synchronously). */
  instantiate(): IncomingHandler;
}

type ShimModule = Record<string, Record<string, unknown>>;

/**
 * What instances of a component are made from: jco's bindings in `sync` instantiation mode (from
 * the memo when the shape was seen before, see run/bindings.ts) and its core modules, compiled.
 * A `WebAssembly.Module` can be posted to a worker thread and shares its compiled code there:
 * serve/pool.ts prepares a component once and hands it to each worker it starts, so a worker
 * (started again after every `requestsPerWorker` requests) neither transpiles nor compiles.
 */
export interface PreparedComponent {
  /** jco's JavaScript. */
  js: string;
  /** The memo's copy of `js` (see `Bindings.jsPath`). */
  jsPath: string | undefined;
  /** The core modules, compiled, by the names jco's JavaScript asks for. */
  modules: Record<string, WebAssembly.Module>;
}

export async function prepareComponent(component: Uint8Array, memo?: BindingsMemo): Promise<PreparedComponent> {
  if (!canRunComponents()) {
    throw runtimeUnsupported(`serving a component needs Node >= 24.20; this is Node ${process.version}`, {
      hint: 'Run it with Node >= 24.20.',
    });
  }
  const bindings = await componentBindings(component, {}, memo, 'sync');
  const modules: Record<string, WebAssembly.Module> = {};
  for (const [name, bytes] of Object.entries(bindings.files))
    if (name.endsWith('.wasm')) modules[name] = await WebAssembly.compile(bytes as Uint8Array<ArrayBuffer>);
  return { js: bindings.js, jsPath: bindings.jsPath, modules };
}

/** `prepareComponent`, or undefined for a WASI 0.3 handler (serve/server-p3.ts serves it its own way). */
export async function prepareForWorkers(
  component: Uint8Array,
  memo?: BindingsMemo,
): Promise<PreparedComponent | undefined> {
  if (topLevelExports(component).some((e) => isP3Handler(e.name))) return undefined;
  return prepareComponent(component, memo);
}

/**
 * The generated `instantiate` takes the compiled core modules and the WASI imports and returns a
 * new instance at once. So a request can get an instance of its own (a StarlingMonkey
 * fetch-event instance answers only one request) without compiling anything per request. WASI is
 * the preview2-shim copy whose HTTP server serves the requests: resources cross between them, so
 * both must be the same copy.
 */
export async function instanceFactory(prepared: PreparedComponent, grants?: Grants): Promise<InstanceFactory> {
  const { instantiate } = (await importBindings(prepared)) as {
    instantiate: (
      getCoreModule: (name: string) => WebAssembly.Module,
      imports: Record<string, unknown>,
    ) => Record<string, unknown>;
  };
  // Only what was granted (src/host/sandbox-wasi.ts); the HTTP types are the shim's own, which its server needs.
  const imports = wasiImports((await sandboxedShim({ grants })) as ShimModule);
  return {
    instantiate() {
      const exports = instantiate((name) => prepared.modules[name]!, imports);
      const handler = (exports.incomingHandler ?? exports['wasi:http/incoming-handler@0.2.10']) as
        | IncomingHandler
        | undefined;
      if (!handler) throw new Error('the component exports no wasi:http/incoming-handler');
      return handler;
    },
  };
}

const WASI_INTERFACES: Record<string, string[]> = {
  cli: [
    'environment',
    'exit',
    'stderr',
    'stdin',
    'stdout',
    'terminal-input',
    'terminal-output',
    'terminal-stderr',
    'terminal-stdin',
    'terminal-stdout',
  ],
  clocks: ['monotonic-clock', 'wall-clock'],
  filesystem: ['preopens', 'types'],
  http: ['types', 'outgoing-handler'],
  io: ['error', 'poll', 'streams'],
  random: ['random', 'insecure', 'insecure-seed'],
  sockets: ['instance-network', 'ip-name-lookup', 'network', 'tcp', 'tcp-create-socket', 'udp', 'udp-create-socket'],
};

/** Every WASI 0.2 interface the shim implements, under each name jco may ask for it by. */
function wasiImports(shim: ShimModule): Record<string, unknown> {
  const imports: Record<string, unknown> = {};
  for (const [pkg, interfaces] of Object.entries(WASI_INTERFACES)) {
    for (const name of interfaces) {
      const implementation = shim[pkg]?.[camelCase(name)];
      if (!implementation) continue;
      for (const suffix of ['', '@0.2.10', '@0.2.12']) imports[`wasi:${pkg}/${name}${suffix}`] = implementation;
    }
  }
  return imports;
}
