// The README's "Web platform globals" table and the polyfills behind it: generated from the one
// table (bundle/globals/web-platform.ts) and the adapters, and each "filled" or "mended" there
// really has a polyfill that goes in when the code reads the global, with nothing unrelated.
import { readFile } from 'node:fs/promises';
import { describe, expect, test } from 'vitest';
import { impliedGlobals } from '../../src/bundle/globals/fetch.js';
import { polyfillsFor } from '../../src/bundle/globals/polyfills.js';
import {
  WINTERTC_GLOBALS,
  webGlobalStatus,
  webGlobalsMarkdownTable,
} from '../../src/bundle/globals/web-globals-doc.js';
import { neededPolyfills } from '../../src/bundle/polyfills.js';
import { ENGINES } from '../../src/engines/registry.js';
import { globalReads } from '../../src/js/free-globals.js';
import { parseBundle } from '../../src/js/parse-bundle.js';
import type { ResolvedWorld } from '../../src/wit/load.js';
import type { GlobalName } from '../../src/wit-dylib/adapter.js';

const README = new URL('../../README.md', import.meta.url);
const START = '<!-- generated: npm run docs:web-globals -->\n';
const NO_WORLD = Promise.resolve({ model: { imports: [] } } as unknown as ResolvedWorld);
const engine = (name: string) => ENGINES.find((e) => e.name === name)!;
const globalsIn = (engineName: string, read: string[]) =>
  neededPolyfills(polyfillsFor(engine(engineName), NO_WORLD, false), new Set(read))
    .flatMap((p) => p.provides ?? [p.global])
    .sort();

describe('the README "Web platform globals" table', () => {
  test('is generated from the adapters and web-platform.ts (npm run docs:web-globals regenerates it)', async () => {
    const text = await readFile(README, 'utf8');
    const start = text.indexOf(START);
    expect(start, 'README.md lacks the generated-table marker').toBeGreaterThan(0);
    const generated = text.slice(start + START.length, text.indexOf('<!-- end generated -->', start));
    // `npm run format` pads the table's columns (Biome formats Markdown); the cells are compared.
    const cells = (table: string) =>
      table
        .trim()
        .split('\n')
        .map((line) => line.replace(/ *\| */g, '|').replace(/-{3,}/g, '---'));
    expect(cells(generated)).toEqual(cells(webGlobalsMarkdownTable(ENGINES)));
  });

  test.each(ENGINES.map((e) => e.name))('what it calls filled or mended on %s has a polyfill', (name) => {
    for (const global of WINTERTC_GLOBALS) {
      const status = webGlobalStatus(engine(name), global);
      if (status === 'native') continue;
      expect(status, global).not.toBe('missing');
      const polyfill = polyfillsFor(engine(name), NO_WORLD, false).find((p) =>
        (p.provides ?? [p.global]).includes(global),
      );
      expect(polyfill, `${global} on ${name}`).toBeDefined();
      expect(Boolean(polyfill!.wraps), `${global} on ${name} is installed over the engine's`).toBe(
        status.startsWith('native, mended'),
      );
    }
  });
});

describe('only what the code reads goes in', () => {
  test('AbortController on QuickJS brings what it is built on, and nothing else', () => {
    expect(globalsIn('quickjs', ['AbortController'])).toEqual(
      (
        [
          'AbortController',
          'AbortSignal',
          'EventTarget',
          'Event',
          'setTimeout',
          'setInterval',
          'clearTimeout',
          'clearInterval',
          'console',
        ] as GlobalName[]
      ).sort(),
    );
  });

  test('on StarlingMonkey, which has its own EventTarget, only the mended controller', () => {
    expect(globalsIn('starlingmonkey', ['AbortController'])).toEqual(['AbortController', 'AbortSignal']);
  });

  test('FormData brings Blob and File, and their TextEncoder and TextDecoder on QuickJS', () => {
    expect(globalsIn('quickjs', ['FormData'])).toEqual(['Blob', 'File', 'FormData', 'TextDecoder', 'TextEncoder']);
  });

  test('code that reads none of them gets none', () => {
    expect(globalsIn('quickjs', ['Object', 'JSON'])).toEqual([]);
    expect(globalsIn('starlingmonkey', ['Object', 'JSON'])).toEqual([]);
  });

  test('blob.stream() brings ReadableStream', () => {
    const implied = (code: string) => {
      const program = parseBundle(code);
      return impliedGlobals(program, new Set(globalReads(program).map((r) => r.name)));
    };
    expect(implied('export const f = (t) => new Blob([t]).stream();')).toEqual(['ReadableStream']);
    expect(implied('export const f = (t) => new Blob([t]).text();')).toEqual([]);
  });
});
