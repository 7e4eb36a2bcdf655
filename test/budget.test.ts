// Budgets: a component over its size (or cold-start) limit fails the build (exit 1) and nothing
// is written, with the figure, the limit and the previous size of the same target from the cache;
// a cold start that could not be measured says so.
import { cp, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { ComponentizeError, componentize } from '../dist/index.js';
import { FIXTURES, runCli, runCliWithoutJspi, scratchDir } from './helpers/build-fixture.js';

let dir: string;

beforeAll(async () => {
  dir = await scratchDir();
  await cp(join(FIXTURES, 'hello'), join(dir, 'src'), { recursive: true });
  // A shared gzip limit and a per-target size limit; hello is ~1.04 MB (gzip ~450 kB) on QuickJS.
  await writeFile(
    join(dir, 'componentize.config.ts'),
    `import { defineConfig } from 'componentize';\nexport default defineConfig({\n  wit: 'src/world.wit',\n  budget: { gzip: '1 MB', coldStartMs: 60000 },\n  targets: [{ name: 'hello', entry: 'src/app.ts', out: 'dist/hello.wasm', budget: { size: '2 MB' } }],\n});\n`,
  );
});

describe('budget', () => {
  test('within budget: built, and the report and summary show each limit beside its figure', async () => {
    const r = await runCli(['--json'], { cwd: dir });
    expect(r.exitCode, r.stderr).toBe(0);
    const { budget, sizes } = JSON.parse(r.stdout).targets[0];
    expect(budget.size).toEqual({ limit: 2_000_000, value: sizes.raw, ok: true });
    expect(budget.gzip).toEqual({ limit: 1_000_000, value: sizes.gzip, ok: true });
    expect(budget.coldStartMs).toMatchObject({ limit: 60000, ok: true });
    expect(typeof budget.coldStartMs.value).toBe('number');
    const text = await runCli([], { cwd: dir });
    expect(text.stderr).toMatch(
      /budget: size 1\.\d\d MB of 2\.00 MB, gzip \d+\.\d kB of 1\.00 MB, cold start \d+\.\d ms of 60000 ms/,
    );
  });

  test('over budget: exit 1, the previous output untouched, the message names figure, limit and previous size', async () => {
    const out = join(dir, 'dist/hello.wasm');
    const before = await readFile(out);
    const r = await runCli(['--max-size', '100 kB'], { cwd: dir });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(
      /error\[BUDGET_EXCEEDED\]: dist\/hello\.wasm is over its budget: size 1\.\d\d MB is over the limit of 100\.0 kB \(budget\.size, --max-size\); the previous build of this target was 1\.\d\d MB \(\+0 B\)/,
    );
    expect(r.stderr).toContain('hint: Nothing was written.');
    expect((await readFile(out)).equals(before)).toBe(true);
  });

  test('over budget with no earlier output: no file appears, and no previous size is claimed', async () => {
    const r = await runCli(
      ['src/app.ts', '--wit', 'src/world.wit', '-o', 'fresh.wasm', '--max-size', '1000000', '--json'],
      { cwd: dir },
    );
    expect(r.exitCode).toBe(1);
    const { error } = JSON.parse(r.stdout);
    expect(error.code).toBe('BUDGET_EXCEEDED');
    expect(error.message).toMatch(/^fresh\.wasm is over its budget: size 1\.\d\d MB is over the limit of 1\.00 MB/);
    expect(error.message).not.toContain('previous');
    await expect(stat(join(dir, 'fresh.wasm'))).rejects.toThrow();
  });

  test('a cold start over its budget: BUDGET_EXCEEDED naming the measured figure and the limit, nothing written', async () => {
    // The smallest limit the schema allows (it must be positive): any real measurement is over it.
    const out = join(dir, 'cold.wasm');
    const error = await componentize({
      entry: 'src/app.ts',
      wit: 'src/world.wit',
      out,
      cwd: dir,
      budget: { coldStartMs: 0.001 },
    }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ComponentizeError);
    expect((error as ComponentizeError).code).toBe('BUDGET_EXCEEDED');
    expect((error as ComponentizeError).message).toMatch(
      /^.*cold\.wasm is over its budget: cold start \d+\.\d ms is over the limit of 0\.001 ms \(budget\.coldStartMs\)$/,
    );
    expect((error as ComponentizeError).hint).toBe(
      'Nothing was written. Make it start faster (`componentize compare` shows the cold start of every engine and variant) or raise budget.coldStartMs.',
    );
    await expect(stat(out)).rejects.toThrow();
    await expect(stat(`${out}.map`)).rejects.toThrow();
  });

  test('a generous cold-start budget passes with the measured figure in the report', async () => {
    const { report } = await componentize({
      entry: 'src/app.ts',
      wit: 'src/world.wit',
      out: join(dir, 'warm.wasm'),
      cwd: dir,
      budget: { coldStartMs: 60000 },
    });
    expect(report.budget?.coldStartMs).toMatchObject({ limit: 60000, ok: true });
    expect(report.budget!.coldStartMs!.value).toBeGreaterThan(0);
    expect((await stat(join(dir, 'warm.wasm'))).size).toBeGreaterThan(0);
  });

  test('a cold start that cannot be measured is reported as not measured, never as a pass', async () => {
    // A Node without JSPI and no other Node to find (an empty PATH, a cwd outside any project).
    const nowhere = await scratchDir();
    const r = await runCliWithoutJspi(['--json'], { cwd: dir, path: nowhere });
    expect(r.exitCode, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout).targets[0];
    expect(report.verification).toBeUndefined();
    expect(report.budget.coldStartMs).toEqual({ limit: 60000 });
    const warning = report.warnings.find((w: { code: string }) => w.code === 'BUDGET_NOT_MEASURED');
    expect(warning.message).toContain('the cold-start budget of 60000 ms was not checked');
    // `--no-verify` skips the measurement too, and the summary says so beside the limit.
    const text = await runCli(['--no-verify'], { cwd: dir });
    expect(text.exitCode, text.stderr).toBe(0);
    expect(text.stderr).toContain('warning[BUDGET_NOT_MEASURED]');
    expect(text.stderr).toMatch(
      /budget: size 1\.\d\d MB of 2\.00 MB, gzip \d+\.\d kB of 1\.00 MB, cold start not measured of 60000 ms/,
    );
  });

  test('a size that is not a size is an option error naming the flag', async () => {
    const r = await runCli(['src/app.ts', '--wit', 'src/world.wit', '--max-size', 'big'], { cwd: dir });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('error[INVALID_OPTION]: Invalid value for --max-size: "big" is not a size');
  });

  test('compare shows the budget column', async () => {
    const r = await runCli(
      ['compare', 'src/app.ts', '--wit', 'src/world.wit', '--engines', 'quickjs', '--max-size', '1.3 MB'],
      { cwd: dir },
    );
    expect(r.exitCode, r.stderr).toBe(0);
    const rows = r.stdout.split('\n');
    expect(rows[0]).toMatch(/cold start\s+budget$/);
    expect(rows.find((row) => row.startsWith('quickjs sync-opt-size'))).toMatch(/ok$/);
    expect(rows.find((row) => row.startsWith('quickjs default'))).toMatch(/over: size$/);
  });
});
