import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../toolchain/package-root.js';
import type { EngineAdapter, GlobalName } from '../../wit-dylib/adapter.js';

/**
 * Where a module of globals comes from: a maintained npm implementation (re-exported by a tiny
 * module that `npm run build` bundles into dist/vendor/globals/, scripts/bundle-vendor.mjs), our
 * own TypeScript under src/guest/web-platform/ (built by tsc into dist/), or a few lines of code.
 */
export type GlobalSource =
  | { npm: string; source: string }
  | { guest: string }
  | { code: (engine: EngineAdapter) => string };

/** A module that defines web-platform globals an engine may lack. */
export interface GlobalModule {
  /** The globals it defines, as named exports. The first names its pre-bundled file. */
  provides: readonly GlobalName[];
  /** Globals its own code reads when it loads or runs: added with it and installed before it. */
  uses?: readonly GlobalName[];
  source: GlobalSource;
  /**
   * Set for a module that mends an engine's own global rather than adding a missing one: what it
   * mends. It goes in where the engine lists the global in `flawedGlobals`, installed over it.
   */
  mends?: string;
}

/** componentize's own, for the README's "filled by" column. */
export const OWN = 'componentize';

/**
 * The web-platform globals componentize fills from modules (the WASI-backed ones, console,
 * crypto, fetch and the timers, are in polyfills.ts). One table drives the bundle (polyfills.ts),
 * the pre-bundling (scripts/bundle-vendor.mjs) and the README's "Web platform globals" table
 * (web-globals-doc.ts). Each goes into a bundle only when its code reads one of the globals.
 */
export const GLOBAL_MODULES: readonly GlobalModule[] = [
  // The WHATWG UTF-8 encoder/decoder, no Node or DOM APIs (~5 kB minified).
  {
    provides: ['TextEncoder'],
    source: {
      npm: 'text-encoding-utf-8',
      source: "export { TextEncoder } from 'text-encoding-utf-8/lib/encoding.lib.mjs';",
    },
  },
  {
    provides: ['TextDecoder'],
    source: {
      npm: 'text-encoding-utf-8',
      source: "export { TextDecoder } from 'text-encoding-utf-8/lib/encoding.lib.mjs';",
    },
  },
  // The HTML structured clone algorithm (cycles, Map, Set, Date, RegExp, typed arrays, BigInt; ~3 kB).
  {
    provides: ['structuredClone'],
    source: {
      npm: '@ungap/structured-clone',
      source:
        "import clone from '@ungap/structured-clone';\nexport const structuredClone = (value, options) => clone(value, options);",
    },
  },
  // The WHATWG URL Standard, IDN included (~0.67 MB of component size: only when used).
  {
    provides: ['URL'],
    source: { npm: 'core-js-pure', source: "export { default as URL } from 'core-js-pure/actual/url/index.js';" },
  },
  {
    provides: ['URLSearchParams'],
    source: {
      npm: 'core-js-pure',
      source: "export { default as URLSearchParams } from 'core-js-pure/actual/url-search-params/index.js';",
    },
  },
  // The WHATWG Streams reference implementation. One module: a stream piped into a TransformStream
  // or WritableStream of another copy fails the brand checks.
  {
    provides: ['ReadableStream', 'WritableStream', 'TransformStream'],
    source: {
      npm: 'web-streams-polyfill',
      source: "export { ReadableStream, WritableStream, TransformStream } from 'web-streams-polyfill';",
    },
  },
  {
    provides: ['TextEncoderStream', 'TextDecoderStream'],
    uses: ['TransformStream', 'TextEncoder', 'TextDecoder'],
    source: { guest: 'text-streams' },
  },
  // gzip, deflate and deflate-raw on fflate, by fflate's author.
  {
    provides: ['CompressionStream', 'DecompressionStream'],
    uses: ['TransformStream'],
    source: {
      npm: 'compression-streams-polyfill',
      source: `import { makeCompressionStream, makeDecompressionStream } from 'compression-streams-polyfill/ponyfill';
export const CompressionStream = makeCompressionStream(globalThis.TransformStream);
export const DecompressionStream = makeDecompressionStream(globalThis.TransformStream);`,
    },
  },
  {
    provides: ['EventTarget', 'Event'],
    source: { npm: 'event-target-shim', source: "export { EventTarget, Event } from 'event-target-shim';" },
  },
  { provides: ['CustomEvent'], uses: ['Event'], source: { guest: 'custom-event' } },
  {
    provides: ['AbortController', 'AbortSignal'],
    uses: ['EventTarget', 'Event', 'setTimeout'],
    source: { guest: 'abort' },
  },
  { provides: ['Blob', 'File'], uses: ['TextEncoder', 'TextDecoder'], source: { guest: 'blob' } },
  { provides: ['FormData'], uses: ['Blob', 'File'], source: { guest: 'form-data' } },
  // The URLPattern Standard, as Chrome ships it; canonicalizes through URL.
  {
    provides: ['URLPattern'],
    uses: ['URL'],
    source: { npm: 'urlpattern-polyfill', source: "export { URLPattern } from 'urlpattern-polyfill/urlpattern';" },
  },
  // As a worker's unhandled error: reported on stderr, the caller goes on.
  {
    provides: ['reportError'],
    uses: ['console'],
    source: { code: () => "export function reportError(error) { console.error('Uncaught', error); }" },
  },
  { provides: ['self'], source: { code: () => 'export const self = globalThis;' } },
  {
    provides: ['navigator'],
    source: {
      code: (engine) =>
        `export const navigator = Object.freeze({ userAgent: ${JSON.stringify(`componentize (${engine.name})`)}, [Symbol.toStringTag]: 'Navigator' });`,
    },
  },
  // StarlingMonkey's (measured): controller.abort() and AbortSignal.abort() without a reason
  // throw "At least 1 argument required"; throwIfAborted() does not throw (the exception surfaces
  // later, uncaught); AbortSignal.any() gives a garbage reason (5e-324); neither class has a
  // Symbol.toStringTag. Its signals are kept, mended: its fetch() takes only its own.
  {
    provides: ['AbortController', 'AbortSignal'],
    mends: 'abort() without a reason, throwIfAborted(), AbortSignal.any(), toStringTag',
    source: {
      code: () => `const { AbortController, AbortSignal } = globalThis;
const abort = AbortController.prototype.abort;
AbortController.prototype.abort = function (reason) { return abort.call(this, reason); };
const signalAbort = AbortSignal.abort;
AbortSignal.abort = function (reason) { return signalAbort.call(this, reason); };
AbortSignal.prototype.throwIfAborted = function () { if (this.aborted) throw this.reason; };
AbortSignal.any = function (signals) {
  const sources = [...signals];
  const controller = new AbortController();
  const aborted = sources.find((s) => s.aborted);
  if (aborted) controller.abort(aborted.reason);
  else {
    // The first abort removes every listener: a long-lived source must not gather them.
    const listeners = sources.map((s) => {
      const listener = () => {
        sources.forEach((other, i) => other.removeEventListener('abort', listeners[i]));
        controller.abort(s.reason);
      };
      s.addEventListener('abort', listener);
      return listener;
    });
  }
  return controller.signal;
};
for (const [name, C] of [['AbortController', AbortController], ['AbortSignal', AbortSignal]])
  if (!Object.prototype.hasOwnProperty.call(C.prototype, Symbol.toStringTag))
    Object.defineProperty(C.prototype, Symbol.toStringTag, { value: name, configurable: true });
export { AbortController, AbortSignal };`,
    },
  },
  // StarlingMonkey's `new CustomEvent(type)` throws "At least 2 arguments required": ours, on its Event.
  {
    provides: ['CustomEvent'],
    uses: ['Event'],
    mends: 'new CustomEvent(type) without options',
    source: { guest: 'custom-event' },
  },
  // Both engines' timeOrigin is not Unix time: QuickJS-NG's is a monotonic reading, StarlingMonkey's
  // the clock Wizer gave the snapshot (2000-01-01). The standard's is the Unix time at which
  // now() read 0; it is worked out from Date.now() when read, and kept while it holds (within
  // 1 s), so a value worked out while the snapshot was taken is not kept into an instance.
  {
    provides: ['performance'],
    mends: 'timeOrigin in Unix time',
    source: {
      code: () => `const native = globalThis.performance;
let origin;
const timeOrigin = {
  configurable: true,
  enumerable: true,
  get() {
    const now = Date.now() - native.now();
    if (origin === undefined || Math.abs(origin - now) > 1000) origin = now;
    return origin;
  },
};
function mended() {
  try {
    return Object.defineProperty(native, 'timeOrigin', timeOrigin);
  } catch {
    // QuickJS-NG's is not configurable: an object of our own, with the engine's methods.
    const own = {};
    for (let o = native; o && o !== Object.prototype; o = Object.getPrototypeOf(o))
      for (const key of Object.getOwnPropertyNames(o))
        if (!(key in own) && typeof native[key] === 'function') own[key] = native[key].bind(native);
    own.toJSON = () => ({ timeOrigin: own.timeOrigin });
    return Object.defineProperty(own, 'timeOrigin', timeOrigin);
  }
}
export const performance = mended();`,
    },
  },
];

/** The module source of `module` for `engine` (before pre-bundling, for npm-backed ones). */
export function globalModuleSource(module: GlobalModule, engine: EngineAdapter): string {
  const { source } = module;
  if ('code' in source) return source.code(engine);
  if ('npm' in source) return source.source;
  const file = join(PACKAGE_ROOT, 'dist', 'guest', 'web-platform', `${source.guest}.js`);
  return `export { ${module.provides.join(', ')} } from ${JSON.stringify(file)};`;
}

/** What implements `module`, for the docs: the npm package, or componentize. */
export function implementedBy(module: GlobalModule): string {
  return 'npm' in module.source ? module.source.npm : OWN;
}
