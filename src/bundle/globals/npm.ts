import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../toolchain/package-root.js';
import { GLOBAL_MODULES } from './web-platform.js';

/**
 * The npm-backed global modules (web-platform.ts) by the name of their pre-bundled file: the
 * module's first global. `npm run build` bundles each into one self-contained ES module
 * (dist/vendor/globals/, scripts/bundle-vendor.mjs): injected as it is, a CommonJS package like
 * core-js would make esbuild keep every polyfill in every bundle.
 */
export const NPM_GLOBALS: Readonly<Record<string, string>> = Object.fromEntries(
  GLOBAL_MODULES.flatMap((m) => ('npm' in m.source ? [[m.provides[0]!, m.source.source]] : [])),
);

/** Where the polyfill modules' imports resolve: componentize's own package directory. */
export const POLYFILL_RESOLVE_DIR = PACKAGE_ROOT;

/** The pre-bundled module of an npm-backed global module, named by its first global. */
export function prebundledGlobal(global: string): string {
  return join(PACKAGE_ROOT, 'dist', 'vendor', 'globals', `${global}.js`);
}
