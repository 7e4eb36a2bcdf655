import { FETCH_IMPORT_HINT, OUTGOING_HANDLER } from '../bundle/globals/fetch.js';
import type { BuildWarning, SourceLocation } from '../errors.js';
import { globalReads } from '../js/free-globals.js';
import type { AnyNode, BundleProgram } from '../js/parse-bundle.js';
import { worldImportName } from '../wit/wasi-names.js';
import type { WorldModel } from '../wit/world.js';

/**
 * `fetch()` sends requests through the world's `wasi:http/outgoing-handler`, on every engine: the
 * engine's own fetch and our polyfill alike. Code that calls it in a world without that import
 * builds, and every request fails; the warning says so at the first read, with what to add.
 */
export function checkFetchImport(
  program: BundleProgram,
  world: WorldModel,
  locate: (node: AnyNode) => SourceLocation | undefined,
): BuildWarning[] {
  if (worldImportName(world, OUTGOING_HANDLER)) return [];
  for (const read of globalReads(program)) {
    if (read.name !== 'fetch' || read.typeofGuard) continue;
    const location = locate(read.node);
    // Our own additions (the polyfills) are not the user's to fix.
    if (!location) continue;
    return [
      {
        code: 'MISSING_IMPORT',
        message: `\`fetch\` is called, but the world does not import ${OUTGOING_HANDLER}: every request fails; ${FETCH_IMPORT_HINT}`,
        location,
      },
    ];
  }
  return [];
}
