import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { checkConventions } from '../dist/check/conventions.js';
import { loadWorld } from '../dist/wit/load.js';
import { FIXTURES, ROOT, runCli, scratchDir } from './helpers/build-fixture.js';
import { engineNamed } from './helpers/engines.js';

const wit = join(FIXTURES, 'errors/int64/world.wit');

describe('value conventions that differ between engines are warned about, naming the function', () => {
  test("quickjs: u64/s64 exact only to 2^53 (the BigInt conversion and top-level option none are the parity layer's)", async () => {
    const quickjs = await engineNamed('quickjs');
    const { model } = await loadWorld(wit, undefined, ROOT);
    const warnings = await checkConventions({ world: model, engine: quickjs, witPath: wit, cwd: ROOT });
    expect(warnings).toEqual([
      {
        code: 'INT64_PRECISION',
        message:
          '`add64` passes u64/s64: quickjs rounds them to a double before JavaScript sees them, so the BigInt your code gets (or gives) is exact only up to 2^53 (starlingmonkey is exact)',
        location: {
          file: 'fixtures/errors/int64/world.wit',
          line: 4,
          column: 10,
          lineText: '  export add64: func(a: u64, b: u64) -> u64;',
        },
      },
    ]);
  });

  test('starlingmonkey: nothing is beyond the parity layer (u32 and negative s64 results are fixed in its bindings)', async () => {
    const starlingmonkey = await engineNamed('starlingmonkey');
    const { model } = await loadWorld(wit, undefined, ROOT);
    expect(await checkConventions({ world: model, engine: starlingmonkey, witPath: wit, cwd: ROOT })).toEqual([]);
  });
});

describe('u32 at the boundary', () => {
  test('quickjs: parameters and results of 2^31 and above arrive exactly (parity wrapper)', async () => {
    const dir = await scratchDir();
    const wit = join(dir, 'world.wit');
    const { writeFile } = await import('node:fs/promises');
    await writeFile(wit, 'package local:echo;\n\nworld echo {\n  export echo: func(x: u32) -> u32;\n}\n');
    await writeFile(join(dir, 'app.js'), 'export function echo(x) { return x; }\n');
    expect((await runCli([join(dir, 'app.js'), '--wit', wit, '-o', join(dir, 'echo.wasm'), '--quiet'])).exitCode).toBe(
      0,
    );
    for (const value of ['4294967295', '2147483648', '4000000000', '0']) {
      const r = await runCli(['run', join(dir, 'echo.wasm'), '--invoke', `echo(${value})`]);
      expect(r.stdout).toBe(value);
    }
  });

  test('starlingmonkey: a u32 result needs no warning any more', async () => {
    const starlingmonkey = await engineNamed('starlingmonkey');
    const unsigned = join(FIXTURES, 'unsigned/world.wit');
    const { model } = await loadWorld(unsigned, undefined, ROOT);
    expect(await checkConventions({ world: model, engine: starlingmonkey, witPath: unsigned, cwd: ROOT })).toEqual([]);
  });
});
