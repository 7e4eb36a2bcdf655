import type { ParsedBuildOptions } from './schema.js';

/**
 * CLI spelling of each option, for messages that must name what the user typed. Kept apart from
 * the schema so naming an option does not load zod (the cache's fast path never does).
 */
export const FLAG_OF_KEY = {
  entry: '<entry>',
  wit: '--wit',
  world: '--world',
  engine: '--engine',
  out: '--out',
  minify: '--minify',
  sourcemap: '--sourcemap',
  typecheck: '--typecheck',
  disable: '--disable',
  allow: '--allow',
  deny: '--deny',
  variant: '--variant',
  verify: '--no-verify',
  verifyCall: '--verify',
  weval: '--weval',
  wevalBin: '--weval-bin',
  cache: '--no-cache',
  cacheDir: '--cache-dir',
  cacheMaxBytes: 'cacheMaxBytes',
  cwd: '--cwd',
} as const satisfies Record<keyof ParsedBuildOptions, string>;
