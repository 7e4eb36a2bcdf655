#!/usr/bin/env node
// Minified and gzipped size of the pure-JS Web Crypto (src/guest/web-crypto/) as a guest bundle
// would carry it, for the whole thing and for apps that need only some algorithms: each entry is
// bundled by esbuild from node_modules, as componentize bundles an app (platform neutral, ESM).
// Usage: node scripts/web-crypto-size.mjs [--json]
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const root = new URL('..', import.meta.url).pathname;
const from = JSON.stringify('./src/guest/web-crypto/index.ts');
const opts = '{ getRandomValues: (a) => crypto.getRandomValues(a) }';
const ENTRIES = {
  'everything (createSubtle)': `import { createSubtle } from ${from}; globalThis.subtle = createSubtle(${opts});`,
  'digest only': `import { createSubtleWith } from ${from}; globalThis.subtle = createSubtleWith(${opts}, []);`,
  'HMAC only': `import { createSubtleWith, hmac } from ${from}; globalThis.subtle = createSubtleWith(${opts}, [hmac]);`,
  'AES-GCM/CBC/CTR only': `import { createSubtleWith, aes } from ${from}; globalThis.subtle = createSubtleWith(${opts}, [aes]);`,
  'ECDSA only': `import { createSubtleWith, ecdsa } from ${from}; globalThis.subtle = createSubtleWith(${opts}, [ecdsa]);`,
  'Ed25519 only': `import { createSubtleWith, ed25519 } from ${from}; globalThis.subtle = createSubtleWith(${opts}, [ed25519]);`,
  'RSA (all three) only': `import { createSubtleWith, rsassa, rsaPss, rsaOaep } from ${from}; globalThis.subtle = createSubtleWith(${opts}, [rsassa, rsaPss, rsaOaep]);`,
};

const rows = [];
for (const [name, contents] of Object.entries(ENTRIES)) {
  const result = await build({
    stdin: { contents, resolveDir: root, loader: 'js', sourcefile: 'entry.js' },
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'neutral',
    mainFields: ['module', 'main'],
    target: 'es2022',
    minify: true,
    logLevel: 'warning',
  });
  const code = result.outputFiles[0].contents;
  rows.push({ name, minified: code.length, gzip: gzipSync(code, { level: 9 }).length });
}
if (process.argv.includes('--json')) console.log(JSON.stringify(rows, null, 2));
else
  for (const r of rows)
    console.log(
      `${r.name.padEnd(28)} ${(r.minified / 1024).toFixed(1).padStart(7)} kB min  ${(r.gzip / 1024).toFixed(1).padStart(6)} kB gzip`,
    );
