import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { sha256, toolFingerprint } from '../store/fingerprint.js';
import { readMemo, writeMemo } from '../store/memo.js';
import { packageVersion } from '../toolchain/package-version.js';
import { loadWorld, type ResolvedWorld } from './load.js';

/** Worlds kept, the most recently used: each is a few kilobytes. */
const MAX_WORLDS = 128;

interface WorldMemo {
  model: ResolvedWorld['model'];
  importedInterfaces: string[];
  /** `encoded`, base64. */
  encoded: string;
}

/**
 * `loadWorld`, memoized by the WIT as written. Resolving a world loads wasm-tools (itself Wasm):
 * ~0.2 s and ~300 ms of CPU, ~65 MB, in every build, beside an engine that wants both cores. The
 * same WIT text always resolves to the same world with the same tools, so a rebuild after the
 * code changed (the usual case) reads the world back instead.
 *
 * `source` is the WIT as the user gave it (a file or a package directory with `deps/`): its
 * files are the key. `witPath` is what is resolved (the same, or a copy with WASI dependencies
 * added from the WIT we ship, which the tool fingerprint covers).
 */
export async function loadWorldMemoized(
  source: string,
  witPath: string,
  world: string | undefined,
  cwd: string,
  memoDir: string,
): Promise<ResolvedWorld> {
  const key = await worldKey(source, world);
  const hit = key === undefined ? undefined : await readMemo<WorldMemo>(memoDir, 'worlds', key);
  if (hit)
    return {
      witPath,
      world,
      model: hit.model,
      importedInterfaces: hit.importedInterfaces,
      encoded: new Uint8Array(Buffer.from(hit.encoded, 'base64')),
    };
  const loaded = await loadWorld(witPath, world, cwd);
  // Stored only if the WIT did not change while it was being resolved (a save in watch mode):
  // otherwise the key would name text that was not the text resolved.
  if (key !== undefined && key === (await worldKey(source, world))) {
    const memo: WorldMemo = {
      model: loaded.model,
      importedInterfaces: loaded.importedInterfaces,
      encoded: Buffer.from(loaded.encoded).toString('base64'),
    };
    await writeMemo(memoDir, 'worlds', key, memo, MAX_WORLDS);
  }
  return loaded;
}

/** A hash of the world asked for, the tools, and every WIT file of the package (deps/ included), or undefined if they cannot be read. */
async function worldKey(source: string, world: string | undefined): Promise<string | undefined> {
  try {
    const files = (await stat(source)).isDirectory() ? await packageFiles(source) : [''];
    const parts = [await toolFingerprint(), await packageVersion('@bytecodealliance/jco-transpile'), world ?? ''];
    for (const file of files) parts.push(file, sha256(await readFile(file === '' ? source : join(source, file))));
    return sha256(parts.join('\0'));
  } catch {
    return undefined;
  }
}

/**
 * The files wasm-tools reads of a package directory: its .wit files and, under deps/, WIT packages
 * as text or binary. Links are followed (deps/ is often a link to another checkout), so a change
 * behind one changes the key too.
 */
async function packageFiles(root: string, dir = '', depth = 0): Promise<string[]> {
  if (depth > 8) throw new Error('WIT directory nested too deeply to key');
  const files: string[] = [];
  for (const name of (await readdir(join(root, dir))).sort()) {
    const path = dir === '' ? name : `${dir}/${name}`;
    const info = await stat(join(root, path));
    if (info.isDirectory()) files.push(...(await packageFiles(root, path, depth + 1)));
    else if (name.endsWith('.wit') || (path.startsWith('deps/') && name.endsWith('.wasm'))) files.push(path);
  }
  return files;
}
