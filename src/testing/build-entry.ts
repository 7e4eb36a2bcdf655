import { readFile } from 'node:fs/promises';
import { basename, extname, resolve } from 'node:path';
import { BuildCache } from '../cache/store.js';
import { invalidOption } from '../errors.js';
import type { BuildOptions } from '../options/schema.js';
import { componentize } from '../pipeline.js';
import { sha256 } from '../store/fingerprint.js';
import { cacheConfig, memoDirFor, memoDirOf, testBuildPath } from '../store/layout.js';
import { parseBuiltinWorldName } from '../wit/builtin.js';

/** Where a test's component comes from: a `.wasm`, or a source entry built with these options. */
export interface ComponentSource {
  /** The WIT file or directory, or a built-in world (`wasi:http/proxy`). Required for a source entry (`serveComponent` defaults it to `wasi:http/proxy`); not read for a `.wasm`. */
  wit?: string;
  /** World to build. Default: the package's only world. */
  world?: string;
  /** Directory relative paths are resolved from. Default: `process.cwd()`. */
  cwd?: string;
  /** The build cache. Default: the project's `node_modules/.cache/componentize`, as for builds. */
  cacheDir?: string;
  /** Further build options (`variant`, `minify`, `disable`, `cacheMaxBytes`, ...). */
  build?: Omit<BuildOptions, 'entry' | 'wit' | 'world' | 'engine' | 'out' | 'cwd' | 'cacheDir'>;
}

/** A component's bytes, its source map (if any), the name failures call it by, and the memo of the cache it came through. */
export interface LoadedBytes {
  bytes: Uint8Array;
  map: string | undefined;
  label: string;
  /** The tools' memo of the cache directory (cache/store.ts): jco's bindings are memoized there. */
  memoDir: string;
}

/** Builds `input` through the cache (a source entry) or reads it (a `.wasm`, with its `.map` beside it). */
export async function loadBytes(
  input: string,
  options: ComponentSource,
  engine: string | undefined,
): Promise<LoadedBytes> {
  const cwd = resolve(options.cwd ?? process.cwd());
  const path = resolve(cwd, input);
  return extname(path) === '.wasm'
    ? readBuilt(path, memoDirFor(cwd, options.cacheDir))
    : buildEntry(path, options, cwd, engine);
}

/** A component built elsewhere, with the source map `--sourcemap` put beside it, if any. */
async function readBuilt(path: string, memoDir: string): Promise<LoadedBytes> {
  const bytes = await readFile(path).catch((cause: unknown) => {
    throw invalidOption(`componentize/test: cannot read ${path}`, { cause });
  });
  return { bytes, map: await readFile(`${path}.map`, 'utf8').catch(() => undefined), label: basename(path), memoDir };
}

/**
 * Builds through the cache, with a source map for the stacks. The output goes to a fixed place
 * per input and engine inside the cache directory, so the options are the same each run and the
 * cache's fast path finds them. Verification stays on (the build's default): verified or not is
 * part of the cache key, and so `npm run build` and the tests share one entry of the same source.
 * The output counts toward `cacheMaxBytes` like the cache's entries: once it is read, the cache
 * is pruned to its cap (least recently used first), so test builds cannot grow it without bound.
 */
async function buildEntry(
  entry: string,
  options: ComponentSource,
  cwd: string,
  engine: string | undefined,
): Promise<LoadedBytes> {
  if (options.wit === undefined)
    throw invalidOption('componentize/test: `wit` is required to build a source entry', {
      hint: "Pass { wit: 'wit/' } (the WIT file or directory), or load a built .wasm.",
    });
  const cache = cacheConfig(cwd, options.cacheDir, options.build?.cacheMaxBytes);
  const id = sha256(
    JSON.stringify([
      entry,
      parseBuiltinWorldName(options.wit) ? options.wit : resolve(cwd, options.wit),
      options.world,
      engine ?? 'default',
      options.build,
    ]),
  ).slice(0, 16);
  const out = testBuildPath(cache.dir, `${basename(entry, extname(entry))}-${id}`);
  const { component, report } = await componentize({
    ...options.build,
    entry,
    wit: options.wit,
    ...(options.world === undefined ? {} : { world: options.world }),
    ...(engine === undefined ? {} : { engine }),
    out,
    sourcemap: true,
    cwd,
    ...(options.cacheDir === undefined ? {} : { cacheDir: options.cacheDir }),
  });
  const map = report.sourcemap === undefined ? undefined : await readFile(report.sourcemap, 'utf8');
  if (report.cache.status !== 'off') await new BuildCache(cache.dir, cache.maxBytes).prune().catch(() => {});
  return { bytes: component, map, label: `${basename(entry)} (${report.engine.name})`, memoDir: memoDirOf(cache.dir) };
}
