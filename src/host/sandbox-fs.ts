import { realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { DirGrant } from './grants.js';
import { DESCRIPTOR_ARG, opensForWriting, PATH_ARG, WRITING_METHODS } from './sandbox-methods.js';
import { inside, linkTargetInside, type OpenedIdentity, openedInside, type Place, shimPaths } from './sandbox-paths.js';

/**
 * `wasi:filesystem` for one instance: only the granted directories, each read-only unless
 * granted for writing. preview2-shim has neither: its preopens are one list per process (`/` by
 * default) and its descriptors write wherever the host user may. So the guest gets descriptors of
 * this class, each wrapping one of the shim's (which does the I/O) and refusing what its grant
 * does not allow with the WASI error code the spec defines (`read-only`, `not-permitted`). The
 * shim resolves `..` lexically and never above a descriptor, but follows symlinks: a path whose
 * real location leaves the granted directory is refused here too, before the open and, for what
 * was opened, after it (sandbox-paths.ts).
 */

/** The shim's descriptor, as far as this file calls it (every WASI method takes and returns plain values). */
type Inner = Record<string, (...args: unknown[]) => unknown> & { [Symbol.dispose]?: () => void };

interface ShimFilesystem {
  types: Record<string, unknown>;
  _createPreopenDescriptor(hostPath: string): Inner;
}

interface PathFlags {
  symlinkFollow?: boolean;
}

/** Methods that change the filesystem: refused on a read-only grant (0.2's descriptor also has `write`). */
const WRITING = new Set([...WRITING_METHODS, 'write']);

/** Every method of a WASI 0.2 descriptor (but `getFlags`, which the class has). */
const METHODS = new Set([
  'readViaStream',
  'advise',
  'syncData',
  'getType',
  'read',
  'readDirectory',
  'sync',
  'stat',
  'isSameObject',
  'metadataHash',
  ...WRITING,
  ...Object.keys(PATH_ARG),
]);

/** A descriptor handed to the guest. */
export class SandboxDescriptor {
  readonly #inner: Inner;
  readonly #place: Place;
  readonly #preopen: boolean;

  constructor(inner: Inner, place: Place, preopen = false) {
    this.#inner = inner;
    this.#place = place;
    this.#preopen = preopen;
  }

  static unwrap(value: unknown): unknown {
    return value instanceof SandboxDescriptor ? value.#inner : value;
  }

  /** Calls the shim's method after the grant's checks; an opened descriptor comes back wrapped. */
  call(method: string, guestArgs: unknown[]): unknown {
    const place = this.#place;
    if (!place.write && (WRITING.has(method) || (method === 'openAt' && opensForWriting(guestArgs)))) {
      throw 'read-only';
    }
    const args = shimPaths(method, guestArgs);
    const pathArg = PATH_ARG[method];
    if (pathArg) {
      const follow = pathArg.follow === 'flags' && Boolean((args[0] as PathFlags | undefined)?.symlinkFollow);
      inside(place, String(args[pathArg.index]), follow);
      if (method === 'symlinkAt') {
        linkTargetInside(String(args[0]));
        inside(place, join(dirname(String(args[1])), String(args[0])), false);
      }
    }
    const descriptorAt = DESCRIPTOR_ARG[method];
    if (method === 'renameAt' || method === 'linkAt') {
      // The new path is the other descriptor's: its grant must allow writing there.
      const other = args[descriptorAt!];
      if (!(other instanceof SandboxDescriptor)) throw 'bad-descriptor';
      if (!other.#place.write) throw 'read-only';
      inside(other.#place, String(args[descriptorAt! + 1]), false);
    }
    const shimArgs = args.map((arg, i) => (i === descriptorAt ? SandboxDescriptor.unwrap(arg) : arg));
    // The shim lists an opened directory by its path: the path must still lead inside.
    if (method === 'readDirectory') inside(place, '.', true);
    // The shim cannot list a preopen itself ("bad-descriptor"): list it through `.` opened from it.
    if (method === 'readDirectory' && this.#preopen) {
      const self = this.#inner.openAt!({}, '.', { directory: true }, { read: true }) as Inner;
      try {
        return self.readDirectory!();
      } finally {
        // The listing holds its own directory handle (opendir): the descriptor is not needed.
        self[Symbol.dispose]?.();
      }
    }
    const result = this.#inner[method]!.apply(this.#inner, shimArgs);
    if (method !== 'openAt') return result;
    const opened = result as Inner;
    const follow = Boolean((args[0] as PathFlags | undefined)?.symlinkFollow);
    if (!verified(() => openedInside(place, String(args[1]), follow, identity(opened)))) {
      opened[Symbol.dispose]?.();
      throw 'not-permitted';
    }
    return new SandboxDescriptor(opened, { ...place, path: join(place.path, String(args[1])) });
  }

  getFlags(): unknown {
    const flags = this.#inner.getFlags!.call(this.#inner) as Record<string, boolean>;
    return this.#place.write ? flags : { ...flags, write: false, mutateDirectory: false };
  }

  [Symbol.dispose](): void {
    this.#inner[Symbol.dispose]?.();
  }
}

// Each WASI method forwards to `call`, which applies the grant.
for (const method of METHODS) {
  Object.defineProperty(SandboxDescriptor.prototype, method, {
    value(this: SandboxDescriptor, ...args: unknown[]) {
      return this.call(method, args);
    },
  });
}

/** A check that cannot be made (the shim failed to stat what it opened) refuses as one that fails. */
function verified(check: () => boolean): boolean {
  try {
    return check();
  } catch {
    return false;
  }
}

/** What the shim reports of an opened descriptor's identity (WASI 0.2: synchronous calls). */
function identity(opened: Inner): OpenedIdentity {
  const stat = opened.stat!() as { statusChangeTimestamp?: OpenedIdentity['statusChange'] };
  return { hash: opened.metadataHash!() as OpenedIdentity['hash'], statusChange: stat.statusChangeTimestamp };
}

/** `wasi:filesystem` (`types` and `preopens`) giving the guest exactly these directories. */
export function sandboxFilesystem(shim: ShimFilesystem, dirs: readonly Required<DirGrant>[]): Record<string, unknown> {
  const preopens = dirs.map((dir): [SandboxDescriptor, string] => {
    const root = realpathSync(dir.host);
    return [
      new SandboxDescriptor(shim._createPreopenDescriptor(dir.host), { root, path: dir.host, write: dir.write }, true),
      dir.guest,
    ];
  });
  return {
    ...shim,
    types: { ...shim.types, Descriptor: SandboxDescriptor },
    preopens: { getDirectories: () => [...preopens] },
  };
}
