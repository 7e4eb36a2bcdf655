import { runtimeUnsupported } from '../errors.js';
import { componentBindings } from '../host/bindings.js';
import type { Grants } from '../host/grants.js';
import { bindingsInstantiate, canRunComponents } from '../host/instantiate.js';
import { type StackMapper, stackMapper } from '../js/stack-map.js';
import { type ComponentSource, loadBytes } from './build-entry.js';
import { guardExports } from './guard-exports.js';
import { hostImports, type ImportMocks, WASI_P3_MAP } from './host-imports.js';

export type { ImportMocks } from './host-imports.js';

export interface LoadOptions extends ComponentSource {
  /** Mocks of the component's own imports, by interface (`'local:app/host': { log: vi.fn() }`); WASI comes from the preview2 shim. An import without a mock throws when called, naming it. */
  imports?: ImportMocks;
  /** What the instance may reach on the host: `{ dirs, env, envInherit, net }` (see the README's Sandbox section). Default: nothing but stdio, clocks and random. */
  grants?: Grants;
}

/** One engine's instance of the component, from `loadComponent(entry, { engine: [...] })`. */
export interface LoadedComponent<T> {
  engine: string;
  exports: T;
}

// The exports' type is the caller's to give (`loadComponent<typeof import('../src/app.js')>`); `any` keeps untyped calls easy.
// biome-ignore lint/suspicious/noExplicitAny: the caller types the exports; untyped calls stay easy
type AnyExports = Record<string, any>;

/**
 * Builds `input` (a `.ts`/`.js` entry, through the build cache: a repeated test run does not
 * build again) or reads it (a `.wasm`), and instantiates it in this Node with `imports` as its
 * host. Resolves to the exports; with a list of engines, to one `{ engine, exports }` per engine,
 * built one after the other (StarlingMonkey needs ~800 MB while building).
 */
export function loadComponent<T = AnyExports>(input: string, options: LoadOptions & { engine?: string }): Promise<T>;
export function loadComponent<T = AnyExports>(
  input: string,
  options: LoadOptions & { engine: readonly string[] },
): Promise<LoadedComponent<T>[]>;
export async function loadComponent<T>(
  input: string,
  options: LoadOptions & { engine?: string | readonly string[] },
): Promise<T | LoadedComponent<T>[]> {
  if (Array.isArray(options.engine)) {
    const loaded: LoadedComponent<T>[] = [];
    for (const engine of options.engine as readonly string[])
      loaded.push({ engine, exports: await loadOne<T>(input, options, engine) });
    return loaded;
  }
  return loadOne<T>(input, options, options.engine as string | undefined);
}

async function loadOne<T>(input: string, options: LoadOptions, engine: string | undefined): Promise<T> {
  if (!canRunComponents()) {
    throw runtimeUnsupported(
      `loadComponent runs components in this Node, which needs Node >= 24.20 (JSPI); this is Node ${process.version}`,
      {
        hint: 'Run the tests with Node >= 24.20 (or Node 24.0–24.19 with --experimental-wasm-jspi).',
      },
    );
  }
  const { bytes, map, label, memoDir } = await loadBytes(input, options, engine);
  const mapper: StackMapper | undefined = map === undefined ? undefined : stackMapper(map);
  // jco's bindings from the build cache's memo (run/bindings.ts): a rebuild of the same world is not transpiled again.
  const bindings = await componentBindings(bytes, WASI_P3_MAP, { dir: memoDir });
  const exports = await (await bindingsInstantiate(bindings))(
    await hostImports(options.imports ?? {}, label, options.grants, bindings.imports),
  );
  return guardExports<T>(exports, label, mapper);
}
