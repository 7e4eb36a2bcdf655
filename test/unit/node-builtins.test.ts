import { describe, expect, test } from 'vitest';
import type { Polyfill } from '../../src/bundle/globals/polyfill.js';
import { builtinName, packageOf } from '../../src/bundle/node-builtins.js';
import { neededPolyfills } from '../../src/bundle/polyfills.js';
import { rewriteUnicodePropertyEscapes } from '../../src/bundle/unicode-regex.js';

describe('builtinName', () => {
  test('knows Node built-ins with and without node:', () => {
    expect(
      ['node:buffer', 'events', 'node:fs', 'fs/promises', 'node:path/posix', 'node:sqlite'].map(builtinName),
    ).toEqual(['buffer', 'events', 'fs', 'fs/promises', 'path/posix', 'sqlite']);
  });
  test('leaves npm package names alone', () => {
    expect(['ms', 'yaml', 'nanoid', './buffer', 'buffer/'].map(builtinName)).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });
});

describe('packageOf', () => {
  test('names the innermost package of a file', () => {
    expect(packageOf('node_modules/a/node_modules/@scope/b/lib/x.js')).toBe('@scope/b');
    expect(packageOf('/p/node_modules/js-yaml/dist/js-yaml.mjs')).toBe('js-yaml');
    expect(packageOf('src/app.ts')).toBeUndefined();
  });
});

describe('neededPolyfills', () => {
  const fake = (global: string, extra: Partial<Polyfill> = {}): Polyfill => ({
    global: global as Polyfill['global'],
    load: async () => ({ source: '', requires: [], degradedWarning: undefined }),
    ...extra,
  });
  const all = [
    fake('console'),
    fake('setTimeout', { provides: ['setTimeout', 'clearTimeout'], uses: ['console'] }),
    fake('Buffer'),
  ];

  test('only what is read, plus what those read', () => {
    expect(neededPolyfills(all, new Set(['clearTimeout'])).map((p) => p.global)).toEqual(['console', 'setTimeout']);
    expect(neededPolyfills(all, new Set(['Buffer'])).map((p) => p.global)).toEqual(['Buffer']);
  });
  test('a polyfill is installed after those providing the globals it uses, however deep', () => {
    const chain = [
      fake('AbortController', { uses: ['EventTarget', 'setTimeout'] }),
      fake('EventTarget', { provides: ['EventTarget', 'Event'] }),
      ...all,
    ];
    expect(neededPolyfills(chain, new Set(['AbortController'])).map((p) => p.global)).toEqual([
      'EventTarget',
      'console',
      'setTimeout',
      'AbortController',
    ]);
  });
  test('nothing read, nothing added', () => {
    expect(neededPolyfills(all, new Set(['Math', 'JSON']))).toEqual([]);
  });
});

describe('rewriteUnicodePropertyEscapes', () => {
  test('rewrites \\p{...} literals into classes that match the same', () => {
    const { code, rewritten } = rewriteUnicodePropertyEscapes(
      'export const r = /\\p{P}+|\\p{Lu}/gu; const s = "\\\\p{L}";',
    );
    expect(rewritten).toBe(1);
    expect(code).not.toMatch(/\/\\p\{/);
    expect(code).toContain('const s = "\\\\p{L}"');
    const literal = /\/(.+)\/gu;/.exec(code)!;
    const re = new RegExp(literal[1]!, 'gu');
    expect('“Ab”'.match(re)).toEqual(['“', 'A', '”']);
  });
  test('leaves code without property escapes untouched', () => {
    const code = 'const r = /[a-z]/u;';
    expect(rewriteUnicodePropertyEscapes(code)).toEqual({ code, rewritten: 0 });
  });
});
