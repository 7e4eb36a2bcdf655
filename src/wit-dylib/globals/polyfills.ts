import type { ResolvedWorld } from '../../wit/load.js';
import type { EngineAdapter, GlobalName } from '../adapter.js';
import { consolePolyfillSource } from './console.js';

/** A module that defines one global; injected into the bundle only where the code uses it. */
export interface Polyfill {
  global: GlobalName;
  source: string;
  /** Shown when the bundle uses the global and the polyfill cannot do the real thing. */
  degradedWarning: string | undefined;
}

/** The world's import of a WASI interface, with the version it names, if it imports one. */
function worldImport(world: ResolvedWorld, iface: string): string | undefined {
  return world.importedInterfaces.find((name) => name === iface || name.startsWith(`${iface}@`));
}

/** Polyfills for the globals `engine` lacks and that we can provide for `world`. */
export function polyfillsFor(engine: EngineAdapter, world: ResolvedWorld): Polyfill[] {
  const polyfills: Polyfill[] = [];
  if (engine.missingGlobals.includes('console')) {
    const stdout = worldImport(world, 'wasi:cli/stdout');
    polyfills.push({
      global: 'console',
      source: consolePolyfillSource(stdout, worldImport(world, 'wasi:cli/stderr')),
      degradedWarning: stdout
        ? undefined
        : `console output is discarded: ${engine.name} has no console of its own and the world imports no wasi:cli/stdout. Add \`import wasi:cli/stdout@0.2.x;\` (and stderr) to the world to see it.`,
    });
  }
  return polyfills;
}
