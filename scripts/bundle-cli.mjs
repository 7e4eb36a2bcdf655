#!/usr/bin/env node
// Bundles the CLI (after tsc and scripts/bundle-vendor.mjs): dist/cli.js becomes the entry of an
// esbuild bundle whose chunks are in dist/bin/. Loading ~110 compiled modules one by one costs
// Node's ES module loader ~80 ms of every build (resolving, reading, linking each file); a few
// chunks load in a fraction of that. Splitting keeps the lazy loading: what a cache hit, `init`
// or `--help` does not need stays in chunks they never load. npm packages but zod stay external,
// and the library (dist/index.js, dist/test.js) stays the compiled modules.
//
// Modules that run as a process of their own or that generated code imports by URL are entries
// too, next to the chunks, where their callers' `new URL('./<name>.js', import.meta.url)` finds
// them; paths to package files go through src/shared/package-root.ts, the same from both places.
import { createHash } from 'node:crypto';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { build } from 'esbuild';

const dist = new URL('../dist/', import.meta.url).pathname;
const vendorZod = new URL('../src/vendor/zod.ts', import.meta.url).pathname;

// npm packages stay external, except zod: dist/vendor/zod.js is one pre-bundled file (for the
// library), which esbuild cannot tree-shake; from the package itself (`sideEffects: false`) it
// keeps only the zod/mini functions the schema uses: ~40 kB instead of ~670 kB to load.
const packagesExternalButZod = {
  name: 'packages-external-but-zod',
  setup(build) {
    build.onResolve({ filter: /[\\/]vendor[\\/]zod\.js$/ }, () => ({ path: vendorZod }));
    build.onResolve({ filter: /^[^./]/ }, (args) =>
      /^zod(\/|$)/.test(args.path) ? undefined : { path: args.path, external: true },
    );
  },
};
await rm(`${dist}bin`, { recursive: true, force: true });
const result = await build({
  metafile: true,
  entryPoints: {
    cli: `${dist}cli.js`,
    'bin/engine-worker': `${dist}engines/engine-worker.js`,
    'bin/verify-worker': `${dist}verify/verify-worker.js`,
    'bin/config-worker': `${dist}config/config-worker.js`,
    'bin/serve-worker': `${dist}serve/serve-worker.js`,
    'bin/bindings-fix': `${dist}engines/starlingmonkey/bindings-fix.js`,
  },
  outdir: dist,
  allowOverwrite: true,
  chunkNames: 'bin/[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  plugins: [packagesExternalButZod],
  sourcemap: true,
  logLevel: 'warning',
});
// The bundle's identity for cache and memo keys (src/store/fingerprint.ts): a hash of its files,
// so a changed bundle gets a new id and the same sources bundled on another machine the same one
// (`componentize inputs --hash` is a CI cache key across machines).
const id = createHash('sha256');
for (const file of Object.keys(result.metafile.outputs).sort()) {
  if (file.endsWith('.map')) continue;
  id.update(`${file}\0`).update(await readFile(file));
}
await writeFile(`${dist}bin/build-id`, id.digest('hex'));
