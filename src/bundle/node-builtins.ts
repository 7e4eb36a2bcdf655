import { isAbsolute, relative } from 'node:path';
import type { Plugin } from 'esbuild';
import { nodeCryptoSource } from './globals/node-crypto.js';
import { nodeProcessSource, nodeUrlSource, nodeZlibSource } from './globals/node-modules.js';
import { POLYFILL_RESOLVE_DIR } from './globals/npm.js';

/**
 * Node built-in modules a component can have, and what provides each. The classic browserify-era
 * packages were chosen over unenv: they are the same code
 * webpack 4 and Vite's node-polyfills plugin ship, each one a plain package that works without a
 * preset, and unenv 1.x's `crypto`/`util` parts are stubs that throw "not implemented" while
 * these are complete. Bytes in a bundle, unminified, measured with the packages alone (the
 * report's `polyfills` gives minified bytes, e.g. events 13 kB unminified is 6 kB): buffer 63 kB,
 * events 13 kB, path-browserify 13 kB, util 78 kB (its `is-*` helpers), assert 165 kB (it pulls
 * util), string_decoder 72 kB (with buffer), querystring-es3 3.5 kB, url 119 kB (punycode, qs),
 * crypto 24 kB (@noble/hashes, sha256+sha1+md5+hmac; 48 kB with RSA keys and signatures), stream
 * 210 kB (readable-stream 4, Node's own streams code; 117 kB minified with buffer, events and
 * string_decoder), zlib 25 kB (fflate's one-shot calls; 40 kB minified with buffer).
 * `process`, `crypto`, `url` and `zlib` are ours (globals/node-modules.ts, node-crypto.ts).
 */
const FROM_PACKAGE: Record<string, string> = {
  buffer: 'buffer/index.js',
  events: 'events/events.js',
  path: 'path-browserify/index.js',
  'path/posix': 'path-browserify/index.js',
  util: 'util/util.js',
  string_decoder: 'string_decoder/lib/string_decoder.js',
  assert: 'assert/build/assert.js',
  querystring: 'querystring-es3/index.js',
  stream: 'readable-stream/lib/ours/browser.js',
  'stream/promises': 'readable-stream/lib/stream/promises.js',
};

const GENERATED: Record<string, () => string> = {
  process: nodeProcessSource,
  crypto: nodeCryptoSource,
  url: nodeUrlSource,
  zlib: nodeZlibSource,
};

/** Built-ins that need what a component does not have (a file system, sockets, processes, threads). */
const UNAVAILABLE: Record<string, string> = {
  fs: 'a component has no file system of its own; import wasi:filesystem in the world and use it',
  'fs/promises': 'a component has no file system of its own; import wasi:filesystem in the world and use it',
  child_process: 'a component cannot start processes',
  cluster: 'a component cannot start processes',
  worker_threads: 'a component has no threads',
  net: 'a component has no raw sockets; use wasi:sockets or wasi:http in the world',
  tls: 'a component has no raw sockets; use wasi:http in the world',
  dgram: 'a component has no raw sockets; use wasi:sockets in the world',
  dns: 'a component has no resolver; use wasi:sockets/ip-name-lookup in the world',
  http: 'use wasi:http in the world (fetch on engines that have it)',
  https: 'use wasi:http in the world (fetch on engines that have it)',
  http2: 'use wasi:http in the world',
  os: 'a component has no operating system to ask',
  vm: 'a component cannot compile separate contexts',
  v8: 'a component runs no V8',
  module: 'a component has no module loader',
  readline: 'a component has no terminal',
  repl: 'a component has no terminal',
  tty: 'a component has no terminal',
  inspector: 'a component has no inspector',
  perf_hooks: 'use the global performance where the engine has it',
  async_hooks: 'a component has no async hooks',
  diagnostics_channel: 'no polyfill is bundled',
  sqlite: 'a component has no SQLite',
};

/**
 * The global `Buffer`, bound with esbuild's `inject` in the first pass (bundle.ts) rather than
 * added as a global in the second: so it is the very module `node:buffer` resolves to, not a
 * second copy of the buffer package.
 */
export const BUFFER_INJECT = 'componentize-inject-buffer';

const NODE_NAME = /^(?:node:)?([a-z_]+(?:\/[a-z_]+)?)$/;
const NAMESPACE = 'componentize-node';

/** `node:fs` → `fs`; undefined for anything that is not a Node built-in's name. */
export function builtinName(specifier: string): string | undefined {
  const name = NODE_NAME.exec(specifier)?.[1];
  if (!name) return undefined;
  if (name in FROM_PACKAGE || name in GENERATED || name in UNAVAILABLE) return name;
  return specifier.startsWith('node:') ? name : undefined;
}

/** The npm package a file belongs to (`node_modules/@scope/name/...`), or undefined for the user's own files. */
export function packageOf(file: string): string | undefined {
  const parts = file.split(/[\\/]/);
  const at = parts.lastIndexOf('node_modules');
  if (at < 0 || at + 1 >= parts.length) return undefined;
  const name = parts[at + 1]!;
  return name.startsWith('@') ? `${name}/${parts[at + 2] ?? ''}` : name;
}

/**
 * Resolves Node built-ins (`node:buffer` and bare `buffer` alike) to their polyfills. A built-in
 * that cannot exist in a component is an error at the importing line (esbuild puts the location
 * of the import on a resolver's error), naming the npm package that imports it. A package's own
 * `browser` field mapping (`"fs": false`) wins: that is what its authors ship for non-Node runtimes.
 * `used` gets the metafile name of each polyfill module resolved, to what it provides
 * (`node:buffer`, `Buffer`), for the report's polyfill bytes.
 */
/** The namespace of modules a package's `browser` field maps to `false`. */
const DISABLED = 'componentize-disabled';

/** esbuild's answer for a `browser: { "x": false }` mapping: the specifier itself, in no namespace. */
export function isDisabled(resolved: { path: string; namespace: string; external?: boolean }): boolean {
  return !resolved.external && resolved.namespace === '' && !isAbsolute(resolved.path);
}

export function nodeBuiltinsPlugin(used: Map<string, string>): Plugin {
  return {
    name: 'componentize:node-builtins',
    setup(build) {
      build.onResolve({ filter: NODE_NAME }, async (args) => {
        const name = builtinName(args.path);
        if (!name || args.pluginData?.componentizeNode) return undefined;
        if (!args.path.startsWith('node:')) {
          // A bare `events` may be the package of that name the project installed, or a browser-field mapping.
          const own = await build.resolve(args.path, {
            kind: args.kind,
            resolveDir: args.resolveDir,
            importer: args.importer,
            pluginData: { componentizeNode: true },
          });
          // A `browser` mapping to `false` resolves to esbuild's "disabled" module (a bare path, no
          // namespace), which esbuild refuses from a plugin: it becomes the same empty module here.
          if (!own.errors.length) return isDisabled(own) ? { path: args.path, namespace: DISABLED } : own;
        }
        const fromPackage = FROM_PACKAGE[name];
        if (fromPackage) {
          const resolved = await build.resolve(fromPackage, {
            kind: args.kind,
            resolveDir: POLYFILL_RESOLVE_DIR,
            pluginData: { componentizeNode: true },
          });
          if (resolved.errors.length) return { errors: resolved.errors };
          used.set(relative(build.initialOptions.absWorkingDir ?? process.cwd(), resolved.path), `node:${name}`);
          return { path: resolved.path };
        }
        if (GENERATED[name]) {
          used.set(`${NAMESPACE}:${name}`, `node:${name}`);
          return { path: name, namespace: NAMESPACE };
        }
        const by = packageOf(args.importer);
        const reason = UNAVAILABLE[name] ?? 'componentize has no polyfill for it';
        return {
          errors: [
            {
              text: `Node built-in "${args.path}" is not available in a component${by ? ` (imported by the npm package "${by}")` : ''}: ${reason}`,
            },
          ],
        };
      });
      // `process/` (trailing slash) is how browser-minded packages (readable-stream) ask for the npm
      // `process` shim over the built-in: in a component, ours is the better Node process (WASI env).
      build.onResolve({ filter: /^process\/$/ }, () => {
        used.set(`${NAMESPACE}:process`, 'node:process');
        return { path: 'process', namespace: NAMESPACE };
      });
      build.onResolve({ filter: new RegExp(`^${BUFFER_INJECT}$`) }, () => {
        used.set(`${NAMESPACE}:${BUFFER_INJECT}`, 'Buffer');
        return { path: BUFFER_INJECT, namespace: NAMESPACE };
      });
      // As esbuild bundles a disabled module: an empty CommonJS module (`require('crypto')` is `{}`).
      build.onLoad({ filter: /.*/, namespace: DISABLED }, () => ({ contents: 'module.exports = {};', loader: 'js' }));
      build.onLoad({ filter: /.*/, namespace: NAMESPACE }, (args) => ({
        contents: args.path === BUFFER_INJECT ? "export { Buffer } from 'buffer/index.js';" : GENERATED[args.path]!(),
        loader: 'js',
        resolveDir: POLYFILL_RESOLVE_DIR,
      }));
    },
  };
}
