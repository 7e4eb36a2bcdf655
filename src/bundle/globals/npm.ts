import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../toolchain/package-root.js';

/**
 * Globals taken from maintained npm implementations rather than written here. Each is a tiny
 * module re-exporting the package's implementation under the global's name. `npm run build`
 * bundles each into one self-contained ES module (dist/vendor/globals/, scripts/bundle-vendor.mjs):
 * injected as it is, a CommonJS package like core-js would make esbuild keep every polyfill in
 * every bundle. Sizes measured in a QuickJS component.
 */
export const NPM_GLOBALS = {
  // text-encoding-utf-8: the WHATWG UTF-8 encoder/decoder, no Node or DOM APIs (~5 kB minified).
  TextEncoder: "export { TextEncoder } from 'text-encoding-utf-8/lib/encoding.lib.mjs';",
  TextDecoder: "export { TextDecoder } from 'text-encoding-utf-8/lib/encoding.lib.mjs';",
  // @ungap/structured-clone: the HTML structured clone algorithm (cycles, Map, Set, Date, RegExp, typed arrays, BigInt; ~3 kB).
  structuredClone:
    "import clone from '@ungap/structured-clone';\nexport const structuredClone = (value, options) => clone(value, options);",
  // core-js: the WHATWG URL Standard, IDN included (~0.67 MB of component size: only when used).
  URL: "export { default as URL } from 'core-js-pure/actual/url/index.js';",
  URLSearchParams: "export { default as URLSearchParams } from 'core-js-pure/actual/url-search-params/index.js';",
  // web-streams-polyfill: the WHATWG Streams reference implementation, for fetch bodies (bundle/globals/fetch.ts).
  ReadableStream: "export { ReadableStream } from 'web-streams-polyfill';",
} as const;

/** Where the polyfill modules' imports resolve: componentize's own package directory. */
export const POLYFILL_RESOLVE_DIR = PACKAGE_ROOT;

/** The pre-bundled module of an npm-backed global. */
export function prebundledGlobal(global: keyof typeof NPM_GLOBALS): string {
  return join(PACKAGE_ROOT, 'dist', 'vendor', 'globals', `${global}.js`);
}
