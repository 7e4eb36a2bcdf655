import { randomBytes } from 'node:crypto';
import { copyFile, mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { writeFailed } from '../errors.js';

/**
 * Writes a file so that readers see either the old content or the new, never a part: the bytes
 * go to a temporary file in the same directory (same filesystem, so `rename` is atomic) and
 * replace the target in one step. On any failure the temporary file is removed and the previous
 * output is untouched.
 */
export function writeFileAtomic(path: string, data: Uint8Array | string): Promise<void> {
  return replaceAtomic(path, (temp) => writeFile(temp, data, { flush: true }));
}

/**
 * Like `writeFileAtomic`, with the bytes copied from another file by the kernel (a cache entry
 * already verified): for a 12 MB component, 5 ms instead of 20–50 ms through a buffer.
 */
export function copyFileAtomic(from: string, path: string): Promise<void> {
  return replaceAtomic(path, (temp) => copyFile(from, temp));
}

async function replaceAtomic(path: string, fill: (temp: string) => Promise<void>): Promise<void> {
  const dir = dirname(path);
  const temp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await mkdir(dir, { recursive: true });
    await fill(temp);
    await rename(temp, path);
  } catch (cause) {
    // Under a path that is a file (ENOTDIR) there is no temp file to remove, and `force` does not
    // cover that: the removal must not replace the error that explains the failure.
    await rm(temp, { force: true }).catch(() => {});
    const code = (cause as NodeJS.ErrnoException).code;
    throw writeFailed(`cannot write ${path}${code ? ` (${code})` : ''}`, { hint: await hintFor(code, dir), cause });
  }
}

async function hintFor(code: string | undefined, dir: string): Promise<string | undefined> {
  if (code === 'EACCES' || code === 'EROFS' || code === 'EPERM')
    return 'The output directory is not writable; choose another path with --out.';
  if (code === 'ENOSPC') return 'The disk is full; free some space or write elsewhere with --out.';
  if (code === 'ENOTDIR' || code === 'EEXIST') {
    const file = await fileInPath(dir);
    if (file) return `${file} is a file, not a directory; choose another path with --out, or move that file.`;
  }
  return undefined;
}

/** The closest ancestor of `dir` (or `dir` itself) that exists and is not a directory. */
async function fileInPath(dir: string): Promise<string | undefined> {
  for (let at = dir; ; at = dirname(at)) {
    const info = await stat(at).catch(() => undefined);
    if (info) return info.isDirectory() ? undefined : at;
    if (dirname(at) === at) return undefined;
  }
}
