import { readFile } from 'node:fs/promises';
import type { ResolvedWorld } from '../../wit/load.js';
import { WASI_VERSION, worldImportName } from '../../wit/wasi-names.js';
import type { EngineAdapter, GlobalName } from '../../wit-dylib/adapter.js';
import { BUILD_TIME_RANDOM_SOURCE } from '../../wit-dylib/build-time-random.js';
import { consolePolyfillSource } from './console.js';
import { cryptoPolyfillSource, subtleOverNativeSource, subtlePolyfillSource } from './crypto.js';
import { fetchPolyfill } from './fetch.js';
import { checkLocales, INTL_CORE, intlLocales, intlPolyfillSource } from './intl.js';
import { BUFFER_POLYFILL_SOURCE, GLOBAL_POLYFILL_SOURCE, processPolyfillSource } from './node-globals.js';
import { POLYFILL_RESOLVE_DIR, prebundledGlobal } from './npm.js';
import type { Polyfill } from './polyfill.js';
import { TIMER_GLOBALS, timersGuardSource, timersPolyfillSource } from './timers.js';
import { GLOBAL_MODULES, globalModuleSource } from './web-platform.js';

/** Node's globals, which no engine has; npm code reads them. */
export const NODE_GLOBALS: readonly GlobalName[] = ['Buffer', 'process', 'global'];

/** The globals componentize can add where an engine lacks them. */
export const POLYFILLED_GLOBALS: readonly GlobalName[] = [
  'console',
  'crypto',
  'CryptoKey',
  'fetch',
  'Intl',
  ...TIMER_GLOBALS,
  ...NODE_GLOBALS,
  ...GLOBAL_MODULES.flatMap((m) => m.provides),
];

/**
 * Polyfills for the globals `engine` lacks and that we can provide. They write to and read from
 * WASI interfaces: the world's own import when it has one (its version), else the one we add.
 * With every WASI import stubbed out (`--disable all`) there is nothing to call: console output
 * is dropped and the build says so.
 */
export function polyfillsFor(
  engine: EngineAdapter,
  world: Promise<ResolvedWorld>,
  wasiDisabled: boolean,
  /** Locales besides English that Intl gets data for (the `locales` option). */
  locales: readonly string[] = [],
): Polyfill[] {
  const polyfills: Polyfill[] = [];
  const wasi = async (iface: string) => worldImportName((await world).model, iface) ?? `${iface}@${WASI_VERSION}`;
  if (engine.missingGlobals.includes('console')) {
    polyfills.push({
      global: 'console',
      async load() {
        if (wasiDisabled) {
          return {
            source: consolePolyfillSource(undefined, undefined),
            requires: [],
            degradedWarning: `console output is discarded: ${engine.name} has no console of its own and every WASI import is disabled (--disable all)`,
          };
        }
        const [stdout, stderr] = [await wasi('wasi:cli/stdout'), await wasi('wasi:cli/stderr')];
        return {
          source: consolePolyfillSource(stdout, stderr),
          requires: [stdout, stderr],
          degradedWarning: undefined,
        };
      },
    });
  }
  if (engine.missingGlobals.includes('crypto') && !wasiDisabled) {
    polyfills.push({
      global: 'crypto',
      async load() {
        const random = await wasi('wasi:random/random');
        return {
          source: cryptoPolyfillSource(random, engine.conventions.int64),
          requires: [random],
          degradedWarning: undefined,
        };
      },
    });
  }
  if (engine.missingGlobals.includes('CryptoKey') && !wasiDisabled) {
    // Web Crypto's `crypto.subtle` in pure JS (src/guest/web-crypto/): in only when the code reads
    // `.subtle` of `crypto` or names CryptoKey (impliedGlobals), as it costs ~100 kB minified.
    polyfills.push({
      global: 'CryptoKey',
      uses: ['crypto'],
      async load() {
        return {
          source: subtlePolyfillSource(),
          resolveDir: POLYFILL_RESOLVE_DIR,
          requires: [],
          degradedWarning: undefined,
        };
      },
    });
  }
  if (engine.flawedGlobals?.includes('CryptoKey')) {
    // The engine's crypto.subtle lacks most algorithms: ours over it, on the same trigger.
    polyfills.push({
      global: 'CryptoKey',
      wraps: { label: 'crypto.subtle (the algorithms the engine lacks)' },
      async load() {
        return {
          source: subtleOverNativeSource(),
          resolveDir: POLYFILL_RESOLVE_DIR,
          requires: [],
          degradedWarning: undefined,
        };
      },
    });
  }
  if (engine.missingGlobals.includes('fetch')) {
    polyfills.push({
      global: 'fetch',
      load: async () => fetchPolyfill((await world).model, engine.conventions.int64, wasiDisabled),
    });
  }
  const missing = (g: GlobalName) => engine.missingGlobals.includes(g);
  if (missing('Intl')) {
    checkLocales(locales);
    // FormatJS on CLDR data for `locales` (intl.ts): megabytes (README "Intl"), so only when the code uses it.
    polyfills.push({
      global: 'Intl',
      async load() {
        return {
          source: await intlPolyfillSource(intlLocales(locales), prebundledGlobal(INTL_CORE)),
          resolveDir: POLYFILL_RESOLVE_DIR,
          requires: [],
          degradedWarning: undefined,
        };
      },
    });
  }
  if (TIMER_GLOBALS.some(missing)) {
    polyfills.push({
      global: 'setTimeout',
      provides: TIMER_GLOBALS.filter(missing),
      uses: ['console'],
      async load() {
        const clock = wasiDisabled ? undefined : await wasi('wasi:clocks/monotonic-clock');
        return {
          source: timersPolyfillSource(clock, engine.conventions.int64),
          requires: clock ? [clock] : [],
          degradedWarning: wasiDisabled
            ? 'timers busy-wait on Date.now: every WASI import is disabled (--disable all)'
            : undefined,
        };
      },
    });
  } else {
    // The engine's own timers, wrapped so that sync exports leave no timer behind, as with the polyfill.
    polyfills.push({
      global: 'setTimeout',
      provides: TIMER_GLOBALS.filter((g) => g !== 'queueMicrotask'),
      wraps: { label: 'timers (sync-export guard)' },
      uses: ['console'],
      load: async () => ({ source: timersGuardSource(), requires: [], degradedWarning: undefined }),
    });
  }
  if (engine.snapshotRandom === 'after-snapshot') {
    polyfills.push({
      global: 'Math',
      wraps: { label: 'Math.random (build-time generator for top-level code)' },
      load: async () => ({ source: BUILD_TIME_RANDOM_SOURCE, requires: [], degradedWarning: undefined }),
    });
  }
  polyfills.push({
    global: 'process',
    async load() {
      const environment = wasiDisabled ? undefined : await wasi('wasi:cli/environment');
      return {
        source: processPolyfillSource(environment),
        requires: environment ? [environment] : [],
        degradedWarning: undefined,
      };
    },
  });
  polyfills.push({
    global: 'Buffer',
    load: async () => ({
      source: BUFFER_POLYFILL_SOURCE,
      resolveDir: POLYFILL_RESOLVE_DIR,
      requires: [],
      degradedWarning: undefined,
    }),
  });
  polyfills.push({
    global: 'global',
    load: async () => ({ source: GLOBAL_POLYFILL_SOURCE, requires: [], degradedWarning: undefined }),
  });
  for (const module of GLOBAL_MODULES) {
    const provides = module.provides.filter(module.mends ? (g) => engine.flawedGlobals?.includes(g) : missing);
    if (provides.length === 0) continue;
    const prebundledName = 'npm' in module.source ? module.provides[0]! : undefined;
    polyfills.push({
      global: provides[0]!,
      provides,
      ...(module.uses ? { uses: module.uses } : {}),
      ...(module.mends ? { wraps: { label: `${provides[0]} (${module.mends})` } } : {}),
      async load() {
        const prebundled = prebundledName
          ? await readFile(prebundledGlobal(prebundledName), 'utf8').catch(() => undefined)
          : undefined;
        // Without the build step (running from sources), the re-export works too, only less lean.
        return {
          source: prebundled ?? globalModuleSource(module, engine),
          resolveDir: prebundled === undefined ? POLYFILL_RESOLVE_DIR : undefined,
          requires: [],
          degradedWarning: undefined,
        };
      },
    });
  }
  return polyfills;
}
