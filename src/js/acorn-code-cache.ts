/**
 * acorn, with V8's code cache of its parser. Node's compile cache (which the CLI turns on) keeps
 * a module's code as V8 compiled it while loading it: the top level only. acorn's parser is a
 * few hundred functions V8 compiles on their first call, in every build: ~15 ms of the ~25 ms
 * first parse of a 5 kB bundle (measured, Node 24). A `vm.Script` can make its code cache after
 * it ran, with those functions in it (Node's loaders offer no such thing), so acorn's CommonJS
 * build is run as one: the first process writes its cache beside Node's compile cache (whose
 * directory is Node's version and V8 flags), and later ones start with the parser compiled.
 * Without Node's compile cache (a library caller that did not turn it on), acorn loads as usual.
 */
import { createHash } from 'node:crypto';
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import module, { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import vm from 'node:vm';
import type * as AcornApi from 'acorn';

type Acorn = typeof AcornApi;

const require = createRequire(import.meta.url);
const DIGEST_BYTES = 32;

/** `off`: no compile cache in this process; `absent`/`rejected`: none usable was found (one is written after the first parse); `accepted`: V8 took it. */
export type AcornCodeCache = 'off' | 'absent' | 'rejected' | 'accepted';

let loaded: { acorn: Acorn; cache: AcornCodeCache; save: (() => void) | undefined } | undefined;

/** acorn's API (its CommonJS build), loaded once per process. */
export function acorn(): Acorn {
  loaded ??= load();
  return loaded.acorn;
}

/** What became of the code cache when acorn was loaded (for tests and diagnostics). */
export function acornCodeCache(): AcornCodeCache {
  acorn();
  return loaded!.cache;
}

/**
 * Called after a parse: the first time, where the cache was missing or V8 rejected it, its new
 * code cache is written once this turn of the event loop is over (the parser's functions are
 * compiled by then).
 */
export function acornParsed(): void {
  const save = loaded?.save;
  if (!save) return;
  loaded!.save = undefined;
  setImmediate(save);
}

function load(): NonNullable<typeof loaded> {
  const dir = (module as { getCompileCacheDir?: () => string | undefined }).getCompileCacheDir?.();
  const path = require.resolve('acorn');
  if (!dir) return { acorn: require(path) as Acorn, cache: 'off', save: undefined };
  const source = readFileSync(path, 'utf8');
  const cacheFile = join(
    dir,
    `componentize-acorn-${createHash('sha256').update(path).update('\0').update(source).digest('hex').slice(0, 24)}.v8`,
  );
  const cachedData = readCache(cacheFile);
  // The CommonJS wrapper Node puts around a module, so acorn's UMD header takes its CommonJS branch.
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
    filename: path,
    ...(cachedData ? { cachedData } : {}),
  });
  const cjs = { exports: {} as Acorn };
  (script.runInThisContext() as (...args: unknown[]) => void)(cjs.exports, require, cjs, path, dirname(path));
  const cache = cachedData === undefined ? 'absent' : script.cachedDataRejected === true ? 'rejected' : 'accepted';
  return {
    acorn: cjs.exports,
    cache,
    save: cache === 'accepted' ? undefined : () => writeCache(cacheFile, script.createCachedData()),
  };
}

/** The cache file's code cache if it is whole (its SHA-256 leads it); V8 checks it fits this source and this V8 itself. */
function readCache(file: string): Buffer | undefined {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch {
    return undefined;
  }
  const data = bytes.subarray(DIGEST_BYTES);
  return bytes.length > DIGEST_BYTES &&
    createHash('sha256').update(data).digest().equals(bytes.subarray(0, DIGEST_BYTES))
    ? data
    : undefined;
}

/** Writes under a temporary name and renames it into place; a cache that cannot be written is only not there next time. */
function writeCache(file: string, data: Buffer): void {
  const temp = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(temp, Buffer.concat([createHash('sha256').update(data).digest(), data]));
    renameSync(temp, file);
  } catch {
    rmSync(temp, { force: true });
  }
}
