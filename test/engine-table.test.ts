import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { listEngines } from '../dist/index.js';
import { engineTable } from '../scripts/engine-table.mjs';
import { ROOT } from './helpers/build-fixture.js';

test('docs/engines.md shows what the engine adapters declare (npm run docs:engines regenerates it)', async () => {
  const text = await readFile(join(ROOT, 'docs/engines.md'), 'utf8');
  const generated = text.slice(text.indexOf('-->\n') + 4, text.indexOf('<!-- end generated -->'));
  // `npm run format` pads the tables' columns (Biome formats Markdown); the cells are compared.
  const cells = (table: string) =>
    table
      .trim()
      .split('\n')
      .map((line) => line.replace(/ *\| */g, '|').replace(/-{3,}/g, '---'));
  expect(cells(generated)).toEqual(cells(engineTable(await listEngines())));
  // The polyfilled globals really are polyfilled, and the claims name real engines.
  expect(cells(generated)).toContain('|`console`|added by componentize (on wasi:cli/stdout, stderr)|built in|');
});
