import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const DIST = fileURLToPath(new URL('../', import.meta.url));
/**
 * Written by scripts/bundle-cli.mjs beside the CLI bundle's chunks (dist/bin/): a new id for every
 * `npm run build`, which compiles the library (dist/) and bundles the CLI in one go. Both read
 * it — the CLI's chunks beside them, the library's modules from dist/store/ — so the CLI and
 * `componentize/test` of one install have one identity and share cache entries (they hashed
 * different things before: a test build never hit the entry `npm run build` made).
 */
const BUNDLE_IDS = [new URL('./build-id', import.meta.url), new URL('../bin/build-id', import.meta.url)];
let toolPromise: Promise<string> | undefined;

/**
 * Identifies this componentize build, so a changed local build (not only a new release) never
 * reuses entries it did not make: its version plus the id that bundling wrote (the CLI bundle and
 * the library compiled with it); without one (modules run from elsewhere), the size and mtime of every module.
 * The bundle changes only when it is made again, and reading one file keeps ~30 ms of stat
 * calls off every build.
 */
export function toolFingerprint(): Promise<string> {
  toolPromise ??= (async () => {
    const pkg = await readFile(new URL('../../package.json', import.meta.url), 'utf8');
    const hash = createHash('sha256').update((JSON.parse(pkg) as { version: string }).version);
    const bundleId = await firstReadable(BUNDLE_IDS);
    if (bundleId) return hash.update(`\0bundle ${bundleId}`).digest('hex').slice(0, 16);
    const files = (await readdir(DIST, { recursive: true })).filter((f) => f.endsWith('.js')).sort();
    const infos = await Promise.all(files.map((file) => stat(join(DIST, file))));
    for (const [i, file] of files.entries()) hash.update(`${file}\0${infos[i]!.size}\0${infos[i]!.mtimeMs}\n`);
    return hash.digest('hex').slice(0, 16);
  })();
  return toolPromise;
}

async function firstReadable(paths: readonly URL[]): Promise<string | undefined> {
  for (const path of paths) {
    const text = await readFile(path, 'utf8').catch(() => undefined);
    if (text !== undefined) return text;
  }
  return undefined;
}

export function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** The key of a cache entry: a hash of plain data built in a fixed key order by its caller. */
export function hashKey(parts: Record<string, unknown>): string {
  return sha256(JSON.stringify(parts, (_key, value: unknown) => (typeof value === 'bigint' ? `${value}n` : value)));
}
