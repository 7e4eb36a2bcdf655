import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { FIXTURES, type Fixture, runCli, scratchDir } from './helpers/build-fixture.js';
import { invokeFixture } from './helpers/invoke.js';

const hello = join(FIXTURES, 'hello');
const helloFixture: Fixture = {
  name: 'hello',
  dir: hello,
  spec: { calls: [{ fn: 'greet', args: ['World'], result: 'Hello, World!' }] },
};

async function build(engine: string, ...flags: string[]) {
  const dir = await scratchDir();
  const out = join(dir, 'hello.wasm');
  const r = await runCli([
    join(hello, 'app.ts'),
    '--wit',
    join(hello, 'world.wit'),
    '--engine',
    engine,
    '-o',
    out,
    '--json',
    ...flags,
  ]);
  return { r, json: JSON.parse(r.stdout), out, written: await readdir(dir) };
}

// What each engine's runtime imports for a world that imports nothing (read from the binary).
const EXPECTED = {
  quickjs: {
    has: ['wasi:cli/stdout@0.2.12', 'wasi:clocks/wall-clock@0.2.12', 'wasi:random/insecure-seed@0.2.12'],
    lacks: 'wasi:http/',
  },
  starlingmonkey: {
    // No wasi:http: the hello world neither serves nor fetches, so the build leaves it out.
    has: ['wasi:cli/stdout@0.2.12', 'wasi:clocks/wall-clock@0.2.12', 'wasi:random/random@0.2.12'],
    lacks: 'wasi:http/',
  },
} as const;

for (const engine of ['quickjs', 'starlingmonkey'] as const) {
  describe(`capabilities on ${engine}`, () => {
    test("the report lists the binary's imports; a deny policy it satisfies passes", async () => {
      const { r, json, written } = await build(engine, '--deny', 'wasi:sockets/*');
      expect(r.exitCode).toBe(0);
      for (const name of EXPECTED[engine].has) expect(json.imports).toContain(name);
      expect(json.imports.some((i: string) => i.startsWith(EXPECTED[engine].lacks))).toBe(false);
      expect(written).toEqual(['hello.wasm']);
    });

    test("--deny 'wasi:cli/*' fails with exit 1, names each import, writes nothing", async () => {
      const { r, json, written } = await build(engine, '--deny', 'wasi:cli/*');
      expect(r.exitCode).toBe(1);
      expect(json.error.code).toBe('POLICY_VIOLATION');
      expect(json.error.message).toContain("wasi:cli/stdout@0.2.12 (denied by --deny 'wasi:cli/*')");
      expect(json.error.message).not.toContain('wasi:io/');
      expect(written).toEqual([]);
    });

    test('--disable all removes the WASI imports, and the component still runs', async () => {
      const { r, json, out } = await build(engine, '--disable', 'all');
      expect(r.exitCode).toBe(0);
      expect(json.imports.filter((i: string) => i.startsWith('wasi:'))).toEqual([]);
      const { results } = await invokeFixture(helloFixture, out);
      expect(results).toEqual([{ ok: true, value: 'Hello, World!' }]);
    });
  });
}

test('starlingmonkey: --disable stdio builds a component without console output that still runs', async () => {
  const { r, json, out } = await build('starlingmonkey', '--disable', 'stdio');
  expect(r.exitCode).toBe(0);
  expect(json.imports).not.toContain('wasi:cli/stdout@0.2.12');
  const { results } = await invokeFixture(helloFixture, out);
  expect(results).toEqual([{ ok: true, value: 'Hello, World!' }]);
});

test('quickjs: --disable clocks alone is refused before building, naming engine and feature', async () => {
  const { r, json, written } = await build('quickjs', '--disable', 'clocks');
  expect(r.exitCode).toBe(1);
  expect(json.error).toMatchObject({
    code: 'ENGINE_UNSUPPORTED',
    message: 'quickjs cannot disable "clocks" alone: it can only leave out every WASI import at once',
    hint: 'Use --disable all, or --engine starlingmonkey, which can disable clocks alone.',
  });
  expect(written).toEqual([]);
});

test('starlingmonkey: an async import is refused before the build, naming the function and the engine that can', async () => {
  const dir = join(FIXTURES, 'errors/async-import');
  const r = await runCli([
    join(dir, 'app.ts'),
    '--wit',
    join(dir, 'world.wit'),
    '--engine',
    'starlingmonkey',
    '-o',
    join(await scratchDir(), 'x.wasm'),
    '--json',
  ]);
  expect(r.exitCode).toBe(1);
  expect(JSON.parse(r.stdout).error).toMatchObject({
    code: 'ENGINE_UNSUPPORTED',
    stage: 'wit',
    message:
      'starlingmonkey cannot build imported function `local:async-import/host.fetch-later`: it uses async func import',
    location: { file: 'fixtures/errors/async-import/world.wit', line: 4 },
    hint: 'Use --engine quickjs, which supports async func import.',
  });
});
