import { realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { DirGrant } from './grants.js';
import { DESCRIPTOR_ARG, opensForWriting, PATH_ARG, WRITING_METHODS } from './sandbox-methods.js';
import { inside, linkTargetInside, type OpenedIdentity, openedInside, type Place, shimPaths } from './sandbox-paths.js';

/**
 * WASI 0.3's `wasi:filesystem` for one instance: the granted directories, each read-only unless
 * granted for writing, with the checks of the 0.2 descriptors (sandbox-fs.ts). preview3-shim does
 * the I/O. Its preopens are one list per process (empty unless set) and it makes a preopen
 * descriptor only through `_addPreopen`, which appends to that list; its `open-at` answers
 * `access` while the list is empty and its `read-directory` lists only under a path of the list.
 * So each granted host directory is added to the shim's list once per process and stays there:
 * the shim's own `getDirectories` is never handed to a guest (sandbox-wasi.ts), each guest gets
 * descriptors of this class for exactly its grants.
 */

type Inner = Record<string, (...args: unknown[]) => unknown> & { [Symbol.dispose]?: () => void };

export interface P3ShimFilesystem {
  FSError: new (tag: string) => Error;
  preopens: { getDirectories(): [Inner, string][] };
  _addPreopen(guest: string, host: string): void;
}

interface PathFlags {
  symlinkFollow?: boolean;
}

/** Methods that change the filesystem: refused on a read-only grant. */
const WRITING = new Set([...WRITING_METHODS]);

/** WASI 0.3 methods that return a value, not a promise (the others are `async func`s). */
const SYNC = new Set(['readViaStream', 'readDirectory']);

const METHODS = new Set([
  'readViaStream',
  'advise',
  'syncData',
  'getType',
  'readDirectory',
  'sync',
  'stat',
  'isSameObject',
  'metadataHash',
  ...WRITING,
  ...Object.keys(PATH_ARG),
]);

/** The shim's preopen descriptor of each host directory (see the file's comment). */
const shimPreopens = new Map<string, Inner>();

function shimPreopen(shim: P3ShimFilesystem, host: string): Inner {
  let preopen = shimPreopens.get(host);
  if (!preopen) {
    shim._addPreopen(host, host);
    preopen = shim.preopens.getDirectories().at(-1)![0];
    shimPreopens.set(host, preopen);
  }
  return preopen;
}

/**
 * One instance's path calls, one after another. The shims' calls are async: without this a guest
 * could rename or swap an entry between another call's check and the shim's use of its path. Each
 * call's check, shim call and (`open-at`) check after the open run before the next call's check.
 */
class Serial {
  #tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.#tail.then(task);
    this.#tail = result.catch(() => undefined);
    return result;
  }
}

/** A WASI 0.3 descriptor handed to the guest. */
export class SandboxP3Descriptor {
  readonly #inner: Inner;
  readonly #place: Place;
  readonly #FSError: P3ShimFilesystem['FSError'];
  readonly #serial: Serial;

  constructor(inner: Inner, place: Place, FSError: P3ShimFilesystem['FSError'], serial = new Serial()) {
    this.#inner = inner;
    this.#place = place;
    this.#FSError = FSError;
    this.#serial = serial;
  }

  static unwrap(value: unknown): unknown {
    return value instanceof SandboxP3Descriptor ? value.#inner : value;
  }

  /** The grant's checks, then the shim's method; a refusal is the shim's error, thrown or rejected as the method would. */
  call(method: string, guestArgs: unknown[]): unknown {
    if (!PATH_ARG[method]) return this.#direct(method, guestArgs);
    return this.#serial.run(async () => {
      const args = shimPaths(method, guestArgs);
      try {
        this.#check(method, args);
      } catch (tag) {
        throw new this.#FSError(String(tag));
      }
      const descriptorAt = DESCRIPTOR_ARG[method];
      const shimArgs = args.map((arg, i) => (i === descriptorAt ? SandboxP3Descriptor.unwrap(arg) : arg));
      const result = await this.#inner[method]!.apply(this.#inner, shimArgs);
      return method === 'openAt' ? this.#opened(result as Inner, args) : result;
    });
  }

  /** A method on the descriptor itself (no path): checked and called at once. */
  #direct(method: string, args: unknown[]): unknown {
    try {
      if (!this.#place.write && WRITING.has(method)) throw 'read-only';
      // The shim lists an opened directory by its path: the path must still lead inside. (A
      // listing is synchronous here, so it is checked when called, not in the queue of path calls.)
      if (method === 'readDirectory') inside(this.#place, '.', true);
    } catch (tag) {
      const error = new this.#FSError(String(tag));
      if (SYNC.has(method)) throw error;
      return Promise.reject(error);
    }
    const descriptorAt = DESCRIPTOR_ARG[method];
    const shimArgs = args.map((arg, i) => (i === descriptorAt ? SandboxP3Descriptor.unwrap(arg) : arg));
    return this.#inner[method]!.apply(this.#inner, shimArgs);
  }

  #check(method: string, args: unknown[]): void {
    const place = this.#place;
    if (!place.write && (WRITING.has(method) || (method === 'openAt' && opensForWriting(args)))) throw 'read-only';
    const pathArg = PATH_ARG[method]!;
    const path = String(args[pathArg.index]);
    inside(place, path, pathArg.follow === 'flags' && Boolean((args[0] as PathFlags | undefined)?.symlinkFollow));
    if (method === 'symlinkAt') {
      linkTargetInside(String(args[0]));
      inside(place, join(dirname(String(args[1])), String(args[0])), false);
    }
    if (method === 'renameAt' || method === 'linkAt') {
      // The new path is the other descriptor's: its grant must allow writing there.
      const at = DESCRIPTOR_ARG[method]!;
      const other = args[at];
      if (!(other instanceof SandboxP3Descriptor)) throw 'bad-descriptor';
      if (!other.#place.write) throw 'read-only';
      inside(other.#place, String(args[at + 1]), false);
    }
  }

  /** The opened descriptor, wrapped, once it is known to be inside the grant (sandbox-paths.ts). */
  async #opened(opened: Inner, args: unknown[]): Promise<SandboxP3Descriptor> {
    const path = String(args[1]);
    const follow = Boolean((args[0] as PathFlags | undefined)?.symlinkFollow);
    let ok = false;
    try {
      const [hash, stat] = await Promise.all([opened.metadataHash!(), opened.stat!()]);
      const statusChange = (stat as { statusChangeTimestamp?: OpenedIdentity['statusChange'] }).statusChangeTimestamp;
      ok = openedInside(this.#place, path, follow, { hash: hash as OpenedIdentity['hash'], statusChange });
    } catch {
      // The shim could not stat what it opened: refused as outside.
    }
    if (!ok) {
      opened[Symbol.dispose]?.();
      throw new this.#FSError('not-permitted');
    }
    const place = { ...this.#place, path: join(this.#place.path, path) };
    return new SandboxP3Descriptor(opened, place, this.#FSError, this.#serial);
  }

  async getFlags(): Promise<unknown> {
    const flags = (await this.#inner.getFlags!.call(this.#inner)) as Record<string, boolean>;
    return this.#place.write ? flags : { ...flags, write: false, mutateDirectory: false };
  }

  [Symbol.dispose](): void {
    // A preopen is the shim's, shared by the instances granted its directory: it is never disposed.
    if (![...shimPreopens.values()].includes(this.#inner)) this.#inner[Symbol.dispose]?.();
  }
}

// Each WASI method forwards to `call`, which applies the grant.
for (const method of METHODS) {
  Object.defineProperty(SandboxP3Descriptor.prototype, method, {
    value(this: SandboxP3Descriptor, ...args: unknown[]) {
      return this.call(method, args);
    },
  });
}

/** preview3-shim's `filesystem` package giving the guest exactly these directories. */
export function sandboxP3Filesystem(
  shim: P3ShimFilesystem & Record<string, unknown>,
  dirs: readonly Required<DirGrant>[],
): Record<string, unknown> {
  // One queue of path calls per instance, shared by all its descriptors (see `Serial`).
  const serial = new Serial();
  const preopens = dirs.map((dir): [SandboxP3Descriptor, string] => {
    const root = realpathSync(dir.host);
    const place = { root, path: dir.host, write: dir.write };
    return [new SandboxP3Descriptor(shimPreopen(shim, dir.host), place, shim.FSError, serial), dir.guest];
  });
  return {
    ...shim,
    types: { ...(shim.types as object), Descriptor: SandboxP3Descriptor },
    preopens: { Descriptor: SandboxP3Descriptor, getDirectories: () => [...preopens] },
  };
}
