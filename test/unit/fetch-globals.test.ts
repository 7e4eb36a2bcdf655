import { describe, expect, test } from 'vitest';
import { fetchPolyfill, impliedGlobals } from '../../src/bundle/globals/fetch.js';
import { checkFetchImport } from '../../src/check/fetch-import.js';
import { globalReads } from '../../src/js/free-globals.js';
import { parseBundle } from '../../src/js/parse-bundle.js';
import type { WorldModel } from '../../src/wit/world.js';

const implied = (code: string) => {
  const program = parseBundle(code);
  return impliedGlobals(program, new Set(globalReads(program).map((r) => r.name)));
};

const world = (imports: string[]): WorldModel => ({
  package: 'local:app',
  name: 'app',
  imports: imports.map(
    (name) =>
      ({
        kind: 'interface',
        name,
        interface: { functions: [], types: [] },
      }) as unknown as WorldModel['imports'][number],
  ),
  exports: [],
  types: [],
});
const HTTP = ['wasi:http/types@0.2.10', 'wasi:http/outgoing-handler@0.2.10'];
const at = { file: 'app.ts', line: 1, column: 1 };

describe('ReadableStream for fetch bodies', () => {
  test('code that calls fetch and reads a .body gets ReadableStream', () => {
    expect(implied('export const f = async (u) => (await fetch(u)).body.getReader();')).toEqual(['ReadableStream']);
  });

  test('fetch without .body, or .body without fetch, does not', () => {
    expect(implied('export const f = async (u) => (await fetch(u)).text();')).toEqual([]);
    expect(implied('export const f = (req) => req.body;')).toEqual([]);
  });
});

describe('fetch and the world', () => {
  test("the polyfill goes over the world's own wasi:http imports", () => {
    const module = fetchPolyfill(world(HTTP), 'number', false);
    expect(module.requires).toEqual(['wasi:http/outgoing-handler@0.2.10', 'wasi:http/types@0.2.10']);
    expect(module.source).toContain('from "wasi:http/outgoing-handler@0.2.10"');
  });

  test('without outgoing-handler, fetch() rejects naming the import to add', () => {
    const module = fetchPolyfill(world(['wasi:http/types@0.2.10']), 'number', false);
    expect(module.requires).toEqual([]);
    expect(module.source).toContain('the world does not import wasi:http/outgoing-handler');
    expect(module.source).toContain('--wit wasi:http/proxy');
  });

  test('the build warns at the first read of fetch when the world cannot send requests', () => {
    const program = parseBundle('export const f = (u) => fetch(u);\nexport const g = (u) => globalThis.fetch(u);');
    const warnings = checkFetchImport(program, world([]), () => at);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.code).toBe('MISSING_IMPORT');
    expect(warnings[0]!.message).toContain('import wasi:http/outgoing-handler@0.2.10;');
    expect(warnings[0]!.location).toEqual(at);
  });

  test('no warning with the import, for feature detection, or for polyfill code', () => {
    const program = parseBundle('export const f = (u) => fetch(u);');
    expect(checkFetchImport(program, world(HTTP), () => at)).toEqual([]);
    expect(checkFetchImport(parseBundle('export const ok = typeof fetch;'), world([]), () => at)).toEqual([]);
    expect(checkFetchImport(program, world([]), () => undefined)).toEqual([]);
  });
});
