import type { BuildOptions } from '../options/schema.js';
import { componentize } from '../pipeline.js';
import { createProgress } from './progress.js';
import { fail, formatSummary, formatWarning } from './print.js';

interface BuildFlags {
  wit: string;
  world?: string;
  engine: string;
  out?: string;
  minify: boolean;
  sourcemap: boolean;
  typecheck: boolean;
  disable: string[];
  allow: string[];
  deny: string[];
  weval: boolean;
  variant?: string;
  verify: boolean | string;
  wevalBin?: string;
  quiet: boolean;
  json: boolean;
}

export async function runBuildCommand(entry: string, flags: BuildFlags): Promise<void> {
  // Commander folds `--verify <call>` and `--no-verify` into one `verify` value.
  const { quiet, json, verify, ...rest } = flags;
  const options = { ...rest, verify: verify !== false, ...(typeof verify === 'string' ? { verifyCall: verify } : {}) };
  const controller = new AbortController();
  // First Ctrl-C cancels cleanly (engine killed, temp files removed, old output kept); a second
  // one falls through to Node's default and exits at once.
  process.once('SIGINT', () => controller.abort());
  process.once('SIGTERM', () => controller.abort());
  const progress = createProgress(!quiet && !json, options.engine);
  try {
    const { report, warnings } = await componentize(
      // Flag values are strings as typed; the options schema validates them (and names the flag).
      { entry, ...options } as BuildOptions,
      { signal: controller.signal, onStage: progress.onStage, optionsSource: 'cli' },
    );
    progress.stop();
    if (json) {
      process.stdout.write(`${JSON.stringify({ ok: true, ...report, warnings }, null, 2)}\n`);
    } else if (!quiet) {
      for (const warning of warnings) process.stderr.write(formatWarning(warning));
      process.stderr.write(formatSummary(report, process.cwd()));
    }
  } catch (error) {
    progress.stop();
    fail(error, { json });
  }
}
