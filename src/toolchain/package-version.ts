import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const versions = new Map<string, Promise<string>>();

/** The installed version of an npm package we depend on, for reports and cache keys (read once per process). */
export function packageVersion(packageName: string): Promise<string> {
  let version = versions.get(packageName);
  if (!version) versions.set(packageName, (version = readPackageVersion(packageName)));
  return version;
}

async function readPackageVersion(packageName: string): Promise<string> {
  // Resolve the package's main file, then walk up to its package.json: some packages do not
  // export `./package.json`.
  let dir = fileURLToPath(import.meta.resolve(packageName));
  for (let i = 0; i < 6; i++) {
    dir = dirname(dir);
    try {
      const pkg = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === packageName && pkg.version) return pkg.version;
    } catch {
      // not this directory
    }
  }
  return 'unknown';
}
