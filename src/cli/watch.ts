import { watch, type FSWatcher } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { buildInputFiles } from '../cache/inputs.js';
import type { TargetOutcome } from '../config/run-targets.js';
import type { BuildTarget } from '../config/targets.js';
import { formatMs, formatSize } from './print.js';

const DEBOUNCE_MS = 100;

interface WatchOptions {
  signal: AbortSignal;
  quiet: boolean;
  /** Prints a failed target in full (its error), or a first build's report. */
  print: (outcome: TargetOutcome) => void;
}

/**
 * `--watch`: builds, then rebuilds whenever a file the last build read changes (sources,
 * package.json/tsconfig.json, WIT). Editors save in bursts (write, rename, chmod), so changes are
 * debounced; a change during a build queues one more build. A failing build prints its error and
 * watching goes on, with the entry and WIT added to what is watched so fixing them triggers a
 * rebuild. Directories are watched rather than files: editors that save by renaming replace the
 * file, which ends a watch on the file itself. Dependencies in node_modules are not watched.
 */
export async function watchTargets(targets: readonly BuildTarget[], build: (onOutcome?: (o: TargetOutcome) => void) => Promise<TargetOutcome[]>, options: WatchOptions): Promise<void> {
  const inputs = new Map<string, Set<string>>();
  const record = async (outcomes: TargetOutcome[]) => {
    for (const outcome of outcomes) {
      const files = outcome.ok ? outcome.result.report.inputs : [...(inputs.get(outcome.target.name) ?? [])];
      inputs.set(outcome.target.name, new Set([...files, ...(await fallbackInputs(outcome.target))]));
    }
  };
  await record(await build());
  const log = (line: string) => {
    if (!options.quiet) process.stderr.write(`${line}\n`);
  };
  log('watching for changes (Ctrl-C to stop)');

  const watchers = new Map<string, FSWatcher>();
  let changed = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let building: Promise<void> | undefined;

  const rebuild = async () => {
    const files = [...changed].map((f) => relative(process.cwd(), f));
    changed = new Set();
    const started = performance.now();
    const outcomes = await build((outcome) => (outcome.ok ? log(rebuiltLine(outcome, files, started)) : options.print(outcome)));
    await record(outcomes);
    sync();
    if (changed.size) schedule();
  };
  const schedule = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      if (building) return;
      building = rebuild().finally(() => (building = undefined));
    }, DEBOUNCE_MS);
  };
  const watched = () => new Set([...inputs.values()].flatMap((s) => [...s]).filter((f) => !f.split('/').includes('node_modules')));
  const sync = () => {
    const files = watched();
    const dirs = new Set([...files].map((f) => dirname(f)));
    for (const [dir, watcher] of watchers) {
      if (!dirs.has(dir)) {
        watcher.close();
        watchers.delete(dir);
      }
    }
    for (const dir of dirs) {
      if (watchers.has(dir)) continue;
      try {
        watchers.set(
          dir,
          watch(dir, (_event, name) => {
            const file = name ? join(dir, name.toString()) : undefined;
            if (!file || !watched().has(file)) return;
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
  await new Promise<void>((done) => options.signal.addEventListener('abort', () => done(), { once: true }));
  clearTimeout(timer);
  for (const watcher of watchers.values()) watcher.close();
  await building;
}

/** What to watch for a target whose build failed before it knew its inputs: the entry and the WIT. */
async function fallbackInputs(target: BuildTarget): Promise<string[]> {
  const cwd = resolve(target.options.cwd ?? process.cwd());
  const entry = resolve(cwd, target.options.entry ?? '.');
  if (typeof target.options.wit !== 'string') return [entry];
  const wit = resolve(cwd, target.options.wit);
  return buildInputFiles([entry], wit).catch(() => [entry, wit]);
}

function rebuiltLine(outcome: Extract<TargetOutcome, { ok: true }>, changed: string[], started: number): string {
  const report = outcome.result.report;
  const time = new Date().toTimeString().slice(0, 8);
  const because = changed.length ? ` (${changed.slice(0, 3).map((f) => basename(f)).join(', ')}${changed.length > 3 ? ', ...' : ''} changed)` : '';
  const took = report.cache.status === 'hit' ? 'cached' : formatMs(performance.now() - started);
  return `${time} rebuilt ${relative(process.cwd(), report.out)}  ${formatSize(report.sizes.raw)}  ${report.engine.name}  ${took}${because}`;
}
