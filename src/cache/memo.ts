import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Entries kept per kind; beyond that the least recently written go (entries are kilobytes). */
const MAX_ENTRIES = 128;

/**
 * A memo of a tool's pure results: one JSON file per key under `<memoDir>/<kind>/`. Unlike the
 * build cache it holds no outputs, only what a tool computes from its input alone (the key hashes
 * that input and the tool's version), so it is used even when the build cache is off. Reading
 * and writing are best effort: an unreadable or unwritable memo is a miss, never an error.
 */
export async function readMemo<T>(memoDir: string, kind: string, key: string): Promise<T | undefined> {
  try {
    return JSON.parse(await readFile(join(memoDir, kind, `${key}.json`), 'utf8')) as T;
  } catch {
    return undefined;
  }
}

export async function writeMemo(memoDir: string, kind: string, key: string, value: unknown): Promise<void> {
  const dir = join(memoDir, kind);
  const temp = join(dir, `.${key}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await mkdir(dir, { recursive: true });
    await writeFile(temp, JSON.stringify(value));
    // Atomic: a concurrent reader sees the whole entry or none.
    await rename(temp, join(dir, `${key}.json`));
    await prune(dir);
  } catch {
    await rm(temp, { force: true }).catch(() => {});
  }
}

async function prune(dir: string): Promise<void> {
  const names = (await readdir(dir)).filter((n) => n.endsWith('.json'));
  if (names.length <= MAX_ENTRIES) return;
  const aged = await Promise.all(names.map(async (name) => ({ name, mtime: (await stat(join(dir, name)).catch(() => undefined))?.mtimeMs ?? 0 })));
  aged.sort((a, b) => a.mtime - b.mtime);
  await Promise.all(aged.slice(0, names.length - MAX_ENTRIES).map(({ name }) => rm(join(dir, name), { force: true })));
}
