import { SourceMap, type SourceMapPayload } from 'node:module';
import type { SourceLocation } from '../errors.js';

/**
 * Maps positions in the bundle (0-based line and column, as source maps count) to the user's
 * files (1-based, as editors and our errors show them), with the line's text when the map carries
 * the sources. Used for engine stack traces and for problems found in the bundle.
 */
export function originalPositions(
  payload: SourceMapPayload,
): (line: number, column: number) => SourceLocation | undefined {
  const map = payload.mappings ? new SourceMap(payload) : undefined;
  return (line, column) => {
    const entry = entryOnLine(map, line, column);
    if (!entry?.originalSource || entry.originalLine === undefined) return undefined;
    const lineText =
      payload.sourcesContent?.[payload.sources.indexOf(entry.originalSource)]?.split('\n')[entry.originalLine];
    return {
      file: entry.originalSource,
      line: entry.originalLine + 1,
      column: (entry.originalColumn ?? 0) + 1,
      ...(lineText === undefined ? {} : { lineText }),
    };
  };
}

interface MapEntry {
  generatedLine?: number;
  originalSource?: string;
  originalLine?: number;
  originalColumn?: number;
}

/**
 * The mapping at or before `column` on generated line `line`. Node's findEntry falls back to the
 * nearest mapping before the position however many lines up: code appended after the user's (the
 * boundary glue, which has no mappings) was blamed on the user's last line. A position before the
 * line's first mapping (its indentation) takes the line's last one: the line is what matters.
 */
function entryOnLine(map: SourceMap | undefined, line: number, column: number): MapEntry | undefined {
  if (!map) return undefined;
  const entry = map.findEntry(line, column) as MapEntry;
  if (entry.generatedLine === undefined || entry.generatedLine === line) return entry;
  const last = map.findEntry(line, Number.MAX_SAFE_INTEGER) as MapEntry;
  return last.generatedLine === line ? last : undefined;
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/**
 * The first generated line (0-based) whose first mapping comes from one of `sources`, or
 * undefined. Decodes the map's VLQ mappings itself: Node's SourceMap finds entries by position,
 * not the first of a line, and only the source index of each line's first segment is wanted.
 */
export function firstLineFrom(payload: SourceMapPayload, sources: ReadonlySet<string>): number | undefined {
  const wanted = payload.sources.map((s) => sources.has(s));
  let source = 0;
  let line = 0;
  let firstOfLine = true;
  let field = 0;
  let value = 0;
  let shift = 0;
  for (let i = 0; i < payload.mappings.length; i++) {
    const c = payload.mappings[i]!;
    if (c === ';' || c === ',') {
      if (c === ';') line++, (firstOfLine = true);
      else firstOfLine = false;
      field = 0;
      continue;
    }
    const digit = BASE64.indexOf(c);
    value += (digit & 31) << shift;
    if (digit & 32) {
      shift += 5;
      continue;
    }
    // Field 1 of a segment is the source index, as a delta from the previous segment's.
    if (field === 1) {
      source += value & 1 ? -(value >>> 1) : value >>> 1;
      if (firstOfLine && wanted[source]) return line;
    }
    field++;
    value = 0;
    shift = 0;
  }
  return undefined;
}
