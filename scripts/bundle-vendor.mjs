#!/usr/bin/env node
// 1. Replaces each compiled dist/vendor/*.js re-export with a single-file bundle of the package it
//    re-exports, so the CLI loads one file instead of hundreds of modules (see src/vendor/zod.ts).
// 2. Bundles each npm-backed global polyfill into one self-contained ES module in
//    dist/vendor/globals/ (see src/bundle/globals/web-platform.ts), and the Promise whose jobs the fetch
//    glue runs (src/bundle/globals/promise-jobs.ts).
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { build } from 'esbuild';
import { INTL_CORE, intlCoreSource } from '../dist/bundle/globals/intl.js';
import { NPM_GLOBALS } from '../dist/bundle/globals/npm.js';
import { PROMISE_JOBS_SOURCE } from '../dist/bundle/globals/promise-jobs.js';
import { rewriteUnicodePropertyEscapes } from '../dist/bundle/unicode-regex.js';

const root = new URL('..', import.meta.url).pathname;
const PREBUNDLED = [
  ...Object.entries(NPM_GLOBALS),
  ['promise-jobs', PROMISE_JOBS_SOURCE],
  [INTL_CORE, intlCoreSource()],
];
for (const [global, source] of PREBUNDLED) {
  await build({
    stdin: { contents: source, resolveDir: root, loader: 'js', sourcefile: `componentize-polyfill:${global}` },
    outfile: join(root, 'dist/vendor/globals', `${global}.js`),
    bundle: true,
    format: 'esm',
    // Like the user's bundle: neither Node's nor a browser's built-ins exist in a component.
    platform: 'neutral',
    mainFields: ['module', 'main'],
    target: 'es2022',
    minify: true,
    // Intl's classes are named in messages and by `constructor.name`.
    keepNames: global === INTL_CORE,
    logLevel: 'warning',
  });
  // Polyfills go in after the user's code had its `\p{...}` regexes rewritten for engines without
  // them (StarlingMonkey): theirs are rewritten here, once, for every engine (urlpattern-polyfill).
  const out = join(root, 'dist/vendor/globals', `${global}.js`);
  const rewritten = rewriteUnicodePropertyEscapes(await readFile(out, 'utf8'));
  if (rewritten.rewritten > 0) await writeFile(out, rewritten.code);
}

const dir = new URL('../dist/vendor/', import.meta.url).pathname;
for (const name of (await readdir(dir)).filter((n) => n.endsWith('.js'))) {
  const file = join(dir, name);
  await build({
    entryPoints: [file],
    outfile: file,
    allowOverwrite: true,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    minifySyntax: true,
    logLevel: 'warning',
    // CommonJS packages (commander) call require() for Node built-ins; an ES module has none.
    banner: {
      js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
    },
  });
}
