import { readdir } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { describe, expect, test } from 'vitest';
import { scratchDir } from '../helpers/build-fixture.js';
import { WASI_STUB_MARK, wasiStubMap, writeWasiStubs } from '../../dist/run/wasi-stubs.js';

const PATTERNS = ['wasi:cli/*', 'wasi:io/*', 'wasi:clocks/*'];
const specifier = (map: Record<string, string>, pattern: string) => map[pattern]!.replace(/#.*$/, '');

describe('WASI stand-ins for an instantiation that calls nothing', () => {
  test('each stand-in exports exactly the names jco\'s JavaScript imports from it, and every member throws with the mark', async () => {
    const dir = await scratchDir();
    const map = wasiStubMap(PATTERNS, dir);
    const js = [
      `import { environment, exit as exit$1, stdout } from '${specifier(map, 'wasi:cli/*')}';`,
      `import { streams } from "${specifier(map, 'wasi:io/*')}";`,
      'const { getEnvironment } = environment;',
    ].join('\n');
    expect(await writeWasiStubs(js, map, dir)).toBe(true);
    // wasi:clocks is not imported: no module for it.
    expect((await readdir(dir)).sort()).toEqual(['wasi-stub-0.mjs', 'wasi-stub-1.mjs']);
    const cli = await import(specifier(map, 'wasi:cli/*'));
    expect(Object.keys(cli).sort()).toEqual(['environment', 'exit', 'stdout']);
    expect(() => cli.environment.getEnvironment()).toThrow(WASI_STUB_MARK);
    const { streams } = await import(specifier(map, 'wasi:io/*'));
    // A resource class: usable with instanceof and extends, throwing when constructed.
    expect({} instanceof streams.OutputStream).toBe(false);
    expect(() => new streams.OutputStream()).toThrow('WASI streams.OutputStream');
    expect(streams.OutputStream).toBe(streams.OutputStream);
  });

  test('an import of a stand-in in another form (a namespace import) is refused: the shims are needed then', async () => {
    const dir = await scratchDir();
    const map = wasiStubMap(PATTERNS, dir);
    expect(await writeWasiStubs(`import * as cli from '${specifier(map, 'wasi:cli/*')}';`, map, dir)).toBe(false);
  });

  test('the map points every pattern at a file URL of its own in the directory', async () => {
    const map = wasiStubMap(PATTERNS, '/tmp/x');
    expect(Object.keys(map)).toEqual(PATTERNS);
    expect(new Set(Object.values(map)).size).toBe(PATTERNS.length);
    for (const target of Object.values(map)) expect(target).toMatch(new RegExp(`^${pathToFileURL('/tmp/x').href}/wasi-stub-\\d+\\.mjs#\\*$`));
  });
});
