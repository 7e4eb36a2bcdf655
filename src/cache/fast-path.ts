import { resolve } from 'node:path';
import { ENGINES } from '../engines/registry.js';
import type { BuildWarning } from '../errors.js';
import type { BuildOptions } from '../options/schema.js';
import type { EmitTarget } from '../options/types.js';
import type { StoredReport } from '../report.js';
import { hashKey } from '../store/fingerprint.js';
import { cacheConfig } from '../store/layout.js';
import { outputEnv } from '../toolchain/build-env.js';
import { packageVersion } from '../toolchain/package-version.js';
import { inputFilesUnchanged } from './inputs.js';
import { sharedToolchain } from './keys.js';
import { type CacheHit, readEntry } from './session.js';
import { BuildCache } from './store.js';

export interface EarlyLookup {
  /** The key of the options exactly as given; the build records its inputs under it. */
  key: string;
  dir: string;
  hit: (CacheHit & { emit: EmitTarget }) | undefined;
  warnings: BuildWarning[];
}

/**
 * The cache's fast path, taken before the options are even validated: options given exactly as
 * before (same values, same working directory, same toolchain), whose recorded input files are
 * unchanged, resolve exactly as they did then — so the entry and where it was written can be
 * reused without loading the validator, the bundler or the WIT tools. Anything unusual (cache
 * off, weval, a value of the wrong type) skips the fast path; validation then reports it.
 */
export async function lookupBeforeResolving(raw: BuildOptions): Promise<EarlyLookup | undefined> {
  try {
    if (
      !raw ||
      typeof raw !== 'object' ||
      raw.cache === false ||
      raw.weval ||
      (raw.cacheDir !== undefined && typeof raw.cacheDir !== 'string')
    )
      return undefined;
    const cwd = resolve(typeof raw.cwd === 'string' ? raw.cwd : process.cwd());
    const config = cacheConfig(cwd, raw.cacheDir, raw.cacheMaxBytes);
    const engines = ENGINES;
    const toolchain = await sharedToolchain();
    const key = hashKey({
      ...toolchain,
      // A patched engine package (its fingerprint) is part of the key, not only its version.
      engines: await Promise.all(
        engines.map(
          async (e) =>
            `${e.packageName}@${await packageVersion(e.packageName)}:${(await e.packageFingerprint?.()) ?? ''}`,
        ),
      ),
      cwd: process.cwd(),
      // What the environment changes in the output (SOURCE_DATE_EPOCH, the tool overrides), as in keys.ts.
      env: outputEnv(),
      options: raw,
    });
    const store = new BuildCache<StoredReport>(config.dir, config.maxBytes);
    const manifest = await store.readManifest(key);
    const lookup: EarlyLookup = { key, dir: store.dir, hit: undefined, warnings: [] };
    if (!manifest?.emit || !(await inputFilesUnchanged(manifest.files))) return lookup;
    const hit = await readEntry(
      store,
      manifest.contentKey,
      lookup.warnings,
      raw.verify !== false && toolchain.verifier === 'jspi',
    );
    if (hit) lookup.hit = { ...hit, emit: manifest.emit };
    return lookup;
  } catch {
    return undefined;
  }
}
