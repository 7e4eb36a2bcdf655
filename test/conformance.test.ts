import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { instantiateComponent } from '../dist/index.js';
import { FIXTURES, OUT_DIR, runCli } from './helpers/build-fixture.js';

const conformance = join(FIXTURES, 'conformance');

/**
 * Randomness across instances. Each instance comes from the same snapshot; on QuickJS the
 * engine's own Math.random state is part of it, so without componentize reseeding it every
 * instance would return the same sequence. (The value-by-value suite is fixtures/conformance,
 * run by both e2e suites.)
 */
describe('Math.random differs between two fresh instances of one component', () => {
  let component: Uint8Array;
  beforeAll(async () => {
    const out = join(OUT_DIR, 'conformance.random.wasm');
    const r = await runCli([
      join(conformance, 'app.ts'),
      '--wit',
      join(conformance, 'world.wit'),
      '--engine',
      'quickjs',
      '-o',
      out,
      '--json',
    ]);
    expect(r.exitCode, r.stderr).toBe(0);
    component = new Uint8Array(await readFile(out));
  });

  test('quickjs', async () => {
    const draws = async () => {
      const instance = await instantiateComponent(component);
      const random = (instance.exports.runtime as { random: () => number }).random;
      return [random(), random(), random()];
    };
    const [first, second] = [await draws(), await draws()];
    for (const value of [...first, ...second]) expect(value >= 0 && value < 1).toBe(true);
    // Within an instance the sequence moves on, and the two instances do not share it.
    expect(new Set(first).size).toBe(3);
    expect(first).not.toEqual(second);
  });
});

describe('what no polyfill can give is reported at the line that uses it, before the engine runs', () => {
  const limits = join(FIXTURES, 'errors/engine-limits');
  const args = (engine: string) => [
    join(limits, 'app.ts'),
    '--wit',
    join(limits, 'world.wit'),
    '--engine',
    engine,
    '-o',
    join(OUT_DIR, `limits.${engine}.wasm`),
    '--json',
    '--no-verify',
    '--no-cache',
  ];

  test('starlingmonkey: a \\p{...} literal is rewritten, a RegExp built from a \\p{...} string is warned about at its line', async () => {
    const r = await runCli(args('starlingmonkey'));
    expect(r.exitCode, r.stdout).toBe(0);
    const warnings = JSON.parse(r.stdout).warnings.map((w: { code: string; location?: { line: number } }) => [
      w.code,
      w.location?.line,
    ]);
    // Intl (line 5) is polyfilled now (README "Intl"): no warning.
    expect(warnings).toEqual([
      ['FROZEN_AT_BUILD', 1],
      ['ENGINE_LIMIT', 10],
      // StarlingMonkey has fetch, but this world does not import wasi:http/outgoing-handler.
      ['MISSING_IMPORT', 14],
    ]);
  });

  test('quickjs: self.fetch (polyfilled, but the world lacks wasi:http/outgoing-handler) is warned about at its line, and so is a clock read in top-level code; Intl (polyfilled) is not', async () => {
    const r = await runCli(args('quickjs'));
    expect(r.exitCode, r.stderr).toBe(0);
    const warnings = JSON.parse(r.stdout).warnings.map((w: { code: string; location?: { line: number } }) => [
      w.code,
      w.location?.line,
    ]);
    expect(warnings).toEqual([
      ['FROZEN_AT_BUILD', 1],
      ['MISSING_IMPORT', 14],
    ]);
  });
});
