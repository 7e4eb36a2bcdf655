// `componentize/test` builds live in the build cache and count toward `cacheMaxBytes`: several
// QuickJS builds under a small cap leave the cache directory under it, newest build kept.
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadComponent } from '../dist/test.js';
import { FIXTURES, runCli, scratchDir } from './helpers/build-fixture.js';

/** Every file's bytes under `dir`. */
async function treeBytes(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    total += entry.isDirectory() ? await treeBytes(path) : (await stat(path)).size;
  }
  return total;
}

describe('loadComponent and the cache size cap', () => {
  it('prunes test builds with the entries: the cache stays under cacheMaxBytes and the newest build survives', async () => {
    const dir = await scratchDir();
    const cacheDir = join(dir, 'cache');
    // A QuickJS hello is ~1.05 MB, stored twice per build (the entry and the test's output): the
    // cap holds two builds, so four must prune.
    const cacheMaxBytes = 5_000_000;
    const greetings = ['Hello', 'Hi', 'Hey', 'Howdy'];
    for (const greeting of greetings) {
      const entry = join(dir, `${greeting.toLowerCase()}.ts`);
      await writeFile(
        entry,
        `export function greet(name: string): string {\n  return \`${greeting}, \${name}!\`;\n}\n`,
      );
      const app = await loadComponent<{ greet(name: string): string }>(entry, {
        wit: join(FIXTURES, 'hello/world.wit'),
        engine: 'quickjs',
        cacheDir,
        build: { cacheMaxBytes },
      });
      expect(app.greet('x')).toBe(`${greeting}, x!`);
      expect(await treeBytes(cacheDir)).toBeLessThanOrEqual(cacheMaxBytes);
    }
    const testBuilds = await readdir(join(cacheDir, 'v1', 'test-builds'));
    expect(testBuilds.some((name) => name.startsWith('howdy-'))).toBe(true);
    expect(testBuilds.some((name) => name.startsWith('hello-'))).toBe(false);
    expect((await readdir(join(cacheDir, 'v1', 'entries'))).length).toBeLessThan(greetings.length);
  });
});

describe('loadComponent and the CLI share one cache entry', () => {
  it('after a CLI build (no --sourcemap), the test build of the same source is that entry: one entry, every record names it', async () => {
    const dir = await scratchDir();
    const cacheDir = join(dir, 'cache');
    const entry = join(dir, 'app.ts');
    const wit = join(FIXTURES, 'hello/world.wit');
    await writeFile(entry, 'export function greet(name: string): string {\n  return `Hello, ${name}!`;\n}\n');
    const cli = await runCli([
      entry,
      '--wit',
      wit,
      '--engine',
      'quickjs',
      '-o',
      join(dir, 'app.wasm'),
      '--cache-dir',
      cacheDir,
      '--json',
    ]);
    expect(cli.exitCode, cli.stderr).toBe(0);
    expect(JSON.parse(cli.stdout).cache.status).toBe('miss');
    const entries = await readdir(join(cacheDir, 'v1', 'entries'));
    expect(entries).toHaveLength(1);

    const app = await loadComponent<{ greet(name: string): string }>(entry, { wit, engine: 'quickjs', cacheDir });
    expect(app.greet('x')).toBe('Hello, x!');
    // A test build that missed would have stored a second entry; the key it found is the CLI's.
    expect(await readdir(join(cacheDir, 'v1', 'entries'))).toEqual(entries);
    const records = await readdir(join(cacheDir, 'v1', 'inputs'));
    expect(records).toHaveLength(2); // the CLI's options and the test's, each recorded
    for (const record of records) {
      const { contentKey } = JSON.parse(await readFile(join(cacheDir, 'v1', 'inputs', record), 'utf8'));
      expect(contentKey).toBe(entries[0]);
    }
    // The test build still gets its source map (for stacks), which the CLI build did not write.
    const testBuilds = await readdir(join(cacheDir, 'v1', 'test-builds'));
    expect(await readdir(join(cacheDir, 'v1', 'test-builds', testBuilds[0]!))).toContain('component.wasm.map');
    await expect(stat(join(dir, 'app.wasm.map'))).rejects.toThrow();
  });
});
