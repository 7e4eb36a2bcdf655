import { resolve } from 'node:path';
import type { Command } from 'commander';
import { CONFIG_NAMES, findConfigFile } from '../config/find-config.js';
import { loadConfigFile } from '../config/load-config.js';
import { componentizeTargets, type TargetOutcome } from '../config/run-targets.js';
import { type BuildTarget, configTargets } from '../config/targets.js';
import { invalidOption } from '../errors.js';
import { isCommandFlag } from '../options/flag-row.js';
import {
  annotate,
  annotateFailure,
  EXIT,
  exitCodeOf,
  formatError,
  formatFailure,
  formatSummary,
  formatWarning,
} from './print.js';
import { createProgress, type Progress } from './progress.js';
import { watchTargets } from './watch.js';

export interface BuildFlags {
  quiet: boolean;
  json: boolean;
  watch: boolean;
  config?: string;
  target: string[];
  [flag: string]: unknown;
}

/**
 * `componentize [entry]`. With an entry, builds it from the flags. Without one, builds every
 * target of the config file (`--config`, or `componentize.config.*` in this directory), several
 * at once; flags typed on the command line override the file's values. Resolves to the exit
 * status: the worst of the failed targets', whose errors it has printed.
 */
export async function runBuildCommand(entry: string | undefined, flags: BuildFlags, command: Command): Promise<number> {
  const controller = new AbortController();
  // First Ctrl-C cancels cleanly (engine killed, temp files removed, old output kept); a second
  // one exits at once. The listener stays for the whole build: a `once` listener is gone after
  // the first signal, and execa's exit hook (there while a child process runs) then re-raises the
  // signal, which killed the build before it could clean up.
  let interrupted = false;
  const onSignal = () => {
    if (interrupted) process.exit(EXIT.cancelled);
    interrupted = true;
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    return await buildTargets(entry, flags, command, controller);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

async function buildTargets(
  entry: string | undefined,
  flags: BuildFlags,
  command: Command,
  controller: AbortController,
): Promise<number> {
  const { targets, single } = await selectTargets(entry, flags, command, controller.signal);
  // With --json, progress still goes to stderr: stdout holds only the JSON.
  const progress = createProgress(!flags.quiet);
  // A one-off build exits when done, so it may verify in this process; --watch builds again and again.
  const verifyIn = flags.watch ? 'child-process' : 'this-process';
  const build = (onOutcome = (o: TargetOutcome) => printOutcome(o, flags, single, progress)) =>
    componentizeTargets(targets, {
      signal: controller.signal,
      onStage: (t) => progress.track(t.name),
      onOutcome,
      verifyIn,
    });
  if (flags.watch) {
    await watchTargets(build, {
      signal: controller.signal,
      quiet: flags.quiet,
      print: (o) => printOutcome(o, flags, single, progress),
      printWarnings: (o) => printWarnings(o, flags, single, progress),
    });
    progress.stop();
    return EXIT.ok;
  }
  const outcomes = await build();
  progress.stop();
  if (flags.json) process.stdout.write(`${JSON.stringify(jsonResult(outcomes, single), null, 2)}\n`);
  const failed = outcomes.flatMap((o) => (o.ok ? [] : [o.error]));
  return failed.length ? Math.max(...failed.map(exitCodeOf)) : EXIT.ok;
}

/** The builds the command line asks for: its entry, or the config file's targets (with the file). */
export async function selectTargets(
  entry: string | undefined,
  flags: BuildFlags,
  command: Command,
  signal: AbortSignal,
): Promise<{ targets: BuildTarget[]; single: boolean; configFile?: string }> {
  const cwd = process.cwd();
  const given = typedFlags(flags, command);
  const configFile =
    flags.config !== undefined ? resolve(cwd, flags.config) : entry === undefined ? findConfigFile(cwd) : undefined;
  if (!configFile) {
    if (entry === undefined) {
      throw invalidOption(`No entry given, and no config file in ${cwd}`, {
        hint: `Run \`componentize app.ts --wit world.wit\`, or create ${CONFIG_NAMES[0]} (see README).`,
      });
    }
    return {
      targets: [{ name: entry, options: { entry, ...given } as BuildTarget['options'], naming: 'cli' }],
      single: true,
    };
  }
  const config = await loadConfigFile(configFile, signal);
  let targets = configTargets(config, entry === undefined ? given : { ...given, entry }, cwd);
  if (flags.target.length) {
    const unknown = flags.target.filter((name) => !targets.some((t) => t.name === name));
    if (unknown.length) {
      throw invalidOption(
        `Invalid value for --target: ${unknown.map((n) => `"${n}"`).join(', ')} is not a target of ${configFile}`,
        {
          hint: `Targets: ${targets.map((t) => t.name).join(', ')}.`,
        },
      );
    }
    targets = targets.filter((t) => flags.target.includes(t.name));
  }
  return { targets, single: false, configFile };
}

/** The build options typed on the command line; defaults are left to the schema so a config can set them. */
export function typedFlags(flags: BuildFlags, command: Command): Record<string, unknown> {
  const options: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(flags)) {
    if (isCommandFlag(key) || command.getOptionValueSource(key) !== 'cli') continue;
    if (key === 'verify') {
      // Commander folds `--verify <call>` and `--no-verify` into one `verify` value.
      options.verify = value !== false;
      if (typeof value === 'string') options.verifyCall = value;
    } else if (key === 'maxSize') {
      // `--max-size` is the flag of `budget.size` (src/options/flags.ts); a config's other limits merge in.
      options.budget = { size: value };
    } else {
      options[key] = value;
    }
  }
  return options;
}

/** A rebuilt target's warnings, as the full report prints them. */
function printWarnings(
  outcome: Extract<TargetOutcome, { ok: true }>,
  flags: BuildFlags,
  single: boolean,
  progress: Progress,
): void {
  progress.clear();
  for (const warning of outcome.result.warnings) annotate(warning, 'warning');
  if (flags.json || flags.quiet) return;
  const prefix = single ? '' : `[${outcome.target.name}] `;
  for (const warning of outcome.result.warnings) process.stderr.write(prefix + formatWarning(warning));
}

function printOutcome(outcome: TargetOutcome, flags: BuildFlags, single: boolean, progress: Progress): void {
  progress.clear();
  if (!outcome.ok) {
    // A failed build's warnings (what it found before failing) come first, as on success;
    // --quiet prints nothing but the error.
    annotateFailure(outcome.error);
    const prefix = single ? '' : `[${outcome.target.name}] `;
    if (!flags.json)
      process.stderr.write(flags.quiet ? prefix + formatError(outcome.error) : formatFailure(outcome.error, prefix));
    return;
  }
  printWarnings(outcome, flags, single, progress);
  if (flags.json || flags.quiet) return;
  const prefix = single ? '' : `[${outcome.target.name}] `;
  process.stderr.write(prefix + formatSummary(outcome.result.report, process.cwd()));
}

function jsonResult(outcomes: TargetOutcome[], single: boolean): unknown {
  const one = (o: TargetOutcome) =>
    o.ok ? { ok: true, ...o.result.report, warnings: o.result.warnings } : { ok: false, error: o.error.toJSON() };
  if (single) return one(outcomes[0]!);
  return { ok: outcomes.every((o) => o.ok), targets: outcomes.map((o) => ({ name: o.target.name, ...one(o) })) };
}
