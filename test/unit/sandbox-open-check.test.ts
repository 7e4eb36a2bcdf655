// The check after an open (src/host/sandbox-paths.ts): a symlink swapped between the check of a
// guest's path and the shim's open would be followed out of the granted directory. Here the swap
// happens exactly there, injected right before the shims open (WASI 0.2: preview2-shim's
// `openAt`; 0.3: the `fs.promises.open` preview3-shim calls after its own path checks), and the
// check runs against descriptors the shims really opened.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as p2 from '@bytecodealliance/preview2-shim/filesystem';
import * as p3 from '@bytecodealliance/preview3-shim/filesystem';
import { afterAll, describe, expect, it } from 'vitest';
import { sandboxFilesystem } from '../../src/host/sandbox-fs.js';
import { sandboxP3Filesystem } from '../../src/host/sandbox-fs-p3.js';
import { openedInside } from '../../src/host/sandbox-paths.js';

type Descriptor = Record<string, (...args: unknown[]) => unknown>;

const base = mkdtempSync(join(tmpdir(), 'componentize-open-check-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));

/** A granted directory with `inside.txt`, a `link` to it, and a file outside it. */
function layout(name: string) {
  const root = join(base, name, 'root');
  const outside = join(base, name, 'outside.txt');
  mkdirSync(root, { recursive: true });
  writeFileSync(join(root, 'inside.txt'), 'inside\n');
  writeFileSync(outside, 'outside\n');
  const link = join(root, 'link');
  symlinkSync(join(root, 'inside.txt'), link);
  const pointLink = (to: string) => {
    unlinkSync(link);
    symlinkSync(to, link);
  };
  return { root, outside, pointLink, inside: join(root, 'inside.txt') };
}

/** `descriptor`, whose `openAt` first runs `before` (the swap), then the shim's. */
function swapBeforeOpen<T extends object>(descriptor: T, before: () => void): T {
  return new Proxy(descriptor, {
    get(target, key) {
      const value = Reflect.get(target, key, target) as unknown;
      if (typeof value !== 'function') return value;
      if (key !== 'openAt') return value.bind(target);
      return (...args: unknown[]) => {
        before();
        return value.apply(target, args);
      };
    },
  });
}

const follow = { symlinkFollow: true };

describe('WASI 0.2 (preview2-shim)', () => {
  it('openedInside: true for the file the path names inside, false once the path names another', () => {
    const { root, outside, pointLink } = layout('p2-direct');
    const place = { root, path: root, write: false };
    const preopen = p2._createPreopenDescriptor(root) as unknown as Descriptor;
    const opened = preopen.openAt!(follow, 'link', {}, { read: true }) as Descriptor;
    const identity = () => ({
      hash: opened.metadataHash!() as { lower: bigint; upper: bigint },
      statusChange: (opened.stat!() as { statusChangeTimestamp: { seconds: bigint; nanoseconds: number } })
        .statusChangeTimestamp,
    });
    expect(openedInside(place, 'link', true, identity())).toBe(true);
    // The fd stays the file inside; the path now names a file outside: refused.
    pointLink(outside);
    expect(openedInside(place, 'link', true, identity())).toBe(false);
  });

  it('a link swapped to the outside between the check and the open is refused with not-permitted', () => {
    const { root, outside, inside, pointLink } = layout('p2-swap');
    let swaps = 0;
    const shim = {
      ...p2,
      _createPreopenDescriptor: (host: string) =>
        swapBeforeOpen(p2._createPreopenDescriptor(host), () => {
          swaps++;
          pointLink(outside);
        }),
    };
    const fs = sandboxFilesystem(shim as never, [{ host: root, guest: '/', write: false }]);
    const [[descriptor]] = (fs.preopens as { getDirectories(): [Descriptor, string][] }).getDirectories();
    expect(() => descriptor!.openAt!(follow, 'link', {}, { read: true })).toThrow('not-permitted');
    expect(swaps).toBe(1);
    // Without a swap the same open succeeds: the refusal above is the check's.
    pointLink(inside);
    const plain = sandboxFilesystem(p2 as never, [{ host: root, guest: '/', write: false }]);
    const [[direct]] = (plain.preopens as { getDirectories(): [Descriptor, string][] }).getDirectories();
    expect(direct!.openAt!(follow, 'link', {}, { read: true })).toBeDefined();
  });
});

describe('WASI 0.3 (preview3-shim)', () => {
  it('a link swapped to the outside between the checks and the open is refused with not-permitted', async () => {
    const { root, outside, inside, pointLink } = layout('p3-swap');
    const fs = sandboxP3Filesystem(p3 as never, [{ host: root, guest: '/', write: false }]);
    const [[descriptor]] = (fs.preopens as { getDirectories(): [Descriptor, string][] }).getDirectories();
    // preview3-shim checks the path itself too, then calls `fs.promises.open`: the swap goes
    // right before that call, after every check made by path.
    const promises = (await import('node:fs/promises')).default as { open: (...args: unknown[]) => Promise<unknown> };
    const open = promises.open;
    let swaps = 0;
    promises.open = (...args: unknown[]) => {
      swaps++;
      pointLink(outside);
      return open.apply(promises, args);
    };
    try {
      await expect(descriptor!.openAt!(follow, 'link', {}, { read: true })).rejects.toMatchObject({
        payload: { tag: 'not-permitted' },
      });
    } finally {
      promises.open = open;
    }
    expect(swaps).toBe(1);
    // Without a swap the same open succeeds: the refusal above is the check's.
    pointLink(inside);
    await expect(descriptor!.openAt!(follow, 'link', {}, { read: true })).resolves.toBeDefined();
  });
});
