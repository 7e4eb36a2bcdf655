/**
 * The store of jco's bindings by component shape (run/bindings.ts decides what goes in). One
 * JSON file per entry, `<memoDir>/jco/<key>.json`, written under a temporary name and renamed
 * into place, so a reader sees a whole entry or none; each records a hash of its content and one
 * that does not match is deleted and treated as absent. Trouble with the directory (not
 * writable, full) only means no memo: nothing here ever fails a build.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Entries kept (the most recently used): each is jco's JavaScript for one shape, ~0.1–1 MB. */
const MAX_ENTRIES = 32;
/** World hints kept: files of a few bytes. */
const MAX_HINTS = 256;

/** A file of jco's output: one of the component's own core modules (by jco's order), or generated content. */
export type MemoFile = { name: string; module: number } | { name: string; text: string } | { name: string; base64: string };

export interface MemoEntry {
  /** jco's `imports`, with the placeholder specifiers it was given. */
  imports: string[];
  /** How many core modules the component has: a hit must have as many. */
  modules: number;
  files: MemoFile[];
}

interface StoredEntry extends MemoEntry {
  key: string;
  sha256: string;
}

const digest = (text: string) => createHash('sha256').update(text).digest('hex');
const contentHash = (entry: MemoEntry) => digest(JSON.stringify([entry.imports, entry.modules, entry.files]));
const entriesDir = (memoDir: string) => join(memoDir, 'jco');
const hintsDir = (memoDir: string) => join(memoDir, 'jco-worlds');
const hintName = (world: string) => digest(world).slice(0, 32);

/** The entry stored under `key`, or undefined (none, or a damaged one, which is removed). */
export async function readMemoEntry(memoDir: string, key: string): Promise<MemoEntry | undefined> {
  const path = join(entriesDir(memoDir), `${key}.json`);
  let stored: StoredEntry;
  try {
    stored = JSON.parse(await readFile(path, 'utf8')) as StoredEntry;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') await rm(path, { force: true }).catch(() => {});
    return undefined;
  }
  const entry: MemoEntry = { imports: stored.imports, modules: stored.modules, files: stored.files };
  if (stored.key !== key || !Array.isArray(entry.files) || stored.sha256 !== contentHash(entry)) {
    await rm(path, { force: true }).catch(() => {});
    return undefined;
  }
  // The entry's age is its last use: pruning removes the least recently used.
  const now = new Date();
  await utimes(path, now, now).catch(() => {});
  return entry;
}

/** Stores an entry; false where the memo directory cannot be written. */
export async function writeMemoEntry(memoDir: string, key: string, entry: MemoEntry): Promise<boolean> {
  const dir = entriesDir(memoDir);
  const stored: StoredEntry = { key, sha256: contentHash(entry), ...entry };
  const written = await writeAtomic(dir, `${key}.json`, JSON.stringify(stored));
  if (written) await keepNewest(dir, MAX_ENTRIES);
  return written;
}

/** What the last verification of a world (the caller's key for a world and engine) suggests for the next: a memo hit, or jco. */
export type WorldHint = 'hit' | 'miss';

/**
 * Records what the next build of `world` can expect before its component exists, so that it
 * can start jco early only where jco is likely to run (verify/verify.ts).
 */
export async function writeWorldHint(memoDir: string, world: string, hint: WorldHint): Promise<void> {
  if (await writeAtomic(hintsDir(memoDir), hintName(world), hint)) await keepNewest(hintsDir(memoDir), MAX_HINTS);
}

/** The hint `writeWorldHint` left for `world`: one small read, cheap enough for the start of every build. */
export function readWorldHint(memoDir: string, world: string): Promise<WorldHint | undefined> {
  return readFile(join(hintsDir(memoDir), hintName(world)), 'utf8').then((text) => (text === 'hit' || text === 'miss' ? text : undefined), () => undefined);
}

async function writeAtomic(dir: string, name: string, content: string): Promise<boolean> {
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
async function keepNewest(dir: string, keep: number): Promise<void> {
  try {
    const names = await readdir(dir);
    const files = await Promise.all(names.map(async (name) => ({ name, used: await stat(join(dir, name)).then((s) => s.mtimeMs, () => 0) })));
    const staleTemp = Date.now() - 60 * 60 * 1000;
    const entries = files.filter((f) => !f.name.endsWith('.tmp')).sort((a, b) => b.used - a.used);
    const remove = [...entries.slice(keep), ...files.filter((f) => f.name.endsWith('.tmp') && f.used < staleTemp)];
    await Promise.all(remove.map((f) => rm(join(dir, f.name), { force: true })));
  } catch {
    // A memo that cannot be pruned now is pruned by a later store.
  }
}
