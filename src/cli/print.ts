import { summarizeImports } from '../emit/imports.js';
import {
  type BuildWarning,
  type ComponentizeError,
  causeChain,
  invalidOption,
  toComponentizeError,
} from '../errors.js';
import type { BuildReport } from '../report.js';
import { CommanderError } from '../vendor/commander.js';

export const EXIT = { ok: 0, user: 1, internal: 2, cancelled: 130 } as const;

/**
 * Prints an error the way its kind deserves (its warnings first) and returns the exit status it
 * calls for; `src/cli.ts` alone sets the process's exit status.
 */
export function reportError(error: unknown, { json }: { json: boolean }): number {
  if (error instanceof CommanderError) {
    const converted = fromCommanderError(error);
    if (converted === 'exit-ok') return EXIT.ok;
    error = converted;
  }
  const err = toComponentizeError(error);
  if (json) {
    process.stdout.write(`${JSON.stringify({ ok: false, error: err.toJSON() }, null, 2)}\n`);
  } else {
    process.stderr.write(formatFailure(err));
  }
  annotateFailure(err);
  return exitCodeOf(err);
}

/** Commander's own parse errors, in our error type, so they print and exit like any other. */
function fromCommanderError(error: CommanderError): ComponentizeError | 'exit-ok' {
  if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help')
    return 'exit-ok';
  const message = error.message.replace(/^error: /, '');
  return invalidOption(message.charAt(0).toUpperCase() + message.slice(1), {
    hint: 'Run `componentize --help` for the list of flags.',
  });
}

export function exitCodeOf(error: ComponentizeError): number {
  return error.code === 'CANCELLED' ? EXIT.cancelled : error.kind === 'user' ? EXIT.user : EXIT.internal;
}

/**
 * Under GitHub Actions, a problem with a location also becomes a workflow command, which the
 * runner turns into an annotation on the pull request's diff. Written to stderr, which the runner
 * reads too, so `--json` stdout stays pure.
 */
export function annotate(problem: ComponentizeError | BuildWarning, level: 'error' | 'warning' = 'error'): void {
  if (process.env.GITHUB_ACTIONS !== 'true' || !problem.location) return;
  const loc = problem.location;
  const property = (v: string) => escapeData(v).replace(/:/g, '%3A').replace(/,/g, '%2C');
  const title = `componentize ${problem.code}`;
  process.stderr.write(
    `::${level} file=${property(loc.file)},line=${loc.line},col=${loc.column},title=${property(title)}::${escapeData(problem.message)}\n`,
  );
}

function escapeData(value: string): string {
  return value.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** An error's warnings as workflow commands (level warning), then the error itself. */
export function annotateFailure(error: ComponentizeError): void {
  for (const warning of error.warnings) annotate(warning, 'warning');
  annotate(error);
}

/** What a failed build found before it failed (its warnings), then the error; each line led by `prefix`. */
export function formatFailure(error: ComponentizeError, prefix = ''): string {
  return `${error.warnings.map((w) => prefix + formatWarning(w)).join('')}${prefix}${formatError(error)}`;
}

/**
 * `error[CODE]: message`, then the location with a code frame, the hint and the causes, like
 * rustc and wasm-tools. A stack trace only for internal errors: for user mistakes it is noise.
 */
export function formatError(error: ComponentizeError): string {
  const out: string[] = [`error[${error.code}]: ${error.message}`];
  const loc = error.location;
  if (loc) {
    out.push(`  --> ${loc.file}:${loc.line}:${loc.column}`);
    if (loc.lineText !== undefined) {
      const gutter = String(loc.line).length;
      const { text, before } = frameLine(loc.lineText, loc.column);
      out.push(
        `${' '.repeat(gutter + 1)}|`,
        `${loc.line} | ${text}`,
        `${' '.repeat(gutter + 1)}| ${' '.repeat(before)}^`,
      );
    }
  }
  // The guest's stack, below the code frame of its innermost frame.
  if (error.exception?.stack) out.push(error.exception.stack);
  for (const related of error.related) {
    const at = related.location
      ? ` (${related.location.file}:${related.location.line}:${related.location.column})`
      : '';
    out.push(`  also: ${related.message}${at}`);
  }
  if (error.hint) out.push(`  hint: ${error.hint}`);
  const causes = causeChain(error);
  if (causes.length) {
    out.push('', 'Caused by:');
    for (const [i, cause] of causes.entries()) out.push(`  ${i}: ${cause.split('\n').join('\n     ')}`);
  }
  if (error.kind === 'internal' && error.cause instanceof Error && error.cause.stack) {
    out.push('', 'This is a bug in componentize or an engine; please report it with this trace:', error.cause.stack);
  }
  return `${out.join('\n')}\n`;
}

/** Decimal units (1 MB = 10^6 bytes), as npm, Vite and the HTML report use. */
export function formatSize(bytes: number): string {
  return bytes >= 1e6 ? `${(bytes / 1e6).toFixed(2)} MB` : `${(bytes / 1e3).toFixed(1)} kB`;
}

export function formatMs(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`;
}

/** One line per build, to stderr so stdout stays free for --json and pipes. */
export function formatSummary(report: BuildReport, cwd: string): string {
  const out = report.out.startsWith(`${cwd}/`) ? report.out.slice(cwd.length + 1) : report.out;
  const took = report.cache.status === 'hit' ? `cached (${formatMs(report.totalMs)})` : formatMs(report.totalMs);
  return `${out}  ${formatSize(report.sizes.raw)} (gzip ${formatSize(report.sizes.gzip)})  ${report.engine.name}  ${took}\n  imports: ${summarizeImports(report.imports)}\n${formatBudget(report.budget)}`;
}

/** `  budget: size 1.04 MB of 2.00 MB, gzip 448.3 kB of 600.0 kB, cold start 52.1 ms of 200 ms`, or nothing without a budget. */
export function formatBudget(budget: BuildReport['budget']): string {
  if (!budget) return '';
  const parts: string[] = [];
  if (budget.size) parts.push(`size ${formatSize(budget.size.value!)} of ${formatSize(budget.size.limit)}`);
  if (budget.gzip) parts.push(`gzip ${formatSize(budget.gzip.value!)} of ${formatSize(budget.gzip.limit)}`);
  if (budget.coldStartMs)
    parts.push(
      `cold start ${budget.coldStartMs.value === undefined ? 'not measured' : `${budget.coldStartMs.value.toFixed(1)} ms`} of ${budget.coldStartMs.limit} ms`,
    );
  return parts.length ? `  budget: ${parts.join(', ')}\n` : '';
}

export function formatWarning(warning: BuildWarning): string {
  const at = warning.location
    ? `\n  --> ${warning.location.file}:${warning.location.line}:${warning.location.column}`
    : '';
  return `warning[${warning.code}]: ${warning.message}${at}\n`;
}

/** Widest source line a code frame shows whole; a longer one is cut around the column. */
const FRAME_WIDTH = 120;

/**
 * The line as the frame shows it, and how far the caret stands in: escaped (the caret counts the
 * escaped prefix, so it stays under its character), and cut to a window around the column when
 * long (a minified or generated line of thousands of characters would fill the screen).
 */
function frameLine(lineText: string, column: number): { text: string; before: number } {
  const at = Math.max(0, column - 1);
  const text = visible(lineText);
  const before = visible(lineText.slice(0, at)).length;
  if (text.length <= FRAME_WIDTH) return { text, before };
  const start = Math.max(0, Math.min(before - FRAME_WIDTH / 2, text.length - FRAME_WIDTH));
  const head = start > 0 ? '…' : '';
  const tail = start + FRAME_WIDTH < text.length ? '…' : '';
  return { text: head + text.slice(start, start + FRAME_WIDTH) + tail, before: before - start + head.length };
}

/**
 * A line of the user's source as it may be printed to a terminal: control characters (an escape
 * sequence in a string literal would recolour, move the cursor or retitle the terminal) shown as
 * `\x1b`, the way the source spells them; tabs stay.
 */
export function visible(text: string): string {
  let out = '';
  for (const c of text) {
    const code = c.charCodeAt(0);
    const control = (code < 0x20 && c !== '\t') || (code >= 0x7f && code <= 0x9f);
    out += control ? `\\x${code.toString(16).padStart(2, '0')}` : c;
  }
  return out;
}
