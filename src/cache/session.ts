import type { BuildWarning } from '../errors.js';
import type { ResolvedOptions } from '../options/resolve.js';
import type { StoredReport } from '../report.js';
import { hashInputFiles, inputFilesUnchanged, type InputFile } from './inputs.js';
import { contentKey, optionsKey, type BuildContent } from './keys.js';
import { BuildCache, type CachedBuild, type StoredBuild } from './store.js';

export interface CacheHit {
  key: string;
  build: StoredBuild<StoredReport>;
}

/**
 * The cache as one build uses it, in two steps. Before anything runs, the options key and the
 * recorded input hashes find a previous identical build (no bundling, no WIT parsing, no engine).
 * Failing that, once the bundle and world exist, the content key finds an entry made from the
 * same bytes by other means. Cache trouble never fails a build: it becomes a warning.
 */
export class CacheSession {
  readonly warnings: BuildWarning[] = [];
  private readonly entries: BuildCache<StoredReport>;
  private optionsKeyPromise: Promise<string>;

  /** `earlyKey`: the key of the options as given (cache/fast-path.ts), when there is one. */
  constructor(
    private readonly options: ResolvedOptions,
    config: { dir: string; maxBytes: number },
    earlyKey?: string,
  ) {
    this.entries = new BuildCache(config.dir, config.maxBytes);
    this.optionsKeyPromise = earlyKey === undefined ? optionsKey(options) : Promise.resolve(earlyKey);
  }

  get dir(): string {
    return this.entries.dir;
  }

  async lookupByInputs(): Promise<CacheHit | undefined> {
    const manifest = await this.entries.readManifest(await this.optionsKeyPromise);
    if (!manifest || !(await inputFilesUnchanged(manifest.files))) return undefined;
    return this.read(manifest.contentKey);
  }

  async contentKey(content: BuildContent): Promise<string> {
    return contentKey(this.options, content);
  }

  /**
   * Hashes the files the bundle and the world were made from (`buildInputFiles`). Called as soon as the bundle
   * exists, so the hashes describe what was bundled, not what an editor saved during the build.
   */
  hashInputs(files: readonly string[]): Promise<InputFile[]> {
    return hashInputFiles(files);
  }

  async lookupByContent(key: string, inputs: readonly InputFile[]): Promise<CacheHit | undefined> {
    const hit = await this.read(key);
    if (hit) await this.recordInputs(key, inputs);
    return hit;
  }

  /** Stores a fresh build and records its inputs; then trims the cache to its cap. */
  async store(key: string, build: CachedBuild<StoredReport>, inputs: readonly InputFile[]): Promise<void> {
    try {
      await this.entries.write(key, build);
      await this.recordInputs(key, inputs);
      await this.entries.prune();
    } catch (error) {
      this.warnings.push({ code: 'CACHE_UNAVAILABLE', message: `could not store the build in the cache at ${this.entries.dir}: ${(error as Error).message}` });
    }
  }

  private async recordInputs(key: string, files: readonly InputFile[]): Promise<void> {
    const emit = { out: this.options.out, allow: this.options.allow, deny: this.options.deny };
    await this.entries.writeManifest(await this.optionsKeyPromise, { contentKey: key, files: [...files], emit }).catch(() => {});
  }

  private read(key: string): Promise<CacheHit | undefined> {
    return readEntry(this.entries, key, this.warnings);
  }
}

/** An entry, if it is there and intact; a damaged one is reported in `warnings` (and already deleted). */
export async function readEntry(store: BuildCache<StoredReport>, key: string, warnings: BuildWarning[]): Promise<CacheHit | undefined> {
  const read = await store.read(key);
  if (read.status === 'hit') return { key, build: read.build };
  if (read.status === 'corrupt') warnings.push({ code: 'CACHE_CORRUPT', message: `discarded a damaged cache entry (${read.reason}) and rebuilt it` });
  return undefined;
}
