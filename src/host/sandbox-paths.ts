import { type BigIntStats, lstatSync, realpathSync } from 'node:fs';
import { basename, dirname, join, sep } from 'node:path';

/**
 * Where a sandboxed descriptor (sandbox-fs.ts for WASI 0.2, sandbox-fs-p3.ts for 0.3) may reach:
 * the checks both apply to a guest's path, before the shim opens it and after.
 */
export interface Place {
  /** The granted directory's real path: nothing outside it is reached. */
  root: string;
  /** This descriptor's path on the host. */
  path: string;
  write: boolean;
}

/** The identity of an opened file as the shims report it (`metadata-hash` and `stat` of the descriptor). */
export interface OpenedIdentity {
  /** `metadata-hash`: the shims' `lower` is the inode, `upper` the modification time in nanoseconds. */
  hash: { lower: bigint; upper: bigint };
  /** `stat`'s status-change time, when the shim reports one. */
  statusChange?: { seconds: bigint; nanoseconds: number } | undefined;
}

/**
 * A guest's path as both shims use it: they read `\` as `/` and collapse runs of `/` before
 * resolving it. The wrappers check this form and hand this form to the shim, so what is checked
 * is what the shim opens (the shims' normalising is idempotent). Checking the guest's own string
 * would let `c\victim.txt` pass as one name inside the grant while the shim follows `c`.
 */
export function guestPath(path: string): string {
  return path.replaceAll('\\', '/').replace(/\/\/+/g, '/');
}

/** Which arguments of each WASI method (0.2 and 0.3 alike) are paths under a descriptor. */
const PATH_INDEXES: Record<string, readonly number[]> = {
  createDirectoryAt: [0],
  statAt: [1],
  setTimesAt: [1],
  linkAt: [1, 3],
  openAt: [1],
  readlinkAt: [0],
  removeDirectoryAt: [0],
  renameAt: [0, 2],
  symlinkAt: [1],
  unlinkFileAt: [0],
  metadataHashAt: [1],
};

/** A call's arguments with each path in the form the shim uses (`guestPath`); a link's target is the OS's, left as it is. */
export function shimPaths(method: string, args: readonly unknown[]): unknown[] {
  const at = PATH_INDEXES[method];
  return args.map((arg, i) => (at?.includes(i) ? guestPath(String(arg)) : arg));
}

/**
 * Throws `not-permitted` for a symlink target that could ever point out of the tree it is made
 * in: an absolute one or one with a `..` segment (`\` counted as a separator too, as the shims
 * would if the guest later used the target as a path). A relative target without `..` only
 * descends from the link, wherever the link is later renamed to; so every link a guest makes
 * stays inside its grant, and the links the host made are judged where they are used (`inside`).
 */
export function linkTargetInside(target: string): void {
  const normal = guestPath(target);
  if (normal.startsWith('/') || normal.split('/').includes('..')) throw 'not-permitted';
}

function isInside(root: string, real: string): boolean {
  return real === root || real.startsWith(root.endsWith(sep) ? root : root + sep);
}

/** Throws `not-permitted` when `path` under the descriptor really lies outside the granted directory. */
export function inside(place: Place, path: string, follow: boolean): void {
  const full = join(place.path, path);
  // Followed, where it finally points must be inside; else the directory that holds it (a
  // symlink there is the guest's own entry, not followed). `.` is the descriptor itself.
  let checked = follow || full === place.path ? full : dirname(full);
  let real: string | undefined;
  // A path that does not exist (yet: a file being created) is judged by the directory that would hold it.
  while (real === undefined) {
    try {
      real = realpathSync(checked);
    } catch {
      if (dirname(checked) === checked || checked === place.path) return;
      checked = dirname(checked);
    }
  }
  if (!isInside(place.root, real)) throw 'not-permitted';
}

/**
 * After the shim opened `path`: whether the file it opened is the one the path names inside the
 * granted directory now. `inside` ran before the open, but the shim opens by path and follows
 * symlinks (Node has no `openat` with `O_NOFOLLOW` per component), so a link swapped in between
 * would be followed out of the directory. The shims keep the opened fd to themselves; what they
 * do report of it is its inode and modification time (`metadata-hash`) and its status-change
 * time (`stat`). The path is resolved again here: it must lie inside, and the file it names must
 * have that inode and those times; else the guest holds something it may not, and is refused.
 * (No device number is reported: a file elsewhere would also need the inode number and both
 * nanosecond times of the one inside, and the status-change time cannot be set by a guest.)
 */
export function openedInside(place: Place, path: string, follow: boolean, opened: OpenedIdentity): boolean {
  const full = join(place.path, path);
  let real: string;
  try {
    // Not followed, the last component is the entry itself (the shim opened it with O_NOFOLLOW).
    real = follow || full === place.path ? realpathSync(full) : join(realpathSync(dirname(full)), basename(full));
  } catch {
    return false;
  }
  if (!isInside(place.root, real)) return false;
  let stats: BigIntStats;
  try {
    stats = lstatSync(real, { bigint: true });
  } catch {
    return false;
  }
  if (stats.ino !== BigInt(opened.hash.lower) || stats.mtimeNs !== BigInt(opened.hash.upper)) return false;
  const change = opened.statusChange;
  return !change || stats.ctimeNs === BigInt(change.seconds) * 1_000_000_000n + BigInt(change.nanoseconds);
}
