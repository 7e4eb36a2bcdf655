import { readFile } from 'node:fs/promises';
import type { SourceMapPayload } from 'node:module';
import { escapeRegExp } from './escape-regexp.js';
import { originalPositions } from './source-map.js';

/**
 * Engines report positions in the bundle the engine evaluated (QuickJS: `at check (/app.js:3:96)`).
 * With the bundle's source map (written by `--sourcemap` as `<component>.map`), those become
 * positions in the user's files: `at check (fixtures/errors/throws/app.ts:3:63)`.
 */
export interface StackMapper {
  rewrite(text: string): string;
}

export function stackMapper(mapJson: string): StackMapper {
  const payload = JSON.parse(mapJson) as SourceMapPayload & { file?: string };
  const bundleName = payload.file;
  if (!bundleName) return { rewrite: (text) => text };
  const original = originalPositions(payload);
  const escaped = escapeRegExp(bundleName);
  const position = new RegExp(`/?${escaped}:(\\d+):(\\d+)`, 'g');
  return {
    rewrite(text) {
      return text.replace(position, (whole, line: string, column: string) => {
        // Engines print 1-based lines and columns.
        const at = original(Number(line) - 1, Number(column) - 1);
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
