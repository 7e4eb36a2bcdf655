import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The installed package's root (package.json, wit/, dist/), found from this module's place. The
 * compiled modules live in `dist/<folder>/` and the CLI bundle's chunks in `dist/bin/`
 * (scripts/bundle-cli.mjs), so a path relative to `import.meta.url` means different files in the
 * two; a path from the root means the same file in both.
 */
export const PACKAGE_ROOT: string = findRoot(dirname(fileURLToPath(import.meta.url)));

function findRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) return join(from, '..', '..');
  }
}
