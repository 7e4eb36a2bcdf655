/**
 * Sizes as users write them in a budget: a number of bytes, or a string with a unit. Decimal
 * units (`kB`, `MB`) are 10^3 and 10^6 as the build's summary prints them; binary units (`KiB`,
 * `MiB`) are there for people who think in those.
 */
const UNITS: Record<string, number> = { b: 1, kb: 1e3, mb: 1e6, gb: 1e9, kib: 1024, mib: 1024 ** 2, gib: 1024 ** 3 };

/** Bytes for `1.5 MB`, `800kB`, `2 MiB`, `120000`; undefined when the text is not a size. */
export function parseSize(value: string | number): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value > 0 ? Math.round(value) : undefined;
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(value);
  if (!match) return undefined;
  const unit = UNITS[(match[2] || 'b').toLowerCase()];
  const bytes = unit === undefined ? undefined : Math.round(Number(match[1]) * unit);
  return bytes !== undefined && bytes > 0 ? bytes : undefined;
}
