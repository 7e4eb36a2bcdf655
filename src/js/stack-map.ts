import { readFile } from 'node:fs/promises';
import type { SourceMapPayload } from 'node:module';
import type { SourceLocation } from '../errors.js';
import { escapeRegExp } from './escape-regexp.js';
import { originalPositions } from './source-map.js';

/**
 * Engines report positions in the bundle the engine evaluated (QuickJS: `at check (/app.js:3:96)`).
 * With the bundle's source map (written by `--sourcemap` as `<component>.map`), those become
 * positions in the user's files: `at check (fixtures/errors/throws/app.ts:3:63)`.
 */
export interface StackMapper {
  /** The bundle's file name (`app.js`), as engines print it in positions. */
  bundleName: string | undefined;
  rewrite(text: string): string;
  /** A 1-based position in the bundle as a position in the user's files, when the map has one on that line. */
  locate(line: number, column: number): SourceLocation | undefined;
}

export function stackMapper(mapJson: string): StackMapper {
  const payload = JSON.parse(mapJson) as SourceMapPayload & { file?: string };
  const bundleName = payload.file;
  if (!bundleName) return { bundleName, rewrite: (text) => text, locate: () => undefined };
  const original = originalPositions(payload);
  // Engines print 1-based lines and columns.
  const locate = (line: number, column: number) => original(line - 1, column - 1);
  const escaped = escapeRegExp(bundleName);
  const position = new RegExp(`/?${escaped}:(\\d+):(\\d+)`, 'g');
  return {
    bundleName,
    locate,
    rewrite(text) {
      return text.replace(position, (whole, line: string, column: string) => {
        const at = locate(Number(line), Number(column));
        return at ? `${at.file}:${at.line}:${at.column}` : whole;
      });
    },
  };
}

/** The mapper for a component built with `--sourcemap`, if its map lies beside it. */
export async function stackMapperFor(componentPath: string): Promise<StackMapper | undefined> {
  const json = await readFile(`${componentPath}.map`, 'utf8').catch(() => undefined);
  return json === undefined ? undefined : stackMapper(json);
}
