// `componentize/test` builds live in the build cache and count toward `cacheMaxBytes`: several
// QuickJS builds under a small cap leave the cache directory under it, newest build kept.
import { readdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadComponent } from '../dist/test.js';
import { FIXTURES, scratchDir } from './helpers/build-fixture.js';

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
