// The esbuild plugin that maps Node built-ins to their polyfills, run on real imports.
import { build } from 'esbuild';
import { describe, expect, test } from 'vitest';
import { impliedGlobals } from '../../src/bundle/globals/fetch.js';
import { nodeBuiltinsPlugin } from '../../src/bundle/node-builtins.js';
import { globalReads } from '../../src/js/free-globals.js';
import { parseBundle } from '../../src/js/parse-bundle.js';

/** Bundles `code` with the plugin: what each built-in resolved to, and the errors. */
async function bundle(code: string) {
  const used = new Map<string, string>();
  const result = await build({
    stdin: { contents: code, resolveDir: process.cwd(), loader: 'js' },
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    mainFields: ['browser', 'module', 'main'],
    logLevel: 'silent',
    plugins: [nodeBuiltinsPlugin(used)],
  }).catch((error: { errors: { text: string }[] }) => ({ errors: error.errors, outputFiles: [] }));
  return { provided: [...new Set(used.values())].sort(), errors: result.errors.map((e) => e.text) };
}

describe('nodeBuiltinsPlugin', () => {
  test('each built-in, bare and node:, maps to its polyfill', async () => {
    const names = ['stream', 'stream/promises', 'zlib', 'crypto', 'events', 'util', 'buffer', 'path', 'url'];
    const code = names.map(
      (n, i) => `import * as a${i} from 'node:${n}'; import * as b${i} from '${n}'; console.log(a${i}, b${i});`,
    );
    const { provided, errors } = await bundle(code.join('\n'));
    expect(errors).toEqual([]);
    for (const n of names) expect(provided).toContain(`node:${n}`);
  });

  test('only what is imported goes in', async () => {
    expect((await bundle("import { gzipSync } from 'node:zlib'; console.log(gzipSync);")).provided).toEqual([
      'node:zlib',
    ]);
    expect((await bundle('console.log(1);')).provided).toEqual([]);
  });

  test('stream brings our process for readable-stream\'s "process/"', async () => {
    expect((await bundle("import { Readable } from 'stream'; console.log(Readable);")).provided).toContain(
      'node:process',
    );
  });

  test('a built-in a component cannot have is still an error that says why', async () => {
    const { errors } = await bundle("import fs from 'node:fs'; console.log(fs);");
    expect(errors).toEqual([expect.stringContaining('Node built-in "node:fs" is not available in a component')]);
  });
});

describe('impliedGlobals', () => {
  const implied = (code: string) => {
    const program = parseBundle(code);
    return impliedGlobals(program, new Set(globalReads(program).map((r) => r.name)));
  };
  test('`.crypto` of a root chosen at run time brings the crypto global', () => {
    expect(
      implied(
        "const root = typeof self !== 'undefined' ? self : global; root.crypto.getRandomValues(new Uint8Array(1));",
      ),
    ).toEqual(['crypto']);
  });
  test('no global object read, or no `.crypto`: nothing', () => {
    expect(implied('const o = {}; o.crypto;')).toEqual([]);
    expect(implied("const root = typeof self !== 'undefined' ? self : global; root.fetch;")).toEqual([]);
  });
});
