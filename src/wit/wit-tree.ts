import type { Dirent } from 'node:fs';
import { copyFile, mkdir, readdir, realpath, stat } from 'node:fs/promises';
import { basename, dirname, join, relative } from 'node:path';
import { witInvalid } from '../errors.js';

/**
 * The one walk of a WIT folder. It follows symlinked folders, because `deps/` entries are often
 * links to a checkout elsewhere, but a link back to a folder it is already inside is a loop: Node's
 * `readdir(dir, { recursive: true })` follows such a link forever (measured: a `deps/foo/x -> ..`
 * grew a build to 4.4 GB in 10 minutes), so the walk stops there with an error naming the link.
 * Returns the files' paths relative to `root`, sorted.
 */
export async function witTreeFiles(root: string): Promise<string[]> {
  const files: string[] = [];
  await walk(root, root, [await realpath(root)], files);
  return files.sort();
}

async function walk(root: string, dir: string, ancestors: readonly string[], files: string[]): Promise<void> {
  const entries: Dirent[] = await readdir(dir, { withFileTypes: true });
  for (const entry of entries) {
    const path = join(dir, entry.name);
    let isDir = entry.isDirectory();
    if (entry.isSymbolicLink()) {
      // A dangling link names nothing the parser could read either; it is left out.
      const target = await stat(path).catch(() => undefined);
      if (!target) continue;
      isDir = target.isDirectory();
    }
    if (!isDir) {
      if (entry.isFile() || entry.isSymbolicLink()) files.push(relative(root, path));
      continue;
    }
    const real = await realpath(path);
    if (ancestors.includes(real)) throw symlinkLoop(path, real);
    await walk(root, path, [...ancestors, real], files);
  }
}

function symlinkLoop(path: string, target: string) {
  return witInvalid(`${path} is a symlink loop: it leads back to ${target}, a folder it is inside`, {
    hint: `Remove the link (rm ${JSON.stringify(path)}) or point it at a folder outside ${target}; a WIT deps/ entry links to a package folder, not to a parent.`,
  });
}

/** The `.wit` files under `dir` (relative paths), or none when `dir` does not exist. */
export async function witFilesUnder(dir: string): Promise<string[]> {
  const exists = await stat(dir).then(
    (s) => s.isDirectory(),
    () => false,
  );
  return exists ? (await witTreeFiles(dir)).filter((name) => name.endsWith('.wit')) : [];
}

/**
 * A copy of a WIT file or folder at `dest` (a folder), with linked folders copied as real ones:
 * `fs.cp` would keep them as links to the user's files, so a rewrite of the copy (the WASI
 * stand-in renames names in every file) would write through them into the user's WIT.
 */
export async function copyWitTree(witPath: string, dest: string): Promise<void> {
  await mkdir(dest, { recursive: true });
  if (!(await stat(witPath)).isDirectory()) {
    await copyFile(witPath, join(dest, basename(witPath)));
    return;
  }
  for (const file of await witTreeFiles(witPath)) {
    await mkdir(dirname(join(dest, file)), { recursive: true });
    await copyFile(join(witPath, file), join(dest, file));
  }
}
