import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { embedWorld, printEmbedded } from '../../wit/world-model.js';

/**
 * componentize-js's splicer panics on `async func`. A sync lift of an async-typed function is
 * valid in the component model, so the component is built from a copy of the world whose exported
 * functions are plain `func`s, and re-typed to `async` afterwards (wit-dylib/component/).
 * The copy is the world as wasm-tools resolves and prints it (one canonical file per package), so
 * `async func` is spelled one way only. Async imports are refused before the build
 * (check/capabilities.ts), so every `async func` left in the world is an export's.
 */
export async function syncWorldCopy(witPath: string, world: string | undefined, workDir: string): Promise<string> {
  const files = await printEmbedded(await embedWorld(witPath, world));
  const dir = join(workDir, 'wit-sync');
  for (const [name, text] of files) {
    const file = join(dir, name);
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, text.replaceAll(': async func(', ': func('));
  }
  return dir;
}
