import type { ResolvedWorld } from '../../wit/load.js';
import type { EngineAdapter, GlobalName } from '../adapter.js';
import { WASI_VERSION, worldImportName } from '../parity/wasi.js';
import { consolePolyfillSource } from './console.js';
import { cryptoPolyfillSource } from './crypto.js';

export interface PolyfillModule {
  source: string;
  /** Shown when the bundle uses the global and the polyfill cannot do the real thing. */
  degradedWarning: string | undefined;
  /** WASI interfaces its source imports; the engine's world gets those it lacks (wit/augment.ts). */
  requires: string[];
}

/** A module that defines one global; injected into the bundle only where the code uses it. */
export interface Polyfill {
  global: GlobalName;
  /** Its source depends on the world's imports, so bundling can start before the world is loaded. */
  load(): Promise<PolyfillModule>;
}

/**
 * Polyfills for the globals `engine` lacks and that we can provide. They write to and read from
 * WASI interfaces: the world's own import when it has one (its version), else the one we add.
 * With every WASI import stubbed out (`--disable all`) there is nothing to call: console output
 * is dropped and the build says so.
 */
export function polyfillsFor(engine: EngineAdapter, world: Promise<ResolvedWorld>, wasiDisabled: boolean): Polyfill[] {
  const polyfills: Polyfill[] = [];
  const wasi = async (iface: string) => worldImportName((await world).model, iface) ?? `${iface}@${WASI_VERSION}`;
  if (engine.missingGlobals.includes('console')) {
    polyfills.push({
      global: 'console',
      async load() {
        if (wasiDisabled) {
          return { source: consolePolyfillSource(undefined, undefined), requires: [], degradedWarning: `console output is discarded: ${engine.name} has no console of its own and every WASI import is disabled (--disable all)` };
        }
        const [stdout, stderr] = [await wasi('wasi:cli/stdout'), await wasi('wasi:cli/stderr')];
        return { source: consolePolyfillSource(stdout, stderr), requires: [stdout, stderr], degradedWarning: undefined };
      },
    });
  }
  if (engine.missingGlobals.includes('crypto') && !wasiDisabled) {
    polyfills.push({
      global: 'crypto',
      async load() {
        const random = await wasi('wasi:random/random');
        return { source: cryptoPolyfillSource(random, engine.conventions.int64), requires: [random], degradedWarning: undefined };
      },
    });
  }
  return polyfills;
}
