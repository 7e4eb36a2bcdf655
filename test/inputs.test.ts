import { cp, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { componentizeInputs } from '../dist/index.js';
import { FIXTURES, runCli, scratchDir } from './helpers/build-fixture.js';

/** The hello fixture in a fresh project directory of its own (a package.json, so nothing above it is read). */
async function helloProject(): Promise<string> {
  const dir = await scratchDir();
  await cp(join(FIXTURES, 'hello'), dir, { recursive: true });
  await writeFile(join(dir, 'package.json'), '{ "name": "hello", "type": "module" }\n');
  return dir;
}

async function inputsJson(cwd: string, args: string[] = [], env: Record<string, string> = {}) {
  const result = await runCli(['inputs', 'app.ts', '--wit', 'world.wit', '--json', ...args], { cwd, env });
  expect(result.stderr).toBe('');
  expect(result.exitCode).toBe(0);
  return JSON.parse(result.stdout);
}

describe('componentize inputs', () => {
  test('lists the entry, the WIT and the package.json it read, and the hash is the same in another directory', async () => {
    const [a, b] = [await helloProject(), await helloProject()];
    const [first, second] = [await inputsJson(a), await inputsJson(b)];
    const paths = first.files.map((f: { path: string }) => f.path);
    expect(paths).toContain('app.ts');
    expect(paths).toContain('world.wit');
    expect(paths).toContain('package.json');
    expect(first.tools.engine).toMatchObject({ name: 'quickjs', package: 'componentize-qjs' });
    expect(first.cwd).toBe(a);
    expect(second.cwd).toBe(b);
    expect(second.hash).toBe(first.hash);
    // `--hash` prints the same hash alone, and the library gives it too.
    const hashOnly = await runCli(['inputs', 'app.ts', '--wit', 'world.wit', '--hash'], { cwd: a });
    expect(hashOnly.stdout).toBe(first.hash);
    const api = await componentizeInputs({ entry: 'app.ts', wit: 'world.wit', cwd: a });
    // The library (the compiled modules the CLI bundle was made from) has the CLI's identity.
    expect(api.files).toEqual(first.files);
    expect(api.hash).toBe(first.hash);
  });

  test('a changed WIT file, engine or SOURCE_DATE_EPOCH changes the hash; a changed location variable does not', async () => {
    const dir = await helloProject();
    const base = (await inputsJson(dir)).hash;
    expect((await inputsJson(dir, [], { SOURCE_DATE_EPOCH: '1700000000' })).hash).not.toBe(base);
    expect((await inputsJson(dir, ['--engine', 'starlingmonkey'])).hash).not.toBe(base);
    expect((await inputsJson(dir, [], { COMPONENTIZE_CACHE_DIR: join(dir, 'elsewhere') })).hash).toBe(base);
    await writeFile(
      join(dir, 'world.wit'),
      `${await import('node:fs/promises').then((fs) => fs.readFile(join(dir, 'world.wit'), 'utf8'))}\n// changed\n`,
    );
    expect((await inputsJson(dir)).hash).not.toBe(base);
  });

  test("a package's lockfile entry is listed, and a changed entry changes the hash", async () => {
    const dir = await scratchDir();
    await mkdir(join(dir, 'node_modules', 'greeting'), { recursive: true });
    await writeFile(
      join(dir, 'node_modules', 'greeting', 'package.json'),
      '{ "name": "greeting", "version": "1.0.0", "main": "index.js" }',
    );
    await writeFile(join(dir, 'node_modules', 'greeting', 'index.js'), 'export const hello = (n) => `Hello, ${n}!`;\n');
    await writeFile(
      join(dir, 'package.json'),
      '{ "name": "app", "type": "module", "dependencies": { "greeting": "1.0.0" } }',
    );
    const lock = (integrity: string) =>
      JSON.stringify({
        name: 'app',
        lockfileVersion: 3,
        packages: {
          '': { name: 'app', dependencies: { greeting: '1.0.0' } },
          'node_modules/greeting': {
            version: '1.0.0',
            resolved: 'https://registry.example/greeting-1.0.0.tgz',
            integrity,
          },
          'node_modules/unrelated': { version: '2.0.0' },
        },
      });
    await writeFile(join(dir, 'package-lock.json'), lock('sha512-a'));
    await cp(join(FIXTURES, 'hello', 'world.wit'), join(dir, 'world.wit'));
    await writeFile(
      join(dir, 'app.ts'),
      "import { hello } from 'greeting';\nexport function greet(name: string): string {\n  return hello(name);\n}\n",
    );
    const first = await inputsJson(dir);
    expect(first.lockfile.path).toBe('package-lock.json');
    expect(Object.keys(first.lockfile.entries)).toEqual(['node_modules/greeting']);
    expect(first.files.map((f: { path: string }) => f.path)).toContain('node_modules/greeting/index.js');
    await writeFile(join(dir, 'package-lock.json'), lock('sha512-b'));
    expect((await inputsJson(dir)).hash).not.toBe(first.hash);
  });

  test("without an entry, the config file's targets: the config is an input, and one hash covers them", async () => {
    const dir = await helloProject();
    const config = {
      targets: [
        { entry: 'app.ts', wit: 'world.wit', out: 'a.wasm' },
        { name: 'sm', entry: 'app.ts', wit: 'world.wit', engine: 'starlingmonkey' },
      ],
    };
    await writeFile(join(dir, 'componentize.config.json'), JSON.stringify(config));
    const result = await runCli(['inputs', '--json'], { cwd: dir });
    expect(result.exitCode, result.stderr).toBe(0);
    const all = JSON.parse(result.stdout);
    expect(all.targets).toHaveLength(2);
    for (const target of all.targets)
      expect(target.files.map((f: { path: string }) => f.path)).toContain('componentize.config.json');
    expect(all.targets[0].hash).not.toBe(all.targets[1].hash);
    const hashOnly = await runCli(['inputs', '--hash'], { cwd: dir });
    expect(hashOnly.stdout).toBe(all.hash);
    const one = await runCli(['inputs', '--target', 'sm', '--hash'], { cwd: dir });
    expect(one.stdout).toMatch(/^[0-9a-f]{64}$/);
    expect(one.stdout).not.toBe(all.hash);
  });

  test('a user mistake is exit 1 with the message, as in a build', async () => {
    const dir = await helloProject();
    const result = await runCli(['inputs', 'missing.ts', '--wit', 'world.wit'], { cwd: dir });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('missing.ts');
  });
});
