import { fileURLToPath } from 'node:url';

/**
 * Globals taken from maintained npm implementations rather than written here. Each is a tiny
 * module re-exporting the package's implementation under the global's name; esbuild resolves the
 * package from componentize's own dependencies (`resolveDir`), not the user's, and includes it
 * only when the code uses the global. Sizes measured in a QuickJS component.
 */
export const NPM_GLOBALS = {
  // text-encoding-utf-8: the WHATWG UTF-8 encoder/decoder, no Node or DOM APIs (~5 kB minified).
  TextEncoder: "export { TextEncoder } from 'text-encoding-utf-8/lib/encoding.lib.mjs';",
  TextDecoder: "export { TextDecoder } from 'text-encoding-utf-8/lib/encoding.lib.mjs';",
  // @ungap/structured-clone: the HTML structured clone algorithm (cycles, Map, Set, Date, RegExp, typed arrays, BigInt; ~3 kB).
  structuredClone: "import clone from '@ungap/structured-clone';\nexport const structuredClone = (value, options) => clone(value, options);",
  // core-js: the WHATWG URL Standard, IDN included (~0.67 MB of component size: only when used).
  URL: "export { default as URL } from 'core-js-pure/actual/url/index.js';",
  URLSearchParams: "export { default as URLSearchParams } from 'core-js-pure/actual/url-search-params/index.js';",
} as const;

/** Where the polyfill modules' imports resolve: componentize's own package directory. */
export const POLYFILL_RESOLVE_DIR = fileURLToPath(new URL('../../../', import.meta.url));
