import type { EngineAdapter } from '../wit-dylib/adapter.js';
import { code, docColumns, type FlagRow, flagName, markdownRow } from './flag-row.js';
import { BUILD_FLAGS } from './flags.js';

/** The README's "Flags" table (Markdown), one line per CLI flag. */
export function flagsMarkdownTable(engines: readonly EngineAdapter[]): string {
  const lines = ['| flag | meaning | default |', '|---|---|---|'];
  for (const row of Object.values(BUILD_FLAGS) as FlagRow[]) {
    if (row.kind === 'api') continue;
    const term = row.kind === 'argument' ? flagName(row) : row.flags;
    lines.push(markdownRow([code(term), ...docColumns(row, engines)]));
  }
  return `${lines.join('\n')}\n`;
}
