import { readFileSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, test } from 'vitest';
import { FIXTURES, ROOT, runCli, scratchDir } from './helpers/build-fixture.js';

const tsManifest = createRequire(join(ROOT, 'package.json')).resolve('typescript/package.json');
const tsc = join(dirname(tsManifest), JSON.parse(readFileSync(tsManifest, 'utf8')).bin.tsc);
const hello = join(FIXTURES, 'hello');

/** Type-checks `impl` against the generated world declarations with tsc --noEmit. */
async function tscAgainstTypes(typesDir: string, impl: string) {
  await writeFile(join(typesDir, 'impl.ts'), impl);
  await writeFile(
    join(typesDir, 'check.ts'),
    "import * as impl from './impl.ts';\nimport type * as World from 'local:hello/hello';\nimpl.greet satisfies typeof World.greet;\n",
  );
  await writeFile(
    join(typesDir, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        strict: true,
        noEmit: true,
        module: 'ESNext',
        moduleResolution: 'Bundler',
        allowImportingTsExtensions: true,
        types: [],
      },
      files: ['check.ts', 'world.d.ts'],
    }),
  );
  return execa(process.execPath, [tsc, '-p', join(typesDir, 'tsconfig.json'), '--pretty', 'false'], { reject: false });
}

describe('componentize types', () => {
  test('writes declarations that accept a correct implementation and reject a wrong one', async () => {
    const dir = await scratchDir();
    const r = await runCli(['types', '--wit', join(hello, 'world.wit'), '-o', dir, '--json']);
    expect(r.exitCode).toBe(0);
    expect(JSON.parse(r.stdout).files).toEqual([join(dir, 'world.d.ts')]);
    expect(await readFile(join(dir, 'world.d.ts'), 'utf8')).toContain('export function greet(name: string): string;');

    const good = await tscAgainstTypes(dir, 'export function greet(name: string): string { return name; }\n');
    expect(good.stdout).toBe('');
    expect(good.exitCode).toBe(0);

    const bad = await tscAgainstTypes(dir, 'export function greet(name: number): string { return String(name); }\n');
    expect(bad.exitCode).not.toBe(0);
    expect(bad.stdout).toContain('check.ts(3,');
    expect(bad.stdout).toMatch(/error TS\d+/);
  });

  test('a broken world gives the located WIT error, and nothing is written', async () => {
    const dir = await scratchDir();
    const r = await runCli(['types', '--wit', join(FIXTURES, 'errors/bad-wit/world.wit'), '-o', dir]);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('--> fixtures/errors/bad-wit/world.wit:5:3');
    expect(await readdir(dir)).toEqual([]);
  });
});

describe('--typecheck', () => {
  test('a wrong parameter type fails before the engine, at the export in the entry', async () => {
    const dir = await scratchDir();
    const fixture = join(FIXTURES, 'errors/typecheck');
    const r = await runCli([
      join(fixture, 'app.ts'),
      '--wit',
      join(fixture, 'world.wit'),
      '--typecheck',
      '-o',
      join(dir, 'app.wasm'),
      '--json',
    ]);
    expect(r.exitCode).toBe(1);
    const { error } = JSON.parse(r.stdout);
    expect(error).toMatchObject({
      code: 'TYPE_ERROR',
      stage: 'check',
      location: { file: 'fixtures/errors/typecheck/app.ts', line: 3, column: 17 },
    });
    expect(error.message).toMatch(/^`greet` does not match the world's declaration: .*number.*string|string.*number/);
    expect(await readdir(dir)).toEqual([]);
  });

  test('fetch handlers check against the fetch signature and the web platform types, not the raw incoming-handler', async () => {
    const dir = await scratchDir();
    for (const style of ['module-worker', 'service-worker', 'hono']) {
      const r = await runCli([
        join(FIXTURES, 'http', style, 'app.ts'),
        '--wit',
        'wasi:http/proxy',
        '--typecheck',
        '--no-verify',
        '-o',
        join(dir, `${style}.wasm`),
      ]);
      expect(r.exitCode, `${style}: ${r.stderr}`).toBe(0);
    }
    const wrong = join(FIXTURES, 'errors/typecheck-fetch/app.ts');
    const r = await runCli([wrong, '--wit', 'wasi:http/proxy', '--typecheck', '-o', join(dir, 'wrong.wasm'), '--json']);
    expect(r.exitCode).toBe(1);
    const { error } = JSON.parse(r.stdout);
    expect(error).toMatchObject({
      code: 'TYPE_ERROR',
      stage: 'check',
      location: { file: 'fixtures/errors/typecheck-fetch/app.ts', line: 2, column: 8 },
    });
    expect(error.message).toMatch(/^the default export is not a fetch handler .*number/);
  });

  test('a JavaScript entry is refused', async () => {
    const r = await runCli([
      join(FIXTURES, 'errors/missing-export/app.js'),
      '--wit',
      join(hello, 'world.wit'),
      '--typecheck',
    ]);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('error[INVALID_OPTION]: --typecheck needs a TypeScript entry');
  });
});
