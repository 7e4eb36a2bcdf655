import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { sha256 } from '../store/fingerprint.js';
import { witFilesUnder } from '../wit/wit-tree.js';

/** A file a build read, with the hash of the bytes it read. */
export interface InputFile {
  path: string;
  sha256: string;
}

/**
 * Every file whose content can change a build's output besides the options: the modules esbuild
 * bundled, the `package.json` and `tsconfig.json` files that steered how it resolved them (a
 * changed `exports` map picks another file), and the WIT files. Hashing these is how a repeated
 * build is recognised without bundling or parsing WIT again.
 */
export async function buildInputFiles(bundleInputs: readonly string[], witPath: string): Promise<string[]> {
  const files = new Set(bundleInputs);
  const seen = new Set<string>();
  for (const input of bundleInputs) {
    for (let dir = dirname(input); !seen.has(dir); dir = dirname(dir)) {
      seen.add(dir);
      for (const name of ['package.json', 'tsconfig.json', 'jsconfig.json']) {
        if (existsSync(join(dir, name))) files.add(join(dir, name));
      }
      if (dirname(dir) === dir) break;
    }
  }
  for (const wit of await witFiles(witPath)) files.add(wit);
  return [...files].sort();
}

/** A WIT directory's `.wit` files with its `deps/`, or a single file (and a `deps/` beside it). */
async function witFiles(witPath: string): Promise<string[]> {
  const isDir = (await stat(witPath)).isDirectory();
  const dir = isDir ? witPath : join(dirname(witPath), 'deps');
  const found = isDir ? [] : [witPath];
  found.push(...(await witFilesUnder(dir)).map((n) => join(dir, n)));
  return found;
}

export async function hashInputFiles(paths: readonly string[]): Promise<InputFile[]> {
  return Promise.all(paths.map(async (path) => ({ path, sha256: sha256(await readFile(path)) })));
}

/** True when every recorded file still has the bytes it had; a missing file is a change. */
export async function inputFilesUnchanged(files: readonly InputFile[]): Promise<boolean> {
  const same = await Promise.all(
    files.map(async (file) => {
      const bytes = await readFile(file.path).catch(() => undefined);
      return bytes !== undefined && sha256(bytes) === file.sha256;
    }),
  );
  return same.every(Boolean);
}
