import { importNotMocked } from '../errors.js';
import { jcoOptions, PLACEHOLDER } from '../host/bindings.js';
import type { Grants } from '../host/grants.js';
import { sandboxedP3Shim, sandboxedShim } from '../host/sandbox-wasi.js';
import { camelCase } from '../wit/names.js';

/** Mocks of a component's imports, by WIT interface name (`local:app/host`, with or without `@version`). */
export type ImportMocks = Record<string, Record<string, unknown>>;

/** The WASI packages the preview2 shim implements; their interfaces are served by it unless mocked. */
const WASI_PACKAGES = ['cli', 'clocks', 'filesystem', 'http', 'io', 'random', 'sockets'] as const;

/** The WASI 0.3 packages preview3-shim implements. */
const WASI_P3_PACKAGES = ['cli', 'clocks', 'filesystem', 'http', 'random', 'sockets'] as const;

/**
 * jco's `map` for the test helper: jco names an import by its interface without the version, so a
 * WASI 0.3 component's `wasi:filesystem/types@0.3.0` and its runtime's `@0.2.12` would be one
 * import. Mapped, each 0.3 package is an import of its own (a placeholder, members by interface).
 */
export const WASI_P3_MAP: Record<string, string> = Object.fromEntries(
  WASI_P3_PACKAGES.map((pkg) => [`wasi:${pkg}/*@0.3.0`, `wasi-p3:${pkg}#*`]),
);
const P3_TARGETS = jcoOptions(WASI_P3_MAP).real;

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
  importNames: readonly string[] = [],
): Promise<Record<string, unknown>> {
  // WASI as granted (src/host/sandbox-wasi.ts): by default no directory, variable or network.
  const shim = (await sandboxedShim({ grants })) as unknown as WasiShim;
  // WASI 0.3 from preview3-shim, loaded only for a component that imports it (`importNames`, mapped by WASI_P3_MAP).
  const p3 = await p3Shim(importNames, grants);
  // A component may import one interface at WASI 0.2 and 0.3 (its runtime's and its own): a WASI
  // mock named with a version is served to that version's imports only; one without, to both.
  const mocksFor = (p3Imports: boolean) =>
    new Map(
      Object.entries(mocks)
        .filter(([name]) => !/^wasi:.*@/.test(name) || /@0\.3\./.test(name) === p3Imports)
        .map(([name, value]) => [name.replace(/@.*$/, ''), value]),
    );
  const byName = mocksFor(false);
  const byNameP3 = mocksFor(true);
  return new Proxy({} as Record<string, unknown>, {
    get(_, name) {
      if (typeof name !== 'string') return undefined;
      const p3Package = name.startsWith(PLACEHOLDER) ? P3_TARGETS[Number(name.slice(PLACEHOLDER.length))] : undefined;
      if (p3Package) return p3Members(p3Package.replace(/^wasi-p3:/, ''), p3, byNameP3, component);
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

/** preview3-shim's packages under these grants, for the WASI 0.3 packages the component imports. */
async function p3Shim(importNames: readonly string[], grants: Grants | undefined): Promise<WasiShim> {
  const wanted = new Set(
    importNames.map((name) =>
      name.startsWith(PLACEHOLDER) ? P3_TARGETS[Number(name.slice(PLACEHOLDER.length))] : undefined,
    ),
  );
  const packages = WASI_P3_PACKAGES.filter((pkg) => wanted.has(`wasi-p3:${pkg}`));
  const entries = await Promise.all(
    packages.map(async (pkg) => {
      const module = (await import(`@bytecodealliance/preview3-shim/${pkg}`)) as Record<string, unknown>;
      return [pkg, await sandboxedP3Shim(pkg, module, { grants })] as const;
    }),
  );
  return Object.fromEntries(entries) as unknown as WasiShim;
}

/** A WASI 0.3 package as jco reads it, one member per interface: the user's mock, else preview3-shim's. */
function p3Members(
  pkg: string,
  p3: WasiShim,
  mocks: Map<string, Record<string, unknown>>,
  component: string,
): Record<string, unknown> {
  return new Proxy({} as Record<string, unknown>, {
    get(_, member) {
      if (typeof member !== 'string') return undefined;
      const name = `wasi:${pkg}/${member.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
      const mock = mocks.get(name);
      if (mock) return mockedInterface(`${name}@0.3.0`, mock, component);
      return p3[pkg]?.[member] ?? mockedInterface(`${name}@0.3.0`, {}, component);
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
