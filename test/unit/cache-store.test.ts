import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { BuildCache, type CachedBuild } from '../../src/cache/store.js';
import { testBuildPath } from '../../src/store/layout.js';

// The store is the one module here that needs a filesystem: each test gets an empty temp
// directory, removed afterwards.

interface Report {
  engine: string;
}

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'componentize-unit-cache-'));
});
afterEach(() => rm(root, { recursive: true, force: true }));

const build = (bytes: number[], map?: string): CachedBuild<Report> => ({
  component: new Uint8Array(bytes),
  map,
  report: { engine: 'quickjs' },
  warnings: [{ code: 'INT64_PRECISION', message: 'u64 is a double' }],
});

/** The directory an entry lives in, found by looking for it rather than by rebuilding the store's path. */
async function entryDirOf(cache: BuildCache<Report>, key: string): Promise<string> {
  const hit = await cache.read(key);
  if (hit.status !== 'hit') throw new Error(`no entry ${key}`);
  return join(hit.build.componentPath, '..');
}

/** Bytes an entry takes on disk: the sum of its files. */
async function entryBytes(dir: string): Promise<number> {
  const files = await readdir(dir);
  const sizes = await Promise.all(files.map(async (f) => (await stat(join(dir, f))).size));
  return sizes.reduce((a, b) => a + b, 0);
}

/** Marks an entry as last used `secondsAgo` seconds ago (its age is its meta.json's mtime). */
async function lastUsed(dir: string, secondsAgo: number): Promise<void> {
  const when = new Date(Date.now() - secondsAgo * 1000);
  await utimes(join(dir, 'meta.json'), when, when);
}

describe('BuildCache: write and read', () => {
  test('what was written is read back whole, from a file inside the cache', async () => {
    const cache = new BuildCache<Report>(root, 1e9);
    await cache.write('k1', build([0, 97, 115, 109], '{"version":3}'));
    const read = await cache.read('k1');
    expect(read.status).toBe('hit');
    if (read.status !== 'hit') return;
    expect([...read.build.component]).toEqual([0, 97, 115, 109]);
    expect(read.build.map).toBe('{"version":3}');
    expect(read.build.report).toEqual({ engine: 'quickjs' });
    expect(read.build.warnings).toEqual([{ code: 'INT64_PRECISION', message: 'u64 is a double' }]);
    expect(read.build.componentPath.startsWith(root)).toBe(true);
    expect([...(await readFile(read.build.componentPath))]).toEqual([0, 97, 115, 109]);
  });

  test('an entry without a source map reads back without one', async () => {
    const cache = new BuildCache<Report>(root, 1e9);
    await cache.write('k1', build([1, 2, 3]));
    const read = await cache.read('k1');
    expect(read.status === 'hit' && read.build.map).toBeUndefined();
  });

  test('a key never written is a miss', async () => {
    expect(await new BuildCache<Report>(root, 1e9).read('nothing')).toEqual({ status: 'miss' });
  });

  test('writing a key that is already there keeps one good entry and leaves no temp directory', async () => {
    const cache = new BuildCache<Report>(root, 1e9);
    await cache.write('k1', build([1, 2, 3]));
    await cache.write('k1', build([1, 2, 3]));
    const entries = join(await entryDirOf(cache, 'k1'), '..');
    expect(await readdir(entries)).toEqual(['k1']);
  });

  test('a second store over the same directory sees the entries', async () => {
    await new BuildCache<Report>(root, 1e9).write('k1', build([4, 5]));
    expect((await new BuildCache<Report>(root, 1e9).read('k1')).status).toBe('hit');
  });
});

describe('BuildCache: a damaged entry is reported and deleted, never returned', () => {
  test('component bytes changed after the write', async () => {
    const cache = new BuildCache<Report>(root, 1e9);
    await cache.write('k1', build([1, 2, 3]));
    const dir = await entryDirOf(cache, 'k1');
    await writeFile(join(dir, 'component.wasm'), new Uint8Array([1, 2, 4]));
    expect(await cache.read('k1')).toEqual({
      status: 'corrupt',
      reason: 'the component does not match its recorded hash',
    });
    await expect(stat(dir)).rejects.toThrow();
    expect(await cache.read('k1')).toEqual({ status: 'miss' });
  });

  test('component file missing', async () => {
    const cache = new BuildCache<Report>(root, 1e9);
    await cache.write('k1', build([1, 2, 3]));
    await rm(join(await entryDirOf(cache, 'k1'), 'component.wasm'));
    expect(await cache.read('k1')).toEqual({
      status: 'corrupt',
      reason: 'the component does not match its recorded hash',
    });
  });

  test('unreadable metadata', async () => {
    const cache = new BuildCache<Report>(root, 1e9);
    await cache.write('k1', build([1, 2, 3]));
    const dir = await entryDirOf(cache, 'k1');
    await writeFile(join(dir, 'meta.json'), '{"key": "k1", trunc');
    expect(await cache.read('k1')).toEqual({ status: 'corrupt', reason: 'its metadata is unreadable' });
    await expect(stat(dir)).rejects.toThrow();
  });

  test('a source map changed after the write', async () => {
    const cache = new BuildCache<Report>(root, 1e9);
    await cache.write('k1', build([1, 2, 3], '{"mappings":"AAAA"}'));
    await writeFile(join(await entryDirOf(cache, 'k1'), 'component.wasm.map'), '{"mappings":"AAAB"}');
    expect(await cache.read('k1')).toEqual({
      status: 'corrupt',
      reason: 'the source map does not match its recorded hash',
    });
  });

  test('an entry filed under another key than the one it records', async () => {
    const cache = new BuildCache<Report>(root, 1e9);
    await cache.write('k1', build([1, 2, 3]));
    const dir = await entryDirOf(cache, 'k1');
    // Same bytes, recorded hash intact: only the key inside meta.json disagrees with the directory.
    const meta = JSON.parse(await readFile(join(dir, 'meta.json'), 'utf8'));
    expect(meta.component.sha256).toBe(
      createHash('sha256')
        .update(new Uint8Array([1, 2, 3]))
        .digest('hex'),
    );
    await writeFile(join(dir, 'meta.json'), JSON.stringify({ ...meta, key: 'k2' }));
    expect((await cache.read('k1')).status).toBe('corrupt');
  });
});

describe('BuildCache: manifests', () => {
  test('a manifest is read back as written; a missing one is undefined', async () => {
    const cache = new BuildCache<Report>(root, 1e9);
    const manifest = { contentKey: 'k1', files: [{ path: '/src/app.ts', sha256: 'abc' }] };
    await cache.writeManifest('input-1', manifest);
    expect(await cache.readManifest('input-1')).toEqual(manifest);
    expect(await cache.readManifest('input-2')).toBeUndefined();
  });
});

describe('BuildCache: prune', () => {
  test('least recently used entries go first, until the rest fits the cap', async () => {
    const writer = new BuildCache<Report>(root, 1e9);
    for (const key of ['old', 'middle', 'new'])
      await writer.write(key, build(Array.from({ length: 100 }, (_, i) => i)));
    const dirs = {
      old: await entryDirOf(writer, 'old'),
      middle: await entryDirOf(writer, 'middle'),
      new: await entryDirOf(writer, 'new'),
    };
    await lastUsed(dirs.old, 300);
    await lastUsed(dirs.middle, 200);
    await lastUsed(dirs.new, 100);
    const keep = (await entryBytes(dirs.new)) + (await entryBytes(dirs.middle));

    const result = await new BuildCache<Report>(root, keep).prune();
    expect(result).toEqual({ removed: 1, bytes: keep });
    expect((await writer.read('old')).status).toBe('miss');
    expect((await writer.read('middle')).status).toBe('hit');
    expect((await writer.read('new')).status).toBe('hit');
  });

  test('reading an entry makes it recently used, so it survives a prune', async () => {
    const cache = new BuildCache<Report>(root, 1e9);
    for (const key of ['a', 'b']) await cache.write(key, build([1, 2, 3, 4]));
    const a = await entryDirOf(cache, 'a');
    const b = await entryDirOf(cache, 'b');
    await lastUsed(a, 300);
    await lastUsed(b, 100);
    expect((await cache.read('a')).status).toBe('hit');

    const result = await new BuildCache<Report>(root, await entryBytes(a)).prune();
    expect(result.removed).toBe(1);
    expect((await cache.read('a')).status).toBe('hit');
    expect((await cache.read('b')).status).toBe('miss');
  });

  test('under the cap nothing is removed', async () => {
    const cache = new BuildCache<Report>(root, 1e9);
    await cache.write('a', build([1]));
    const bytes = await entryBytes(await entryDirOf(cache, 'a'));
    expect(await cache.prune()).toEqual({ removed: 0, bytes });
  });

  test('an hour-old temp directory is removed, a fresh one (a build still writing) is kept and not counted', async () => {
    const cache = new BuildCache<Report>(root, 1e9);
    await cache.write('a', build([1]));
    const entries = join(await entryDirOf(cache, 'a'), '..');
    const stale = join(entries, '.tmp-1-stale');
    const fresh = join(entries, '.tmp-2-fresh');
    for (const dir of [stale, fresh]) {
      await mkdir(dir);
      await writeFile(join(dir, 'component.wasm'), new Uint8Array(1000));
    }
    const twoHoursAgo = new Date(Date.now() - 2 * 60 * 60 * 1000);
    await utimes(stale, twoHoursAgo, twoHoursAgo);

    const result = await cache.prune();
    expect(result).toEqual({ removed: 0, bytes: await entryBytes(join(entries, 'a')) });
    expect((await readdir(entries)).sort()).toEqual(['.tmp-2-fresh', 'a']);
  });

  test('manifests that pointed at a pruned entry are removed with it; others stay', async () => {
    const cache = new BuildCache<Report>(root, 1e9);
    for (const key of ['gone', 'kept']) await cache.write(key, build([1, 2, 3]));
    await cache.writeManifest('to-gone', { contentKey: 'gone', files: [] });
    await cache.writeManifest('to-kept', { contentKey: 'kept', files: [] });
    const gone = await entryDirOf(cache, 'gone');
    const kept = await entryDirOf(cache, 'kept');
    await lastUsed(gone, 300);
    await lastUsed(kept, 100);

    expect((await new BuildCache<Report>(root, await entryBytes(kept)).prune()).removed).toBe(1);
    expect(await cache.readManifest('to-gone')).toBeUndefined();
    expect(await cache.readManifest('to-kept')).toEqual({ contentKey: 'kept', files: [] });
  });

  test("componentize/test's builds count toward the cap and go by age with the entries", async () => {
    const cache = new BuildCache<Report>(root, 1e9);
    await cache.write('entry', build(Array.from({ length: 100 }, (_, i) => i)));
    const entry = await entryDirOf(cache, 'entry');
    const outputs = {
      old: join(testBuildPath(root, 'app-old'), '..'),
      new: join(testBuildPath(root, 'app-new'), '..'),
    };
    for (const dir of Object.values(outputs)) {
      await mkdir(dir, { recursive: true });
      await writeFile(join(dir, 'component.wasm'), new Uint8Array(100));
      await writeFile(join(dir, 'component.wasm.map'), '{}');
    }
    const ago = (seconds: number) => new Date(Date.now() - seconds * 1000);
    await utimes(join(outputs.old, 'component.wasm'), ago(300), ago(300));
    await lastUsed(entry, 200);
    await utimes(join(outputs.new, 'component.wasm'), ago(100), ago(100));
    const keep = (await entryBytes(outputs.new)) + (await entryBytes(entry));

    expect(await new BuildCache<Report>(root, keep).prune()).toEqual({ removed: 1, bytes: keep });
    await expect(stat(outputs.old)).rejects.toThrow();
    expect((await readdir(outputs.new)).sort()).toEqual(['component.wasm', 'component.wasm.map']);
    expect((await cache.read('entry')).status).toBe('hit');
  });
});
