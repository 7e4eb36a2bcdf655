import { resolve } from 'node:path';
import { buildInputFiles } from '../cache/inputs.js';
import type { BuildOptions } from '../options/schema.js';

/**
 * What to watch for a build that failed before it knew its inputs: the entry and the WIT (with
 * the package.json/tsconfig.json files above the entry), so that fixing them triggers a rebuild.
 */
export async function fallbackInputs(options: BuildOptions): Promise<string[]> {
  const cwd = resolve(options.cwd ?? process.cwd());
  const entry = resolve(cwd, options.entry ?? '.');
  if (typeof options.wit !== 'string') return [entry];
  const wit = resolve(cwd, options.wit);
  return buildInputFiles([entry], wit).catch(() => [entry, wit]);
}
