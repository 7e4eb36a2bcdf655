import { importNotMocked } from '../errors.js';
import type { Grants } from '../host/grants.js';
import { sandboxedShim } from '../host/sandbox-wasi.js';
import { camelCase } from '../wit/names.js';

/** Mocks of a component's imports, by WIT interface name (`local:app/host`, with or without `@version`). */
export type ImportMocks = Record<string, Record<string, unknown>>;

/** The WASI packages the preview2 shim implements; their interfaces are served by it unless mocked. */
const WASI_PACKAGES = ['cli', 'clocks', 'filesystem', 'http', 'io', 'random', 'sockets'] as const;

type WasiShim = Record<string, Record<string, Record<string, unknown>> | undefined>;

/**
 * The import object for jco's `instantiate(getCoreModule, imports)`: each interface the component
 * asks for is the user's mock, else the WASI shim's implementation, else a stand-in whose functions
 * throw — when called, not at instantiation, so a test need only mock what it exercises. jco
 * reads each interface's members once, while instantiating; a mock's functions are looked up on
 * every call, so replacing one later (`mocks[iface].fn = ...`) takes effect.
 */
export async function hostImports(
  mocks: ImportMocks,
  component: string,
  grants?: Grants,
): Promise<Record<string, unknown>> {
  // WASI as granted (src/host/sandbox-wasi.ts): by default no directory, variable or network.
  const shim = (await sandboxedShim({ grants })) as unknown as WasiShim;
  const byName = new Map(Object.entries(mocks).map(([name, value]) => [name.replace(/@.*$/, ''), value]));
  return new Proxy({} as Record<string, unknown>, {
    get(_, name) {
      if (typeof name !== 'string') return undefined;
      const bare = name.replace(/@.*$/, '');
      const mock = byName.get(bare);
      if (mock) return mockedInterface(name, mock, component);
      const wasi = /^wasi:([a-z-]+)\/([a-z-]+)$/.exec(bare);
      const served =
        wasi && (WASI_PACKAGES as readonly string[]).includes(wasi[1]!)
          ? shim[wasi[1]!]?.[camelCase(wasi[2]!)]
          : undefined;
      return served ?? mockedInterface(name, {}, component);
    },
  });
}

/** An interface's members as jco reads them: the mock's own, or a function that throws naming the missing member. */
function mockedInterface(name: string, mock: Record<string, unknown>, component: string): Record<string, unknown> {
  return new Proxy(mock, {
    get(target, member) {
      if (typeof member !== 'string') return undefined;
      const own = target[member];
      if (typeof own === 'function' && /^[A-Z]/.test(member)) return own; // a resource class
      if (own !== undefined) return (...args: unknown[]) => callMock(target, member, name, component, args);
      // A resource class nobody mocked: constructing it is the call that fails.
      return function unmocked() {
        throw notMocked(name, member, component);
      };
    },
  });
}

/** Calls the mock's current function; one removed since instantiation fails like one never given. */
function callMock(
  target: Record<string, unknown>,
  member: string,
  name: string,
  component: string,
  args: unknown[],
): unknown {
  const fn = target[member];
  if (typeof fn !== 'function') throw notMocked(name, member, component);
  return (fn as (...a: unknown[]) => unknown).apply(target, args);
}

function notMocked(name: string, member: string, component: string) {
  const bare = name.replace(/@.*$/, '');
  return importNotMocked(`${component} called ${bare}#${member}, which has no mock`, {
    hint: `Pass it to loadComponent: imports: { '${bare}': { ${member}(...args) { ... } } }.`,
  });
}
