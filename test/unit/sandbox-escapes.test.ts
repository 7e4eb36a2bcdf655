// The escapes a review found in the filesystem grant wrappers (issue 31), driven through the real
// shims: each case does what the reviewer's repro did and expects the WASI error the grant gives.
// Links pointing out of a grant are made by the host here (a guest may no longer make them).
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as p2 from '@bytecodealliance/preview2-shim/filesystem';
import * as p3 from '@bytecodealliance/preview3-shim/filesystem';
import { afterAll, describe, expect, it } from 'vitest';
import { sandboxFilesystem } from '../../src/host/sandbox-fs.js';
import { sandboxP3Filesystem } from '../../src/host/sandbox-fs-p3.js';

type Descriptor = Record<string, (...args: unknown[]) => unknown>;

const base = mkdtempSync(join(tmpdir(), 'componentize-escapes-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));

/**
 * `rw` (writable) and `ro` (read-only) grants next to `victim.txt`; in `rw`, the host's links
 * `b/l -> ../..` (the directory holding the grants) and `c -> b/l` (inside, to that link).
 */
function layout(name: string) {
  const dir = join(base, name);
  const rw = join(dir, 'rw');
  const ro = join(dir, 'ro');
  mkdirSync(join(rw, 'b'), { recursive: true });
  mkdirSync(ro);
  writeFileSync(join(dir, 'victim.txt'), 'x');
  writeFileSync(join(rw, 'new'), 'n');
  symlinkSync('../..', join(rw, 'b', 'l'));
  symlinkSync('b/l', join(rw, 'c'));
  const grants = [
    { host: rw, guest: '/rw', write: true },
    { host: ro, guest: '/ro', write: false },
  ];
  return { dir, rw, ro, grants };
}

function descriptors(fs: Record<string, unknown>): Descriptor[] {
  return (fs.preopens as { getDirectories(): [Descriptor, string][] }).getDirectories().map(([d]) => d);
}

/** The WASI error code a 0.2 call threw (the shim throws the code itself). */
function p2Error(call: () => unknown): unknown {
  try {
    call();
  } catch (code) {
    return code;
  }
  return 'no error';
}

/** The WASI error code a 0.3 call rejected (or threw) with. */
async function p3Error(call: () => unknown): Promise<unknown> {
  try {
    await call();
  } catch (error) {
    return (error as { payload?: { tag?: string } }).payload?.tag ?? error;
  }
  return 'no error';
}

describe('WASI 0.2 (preview2-shim)', () => {
  it('a backslash is a separator to the shim, so to the check: no unlink through b\\l', () => {
    const { dir, grants } = layout('p2-backslash');
    const [rw] = descriptors(sandboxFilesystem(p2 as never, grants));
    expect(p2Error(() => rw!.unlinkFileAt!('b\\l\\victim.txt'))).toBe('not-permitted');
    expect(existsSync(join(dir, 'victim.txt'))).toBe(true);
    expect(p2Error(() => rw!.createDirectoryAt!('b\\l\\pwned'))).toBe('not-permitted');
    expect(existsSync(join(dir, 'pwned'))).toBe(false);
  });

  it('rename and link into another descriptor need its write grant and stay inside it', () => {
    const { dir, ro, rw: rwHost, grants } = layout('p2-other');
    const [rw, rod] = descriptors(sandboxFilesystem(p2 as never, grants));
    expect(p2Error(() => rw!.renameAt!('new', rod, 'planted'))).toBe('read-only');
    expect(p2Error(() => rw!.linkAt!({}, 'new', rod, 'linked'))).toBe('read-only');
    expect(readdirSync(ro)).toEqual([]);
    // A second writable grant of the same directory: its new path is checked in its place.
    const [rw2] = descriptors(sandboxFilesystem(p2 as never, [{ host: rwHost, guest: '/w', write: true }]));
    expect(p2Error(() => rw!.renameAt!('new', rw2, 'c/planted'))).toBe('not-permitted');
    expect(p2Error(() => rw!.linkAt!({}, 'new', rw2, 'c/linked'))).toBe('not-permitted');
    expect(existsSync(join(dir, 'planted')) || existsSync(join(dir, 'linked'))).toBe(false);
    expect(rw!.renameAt!('new', rw2, 'moved')).toBeUndefined();
  });

  it('a guest makes no symlink with an absolute target or a `..` segment; one pointing down works', () => {
    const { rw: rwHost, grants } = layout('p2-symlink');
    const [rw] = descriptors(sandboxFilesystem(p2 as never, grants));
    rw!.createDirectoryAt!('a');
    expect(p2Error(() => rw!.symlinkAt!('..', 'a/l'))).toBe('not-permitted');
    expect(p2Error(() => rw!.symlinkAt!('x/../..', 'a/l'))).toBe('not-permitted');
    expect(p2Error(() => rw!.symlinkAt!('x\\..\\..', 'a/l'))).toBe('not-permitted');
    expect(p2Error(() => rw!.symlinkAt!('/etc', 'a/l'))).toBe('not-permitted');
    expect(existsSync(join(rwHost, 'a', 'l'))).toBe(false);
    expect(rw!.symlinkAt!('new', 'down')).toBeUndefined();
  });

  it('an opened directory whose path was swapped for a link out is not listed', () => {
    const { rw: rwHost, grants } = layout('p2-listing');
    const [rw] = descriptors(sandboxFilesystem(p2 as never, grants));
    rw!.createDirectoryAt!('d');
    const d = rw!.openAt!({}, 'd', { directory: true }, { read: true }) as Descriptor;
    rw!.renameAt!('d', rw, 'd_old');
    symlinkSync('b/l', join(rwHost, 'd'));
    expect(p2Error(() => d.readDirectory!())).toBe('not-permitted');
  });
});

describe('WASI 0.3 (preview3-shim)', () => {
  it('a backslash is a separator to the shim, so to the check: no unlink or mkdir through c\\', async () => {
    const { dir, grants } = layout('p3-backslash');
    const [rw] = descriptors(sandboxP3Filesystem(p3 as never, grants));
    expect(await p3Error(() => rw!.unlinkFileAt!('c\\victim.txt'))).toBe('not-permitted');
    expect(existsSync(join(dir, 'victim.txt'))).toBe(true);
    expect(await p3Error(() => rw!.createDirectoryAt!('c\\pwned-dir'))).toBe('not-permitted');
    expect(existsSync(join(dir, 'pwned-dir'))).toBe(false);
    expect(await p3Error(() => rw!.openAt!({}, 'c\\created', { create: true }, { write: true }))).toBe('not-permitted');
    expect(existsSync(join(dir, 'created'))).toBe(false);
  });

  it('rename and link into another descriptor need its write grant and stay inside it', async () => {
    const { dir, ro, rw: rwHost, grants } = layout('p3-other');
    const [rw, rod] = descriptors(sandboxP3Filesystem(p3 as never, grants));
    expect(await p3Error(() => rw!.renameAt!('new', rod, 'planted'))).toBe('read-only');
    expect(await p3Error(() => rw!.linkAt!({}, 'new', rod, 'linked'))).toBe('read-only');
    expect(readdirSync(ro)).toEqual([]);
    const [rw2] = descriptors(sandboxP3Filesystem(p3 as never, [{ host: rwHost, guest: '/w', write: true }]));
    expect(await p3Error(() => rw!.renameAt!('new', rw2, 'c/planted'))).toBe('not-permitted');
    expect(await p3Error(() => rw!.linkAt!({}, 'new', rw2, 'c/linked'))).toBe('not-permitted');
    expect(existsSync(join(dir, 'planted')) || existsSync(join(dir, 'linked'))).toBe(false);
    await expect(rw!.renameAt!('new', rw2, 'moved')).resolves.toBeUndefined();
  });

  it("a guest makes no symlink with an absolute target or a `..` segment: the reviewer's chain stops", async () => {
    const { rw: rwHost, grants } = layout('p3-symlink');
    const [rw] = descriptors(sandboxP3Filesystem(p3 as never, grants));
    await rw!.createDirectoryAt!('a');
    await rw!.createDirectoryAt!('a/b');
    expect(await p3Error(() => rw!.symlinkAt!('../..', 'a/b/l'))).toBe('not-permitted');
    expect(await p3Error(() => rw!.symlinkAt!('x\\..\\..', 'a/b/l'))).toBe('not-permitted');
    expect(await p3Error(() => rw!.symlinkAt!('/etc', 'a/b/l'))).toBe('not-permitted');
    expect(existsSync(join(rwHost, 'a', 'b', 'l'))).toBe(false);
    await expect(rw!.symlinkAt!('new', 'down')).resolves.toBeUndefined();
  });

  it('an opened directory whose path was swapped for a link out is not listed', async () => {
    const { grants } = layout('p3-listing');
    const [rw] = descriptors(sandboxP3Filesystem(p3 as never, grants));
    await rw!.createDirectoryAt!('d');
    const d = (await rw!.openAt!({}, 'd', { directory: true }, { read: true })) as Descriptor;
    await rw!.renameAt!('d', rw, 'd_old');
    // `d -> c` points inside (no `..`): the guest may make it; `c` leads out through the host's links.
    await rw!.symlinkAt!('c', 'd');
    expect(await p3Error(() => d.readDirectory!())).toBe('not-permitted');
  });

  it("one instance's path calls run one after another: a call is checked after the previous one's change", async () => {
    const { grants } = layout('p3-queue');
    const [rw] = descriptors(sandboxP3Filesystem(p3 as never, grants));
    // The shim's rename is held back; a stat the guest starts meanwhile must not reach the shim
    // before the rename is done (else its check saw the tree before the rename).
    const promises = (await import('node:fs/promises')).default as unknown as Record<
      string,
      (...args: unknown[]) => Promise<unknown>
    >;
    const { rename, lstat } = promises;
    let renaming = false;
    let lstatDuringRename = false;
    promises.rename = async (...args: unknown[]) => {
      renaming = true;
      await new Promise((resolve) => setTimeout(resolve, 100));
      try {
        return await rename!.apply(promises, args);
      } finally {
        renaming = false;
      }
    };
    promises.lstat = (...args: unknown[]) => {
      if (renaming) lstatDuringRename = true;
      return lstat!.apply(promises, args);
    };
    try {
      await Promise.all([rw!.renameAt!('new', rw, 'renamed'), rw!.statAt!({}, 'renamed')]);
    } finally {
      promises.rename = rename!;
      promises.lstat = lstat!;
    }
    expect(lstatDuringRename).toBe(false);
  });
});

describe('WASI 0.2 listing a preopen', () => {
  it('closes the `.` it opens to list it: listings leave no file descriptor behind', () => {
    const { grants } = layout('p2-fd');
    const [rw] = descriptors(sandboxFilesystem(p2 as never, grants));
    const openFds = () => readdirSync('/proc/self/fd').length;
    const list = () => (rw!.readDirectory!() as { [Symbol.dispose](): void })[Symbol.dispose]();
    list();
    const before = openFds();
    for (let i = 0; i < 50; i++) list();
    // A leak is one descriptor per listing (50); the margin is for anything else of this process.
    expect(openFds() - before).toBeLessThan(10);
  });
});
