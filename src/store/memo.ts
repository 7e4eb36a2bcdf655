import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { sha256 } from './fingerprint.js';

/**
 * A memo of a tool's pure results: one JSON file per key under `<memoDir>/<kind>/`. Unlike the
 * build cache it holds no outputs, only what a tool computes from its input alone (the key hashes
 * that input and the tool's version), so it is used even when the build cache is off. Each entry
 * records its key and a hash of its value: a damaged one is deleted and read as absent. Trouble
 * with the directory (not writable, full) only means no memo: nothing here ever fails a build.
 */
interface Stored<T> {
  key: string;
  sha256: string;
  value: T;
}

/** The value stored under `key`, or undefined (none, or a damaged entry, which is removed). */
export async function readMemo<T>(memoDir: string, kind: string, key: string): Promise<T | undefined> {
  const path = join(memoDir, kind, `${key}.json`);
  let stored: Stored<T>;
  try {
    stored = JSON.parse(await readFile(path, 'utf8')) as Stored<T>;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') await rm(path, { force: true }).catch(() => {});
    return undefined;
  }
  if (stored.key !== key || stored.sha256 !== sha256(JSON.stringify(stored.value ?? null))) {
    await rm(path, { force: true }).catch(() => {});
    return undefined;
  }
  // An entry's age is its last use: pruning removes the least recently used.
  const now = new Date();
  await utimes(path, now, now).catch(() => {});
  return stored.value;
}

/** Stores `value` under `key`, keeping the `keep` most recently used entries of the kind; false where the memo cannot be written. */
export async function writeMemo(
  memoDir: string,
  kind: string,
  key: string,
  value: unknown,
  keep: number,
): Promise<boolean> {
  const dir = join(memoDir, kind);
  const stored: Stored<unknown> = { key, sha256: sha256(JSON.stringify(value ?? null)), value };
  const written = await writeMemoFile(dir, `${key}.json`, JSON.stringify(stored));
  if (written) await keepNewest(dir, keep);
  return written;
}

/** Writes one file of a memo under a temporary name and renames it into place: a reader sees all of it or none. */
export async function writeMemoFile(dir: string, name: string, content: string | Uint8Array): Promise<boolean> {
  const temp = join(dir, `.${name}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await mkdir(dir, { recursive: true });
    await writeFile(temp, content);
    await rename(temp, join(dir, name));
    return true;
  } catch {
    await rm(temp, { force: true }).catch(() => {});
    return false;
  }
}

/** Removes all but the `keep` most recently used files of `dir`, and temporary files an hour old. */
export async function keepNewest(dir: string, keep: number): Promise<void> {
  try {
    const names = await readdir(dir);
    const files = await Promise.all(
      names.map(async (name) => ({
        name,
        used: await stat(join(dir, name)).then(
          (s) => s.mtimeMs,
          () => 0,
        ),
      })),
    );
    const staleTemp = Date.now() - 60 * 60 * 1000;
    const entries = files.filter((f) => !f.name.endsWith('.tmp')).sort((a, b) => b.used - a.used);
    const remove = [...entries.slice(keep), ...files.filter((f) => f.name.endsWith('.tmp') && f.used < staleTemp)];
    await Promise.all(remove.map((f) => rm(join(dir, f.name), { force: true })));
  } catch {
    // A memo that cannot be pruned now is pruned by a later store.
  }
}
