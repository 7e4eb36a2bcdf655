import type { ResolvedWorld } from '../../wit/load.js';
import type { EngineAdapter, GlobalName } from '../adapter.js';
import { consolePolyfillSource } from './console.js';

export interface PolyfillModule {
  source: string;
  /** Shown when the bundle uses the global and the polyfill cannot do the real thing. */
  degradedWarning: string | undefined;
}

/** A module that defines one global; injected into the bundle only where the code uses it. */
export interface Polyfill {
  global: GlobalName;
  /** Its source depends on the world's imports, so bundling can start before the world is loaded. */
  load(): Promise<PolyfillModule>;
}

/** The world's import of a WASI interface, with the version it names, if it imports one. */
function worldImport(world: ResolvedWorld, iface: string): string | undefined {
  return world.importedInterfaces.find((name) => name === iface || name.startsWith(`${iface}@`));
}

/** Polyfills for the globals `engine` lacks and that we can provide. */
export function polyfillsFor(engine: EngineAdapter, world: Promise<ResolvedWorld>): Polyfill[] {
  const polyfills: Polyfill[] = [];
  if (engine.missingGlobals.includes('console')) {
    polyfills.push({
      global: 'console',
      async load() {
        const resolved = await world;
        const stdout = worldImport(resolved, 'wasi:cli/stdout');
        return {
          source: consolePolyfillSource(stdout, worldImport(resolved, 'wasi:cli/stderr')),
          degradedWarning: stdout
            ? undefined
            : `console output is discarded: ${engine.name} has no console of its own and the world imports no wasi:cli/stdout. Add \`import wasi:cli/stdout@0.2.x;\` (and stderr) to the world to see it.`,
        };
      },
    });
  }
  return polyfills;
}
