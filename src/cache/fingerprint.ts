import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const DIST = fileURLToPath(new URL('../', import.meta.url));
let toolPromise: Promise<string> | undefined;

/**
 * Identifies this componentize build: its version plus the size and mtime of every compiled
 * module, so a changed local build (not only a new release) never reuses entries it did not make.
 * Stat-ing ~100 files costs about a millisecond.
 */
export function toolFingerprint(): Promise<string> {
  toolPromise ??= (async () => {
    const pkg = await readFile(new URL('../../package.json', import.meta.url), 'utf8');
    const hash = createHash('sha256').update((JSON.parse(pkg) as { version: string }).version);
    const files = (await readdir(DIST, { recursive: true })).filter((f) => f.endsWith('.js')).sort();
    const infos = await Promise.all(files.map((file) => stat(join(DIST, file))));
    files.forEach((file, i) => hash.update(`${file}\0${infos[i]!.size}\0${infos[i]!.mtimeMs}\n`));
    return hash.digest('hex').slice(0, 16);
  })();
  return toolPromise;
}

export function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** The key of a cache entry: a hash of plain data built in a fixed key order by its caller. */
export function hashKey(parts: Record<string, unknown>): string {
  return sha256(JSON.stringify(parts, (_key, value: unknown) => (typeof value === 'bigint' ? `${value}n` : value)));
}
