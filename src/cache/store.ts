import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BuildWarning } from '../errors.js';
import type { EmitTarget } from '../options/types.js';
import { sha256 } from '../store/fingerprint.js';
import { layoutDir } from '../store/layout.js';
import { writeFileAtomic } from '../store/write-atomic.js';
import type { InputFile } from './inputs.js';

/** What a build left in the cache besides the component: enough to report a hit like a build. */
export interface CachedBuild<Report> {
  component: Uint8Array;
  map: string | undefined;
  report: Report;
  warnings: BuildWarning[];
}

interface EntryMeta<Report> {
  key: string;
  component: { sha256: string; bytes: number };
  map: { sha256: string } | undefined;
  report: Report;
  warnings: BuildWarning[];
}

/** Maps the hash of a build's options to its input files, the entry they produced and where it went. */
export interface InputManifest {
  contentKey: string;
  files: InputFile[];
  emit?: EmitTarget;
}

/** A build read back from the cache, verified; `componentPath` is where it lies, to copy it out. */
export type StoredBuild<Report> = CachedBuild<Report> & { componentPath: string };

export type CacheRead<Report> =
  | { status: 'hit'; build: StoredBuild<Report> }
  | { status: 'miss' }
  | { status: 'corrupt'; reason: string };

/**
 * A content-addressed store of built components. Each entry is a directory named by its key,
 * created under a temporary name and renamed into place, so a reader sees a whole entry or none,
 * and concurrent builds of the same input cannot interleave. Every read re-hashes the bytes: a
 * damaged entry is deleted and reported, never returned.
 */
export class BuildCache<Report> {
  readonly dir: string;
  readonly maxBytes: number;

  constructor(dir: string, maxBytes: number) {
    this.dir = layoutDir(dir);
    this.maxBytes = maxBytes;
  }

  private entryDir(key: string): string {
    return join(this.dir, 'entries', key);
  }

  private manifestPath(inputKey: string): string {
    return join(this.dir, 'inputs', `${inputKey}.json`);
  }

  async readManifest(inputKey: string): Promise<InputManifest | undefined> {
    try {
      return JSON.parse(await readFile(this.manifestPath(inputKey), 'utf8')) as InputManifest;
    } catch {
      return undefined;
    }
  }

  writeManifest(inputKey: string, manifest: InputManifest): Promise<void> {
    return writeFileAtomic(this.manifestPath(inputKey), JSON.stringify(manifest));
  }

  async read(key: string): Promise<CacheRead<Report>> {
    const dir = this.entryDir(key);
    let meta: EntryMeta<Report>;
    try {
      meta = JSON.parse(await readFile(join(dir, 'meta.json'), 'utf8')) as EntryMeta<Report>;
    } catch (error) {
      // ENOTDIR: the cache directory (or a folder in it) is a file; storing will say so, as a warning.
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return { status: 'miss' };
      return this.discard(dir, 'its metadata is unreadable');
    }
    const component = await readFile(join(dir, 'component.wasm')).catch(() => undefined);
    // Pruned by a build sharing the directory since its metadata was read: gone, not damaged.
    if (!component && !(await exists(join(dir, 'meta.json')))) return { status: 'miss' };
    if (!component || meta.key !== key || sha256(component) !== meta.component.sha256) {
      return this.discard(dir, 'the component does not match its recorded hash');
    }
    let map: string | undefined;
    if (meta.map) {
      map = await readFile(join(dir, 'component.wasm.map'), 'utf8').catch(() => undefined);
      if (map === undefined && !(await exists(join(dir, 'meta.json')))) return { status: 'miss' };
      if (map === undefined || sha256(map) !== meta.map.sha256)
        return this.discard(dir, 'the source map does not match its recorded hash');
    }
    // The entry's age is its last use: pruning removes the least recently used first.
    const now = new Date();
    await utimes(join(dir, 'meta.json'), now, now).catch(() => {});
    return {
      status: 'hit',
      build: {
        component: new Uint8Array(component.buffer, component.byteOffset, component.byteLength),
        componentPath: join(dir, 'component.wasm'),
        map,
        report: meta.report,
        warnings: meta.warnings,
      },
    };
  }

  async write(key: string, build: CachedBuild<Report>): Promise<void> {
    const entries = join(this.dir, 'entries');
    await mkdir(entries, { recursive: true });
    const temp = join(entries, `.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
    try {
      await mkdir(temp);
      await writeFile(join(temp, 'component.wasm'), build.component);
      if (build.map !== undefined) await writeFile(join(temp, 'component.wasm.map'), build.map);
      const meta: EntryMeta<Report> = {
        key,
        component: { sha256: sha256(build.component), bytes: build.component.byteLength },
        map: build.map === undefined ? undefined : { sha256: sha256(build.map) },
        report: build.report,
        warnings: build.warnings,
      };
      await writeFile(join(temp, 'meta.json'), JSON.stringify(meta));
      await rename(temp, this.entryDir(key)).catch(async (error: NodeJS.ErrnoException) => {
        // Another build of the same input got there first; its entry is as good as ours.
        if (error.code !== 'ENOTEMPTY' && error.code !== 'EEXIST') throw error;
      });
    } finally {
      await rm(temp, { recursive: true, force: true });
    }
  }

  /**
   * Removes least recently used entries until the cache fits its cap, and manifests left dangling.
   * The components `componentize/test` wrote (`test-builds/`) count and go the same way.
   */
  async prune(): Promise<{ removed: number; bytes: number }> {
    const entries = [
      ...(await usage(join(this.dir, 'entries'), 'meta.json')),
      ...(await usage(join(this.dir, 'test-builds'), 'component.wasm')),
    ];
    entries.sort((a, b) => b.used - a.used);
    let total = 0;
    let kept = 0;
    let removed = 0;
    const staleTemp = Date.now() - 60 * 60 * 1000;
    for (const entry of entries) {
      const isTemp = entry.name.startsWith('.tmp-');
      total += isTemp ? 0 : entry.bytes;
      // Temporary directories of builds still writing are kept; an hour-old one was abandoned.
      if (isTemp ? entry.used < staleTemp : total > this.maxBytes) {
        await rm(entry.dir, { recursive: true, force: true });
        if (!isTemp) removed++;
      } else if (!isTemp) {
        kept += entry.bytes;
      }
    }
    if (removed) await this.pruneManifests();
    return { removed, bytes: kept };
  }

  private async pruneManifests(): Promise<void> {
    const dir = join(this.dir, 'inputs');
    for (const name of await readdir(dir).catch(() => [] as string[])) {
      const manifest = await this.readManifest(name.replace(/\.json$/, ''));
      const alive =
        manifest &&
        (await stat(this.entryDir(manifest.contentKey)).then(
          () => true,
          () => false,
        ));
      if (!alive) await rm(join(dir, name), { force: true });
    }
  }

  private async discard(dir: string, reason: string): Promise<CacheRead<Report>> {
    // An entry that cannot be removed is read as damaged again next time; nothing worse.
    await rm(dir, { recursive: true, force: true }).catch(() => {});
    return { status: 'corrupt', reason };
  }
}

function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

/** Each directory under `parent`: its files' bytes, and when it was last used (the mtime of `usedBy`, else of the directory). */
async function usage(
  parent: string,
  usedBy: string,
): Promise<{ name: string; dir: string; bytes: number; used: number }[]> {
  const names = await readdir(parent).catch(() => [] as string[]);
  return Promise.all(
    names.map(async (name) => {
      const dir = join(parent, name);
      const files = await readdir(dir).catch(() => [] as string[]);
      const sizes = await Promise.all(
        files.map((f) =>
          stat(join(dir, f)).then(
            (s) => s.size,
            () => 0,
          ),
        ),
      );
      const used = await stat(join(dir, files.includes(usedBy) ? usedBy : '.')).then(
        (s) => s.mtimeMs,
        () => 0,
      );
      return { name, dir, bytes: sizes.reduce((a, b) => a + b, 0), used };
    }),
  );
}
