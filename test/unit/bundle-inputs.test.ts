import type { Metafile } from 'esbuild';
import { describe, expect, test } from 'vitest';
import { bundleInputs } from '../../src/bundle/bundle.js';

const metafile = (names: string[]): Metafile => ({
  inputs: Object.fromEntries(names.map((n) => [n, { bytes: 1, imports: [] }])),
  outputs: {},
});

describe('the files a bundle was read from (the cache records them)', () => {
  test('an entry named like the second pass stand-in is kept; virtual and disabled modules are not', () => {
    const first = metafile([
      'app.js',
      'lib/util.js',
      '(disabled):node_modules/object-inspect/util.inspect',
      'componentize-node:buffer',
    ]);
    const second = metafile([
      'app.js',
      'node_modules/componentize/componentize-polyfill:entry',
      'componentize-polyfill:componentize-polyfill:crypto',
    ]);
    expect(bundleInputs('/p', first, second, '/p/app.js')).toEqual(['/p/app.js', '/p/lib/util.js']);
  });

  test("the second pass's stand-in for the first pass's output is not a file", () => {
    const first = metafile(['src/app.ts']);
    const second = metafile(['app.js', 'node_modules/core-js-pure/x.js']);
    expect(bundleInputs('/p', first, second, '/p/app.js')).toEqual([
      '/p/src/app.ts',
      '/p/node_modules/core-js-pure/x.js',
    ]);
  });
});
