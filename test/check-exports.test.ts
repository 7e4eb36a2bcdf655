import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { FIXTURES, runCli, scratchDir } from './helpers/build-fixture.js';

/** Builds an error fixture with `--json` into an empty directory; returns the error and what was written. */
async function build(name: string, engine: string, entry = 'app.js') {
  const dir = await scratchDir();
  const fixture = join(FIXTURES, 'errors', name);
  const r = await runCli([
    join(fixture, entry),
    '--wit',
    join(fixture, 'world.wit'),
    '--engine',
    engine,
    '-o',
    join(dir, 'out.wasm'),
    '--json',
  ]);
  return { r, json: JSON.parse(r.stdout), written: await readdir(dir) };
}

describe('the bundle is checked against the world before any engine runs', () => {
  for (const engine of ['starlingmonkey', 'quickjs']) {
    test(`a missing export names the function, the WIT line and the entry file (${engine})`, async () => {
      const { r, json, written } = await build('missing-export', engine);
      expect(r.exitCode).toBe(1);
      expect(json.error).toMatchObject({
        code: 'EXPORT_MISMATCH',
        stage: 'check',
        message:
          'fixtures/errors/missing-export/app.js does not export `greet`, which the world exports as function `greet`',
        location: { file: 'fixtures/errors/missing-export/world.wit', line: 4, column: 10 },
        hint: 'Add `export function greet(name) { ... }` to fixtures/errors/missing-export/app.js.',
      });
      expect(written).toEqual([]);
    });
  }

  test('an interface exported as a function', async () => {
    const { r, json, written } = await build('interface-as-function', 'starlingmonkey');
    expect(r.exitCode).toBe(1);
    expect(written).toEqual([]);
    expect(json.error).toMatchObject({
      code: 'EXPORT_MISMATCH',
      message:
        '`calc` in fixtures/errors/interface-as-function/app.js is a function, but the world exports `calc` as an interface',
      location: { file: 'fixtures/errors/interface-as-function/world.wit', line: 4, column: 10 },
      hint: "Export an object with the interface's members: `export const calc = { add }`.",
    });
  });

  test('a resource class missing a method', async () => {
    const { r, json, written } = await build('resource-method', 'quickjs');
    expect(r.exitCode).toBe(1);
    expect(written).toEqual([]);
    expect(json.error).toMatchObject({
      code: 'EXPORT_MISMATCH',
      message:
        'class `Counter` in fixtures/errors/resource-method/app.js has no method `value`, which resource `counter` declares',
      location: {
        file: 'fixtures/errors/resource-method/world.wit',
        line: 7,
        column: 5,
        lineText: '    value: func() -> u32;',
      },
    });
  });

  test('an export the world does not have is a warning, and the build goes on', async () => {
    const { r, json, written } = await build('extra-export', 'quickjs', 'app.ts');
    expect(r.exitCode).toBe(0);
    expect(json.warnings).toEqual([
      {
        code: 'UNUSED_EXPORT',
        message:
          'fixtures/errors/extra-export/app.ts exports `shout`, which the world does not export; the component will not expose it',
      },
    ]);
    expect(written).toEqual(['out.wasm']);
  });
});
