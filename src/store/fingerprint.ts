import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const DIST = fileURLToPath(new URL('../', import.meta.url));
/**
 * Written by scripts/bundle-cli.mjs beside the CLI bundle's chunks: a hash of the bundle's files.
 * Seen from the CLI bundle (dist/bin/) it is `./build-id`; from the compiled modules (the library),
 * `../bin/build-id`.
 */
const BUNDLE_ID = new URL('./build-id', import.meta.url);
const BUNDLE_ID_FROM_MODULES = new URL('../bin/build-id', import.meta.url);
let toolPromise: Promise<string> | undefined;

/**
 * Identifies this componentize build, so a changed local build (not only a new release) never
 * reuses entries it did not make: its version plus, in the CLI bundle (dist/bin/), the id that
 * bundling wrote; in the compiled modules (the library), that id too when the bundle is newer
 * than every module, else the size and mtime of every module.
 * The bundle changes only when it is made again, and reading one file keeps ~30 ms of stat
 * calls off every build.
 */
export function toolFingerprint(): Promise<string> {
  toolPromise ??= (async () => {
    const pkg = await readFile(new URL('../../package.json', import.meta.url), 'utf8');
    const hash = createHash('sha256').update((JSON.parse(pkg) as { version: string }).version);
    const bundleId = await readFile(BUNDLE_ID, 'utf8').catch(() => undefined);
    if (bundleId) return hash.update(`\0bundle ${bundleId}`).digest('hex').slice(0, 16);
    // An installed package (under node_modules) is never compiled again on its own, and npm
    // stamps its files with the time each was unpacked, in no order: there the id always holds
    // (else `componentize/test` never shared the entry of the project's `npm run build`).
    if (DIST.split(sep).includes('node_modules')) {
      const id = await readFile(BUNDLE_ID_FROM_MODULES, 'utf8').catch(() => undefined);
      if (id) return hash.update(`\0bundle ${id}`).digest('hex').slice(0, 16);
    }
    const files = (await readdir(DIST, { recursive: true })).filter((f) => f.endsWith('.js')).sort();
    const infos = await Promise.all(files.map((file) => stat(join(DIST, file))));
    // The bundle made after every module was compiled was made from these modules: the library
    // then has the CLI's identity (and `componentize inputs` the CLI's hash). A module compiled
    // since (a lone `tsc`) falls back to the modules' stamps.
    const bundled = await stat(BUNDLE_ID_FROM_MODULES).catch(() => undefined);
    const newestModule = Math.max(...infos.map((info) => info.mtimeMs));
    if (bundled && bundled.mtimeMs >= newestModule) {
      const id = await readFile(BUNDLE_ID_FROM_MODULES, 'utf8').catch(() => undefined);
      if (id) return hash.update(`\0bundle ${id}`).digest('hex').slice(0, 16);
    }
    for (const [i, file] of files.entries()) hash.update(`${file}\0${infos[i]!.size}\0${infos[i]!.mtimeMs}\n`);
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
