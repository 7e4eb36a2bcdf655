import type { BuildWarning } from '../errors.js';
import { verifierCapability } from '../host/component-node.js';
import type { ResolvedOptions } from '../options/types.js';
import type { Built, CacheStatus, StoredReport } from '../report.js';
import type { CacheConfig } from '../store/layout.js';
import { hashInputFiles, type InputFile, inputFilesUnchanged } from './inputs.js';
import { type BuildContent, contentKey, optionsKey } from './keys.js';
import { BuildCache } from './store.js';

export interface CacheHit {
  key: string;
  build: Built & { componentPath: string };
}

/** What the build itself sees of the cache (see build/build.ts). */
export interface ContentCache {
  /**
   * Starts hashing the files the bundle and the world were made from. Called as soon as the bundle
   * exists, so the hashes describe what was bundled, not what an editor saved during the build.
   */
  recordInputs(files: readonly string[]): void;
  /** The entry made from the same bytes, if any; its key is kept for `store`. */
  lookup(content: BuildContent): Promise<CacheHit | undefined>;
}

/**
 * The cache as one build uses it, in two steps. Before anything runs, the options key and the
 * recorded input hashes find a previous identical build (no bundling, no WIT parsing, no engine).
 * Failing that, once the bundle and world exist, the content key finds an entry made from the
 * same bytes by other means. Cache trouble never fails a build: it becomes a warning.
 */
export class CacheSession implements ContentCache {
  readonly warnings: BuildWarning[] = [];
  private readonly entries: BuildCache<StoredReport>;
  private readonly optionsKey: Promise<string>;
  private inputs: Promise<InputFile[]> | undefined;
  private key: string | undefined;

  /** `earlyKey`: the key of the options as given (cache/fast-path.ts), when there is one. */
  constructor(
    private readonly options: ResolvedOptions,
    config: CacheConfig,
    earlyKey?: string,
  ) {
    this.entries = new BuildCache(config.dir, config.maxBytes);
    this.optionsKey = earlyKey === undefined ? optionsKey(options) : Promise.resolve(earlyKey);
  }

  get dir(): string {
    return this.entries.dir;
  }

  /** The report's cache field: a hit of the entry `hitKey`, or a miss (stored under the content key, when it was computed). */
  status(hitKey?: string): CacheStatus {
    return { status: hitKey ? 'hit' : 'miss', key: hitKey ?? this.key, dir: this.dir };
  }

  async lookupByInputs(): Promise<CacheHit | undefined> {
    const manifest = await this.entries.readManifest(await this.optionsKey);
    if (!manifest || !(await inputFilesUnchanged(manifest.files))) return undefined;
    return this.read(manifest.contentKey);
  }

  recordInputs(files: readonly string[]): void {
    this.inputs = hashInputFiles(files);
    this.inputs.catch(() => {});
  }

  async lookup(content: BuildContent): Promise<CacheHit | undefined> {
    this.key = await contentKey(this.options, content);
    const hit = await this.read(this.key);
    if (!hit || hit.build.map === content.map) {
      if (hit) await this.recordManifest(this.key);
      return hit;
    }
    // The same component from sources that differ where esbuild drops it (a comment moved lines):
    // the entry's map names the sources it was built from, this bundle's map names these. Their
    // inputs are not recorded, so the fast path never hands out the entry's map for them.
    return { ...hit, build: { ...hit.build, map: content.map } };
  }

  /** Stores a fresh build under the content key and records its inputs; then trims the cache to its cap. */
  async store(built: Built): Promise<void> {
    if (this.key === undefined) return;
    try {
      await this.entries.write(this.key, built);
      await this.recordManifest(this.key);
      await this.entries.prune();
    } catch (error) {
      this.warnings.push({
        code: 'CACHE_UNAVAILABLE',
        message: `could not store the build in the cache at ${this.entries.dir}: ${(error as Error).message}`,
      });
    }
  }

  private async recordManifest(key: string): Promise<void> {
    // An input that cannot be read again (removed since) only means no fast path next time.
    if (
      !this.inputs ||
      !(await this.inputs.then(
        () => true,
        () => false,
      ))
    )
      return;
    const emit = {
      out: this.options.out,
      sourcemap: this.options.sourcemap,
      allow: this.options.allow,
      deny: this.options.deny,
      budget: this.options.budget,
    };
    await this.entries
      .writeManifest(await this.optionsKey, { contentKey: key, files: await this.inputs, emit })
      .catch(() => {});
  }

  private async read(key: string): Promise<CacheHit | undefined> {
    return readEntry(this.entries, key, this.warnings, this.options.verify && (await verifierCapability()) === 'jspi');
  }
}

/**
 * An entry, if it is there and intact; a damaged one is reported in `warnings` (and already
 * deleted). `mustBeVerified`: a build that verifies never takes an entry whose verification did
 * not run (the key already says so; this also holds for entries stored before it did).
 */
export async function readEntry(
  store: BuildCache<StoredReport>,
  key: string,
  warnings: BuildWarning[],
  mustBeVerified: boolean,
): Promise<CacheHit | undefined> {
  const read = await store.read(key);
  if (read.status === 'hit')
    return mustBeVerified && !read.build.report.verification ? undefined : { key, build: read.build };
  if (read.status === 'corrupt')
    warnings.push({
      code: 'CACHE_CORRUPT',
      message: `discarded a damaged cache entry (${read.reason}) and rebuilt it`,
    });
  return undefined;
}
