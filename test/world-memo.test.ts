import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { loadWorld } from '../src/wit/load.js';
import { loadWorldMemoized } from '../src/wit/world-memo.js';
import { scratchDir } from './helpers/build-fixture.js';

const WORLD = (fn: string) => `package local:memo;\n\nworld memo {\n  export ${fn}: func(name: string) -> string;\n}\n`;

/** Rewrites every memo entry's first export name, so a read of the memo can be told from a fresh resolve. */
async function markEntries(memoDir: string): Promise<number> {
  const dir = join(memoDir, 'worlds');
  const names = await readdir(dir);
  for (const name of names) {
    const entry = JSON.parse(await readFile(join(dir, name), 'utf8'));
    entry.value.model.exports[0].name = 'from-the-memo';
    // Re-hashed as the memo does, or the entry would be read as damaged.
    entry.sha256 = createHash('sha256').update(JSON.stringify(entry.value)).digest('hex');
    await writeFile(join(dir, name), JSON.stringify(entry));
  }
  return names.length;
}

describe('the resolved world is memoized by the WIT as written', () => {
  test('the same text is read back; a changed text is resolved again', async () => {
    const dir = await scratchDir();
    const memoDir = join(dir, 'memo');
    const wit = join(dir, 'world.wit');
    await writeFile(wit, WORLD('greet'));
    const first = await loadWorldMemoized(wit, wit, undefined, dir, memoDir);
    expect(first.model).toEqual((await loadWorld(wit, undefined, dir)).model);
    expect(await markEntries(memoDir)).toBe(1);
    const again = await loadWorldMemoized(wit, wit, undefined, dir, memoDir);
    expect(again.model.exports[0]!.name).toBe('from-the-memo');
    expect(again.encoded).toEqual(first.encoded);

    await writeFile(wit, WORLD('salute'));
    const changed = await loadWorldMemoized(wit, wit, undefined, dir, memoDir);
    expect(changed.model.exports.map((e) => e.name)).toEqual(['salute']);
  });

  test('a package directory is keyed by every file, deps/ behind a link included', async () => {
    const dir = await scratchDir();
    const memoDir = join(dir, 'memo');
    const pkg = join(dir, 'wit');
    const linked = join(dir, 'elsewhere', 'types');
    await mkdir(join(pkg, 'deps'), { recursive: true });
    await mkdir(linked, { recursive: true });
    // Relative: the WASI filesystem shim wasm-tools runs on does not follow absolute links.
    await symlink('../../elsewhere/types', join(pkg, 'deps', 'types'));
    const types = (field: string) =>
      `package local:types;\n\ninterface shapes {\n  record point { ${field}: u32 }\n}\n`;
    await writeFile(join(linked, 'types.wit'), types('x'));
    await writeFile(
      join(pkg, 'world.wit'),
      'package local:app;\n\nworld app {\n  use local:types/shapes.{point};\n  export origin: func() -> point;\n}\n',
    );
    const fields = (world: Awaited<ReturnType<typeof loadWorld>>) => [
      ...new Set(JSON.stringify(world.model).match(/"name":"[xy]"/g)),
    ];

    expect(fields(await loadWorldMemoized(pkg, pkg, undefined, dir, memoDir))).toEqual(['"name":"x"']);
    await markEntries(memoDir);
    expect((await loadWorldMemoized(pkg, pkg, undefined, dir, memoDir)).model.exports[0]!.name).toBe('from-the-memo');
    // Only the linked dependency changes: the world must be resolved again.
    await writeFile(join(linked, 'types.wit'), types('y'));
    const changed = await loadWorldMemoized(pkg, pkg, undefined, dir, memoDir);
    expect(changed.model.exports[0]!.name).toBe('origin');
    expect(fields(changed)).toEqual(['"name":"y"']);
  });

  test('a WIT error is not memoized and an unwritable memo is no error', async () => {
    const dir = await scratchDir();
    const wit = join(dir, 'world.wit');
    await writeFile(wit, 'package local:memo;\n\nworld memo {\n  export greet: func(name: strin) -> string;\n}\n');
    const memoDir = join(dir, 'memo');
    await expect(loadWorldMemoized(wit, wit, undefined, dir, memoDir)).rejects.toThrow(/strin/);
    expect(await readdir(join(memoDir, 'worlds')).catch(() => [])).toEqual([]);
    // A file where the memo directory should be: the world still resolves.
    const blocked = join(dir, 'blocked');
    await writeFile(blocked, '');
    await writeFile(wit, WORLD('greet'));
    expect((await loadWorldMemoized(wit, wit, undefined, dir, blocked)).model.exports[0]!.name).toBe('greet');
  });
});
