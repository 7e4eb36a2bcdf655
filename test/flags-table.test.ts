import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Option } from 'commander';
import { describe, expect, test } from 'vitest';
import { DEFAULT_ENGINE } from '../dist/engines/registry.js';
import { listEngines } from '../dist/index.js';
import type { FlagRow } from '../dist/options/flag-row.js';
import { BUILD_FLAGS, FLAG_OF_KEY } from '../dist/options/flags.js';
import { flagsMarkdownTable } from '../dist/options/flags-doc.js';
import { buildOptionsSchema } from '../dist/options/schema.js';
import { ROOT, runCli } from './helpers/build-fixture.js';

const START = '<!-- generated: npm run docs:flags -->\n';
const rows = Object.entries(BUILD_FLAGS) as [string, FlagRow][];

describe('the flag table of src/options/flags.ts is the one source of the build flags', () => {
  test('the README "Flags" table is generated from it (npm run docs:flags regenerates it)', async () => {
    const text = await readFile(join(ROOT, 'README.md'), 'utf8');
    const start = text.indexOf(START);
    expect(start, 'README.md lacks the generated-table marker').toBeGreaterThan(0);
    const generated = text.slice(start + START.length, text.indexOf('<!-- end generated -->', start));
    // `npm run format` pads the table's columns (Biome formats Markdown); the cells are compared.
    const cells = (table: string) =>
      table
        .trim()
        .split('\n')
        .map((line) => line.replace(/ *\| */g, '|').replace(/-{3,}/g, '---'));
    expect(cells(generated)).toEqual(cells(flagsMarkdownTable(await listEngines())));
  });

  test('every option of the schema has a row', () => {
    const missing = Object.keys(buildOptionsSchema.shape).filter((key) => !(key in BUILD_FLAGS));
    expect(missing).toEqual([]);
    expect(Object.keys(FLAG_OF_KEY).sort()).toEqual(Object.keys(buildOptionsSchema.shape).sort());
  });

  test('each flag sets the value of its own key, which is what the build command reads', () => {
    for (const [key, row] of rows) {
      if (row.kind !== 'option') continue;
      // `--verify <call>` lands in `verify` beside `--no-verify`; the build command splits them.
      // `--max-size` lands in `maxSize`, which the build command folds into `budget.size`.
      const attribute = key === 'verifyCall' ? 'verify' : key === 'budget' ? 'maxSize' : key;
      expect(new Option(row.flags).attributeName(), row.flags).toBe(attribute);
    }
  });

  test('messages name the flags as users type them', () => {
    expect(FLAG_OF_KEY).toMatchObject({
      entry: '<entry>',
      out: '--out',
      verify: '--no-verify',
      verifyCall: '--verify',
      cache: '--no-cache',
      wevalBin: '--weval-bin',
      cacheMaxBytes: 'cacheMaxBytes',
    });
  });

  test('`componentize --help` lists every build flag, and names engines from the registry', async () => {
    const engines = await listEngines();
    const r = await runCli(['--help']);
    expect(r.exitCode).toBe(0);
    for (const row of Object.values(BUILD_FLAGS) as FlagRow[]) {
      if (row.kind === 'option' || row.kind === 'builtin') expect(r.stdout).toContain(row.flags);
    }
    expect(r.stdout).toContain(`--engine ${DEFAULT_ENGINE} -o app.wasm`);
    const aot = engines
      .filter((e) => e.capabilities.aot)
      .map((e) => e.name)
      .join(', ');
    // The column width follows the longest flag; only the order of the words is checked.
    expect(r.stdout).toMatch(new RegExp(`--weval +${aot}: ahead-of-time compile`));
  });

  test('`serve --help` does not call --wit required: a built .wasm needs no world', async () => {
    const r = await runCli(['serve', '--help']);
    expect(r.exitCode).toBe(0);
    const wit = r.stdout
      .slice(r.stdout.indexOf('--wit <path>'), r.stdout.indexOf('--world <name>'))
      .replace(/\s+/g, ' ');
    expect(wit).toContain('(required to build an entry; a .wasm needs none)');
    expect(wit).not.toMatch(/\(required\)/);
  });
});
