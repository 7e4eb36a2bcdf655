/**
 * Writes an executable that runs our snapshotter with Wizer's command line, for tools that take a
 * Wizer binary path. componentize-js spawns it with an environment without PATH, so the script
 * names this Node by its absolute path in the shebang rather than through `/usr/bin/env`.
 */
import { chmod, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { invalidOption } from '../../errors.js';
import { PACKAGE_ROOT } from '../../toolchain/package-root.js';

export interface WizerBinOptions {
  /** Pin WASI clocks to this many ns since the epoch (`--clock-epoch-ns`). */
  clockEpochNs?: bigint;
  /** Seed WASI randomness (`--random-seed`). */
  randomSeed?: Uint8Array;
  /** The Node to run; default this process's. */
  nodePath?: string;
}

/**
 * The built entry (tsc's output of wizer-cli-main.ts), found from the package root so the path is
 * the same from src/ under vitest, from dist/ and from the CLI bundle's chunks.
 */
export const WIZER_CLI_MAIN = pathToFileURL(join(PACKAGE_ROOT, 'dist', 'snapshot', 'v8', 'wizer-cli-main.js'));

/** Creates `<dir>/wizer` and returns its path. */
export async function writeWizerBin(dir: string, options: WizerBinOptions = {}): Promise<string> {
  const extra: string[] = [];
  if (options.clockEpochNs !== undefined) extra.push(`--clock-epoch-ns=${options.clockEpochNs}`);
  if (options.randomSeed !== undefined) extra.push(`--random-seed=${Buffer.from(options.randomSeed).toString('hex')}`);
  const node = options.nodePath ?? process.execPath;
  if (/\s/.test(node)) throw invalidOption(`cannot write a shebang for a Node path with spaces: ${node}`);
  // CommonJS (no import statement) so the file runs whatever package.json is or is not near it;
  // --no-warnings keeps node:wasi's "experimental" warning out of the stderr Wizer's callers parse.
  const script = `#!${node} --no-warnings
process.argv.splice(2, 0, ...${JSON.stringify(extra)});
import(${JSON.stringify(WIZER_CLI_MAIN.href)});
`;
  const path = join(dir, 'wizer');
  await writeFile(path, script);
  await chmod(path, 0o755);
  return path;
}
