import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** Looked for in this order, like Vite's and tsdown's config files. */
export const CONFIG_NAMES = [
  'componentize.config.ts',
  'componentize.config.mts',
  'componentize.config.js',
  'componentize.config.mjs',
  'componentize.config.json',
] as const;

/** The config file in `dir`, if there is one. Only `dir` itself: a config applies to the project it sits in. */
export function findConfigFile(dir: string): string | undefined {
  return CONFIG_NAMES.map((name) => join(dir, name)).find((path) => existsSync(path));
}
