import { resolve } from 'node:path';
import { type CompareResult, compareEngines } from '../compare/compare.js';
import { compareReportHtml } from '../compare/html-report.js';
import { invalidOption } from '../errors.js';
import type { Budget } from '../options/schema.js';
import { parseSize } from '../options/size.js';
import { stageRunner } from '../stage-runner.js';
import { writeFileAtomic } from '../store/write-atomic.js';
import { EXIT, formatMs, formatSize } from './print.js';
import { createProgress } from './progress.js';

interface CompareFlags {
  wit: string;
  world?: string;
  engines?: string;
  invoke?: string;
  iterations: string;
  report?: string;
  outDir?: string;
  maxSize?: string;
  maxGzip?: string;
  maxColdStart?: string;
  json: boolean;
  quiet: boolean;
}

export async function runCompareCommand(entry: string, flags: CompareFlags): Promise<number> {
  const iterations = Number(flags.iterations);
  if (!Number.isInteger(iterations) || iterations < 1 || iterations > 100) {
    throw invalidOption(`Invalid value for --iterations: "${flags.iterations}"`, {
      hint: 'Use a whole number from 1 to 100.',
    });
  }
  if (!flags.quiet && !flags.json)
    process.stderr.write('Building every variant, one after the other (the largest engines take ~20 s each)...\n');
  // Each variant's stages as it builds (a plain line per slow stage in a log); stdout keeps the table or JSON.
  const progress = createProgress(!flags.quiet);
  const result = await compareEngines({
    entry,
    wit: flags.wit,
    ...(flags.world ? { world: flags.world } : {}),
    ...(flags.engines ? { engines: flags.engines.split(',').map((e) => e.trim()) } : {}),
    ...(flags.invoke ? { invoke: flags.invoke } : {}),
    iterations,
    ...(flags.outDir ? { outDir: flags.outDir } : {}),
    ...budgetOf(flags),
    onStage: (label) => progress.track(label),
  }).finally(() => progress.stop());
  if (flags.report) {
    const report = resolve(flags.report);
    await stageRunner({}).stage('emit', () => writeFileAtomic(report, compareReportHtml(result)));
  }
  if (flags.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  else process.stdout.write(formatCompareTable(result));
  return EXIT.ok;
}

/** The budget column's limits, from `--max-size`, `--max-gzip` and `--max-cold-start` (the build's `budget` keys). */
function budgetOf(flags: CompareFlags): { budget?: Budget } {
  const size = (flag: string, value: string | undefined) => {
    if (value === undefined) return undefined;
    const bytes = parseSize(value);
    if (bytes === undefined)
      throw invalidOption(`Invalid value for ${flag}: "${value}"`, {
        hint: 'Use bytes or a number with kB, MB, KiB or MiB, e.g. "1.5 MB".',
      });
    return bytes;
  };
  const budget: Budget = {};
  const maxSize = size('--max-size', flags.maxSize);
  const maxGzip = size('--max-gzip', flags.maxGzip);
  if (maxSize !== undefined) budget.size = maxSize;
  if (maxGzip !== undefined) budget.gzip = maxGzip;
  if (flags.maxColdStart !== undefined) {
    const ms = Number(flags.maxColdStart);
    if (!(ms > 0))
      throw invalidOption(`Invalid value for --max-cold-start: "${flags.maxColdStart}"`, {
        hint: 'Use milliseconds, e.g. 100.',
      });
    budget.coldStartMs = ms;
  }
  return Object.keys(budget).length ? { budget } : {};
}

export function formatCompareTable(result: CompareResult): string {
  const withBudget = result.variants.some((v) => v.overBudget !== undefined);
  const header = [
    'variant',
    'size',
    'gzip',
    'build',
    'memory',
    'cold start',
    ...(result.invoke ? ['calls/s min', 'median'] : []),
    ...(withBudget ? ['budget'] : []),
  ];
  // Every `–` carries a footnote number; the same reason is one footnote.
  const reasons: string[] = [];
  const missing = (reason: string | undefined) => {
    const text = reason ?? 'not measured';
    if (!reasons.includes(text)) reasons.push(text);
    return `–${reasons.indexOf(text) + 1}`;
  };
  const rows = result.variants
    .filter((v) => v.status === 'built')
    .map((v) => [
      v.label,
      formatSize(v.sizes!.raw),
      formatSize(v.sizes!.gzip),
      formatMs(v.buildMs!),
      formatMemory(v.peakBuildMemoryBytes ?? 0),
      v.coldStartMs === undefined ? missing(v.notMeasured?.coldStart) : `${v.coldStartMs.toFixed(1)} ms`,
      ...(result.invoke
        ? [
            v.throughput ? String(Math.round(v.throughput.min)) : missing(v.notMeasured?.throughput),
            v.throughput ? String(Math.round(v.throughput.median)) : missing(v.notMeasured?.throughput),
          ]
        : []),
      ...(withBudget ? [v.overBudget?.length ? `over: ${v.overBudget.join(', ')}` : 'ok'] : []),
    ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  const notBuilt = result.variants.filter((v) => v.status !== 'built').map((v) => `${v.label}: not built: ${v.reason}`);
  const footnotes = reasons.map((reason, i) => `–${i + 1} ${reason}`);
  const after = [...(footnotes.length ? ['', ...footnotes] : []), ...(notBuilt.length ? ['', ...notBuilt] : [])];
  return `${[line(header), ...rows.map(line), ...after].join('\n')}\n`;
}

/** A process's peak memory in whole megabytes (`207 MB`): it varies by more than a megabyte between runs. */
export function formatMemory(bytes: number): string {
  return `${Math.round(bytes / 1e6)} MB`;
}
