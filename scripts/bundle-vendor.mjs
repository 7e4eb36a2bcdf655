#!/usr/bin/env node
// Replaces each compiled dist/vendor/*.js re-export with a single-file bundle of the package it
// re-exports, so the CLI loads one file instead of hundreds of modules (see src/vendor/zod.ts).
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { build } from 'esbuild';

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
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  });
}
