import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, extname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { sha256 } from '../cache/fingerprint.js';
import { invalidOption, runtimeUnsupported } from '../errors.js';
import { cacheConfig } from '../options/cache-location.js';
import type { BuildOptions } from '../options/schema.js';
import { componentize } from '../pipeline.js';
import { canRunComponents } from '../run/instantiate.js';
import { stackMapper, type StackMapper } from '../run/stack-map.js';
import { guardExports } from './guard-exports.js';
import { hostImports, type ImportMocks } from './host-imports.js';

export type { ImportMocks } from './host-imports.js';

export interface LoadOptions {
  /** The WIT file or directory. Required for a source entry; not read for a `.wasm`. */
  wit?: string;
  /** World to build. Default: the package's only world. */
  world?: string;
  /** Mocks of the component's own imports, by interface (`'local:app/host': { log: vi.fn() }`); WASI comes from the preview2 shim. An import without a mock throws when called, naming it. */
  imports?: ImportMocks;
  /** Directory relative paths are resolved from. Default: `process.cwd()`. */
  cwd?: string;
  /** The build cache. Default: the project's `node_modules/.cache/componentize`, as for builds. */
  cacheDir?: string;
  /** Further build options (`variant`, `minify`, `disable`, ...). */
  build?: Omit<BuildOptions, 'entry' | 'wit' | 'world' | 'engine' | 'out' | 'cwd' | 'cacheDir'>;
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
  const cwd = resolve(options.cwd ?? process.cwd());
  const path = resolve(cwd, input);
  const { bytes, map, label } = extname(path) === '.wasm' ? await readBuilt(path) : await buildEntry(path, options, cwd, engine);
  const mapper: StackMapper | undefined = map === undefined ? undefined : stackMapper(map);
  const exports = await instantiate(bytes, await hostImports(options.imports ?? {}, label));
  return guardExports<T>(exports, label, mapper);
}

/** A component built elsewhere, with the source map `--sourcemap` put beside it, if any. */
async function readBuilt(path: string): Promise<{ bytes: Uint8Array; map: string | undefined; label: string }> {
  const bytes = await readFile(path).catch((cause: unknown) => {
    throw invalidOption(`loadComponent: cannot read ${path}`, { cause });
  });
  return { bytes, map: await readFile(`${path}.map`, 'utf8').catch(() => undefined), label: basename(path) };
}

/**
 * Builds through the cache, with a source map for the stacks. The output goes to a fixed place
 * per input and engine inside the cache directory, so the options are the same each run and the
 * cache's fast path finds them. Verification stays on (the build's default): verified or not is
 * part of the cache key, and so `npm run build` and the tests share one entry of the same source.
 */
async function buildEntry(entry: string, options: LoadOptions, cwd: string, engine: string | undefined) {
  if (options.wit === undefined) throw invalidOption('loadComponent: `wit` is required to build a source entry', { hint: "Pass { wit: 'wit/' } (the WIT file or directory), or load a built .wasm." });
  const cache = cacheConfig(cwd, options.cacheDir, undefined);
  const id = sha256(JSON.stringify([entry, resolve(cwd, options.wit), options.world, engine ?? 'default', options.build])).slice(0, 16);
  const out = join(cache.dir, 'test-builds', `${basename(entry, extname(entry))}-${id}.wasm`);
  const { component, report } = await componentize({
    ...options.build,
    entry,
    wit: options.wit,
    ...(options.world === undefined ? {} : { world: options.world }),
    ...(engine === undefined ? {} : { engine }),
    out,
    sourcemap: true,
    cwd,
    ...(options.cacheDir === undefined ? {} : { cacheDir: options.cacheDir }),
  });
  const map = report.sourcemap === undefined ? undefined : await readFile(report.sourcemap, 'utf8');
  return { bytes: component, map, label: `${basename(entry)} (${report.engine.name})` };
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
