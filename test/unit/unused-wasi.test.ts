import { describe, expect, test } from 'vitest';
import type { WorldModel } from '../../src/wit/world.js';
import type { WasiFeature } from '../../src/wit-dylib/adapter.js';
import { type FeatureUse, withUnusedWasiLeftOut } from '../../src/wit-dylib/unused-wasi.js';

const ALL: WasiFeature[] = ['stdio', 'clocks', 'random', 'http', 'fetch-event'];
const NONE = { all: false, features: [] as WasiFeature[] };

const world = (imports: string[] = [], exports: string[] = []): WorldModel => ({
  package: 'local:app',
  name: 'app',
  imports: imports.map((name) => ({ kind: 'interface', name, interface: { name, types: [], functions: [] } as never })),
  exports: exports.map((name) => ({ kind: 'interface', name, interface: { name, types: [], functions: [] } as never })),
  types: [],
});

const plain: FeatureUse = {
  model: world(),
  code: 'export function greet(name) { console.log(Date.now()); return `Hello, ${name}!`; }',
  globals: new Set(['console', 'Date']),
  requires: [],
};

const leftOut = (use: FeatureUse, disable = NONE, features: readonly WasiFeature[] = ALL) =>
  withUnusedWasiLeftOut(disable, { disableableFeatures: features }, use).features;

describe('WASI the code cannot reach is left out', () => {
  test('a plain world whose code never reaches fetch: http and fetch-event go, clocks, random and stdio stay', () => {
    expect(leftOut(plain)).toEqual(['http', 'fetch-event']);
  });

  test('features the user disabled stay disabled, once each', () => {
    expect(leftOut(plain, { all: false, features: ['random', 'http'] })).toEqual(['random', 'http', 'fetch-event']);
  });

  test.each([
    ['a fetch() call', { globals: new Set(['fetch']), code: 'fetch(u)' }],
    ['a typeof check', { globals: new Set(['fetch']), code: 'typeof fetch' }],
    ['a Response built', { globals: new Set(['Response']), code: 'new Response("x")' }],
    ['Headers', { globals: new Set(['Headers']), code: 'new Headers()' }],
    [
      'fetch reached through an alias of the global object',
      { globals: new Set(['globalThis']), code: 'const g = globalThis; g.fetch(u)' },
    ],
    ['a name in a string', { globals: new Set(['globalThis']), code: 'globalThis["Request"]' }],
  ])('%s keeps http', (_, use) => {
    expect(leftOut({ ...plain, ...use })).toEqual([]);
  });

  test.each([
    ['imports wasi:http/outgoing-handler', world(['wasi:http/outgoing-handler@0.2.10'])],
    ['exports wasi:http/incoming-handler', world([], ['wasi:http/incoming-handler@0.2.10'])],
  ])('a world that %s keeps http', (_, model) => {
    expect(leftOut({ ...plain, model })).toEqual([]);
  });

  test('glue or polyfills that import wasi:http keep it', () => {
    expect(leftOut({ ...plain, requires: ['wasi:http/types@0.2.10'] })).toEqual([]);
  });

  test('an engine that cannot leave out http alone (it can only drop every WASI import) is left as it was', () => {
    expect(leftOut(plain, NONE, [])).toEqual([]);
    expect(withUnusedWasiLeftOut({ all: true, features: [] }, { disableableFeatures: ALL }, plain)).toEqual({
      all: true,
      features: [],
    });
  });
});
