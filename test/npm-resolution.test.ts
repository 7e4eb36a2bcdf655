import { join } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, test } from 'vitest';
import { bundleEntry } from '../src/bundle/bundle.js';
import { polyfillsFor } from '../src/bundle/globals/polyfills.js';
import { ENGINES } from '../src/engines/registry.js';
import type { ResolvedOptions } from '../src/options/types.js';
import type { ResolvedWorld } from '../src/wit/load.js';

// The bundle stage alone (no engine): resolution conditions, NODE_ENV, and polyfills only for
// the globals the code reads.
const DIR = new URL('../fixtures/resolution/', import.meta.url).pathname;
const NO_IMPORTS = Promise.resolve({ model: { imports: [] } } as unknown as ResolvedWorld);

async function bundle(entry: string, engineIndex: number, extra: Partial<ResolvedOptions> = {}) {
  const engine = ENGINES[engineIndex]!;
  const options = {
    cwd: DIR,
    entry: join(DIR, entry),
    minify: false,
    sourcemap: false,
    conditions: [],
    nodeEnv: 'production',
    ...extra,
  } as unknown as ResolvedOptions;
  const result = await bundleEntry(options, polyfillsFor(engine, NO_IMPORTS, false), engine);
  // The sizes are measured beside the rest of the build; here, awaited at once.
  return { ...result, polyfills: await result.polyfills };
}

describe('resolution like a web worker', () => {
  test('the worker build of a package wins over node and browser; NODE_ENV is production', async () => {
    const { code } = await bundle('app.ts', 0);
    expect(code).toContain('"worker"');
    expect(code).not.toMatch(/"node"|"browser"|"default"/);
    expect(code).toContain('"production"');
    expect(code).not.toContain('process.env');
  });

  test('--conditions comes first, --node-env replaces NODE_ENV', async () => {
    const { code } = await bundle('app.ts', 0, { conditions: ['custom'], nodeEnv: 'development' });
    expect(code).toContain('"custom"');
    expect(code).toContain('"development"');
  });
});

describe("a package's browser field", () => {
  test('a built-in mapped to false is an empty module, as esbuild bundles it (bcryptjs, iconv-lite, protobufjs)', async () => {
    const result = await bundle('browser-false.ts', 0);
    const run = new Function(`${result.code.replace(/export\s*\{[^}]*\};?/, '')}\nreturn run();`) as () => string;
    expect(run()).toBe('crypto:undefined fs:undefined');
    expect(result.polyfilled).toEqual([]);
  });
});

describe('polyfills go in only for the globals the code reads', () => {
  test('a bundle that reads no global gets none', async () => {
    const result = await bundle('app.ts', 0);
    expect(result.polyfills).toEqual([]);
    expect(result.polyfilled).toEqual([]);
  });

  test('typeof X, globalThis.X and self.X are all seen, on the engine that lacks them', async () => {
    const result = await bundle('globals.ts', 0);
    for (const name of ['setTimeout', 'crypto', 'TextEncoder']) expect(result.polyfilled, name).toContain(name);
    for (const p of result.polyfills) expect(p.bytes).toBeGreaterThan(0);
  });

  test('an engine that has those globals gets no polyfill for them', async () => {
    const engine = ENGINES.findIndex((e) => !e.missingGlobals.includes('crypto'));
    const result = await bundle('globals.ts', engine);
    expect(result.polyfilled).toEqual([]);
  });
});

describe('polyfill bytes are those of a minified bundle', () => {
  test('an unminified bundle reports the same figures as a minified one', async () => {
    const [plain, minified] = [
      await bundle('polyfill-bytes.ts', 0),
      await bundle('polyfill-bytes.ts', 0, { minify: true }),
    ];
    expect(plain.polyfills.map((p) => p.name).sort()).toEqual(['console', 'node:events', 'setTimeout']);
    expect(plain.polyfills).toEqual(minified.polyfills);
  });

  test('a built-in counts what minifying its module in that bundle gives', async () => {
    const { polyfills } = await bundle('polyfill-bytes.ts', 0);
    // The same entry bundled by esbuild here, node:events taken from the events package directly.
    const eventsBytes = async (minify: boolean) => {
      const events = {
        name: 'events',
        setup: (b: any) =>
          b.onResolve({ filter: /^node:events$/ }, () =>
            b.resolve('events/events.js', {
              kind: 'import-statement',
              resolveDir: new URL('../', import.meta.url).pathname,
            }),
          ),
      };
      const r = await build({
        entryPoints: [join(DIR, 'polyfill-bytes.ts')],
        absWorkingDir: DIR,
        bundle: true,
        write: false,
        metafile: true,
        minify,
        format: 'esm',
        target: 'es2022',
        platform: 'browser',
        mainFields: ['browser', 'module', 'main'],
        conditions: ['worker', 'module'],
        define: { 'process.env.NODE_ENV': '"production"' },
        outfile: 'polyfill-bytes.js',
        plugins: [events],
        logLevel: 'silent',
      });
      const inputs = Object.values(r.metafile.outputs).find((o) => o.entryPoint)!.inputs;
      return Object.entries(inputs).find(([path]) => path.endsWith('events/events.js'))![1].bytesInOutput;
    };
    const minified = await eventsBytes(true);
    expect(minified).toBeLessThan(await eventsBytes(false));
    expect(polyfills.find((p) => p.name === 'node:events')?.bytes).toBe(minified);
  });
});
