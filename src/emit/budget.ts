import { relative } from 'node:path';
import { type BuildWarning, budgetExceeded } from '../errors.js';
import type { Budget } from '../options/schema.js';
import type { BudgetLine, BudgetReport, Sizes, StoredReport } from '../report.js';

/** Where the key is written, for messages: the config and API name it `budget.size`, the CLI `--max-size`. */
const KEY_OF_FIGURE = {
  size: 'budget.size, --max-size',
  gzip: 'budget.gzip',
  coldStartMs: 'budget.coldStartMs',
} as const;

/**
 * Checks a built (or cached) component against its budget before anything is written. Over any
 * limit is an error naming each figure, its limit and the previous build's size; a cold-start
 * limit that could not be measured is a warning, not a pass.
 */
export function checkBudget(
  report: StoredReport,
  out: string,
  budget: Readonly<Budget>,
  previous: Sizes | undefined,
): { budget: BudgetReport; warnings: BuildWarning[] } {
  const verification = report.verification;
  const coldStart = verification === undefined ? undefined : verification.instantiateMs + (verification.call?.ms ?? 0);
  const line = (limit: number | undefined, value: number | undefined): BudgetLine | undefined =>
    limit === undefined ? undefined : { limit, value, ok: value === undefined ? undefined : value <= limit };
  const result: BudgetReport = { previous };
  const size = line(budget.size, report.sizes.raw);
  const gzip = line(budget.gzip, report.sizes.gzip);
  const cold = line(budget.coldStartMs, coldStart);
  if (size) result.size = size;
  if (gzip) result.gzip = gzip;
  if (cold) result.coldStartMs = cold;

  const shown = relative(process.cwd(), out) || out;
  const over: string[] = [];
  if (size?.ok === false)
    over.push(
      `size ${sizeText(size.value!)} is over the limit of ${sizeText(size.limit)} (${KEY_OF_FIGURE.size})${change(previous?.raw, size.value!)}`,
    );
  if (gzip?.ok === false)
    over.push(
      `gzip size ${sizeText(gzip.value!)} is over the limit of ${sizeText(gzip.limit)} (${KEY_OF_FIGURE.gzip})${change(previous?.gzip, gzip.value!)}`,
    );
  if (cold?.ok === false)
    over.push(
      `cold start ${cold.value!.toFixed(1)} ms is over the limit of ${cold.limit} ms (${KEY_OF_FIGURE.coldStartMs})`,
    );
  if (over.length) {
    const sizeOver = size?.ok === false || gzip?.ok === false;
    throw budgetExceeded(`${shown} is over its budget: ${over.join('; ')}`, {
      hint: sizeOver
        ? 'Nothing was written. Make the component smaller (`componentize compare` shows the size of every engine and variant) or raise the budget.'
        : 'Nothing was written. Make it start faster (`componentize compare` shows the cold start of every engine and variant) or raise budget.coldStartMs.',
    });
  }
  const warnings: BuildWarning[] =
    cold && cold.value === undefined
      ? [
          {
            code: 'BUDGET_NOT_MEASURED',
            message: `the cold-start budget of ${cold.limit} ms was not checked: the component was not verified (--no-verify, or a Node that cannot run components)`,
          },
        ]
      : [];
  return { budget: result, warnings };
}

/** `; the last build written there was 1.02 MB (+20.1 kB)`, or nothing when it is not known. */
function change(previous: number | undefined, now: number): string {
  if (previous === undefined) return '';
  const delta = now - previous;
  return `; the previous build of this target was ${sizeText(previous)} (${delta >= 0 ? '+' : '-'}${sizeText(Math.abs(delta))})`;
}

/** Decimal units, as the build's summary prints sizes; exact bytes where the rounding could hide the excess. */
export function sizeText(bytes: number): string {
  if (bytes >= 1e6) return `${(bytes / 1e6).toFixed(2)} MB`;
  if (bytes >= 1e3) return `${(bytes / 1e3).toFixed(1)} kB`;
  return `${bytes} B`;
}
