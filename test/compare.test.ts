import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { FIXTURES, runCli, scratchDir } from './helpers/build-fixture.js';
import { withoutStageLines } from './helpers/normalize-output.js';

const hello = join(FIXTURES, 'hello');

describe('componentize compare on hello', () => {
  let dir: string;
  let result: { invoke: string; variants: Record<string, any>[] };
  let stderr: string;

  beforeAll(async () => {
    dir = await scratchDir();
    const r = await runCli([
      'compare',
      join(hello, 'app.ts'),
      '--wit',
      join(hello, 'world.wit'),
      '--invoke',
      'greet("World")',
      '--iterations',
      '2',
      '--json',
      '--report',
      join(dir, 'report.html'),
      '--out-dir',
      dir,
    ]);
    stderr = r.stderr;
    expect(r.exitCode).toBe(0);
    result = JSON.parse(r.stdout);
  });

  test('lists every variant of every engine, weval with the reason it is unavailable', () => {
    expect(withoutStageLines(stderr)).toBe('');
    // Progress without a terminal: a line per slow stage of each variant (StarlingMonkey's engine
    // stage always takes seconds), on stderr: stdout is the JSON.
    expect(stderr).toMatch(/^engine starlingmonkey default \d+\.\ds(?: \(.+\))?$/m);
    expect(result.variants.map((v) => v.label)).toEqual([
      'quickjs default',
      'quickjs opt-size',
      'quickjs sync',
      'quickjs sync-opt-size',
      'starlingmonkey default',
      'starlingmonkey default+weval',
    ]);
    const weval = result.variants.at(-1)!;
    if (weval.status !== 'built') {
      expect(weval.status).toBe('unavailable');
      expect(weval.reason).toContain('--weval needs the weval binary');
    }
  });

  test('sizes match the files, and every built variant has its numbers', async () => {
    for (const v of result.variants.filter((v) => v.status === 'built')) {
      expect(v.sizes.raw, v.label).toBe((await stat(v.file)).size);
      expect(v.sizes.gzip).toBeLessThan(v.sizes.raw);
      expect(v.buildMs).toBeGreaterThan(0);
      expect(v.peakBuildMemoryBytes).toBeGreaterThan(0);
      expect(v.coldStartMs).toBeGreaterThan(0);
      expect(v.throughput.rounds).toHaveLength(2);
      expect(v.throughput.min).toBeLessThanOrEqual(v.throughput.median);
    }
    const size = (label: string) => result.variants.find((v) => v.label === label)!.sizes.raw;
    expect(size('quickjs sync-opt-size')).toBeLessThan(size('quickjs default'));
    expect(size('quickjs default')).toBeLessThan(size('starlingmonkey default'));
  });

  test('the HTML report is one self-contained page with the numbers', async () => {
    const html = await readFile(join(dir, 'report.html'), 'utf8');
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).not.toMatch(/<script|<link|src="http/);
    expect(html.match(/<svg /g)).toHaveLength(5);
    for (const v of result.variants.filter((v) => v.status === 'built')) {
      expect(html).toContain(`<td>${v.label}</td><td>${v.sizes.raw}</td><td>${v.sizes.gzip}</td>`);
    }
    expect(html).toContain('starlingmonkey default+weval');
  });
});
