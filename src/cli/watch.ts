import { basename, relative } from 'node:path';
import type { TargetOutcome } from '../config/run-targets.js';
import { fallbackInputs } from '../watch/fallback-inputs.js';
import { rebuildOnChange } from '../watch/rebuild-on-change.js';
import { formatMs, formatSize } from './print.js';

interface WatchOptions {
  signal: AbortSignal;
  quiet: boolean;
  /** Prints a failed target in full (its error), or a first build's report. */
  print: (outcome: TargetOutcome) => void;
  /** Prints a rebuilt target's warnings (`UNUSED_EXPORT`, ...), which its one-line report leaves out. */
  printWarnings: (outcome: Extract<TargetOutcome, { ok: true }>) => void;
}

/**
 * `--watch`: builds, then rebuilds whenever a file the last build read changes (sources,
 * package.json/tsconfig.json, WIT). Editors save in bursts (write, rename, chmod), so changes are
 * debounced; a change during a build queues one more build. A failing build prints its error and
 * watching goes on, with the entry and WIT added to what is watched so fixing them triggers a
 * rebuild (the watching itself: src/watch/rebuild-on-change.ts).
 */
export async function watchTargets(
  build: (onOutcome?: (o: TargetOutcome) => void) => Promise<TargetOutcome[]>,
  options: WatchOptions,
): Promise<void> {
  const inputs = new Map<string, Set<string>>();
  const record = async (outcomes: TargetOutcome[]) => {
    for (const outcome of outcomes) {
      const files = outcome.ok ? outcome.result.report.inputs : [...(inputs.get(outcome.target.name) ?? [])];
      inputs.set(outcome.target.name, new Set([...files, ...(await fallbackInputs(outcome.target.options))]));
    }
  };
  await record(await build());
  const log = (line: string) => {
    if (!options.quiet) process.stderr.write(`${line}\n`);
  };
  log('watching for changes (Ctrl-C to stop)');

  const watched = () => [...inputs.values()].flatMap((s) => [...s]);
  const loop = rebuildOnChange(watched(), async (changed) => {
    const files = changed.map((f) => relative(process.cwd(), f));
    const started = performance.now();
    const outcomes = await build((outcome) => {
      if (outcome.ok) {
        options.printWarnings(outcome);
        log(rebuiltLine(outcome, files, started));
      } else {
        // As the dev server says it: the error, then when and why, and that watching goes on.
        options.print(outcome);
        log(`${clockTime()} rebuild failed${changedNote(files)}; watching for changes`);
      }
    });
    await record(outcomes);
    return watched();
  });
  await new Promise<void>((done) => options.signal.addEventListener('abort', () => done(), { once: true }));
  await loop.close();
}

function rebuiltLine(outcome: Extract<TargetOutcome, { ok: true }>, changed: string[], started: number): string {
  const report = outcome.result.report;
  const took = report.cache.status === 'hit' ? 'cached' : formatMs(performance.now() - started);
  return `${clockTime()} rebuilt ${relative(process.cwd(), report.out)}  ${formatSize(report.sizes.raw)}  ${report.engine.name}  ${took}${changedNote(changed)}`;
}

/** `10:02:03`, local time. */
function clockTime(): string {
  return new Date().toTimeString().slice(0, 8);
}

/** ` (app.ts, util.ts changed)`, or nothing. */
function changedNote(changed: string[]): string {
  return changed.length
    ? ` (${changed
        .slice(0, 3)
        .map((f) => basename(f))
        .join(', ')}${changed.length > 3 ? ', ...' : ''} changed)`
    : '';
}
