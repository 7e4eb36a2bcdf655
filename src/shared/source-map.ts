import { SourceMap, type SourceMapPayload } from 'node:module';
import type { SourceLocation } from '../errors.js';

/**
 * Maps positions in the bundle (0-based line and column, as source maps count) to the user's
 * files (1-based, as editors and our errors show them), with the line's text when the map carries
 * the sources. Used for engine stack traces and for problems found in the bundle.
 */
export function originalPositions(payload: SourceMapPayload): (line: number, column: number) => SourceLocation | undefined {
  const map = payload.mappings ? new SourceMap(payload) : undefined;
  return (line, column) => {
    const entry = map?.findEntry(line, column) as { originalSource?: string; originalLine?: number; originalColumn?: number } | undefined;
    if (!entry?.originalSource || entry.originalLine === undefined) return undefined;
    const lineText = payload.sourcesContent?.[payload.sources.indexOf(entry.originalSource)]?.split('\n')[entry.originalLine];
    return { file: entry.originalSource, line: entry.originalLine + 1, column: (entry.originalColumn ?? 0) + 1, ...(lineText === undefined ? {} : { lineText }) };
  };
}
