import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { FIXTURES, type Fixture, fileSize, runCli, scratchDir } from './helpers/build-fixture.js';
import { invokeFixture } from './helpers/invoke.js';

const hello = join(FIXTURES, 'hello');
const helloFixture: Fixture = {
  name: 'hello',
  dir: hello,
  spec: { calls: [{ fn: 'greet', args: ['World'], result: 'Hello, World!' }] },
};

async function build(entryDir: string, ...flags: string[]) {
  const out = join(await scratchDir(), 'out.wasm');
  const r = await runCli([
    join(entryDir, 'app.ts'),
    '--wit',
    join(entryDir, 'world.wit'),
    '-o',
    out,
    '--json',
    ...flags,
  ]);
  return { r, json: JSON.parse(r.stdout), out };
}

describe('quickjs picks the smallest runtime that can build the world', () => {
  test('a world without async gets sync-opt-size: at most 1.05 MB, and it runs', async () => {
    const { r, json, out } = await build(hello);
    expect(r.exitCode).toBe(0);
    expect(json.engine.variant).toBe('sync-opt-size');
    expect(await fileSize(out)).toBeLessThanOrEqual(1_050_000);
    expect((await invokeFixture(helloFixture, out)).results).toEqual([{ ok: true, value: 'Hello, World!' }]);
  });

  test('--variant chooses explicitly', async () => {
    const small = await build(hello);
    const { json, out } = await build(hello, '--variant', 'default');
    expect(json.engine.variant).toBe('default');
    expect(await fileSize(out)).toBeGreaterThan(await fileSize(small.out));
  });

  test('a world with async gets the async runtime', async () => {
    const { json } = await build(join(FIXTURES, 'async'));
    expect(json.engine.variant).toBe('default');
  });

  test('a variant that cannot build the world is refused before the build', async () => {
    const { r, json } = await build(join(FIXTURES, 'async'), '--variant', 'sync');
    expect(r.exitCode).toBe(1);
    expect(json.error).toMatchObject({
      code: 'ENGINE_UNSUPPORTED',
      message: 'quickjs (variant sync) cannot build exported function `greet-later`: it uses async func',
      hint: 'Use --variant default, or leave --variant out to let quickjs choose.',
    });
  });

  test("an unknown variant lists the engine's variants", async () => {
    const { r, json } = await build(hello, '--variant', 'turbo');
    expect(r.exitCode).toBe(1);
    expect(json.error).toMatchObject({
      code: 'INVALID_OPTION',
      hint: 'Allowed for quickjs: default, opt-size, sync, sync-opt-size.',
    });
  });
});
