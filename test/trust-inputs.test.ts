import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { componentize } from '../dist/index.js';
import { runCli, scratchDir } from './helpers/build-fixture.js';

const WORLD = 'package local:trust;\nworld app { export greet: func(name: string) -> string; }\n';
const greet = (tag: string) => `export function greet(n) { return ${JSON.stringify(`${tag} `)} + n; }\n`;
const statusOf = (stdout: string) => JSON.parse(stdout).cache.status as string;

/** Builds `entry` twice with an edit of `edited` between, through the CLI; returns both cache statuses and what the second component returns. */
async function buildEditBuild(cwd: string, entry: string, edit: () => Promise<void>, wit = 'world.wit') {
  const args = [entry, '--wit', wit, '-o', 'out.wasm', '--json', '--no-verify'];
  const first = await runCli(args, { cwd });
  expect(first.exitCode, first.stderr).toBe(0);
  await edit();
  const second = await runCli(args, { cwd });
  expect(second.exitCode, second.stderr).toBe(0);
  const called = await runCli(['run', 'out.wasm', '--invoke', 'greet("x")'], { cwd });
  return { first: statusOf(first.stdout), second: statusOf(second.stdout), result: called.stdout.trim() };
}

describe('an edited input is never served from the cache (QuickJS)', () => {
  test.each(['app.js', 'app.mjs', 'app.ts'])('the entry %s in the working directory', async (name) => {
    const cwd = await scratchDir();
    await writeFile(join(cwd, 'world.wit'), WORLD);
    await writeFile(join(cwd, name), greet('version-A'));
    const r = await buildEditBuild(cwd, name, () => writeFile(join(cwd, name), greet('version-B')));
    expect(r).toEqual({ first: 'miss', second: 'miss', result: '"version-B x"' });
  });

  test('an entry outside the working directory, an imported module, JSON', async () => {
    const cwd = await scratchDir();
    const src = join(cwd, 'src');
    await mkdir(src);
    await writeFile(join(cwd, 'world.wit'), WORLD);
    await writeFile(
      join(src, 'app.js'),
      "import { tag } from './tag.js';\nimport data from './data.json';\nexport function greet(n) { return tag + data.suffix + ' ' + n; }\n",
    );
    await writeFile(join(src, 'tag.js'), "export const tag = 'A';\n");
    await writeFile(join(src, 'data.json'), '{ "suffix": "1" }');
    const sub = join(cwd, 'elsewhere');
    await mkdir(sub);
    const entry = join(src, 'app.js');
    const args = [entry, '--wit', join(cwd, 'world.wit'), '-o', join(cwd, 'out.wasm'), '--json', '--no-verify'];
    const results: string[] = [];
    for (const edit of [
      async () => {},
      () => writeFile(join(src, 'tag.js'), "export const tag = 'B';\n"),
      () => writeFile(join(src, 'data.json'), '{ "suffix": "2" }'),
    ]) {
      await edit();
      const built = await runCli(args, { cwd: sub });
      expect(built.exitCode, built.stderr).toBe(0);
      results.push((await runCli(['run', join(cwd, 'out.wasm'), '--invoke', 'greet("x")'], { cwd })).stdout.trim());
    }
    expect(results).toEqual(['"A1 x"', '"B1 x"', '"B2 x"']);
  });

  test('through the library, with an edited .js entry', async () => {
    const cwd = await scratchDir();
    await writeFile(join(cwd, 'world.wit'), WORLD);
    // Tags of its own: the CLI builds above made `version-A` components, and the library shares
    // the CLI's cache entries (an identical component is a hit, rightly).
    await writeFile(join(cwd, 'app.js'), greet('library-A'));
    const options = { entry: 'app.js', wit: 'world.wit', cwd, out: join(cwd, 'out.wasm'), verify: false };
    const first = await componentize(options);
    await writeFile(join(cwd, 'app.js'), greet('library-B'));
    const second = await componentize(options);
    expect([first.report.cache.status, second.report.cache.status]).toEqual(['miss', 'miss']);
    expect(second.report.inputs).toContain(join(cwd, 'app.js'));
  });
});

describe('an output never replaces an input', () => {
  test.each([
    ['the entry', 'app.ts'],
    ['the WIT', 'world.wit'],
    ['a bundled module', 'lib.ts'],
  ])('-o naming %s is refused before building, and the file is kept', async (_, target) => {
    const cwd = await scratchDir();
    await writeFile(join(cwd, 'world.wit'), WORLD);
    await writeFile(join(cwd, 'lib.ts'), "export const tag = 'A';\n");
    await writeFile(
      join(cwd, 'app.ts'),
      "import { tag } from './lib.js';\nexport function greet(n: string) { return tag + n; }\n",
    );
    const before = await readFile(join(cwd, target), 'utf8');
    const r = await runCli(['app.ts', '--wit', 'world.wit', '-o', target, '--json'], { cwd });
    expect(r.exitCode).toBe(1);
    const { error } = JSON.parse(r.stdout);
    expect(error.code).toBe('INVALID_OPTION');
    expect(error.message).toContain(join(cwd, target));
    expect(error.stage).not.toBe('engine');
    expect(await readFile(join(cwd, target), 'utf8')).toBe(before);
  });

  test("a config target's out naming the config file is refused", async () => {
    const cwd = await scratchDir();
    await writeFile(join(cwd, 'world.wit'), WORLD);
    await writeFile(join(cwd, 'app.ts'), 'export function greet(n: string) { return n; }\n');
    const config = "export default { entry: 'app.ts', wit: 'world.wit', out: 'componentize.config.mjs' };\n";
    await writeFile(join(cwd, 'componentize.config.mjs'), config);
    const r = await runCli(['--json'], { cwd });
    expect(r.exitCode).toBe(1);
    expect(JSON.parse(r.stdout).error.message).toContain('componentize.config.mjs');
    expect(await readFile(join(cwd, 'componentize.config.mjs'), 'utf8')).toBe(config);
  });

  test('a build without --sourcemap removes the map an earlier build wrote', async () => {
    const cwd = await scratchDir();
    await writeFile(join(cwd, 'world.wit'), WORLD);
    await writeFile(join(cwd, 'app.ts'), 'export function greet(n: string) { return n; }\n');
    const mapped = await runCli(['app.ts', '--wit', 'world.wit', '-o', 'out.wasm', '--sourcemap', '--no-verify'], {
      cwd,
    });
    expect(mapped.exitCode, mapped.stderr).toBe(0);
    expect((await stat(join(cwd, 'out.wasm.map'))).isFile()).toBe(true);
    const plain = await runCli(['app.ts', '--wit', 'world.wit', '-o', 'out.wasm', '--no-verify'], { cwd });
    expect(plain.exitCode, plain.stderr).toBe(0);
    expect(await stat(join(cwd, 'out.wasm.map')).catch(() => undefined)).toBeUndefined();
  });
});
