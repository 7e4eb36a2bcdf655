import { type FSWatcher, watch } from 'node:fs';
import { dirname, join } from 'node:path';

const DEBOUNCE_MS = 100;

export interface RebuildLoop {
  /** Stops watching; resolves once a rebuild under way has ended. */
  close(): Promise<void>;
}

/**
 * Runs `rebuild` whenever one of `inputs` changes, then watches the files it resolves to (the
 * next build's inputs). Editors save in bursts (write, rename, chmod), so changes are debounced;
 * a change during a rebuild queues one more. Directories are watched rather than files: editors
 * that save by renaming replace the file, which ends a watch on the file itself. Files inside
 * node_modules are not watched. `rebuild` gets the changed files and must not throw.
 */
export function rebuildOnChange(
  inputs: Iterable<string>,
  rebuild: (changed: string[]) => Promise<Iterable<string>>,
): RebuildLoop {
  let watched = watchable(inputs);
  const watchers = new Map<string, FSWatcher>();
  let changed = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let building: Promise<void> | undefined;
  let closed = false;

  const run = async () => {
    const files = [...changed];
    changed = new Set();
    watched = watchable(await rebuild(files));
    if (closed) return;
    sync();
    if (changed.size) schedule();
  };
  const schedule = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      if (building || closed) return;
      building = run().finally(() => (building = undefined));
    }, DEBOUNCE_MS);
  };
  const sync = () => {
    const dirs = new Set([...watched].map((f) => dirname(f)));
    for (const [dir, watcher] of watchers) {
      if (dirs.has(dir)) continue;
      watcher.close();
      watchers.delete(dir);
    }
    for (const dir of dirs) {
      if (watchers.has(dir)) continue;
      try {
        watchers.set(
          dir,
          watch(dir, (_event, name) => {
            const file = name ? join(dir, name.toString()) : undefined;
            if (!file || !watched.has(file)) return;
            changed.add(file);
            if (!building) schedule();
          }),
        );
      } catch {
        // The directory vanished; it is retried after the next build.
      }
    }
  };
  sync();
  return {
    async close() {
      closed = true;
      clearTimeout(timer);
      for (const watcher of watchers.values()) watcher.close();
      watchers.clear();
      await building;
    },
  };
}

function watchable(files: Iterable<string>): Set<string> {
  return new Set([...files].filter((f) => !f.split('/').includes('node_modules')));
}
