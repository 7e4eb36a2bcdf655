import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The weval package componentize-js itself depends on, so both agree on the version. */
export async function packagedWeval(): Promise<string> {
  const fromComponentizeJs = createRequire(fileURLToPath(import.meta.resolve('@bytecodealliance/componentize-js')));
  const entry = fromComponentizeJs.resolve('@bytecodealliance/weval');
  const mod = (await import(pathToFileURL(entry).href)) as { default: () => Promise<string> };
  return mod.default();
}
