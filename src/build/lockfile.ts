import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';

/** What a lockfile says of one package. */
export interface LockEntry {
  version?: string;
  resolved?: string;
  integrity?: string;
}

const LOCKFILES = ['npm-shrinkwrap.json', 'package-lock.json'];

/**
 * The nearest npm lockfile above `cwd`, and its entries for the packages the build read files
 * from: the `packages["node_modules/…"]` entry of each (version, resolved, integrity). These
 * entries, not the whole lockfile, decide what esbuild resolved. A lockfile npm cannot read
 * (another tool's, or none) gives undefined: the package.json files are in the inputs anyway.
 */
export async function lockfileEntries(
  cwd: string,
  files: readonly string[],
): Promise<{ path: string; entries: Record<string, LockEntry> } | undefined> {
  const path = nearestLockfile(cwd);
  if (!path) return undefined;
  let packages: Record<string, LockEntry & Record<string, unknown>>;
  try {
    packages = (JSON.parse(await readFile(path, 'utf8')) as { packages?: typeof packages }).packages ?? {};
  } catch {
    return undefined;
  }
  const root = dirname(path);
  const entries: Record<string, LockEntry> = {};
  for (const file of files) {
    const key = packageKey(relative(root, file).split(sep).join('/'));
    const entry = key === undefined ? undefined : packages[key];
    if (key === undefined || !entry) continue;
    entries[key] = { version: entry.version, resolved: entry.resolved, integrity: entry.integrity };
  }
  return { path, entries: Object.fromEntries(Object.entries(entries).sort(([a], [b]) => (a < b ? -1 : 1))) };
}

function nearestLockfile(cwd: string): string | undefined {
  for (let dir = cwd; ; dir = dirname(dir)) {
    for (const name of LOCKFILES) if (existsSync(join(dir, name))) return join(dir, name);
    if (dirname(dir) === dir) return undefined;
  }
}

/** `node_modules/a/node_modules/@s/b/lib/x.js` → `node_modules/a/node_modules/@s/b`; a file outside node_modules → undefined. */
export function packageKey(path: string): string | undefined {
  const parts = path.split('/');
  const last = parts.lastIndexOf('node_modules');
  if (last === -1 || last + 1 >= parts.length - 1) return undefined;
  const nameLength = parts[last + 1]!.startsWith('@') ? 2 : 1;
  return parts.slice(0, last + 1 + nameLength).join('/');
}
