import { cp, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { FIXTURES, runCli, scratchDir } from './helpers/build-fixture.js';

async function helloProject(): Promise<{ dir: string; args: (out: string, ...more: string[]) => string[] }> {
  const dir = await scratchDir();
  await cp(join(FIXTURES, 'hello'), dir, { recursive: true });
  const cache = join(dir, '.cache');
  return {
    dir,
    args: (out, ...more) => [
      join(dir, 'app.ts'),
      '--wit',
      join(dir, 'world.wit'),
      '-o',
      join(dir, out),
      '--cache-dir',
      cache,
      '--json',
      ...more,
    ],
  };
}

async function build(args: string[]) {
  const r = await runCli(args);
  expect(r.exitCode, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as {
    cache: { status: string; key: string; dir: string };
    stages: { name: string }[];
    warnings: { code: string }[];
    out: string;
  };
}

const stageNames = (report: { stages: { name: string }[] }) => report.stages.map((s) => s.name);

describe('build cache', () => {
  test('miss, then a hit that runs no engine and writes the same bytes; --no-cache bypasses it', async () => {
    const { dir, args } = await helloProject();
    const first = await build(args('a.wasm'));
    expect(first.cache.status).toBe('miss');
    expect(stageNames(first)).toContain('engine');

    const built = await readFile(join(dir, 'a.wasm'));
    const second = await build(args('a.wasm'));
    expect(second.cache.status).toBe('hit');
    expect(second.cache.key).toBe(first.cache.key);
    // The fast path: no validation (the options as given are the key), no bundling, no WIT
    // parsing, no engine.
    expect(stageNames(second)).toEqual(['cache', 'emit']);
    expect(await readFile(join(dir, 'a.wasm'))).toEqual(built);

    // Other options that do not change the output (another -o) find the entry by content.
    const elsewhere = await build(args('b.wasm'));
    expect(elsewhere.cache).toMatchObject({ status: 'hit', key: first.cache.key });
    expect(stageNames(elsewhere)).not.toContain('engine');
    expect(await readFile(join(dir, 'b.wasm'))).toEqual(built);
    expect((await runCli(['run', join(dir, 'b.wasm'), '--invoke', 'greet("cache")'])).stdout).toBe('"Hello, cache!"');

    const bypassed = await build(args('c.wasm', '--no-cache'));
    expect(bypassed.cache.status).toBe('off');
    expect(stageNames(bypassed)).toContain('engine');
  });

  test('a change to a source misses; a change esbuild drops (a comment) hits by content', async () => {
    const { dir, args } = await helloProject();
    const first = await build(args('a.wasm'));
    const source = await readFile(join(dir, 'app.ts'), 'utf8');
    await writeFile(join(dir, 'app.ts'), `// a comment the bundle does not keep\n${source}`);
    const comment = await build(args('a.wasm'));
    expect(comment.cache.status).toBe('hit');
    expect(stageNames(comment)).toContain('bundle');
    expect(stageNames(comment)).not.toContain('engine');
    expect(comment.cache.key).toBe(first.cache.key);

    await writeFile(join(dir, 'app.ts'), source.replace('Hello', 'Howdy'));
    const changed = await build(args('a.wasm'));
    expect(changed.cache.status).toBe('miss');
    expect(changed.cache.key).not.toBe(first.cache.key);
    expect((await runCli(['run', join(dir, 'a.wasm'), '--invoke', 'greet("x")'])).stdout).toBe('"Howdy, x!"');

    // A WIT change is an input change too.
    await writeFile(join(dir, 'world.wit'), `${await readFile(join(dir, 'world.wit'), 'utf8')}\n// trailing comment\n`);
    expect((await build(args('a.wasm'))).stages.map((s) => s.name)).toContain('wit');
  });

  test('a damaged entry is discarded and rebuilt, never emitted', async () => {
    const { dir, args } = await helloProject();
    const first = await build(args('a.wasm'));
    const entry = join(first.cache.dir, 'entries', first.cache.key);
    const stored = await readFile(join(entry, 'component.wasm'));
    stored[stored.length >> 1] ^= 0xff;
    await writeFile(join(entry, 'component.wasm'), stored);

    const again = await build(args('b.wasm'));
    expect(again.cache.status).toBe('miss');
    expect(again.warnings.map((w) => w.code)).toContain('CACHE_CORRUPT');
    expect(await readFile(join(dir, 'b.wasm'))).not.toEqual(stored);
    expect((await runCli(['run', join(dir, 'b.wasm'), '--invoke', 'greet("x")'])).stdout).toBe('"Hello, x!"');
    // The rebuilt entry replaced the damaged one and is served again.
    expect((await build(args('c.wasm'))).cache.status).toBe('hit');
  });

  test('the size cap prunes the least recently used entries', async () => {
    const { dir } = await helloProject();
    const cacheDir = join(dir, 'capped');
    // Two targets of ~1 MB each under a 1.5 MB cap: only the newer entry can stay.
    await writeFile(
      join(dir, 'componentize.config.json'),
      JSON.stringify({
        wit: 'world.wit',
        entry: 'app.ts',
        cacheDir,
        cacheMaxBytes: 1_500_000,
        targets: [{ out: 'small.wasm' }, { out: 'min.wasm', minify: true }],
      }),
    );
    const r = await runCli(['--json'], { cwd: dir });
    expect(r.exitCode, r.stderr).toBe(0);
    const entries = (await readdir(join(cacheDir, 'v1', 'entries'))).filter((n) => !n.startsWith('.'));
    expect(entries).toHaveLength(1);
  });
});
