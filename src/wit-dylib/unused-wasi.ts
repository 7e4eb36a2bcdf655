import type { WorldModel } from '../wit/world.js';
import type { EngineCapabilities, WasiFeature } from './adapter.js';

/** The globals of the engine's HTTP feature: the Fetch API. */
const FETCH_GLOBALS = ['fetch', 'Request', 'Response', 'Headers', 'FormData'] as const;

/**
 * The same names anywhere in the code's text. A free-global read is not the only way to reach
 * them: `const g = globalThis; g.fetch(...)`, `root['Response']` or a name spelled in a string
 * read no global by that name. Any mention keeps the feature in; a false alarm (a comment, an
 * error message saying "Response") only costs the imports we would have saved.
 */
const FETCH_TEXT = new RegExp(`\\b(?:${FETCH_GLOBALS.join('|')})\\b`);

/** What decides whether the bundle can do without a WASI feature. */
export interface FeatureUse {
  model: WorldModel;
  /** The code the engine runs: the user's bundle with the polyfills and the boundary glue. */
  code: string;
  /** The globals the bundle reads (js/free-globals.ts), `typeof` checks included. */
  globals: ReadonlySet<string>;
  /** WASI interfaces the polyfills and the glue import. */
  requires: readonly string[];
}

/**
 * The engine's disable set with the WASI features the code cannot reach added, where the engine
 * can leave them out one at a time. So far: HTTP. An engine with a built-in `fetch` (StarlingMonkey)
 * imports `wasi:http/{types,outgoing-handler}` in every component, even a `run: func(string) ->
 * string` one, and a host without wasi:http then cannot instantiate it. Left out when nothing
 * can call `fetch` or build a `Request`/`Response`/`Headers` and the world neither imports nor
 * exports wasi:http (the engine turns an exported `incoming-handler` into fetch events, and it
 * keeps a feature the world imports anyway). `fetch-event` goes with `http`: alone, `http` off
 * still leaves `wasi:http/types` imported (measured, componentize-js 0.23).
 *
 * Clocks, random and stdio stay: `Date.now()`, `crypto.getRandomValues()`, `Math.random()` and
 * `console` reach them from everywhere in the engine, not only through globals we can see.
 */
export function withUnusedWasiLeftOut(
  disable: { all: boolean; features: readonly WasiFeature[] },
  capabilities: Pick<EngineCapabilities, 'disableableFeatures'>,
  use: FeatureUse,
): { all: boolean; features: readonly WasiFeature[] } {
  if (disable.all) return disable;
  const http: WasiFeature[] = ['http', 'fetch-event'];
  if (!http.every((f) => capabilities.disableableFeatures.includes(f))) return disable;
  if (usesHttp(use)) return disable;
  return { all: false, features: [...new Set([...disable.features, ...http])] };
}

/** Whether anything in the world or the code can reach the engine's HTTP support. */
export function usesHttp(use: FeatureUse): boolean {
  const wasiHttp = (name: string) => name.startsWith('wasi:http/');
  if ([...use.model.imports, ...use.model.exports].some((item) => wasiHttp(item.name))) return true;
  if (use.requires.some(wasiHttp)) return true;
  if (FETCH_GLOBALS.some((name) => use.globals.has(name))) return true;
  return FETCH_TEXT.test(use.code);
}
