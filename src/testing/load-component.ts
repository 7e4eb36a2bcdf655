import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { runtimeUnsupported } from '../errors.js';
import { canRunComponents } from '../run/instantiate.js';
import { stackMapper, type StackMapper } from '../run/stack-map.js';
import { loadBytes, type ComponentSource } from './build-entry.js';
import { guardExports } from './guard-exports.js';
import { hostImports, type ImportMocks } from './host-imports.js';

export type { ImportMocks } from './host-imports.js';

export interface LoadOptions extends ComponentSource {
  /** Mocks of the component's own imports, by interface (`'local:app/host': { log: vi.fn() }`); WASI comes from the preview2 shim. An import without a mock throws when called, naming it. */
  imports?: ImportMocks;
}

/** One engine's instance of the component, from `loadComponent(entry, { engine: [...] })`. */
export interface LoadedComponent<T> {
  engine: string;
  exports: T;
}

// The exports' type is the caller's to give (`loadComponent<typeof import('../src/app.js')>`); `any` keeps untyped calls easy.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyExports = Record<string, any>;

/**
 * Builds `input` (a `.ts`/`.js` entry, through the build cache: a repeated test run does not
 * build again) or reads it (a `.wasm`), and instantiates it in this Node with `imports` as its
 * host. Resolves to the exports; with a list of engines, to one `{ engine, exports }` per engine,
 * built one after the other (StarlingMonkey needs ~800 MB while building).
 */
export function loadComponent<T = AnyExports>(input: string, options: LoadOptions & { engine?: string }): Promise<T>;
export function loadComponent<T = AnyExports>(input: string, options: LoadOptions & { engine: readonly string[] }): Promise<LoadedComponent<T>[]>;
export async function loadComponent<T>(input: string, options: LoadOptions & { engine?: string | readonly string[] }): Promise<T | LoadedComponent<T>[]> {
  if (Array.isArray(options.engine)) {
    const loaded: LoadedComponent<T>[] = [];
    for (const engine of options.engine as readonly string[]) loaded.push({ engine, exports: await loadOne<T>(input, options, engine) });
    return loaded;
  }
  return loadOne<T>(input, options, options.engine as string | undefined);
}

async function loadOne<T>(input: string, options: LoadOptions, engine: string | undefined): Promise<T> {
  if (!canRunComponents()) {
    throw runtimeUnsupported(`loadComponent runs components in this Node, which needs Node >= 24.20 (JSPI); this is Node ${process.version}`, {
      hint: 'Run the tests with Node >= 24.20 (or Node 24.0–24.19 with --experimental-wasm-jspi).',
    });
  }
  const { bytes, map, label } = await loadBytes(input, options, engine);
  const mapper: StackMapper | undefined = map === undefined ? undefined : stackMapper(map);
  const exports = await instantiate(bytes, await hostImports(options.imports ?? {}, label));
  return guardExports<T>(exports, label, mapper);
}

type Instantiate = (getCoreModule: (path: string) => Promise<WebAssembly.Module>, imports: Record<string, unknown>) => Promise<Record<string, unknown>> | Record<string, unknown>;

/**
 * jco's instantiation mode: the generated module imports nothing and takes every import as an
 * object, so mocks need no module files, and the core modules are compiled from memory.
 */
async function instantiate(bytes: Uint8Array, imports: Record<string, unknown>): Promise<Record<string, unknown>> {
  const { transpileBytes } = await import('@bytecodealliance/jco-transpile');
  const { files } = await transpileBytes(bytes, { name: 'component', instantiation: { tag: 'async' } });
  const dir = await mkdtemp(join(tmpdir(), 'componentize-test-'));
  let module: { instantiate: Instantiate };
  try {
    await writeFile(join(dir, 'component.js'), files['component.js']!);
    module = (await import(pathToFileURL(join(dir, 'component.js')).href)) as { instantiate: Instantiate };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  const getCoreModule = (name: string) => WebAssembly.compile(files[name] as Uint8Array<ArrayBuffer>);
  return module.instantiate(getCoreModule, imports);
}
