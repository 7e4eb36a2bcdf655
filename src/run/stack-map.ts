import { readFile } from 'node:fs/promises';
import { SourceMap, type SourceMapPayload } from 'node:module';

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
  const map = new SourceMap(payload);
  const escaped = bundleName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const position = new RegExp(`/?${escaped}:(\\d+):(\\d+)`, 'g');
  return {
    rewrite(text) {
      return text.replace(position, (whole, line: string, column: string) => {
        // SourceMap works 0-based; engines print 1-based lines and columns.
        const entry = map.findEntry(Number(line) - 1, Number(column) - 1) as { originalSource?: string; originalLine?: number; originalColumn?: number };
        if (!entry.originalSource || entry.originalLine === undefined) return whole;
        return `${entry.originalSource}:${entry.originalLine + 1}:${(entry.originalColumn ?? 0) + 1}`;
      });
    },
  };
}

/** The mapper for a component built with `--sourcemap`, if its map lies beside it. */
export async function stackMapperFor(componentPath: string): Promise<StackMapper | undefined> {
  const json = await readFile(`${componentPath}.map`, 'utf8').catch(() => undefined);
  return json === undefined ? undefined : stackMapper(json);
}
