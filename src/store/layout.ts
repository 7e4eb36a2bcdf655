import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

/** Default cache size cap: about 40 StarlingMonkey builds, or hundreds of QuickJS ones. */
export const DEFAULT_CACHE_MAX_BYTES = 512 * 1024 * 1024;

/**
 * Where the build cache lives, by the convention Babel, Vite and find-cache-dir follow:
 * `node_modules/.cache/componentize` of the nearest project above `cwd`, so `rm -rf node_modules`
 * clears it and it is never committed. `$COMPONENTIZE_CACHE_DIR` (or the `cacheDir` option)
 * overrides it; outside any project it falls back to the user cache directory.
 */
export function defaultCacheDir(cwd: string, env: NodeJS.ProcessEnv = process.env): string {
  if (env.COMPONENTIZE_CACHE_DIR) return resolve(cwd, env.COMPONENTIZE_CACHE_DIR);
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'node_modules'))) return join(dir, 'node_modules', '.cache', 'componentize');
    if (existsSync(join(dir, 'package.json'))) break;
    if (dirname(dir) === dir) break;
  }
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'componentize');
}

/** Where the cache is and how large it may grow, defaults filled: the one place they are decided. */
export interface CacheConfig {
  readonly dir: string;
  readonly maxBytes: number;
}

/** The cache configuration of a build, from its working directory and the `cacheDir`/`cacheMaxBytes` options. */
export function cacheConfig(cwd: string, cacheDir: string | undefined, maxBytes: number | undefined): CacheConfig {
  return Object.freeze({
    dir: cacheDir !== undefined ? resolve(cwd, cacheDir) : defaultCacheDir(cwd),
    maxBytes: maxBytes ?? DEFAULT_CACHE_MAX_BYTES,
  });
}

/** Bump when the layout or meta format changes: old entries are then simply never read. */
const LAYOUT = 'v1';

/** The directory of the current layout inside a cache directory: entries, manifests, memos and test builds live below it. */
export function layoutDir(cacheDir: string): string {
  return join(cacheDir, LAYOUT);
}

/** Where the tools' memos live (store/memo.ts) inside the cache's layout; `prune` does not count them. */
export function memoDirOf(cacheDir: string): string {
  return join(cacheDir, LAYOUT, 'memo');
}

/**
 * The memo of the cache a build in `cwd` uses (`cacheDir`, else the default), as the options
 * resolve it: `run`, `serve` and the test helper take jco's bindings from there too.
 */
export function memoDirFor(cwd: string, cacheDir?: string): string {
  return memoDirOf(cacheConfig(resolve(cwd), cacheDir, undefined).dir);
}

/**
 * Where `componentize/test` writes the component a test built: one directory per build inside
 * the cache's layout, which `prune` counts and removes like an entry (its age is the last write).
 */
export function testBuildPath(cacheDir: string, name: string): string {
  return join(cacheDir, LAYOUT, 'test-builds', name, 'component.wasm');
}
