import { constants } from 'node:fs';
import { access, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';

/** `mkdtemp`'s name for a build's work directory: the prefix and six characters, nothing else. */
const BUILD_DIR = /^componentize-[A-Za-z0-9]{6}$/;
/** Who made a work directory, so that another build can tell a live one from a leftover. */
const OWNER_FILE = '.componentize-owner';
/** A build ends in minutes (the engine's default limit is 2); an hour old is certainly not running. */
const STALE_AFTER_MS = 60 * 60 * 1000;

/**
 * A build's work directory in the temp dir, marked with this process's id. Removed in the build's
 * `finally`; only a build killed outright (SIGKILL, a crash, power loss) leaves it, and the next
 * build's `removeStaleWorkDirs` takes it away.
 */
export async function makeWorkDir(): Promise<string> {
  const dir = await mkdtemp(join(await workDirParent(), 'componentize-'));
  await writeFile(join(dir, OWNER_FILE), String(process.pid));
  return dir;
}

/**
 * The temp dir, unless its path has whitespace: componentize-js hands StarlingMonkey the paths of
 * its files in the work directory as one space-separated string (`--initializer-script-path
 * <path> --strip-path-prefix <dir>/ <bundle>`), so `TMPDIR="/tmp/my dir"` failed every
 * StarlingMonkey build ("Error loading module /tmp/my"). Then the first of the system's temp
 * directories without whitespace that can be written is used; with none, the temp dir anyway.
 */
async function workDirParent(): Promise<string> {
  const preferred = tmpdir();
  if (!/\s/.test(preferred)) return preferred;
  for (const candidate of ['/tmp', '/var/tmp', join(homedir(), '.cache')]) {
    if (/\s/.test(candidate)) continue;
    if (
      await access(candidate, constants.W_OK).then(
        () => true,
        () => false,
      )
    )
      return candidate;
  }
  return preferred;
}

let sweep: Promise<void> | undefined;

/**
 * Removes the work directories of earlier builds that were killed (a StarlingMonkey build leaves
 * ~12 MB): older than an hour and not owned by a live process. Once per process, in the background,
 * never failing a build: another user's directory, say, is simply left.
 */
export function removeStaleWorkDirs(now = Date.now()): Promise<void> {
  sweep ??= sweepTempDir(tmpdir(), now).catch(() => {});
  return sweep;
}

export async function sweepTempDir(dir: string, now: number): Promise<void> {
  for (const name of (await readdir(dir)).filter((n) => BUILD_DIR.test(n))) {
    const path = join(dir, name);
    const info = await stat(path).catch(() => undefined);
    if (!info?.isDirectory() || now - info.mtimeMs < STALE_AFTER_MS) continue;
    const owner = Number(await readFile(join(path, OWNER_FILE), 'utf8').catch(() => ''));
    if (owner && isAlive(owner)) continue;
    await rm(path, { recursive: true, force: true }).catch(() => {});
  }
}

/** Whether process `pid` runs (ours or another user's): an owner or lock holder that died left its file behind. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists, it is someone else's.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
