// Engines stay behind their interface: outside `src/engines/<name>/`, the code never names an
// engine (its name, aliases or npm package), so a third engine is one new folder and one line in
// the registry. Comments may name engines (they explain measured behaviour); code may not.
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { transform } from 'esbuild';
import { expect, test } from 'vitest';
import { ENGINES } from '../../src/engines/registry.js';

const SRC = new URL('../../src/', import.meta.url).pathname;

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.d.ts'))
    .map((e) => join(e.parentPath, e.name));
}

/** The code of a TypeScript file without its comments (esbuild drops them when minifying whitespace). */
async function codeOf(source: string): Promise<string> {
  return (await transform(source, { loader: 'ts', minifyWhitespace: true, legalComments: 'none' })).code;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

test('no code outside src/engines/<name>/ names an engine', async () => {
  const engineDirs = ENGINES.map((e) => `${join(SRC, 'engines', e.name)}/`);
  const names = ENGINES.flatMap((e) => [e.name, ...e.aliases, e.packageName]);
  const pattern = new RegExp(`(?<![\\w-])(${names.map(escape).join('|')})(?![\\w-])`, 'gi');
  const found: string[] = [];
  // The registry is the one list of engines; vendored packages are not ours.
  const exempt = (f: string) =>
    engineDirs.some((d) => f.startsWith(d)) ||
    f.startsWith(join(SRC, 'vendor')) ||
    f === join(SRC, 'engines/registry.ts');
  const files = (await sourceFiles(SRC)).filter((f) => !exempt(f));
  for (const file of files) {
    for (const match of (await codeOf(await readFile(file, 'utf8'))).matchAll(pattern))
      found.push(`${relative(SRC, file)}: ${match[0]}`);
  }
  expect(files.length).toBeGreaterThan(50);
  expect(found).toEqual([]);
});

test('the check sees a name in code, and not in a comment', async () => {
  const pattern = new RegExp(`(?<![\\w-])${escapeRegExp(ENGINES[0]!.name)}(?![\\w-])`, 'i');
  expect(await codeOf(`// ${ENGINES[0]!.name} in a comment\nexport const x = '${ENGINES[0]!.name}';`)).toMatch(pattern);
  expect(
    await codeOf(`/** ${ENGINES[0]!.name} in TSDoc */\nexport const x = {\n  // ${ENGINES[0]!.name}\n  y: 1,\n};`),
  ).not.toMatch(pattern);
});

test('every engine folder is in the registry', async () => {
  const folders = (await readdir(join(SRC, 'engines'), { withFileTypes: true }))
    .filter((e) => e.isDirectory())
    .map((e) => e.name);
  expect(folders.sort()).toEqual(ENGINES.map((e) => e.name).sort());
});
