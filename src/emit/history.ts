import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Sizes } from '../report.js';
import { sha256 } from '../store/fingerprint.js';
import { writeFileAtomic } from '../store/write-atomic.js';

/**
 * What the cache remembers of each output file: the sizes of the last component written there,
 * so a build over its budget can say how much it grew. Keyed by the output's absolute path (the
 * same target, whatever its options); losing this record loses only that sentence.
 */
export class TargetHistory {
  constructor(private readonly cacheDir: string) {}

  private file(out: string): string {
    return join(this.cacheDir, 'targets', `${sha256(out)}.json`);
  }

  async previous(out: string): Promise<Sizes | undefined> {
    const text = await readFile(this.file(out), 'utf8').catch(() => undefined);
    if (text === undefined) return undefined;
    try {
      const sizes = JSON.parse(text) as Partial<Sizes>;
      return typeof sizes.raw === 'number' && typeof sizes.gzip === 'number'
        ? { raw: sizes.raw, gzip: sizes.gzip }
        : undefined;
    } catch {
      return undefined;
    }
  }

  /** Never fails the build: cache trouble is not the user's. */
  async record(out: string, sizes: Sizes): Promise<void> {
    await writeFileAtomic(this.file(out), JSON.stringify({ raw: sizes.raw, gzip: sizes.gzip })).catch(() => {});
  }
}
