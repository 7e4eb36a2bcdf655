import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const PACKAGE = '@bytecodealliance/componentize-js';

/** The WASI features componentize-js's splicer knows, in the order it lists them. */
export const ALL_FEATURES = ['stdio', 'random', 'clocks', 'http', 'fetch-event'] as const;
export type Feature = (typeof ALL_FEATURES)[number];

/** One export's core signature, as the splicer describes it for the engine's init. */
export interface CoreFn {
  params: string[];
  ret?: string;
  retptr: boolean;
  retsize: number;
  paramptr: boolean;
}

export interface SpliceResult {
  wasm: Uint8Array;
  jsBindings: string;
  exports: [string, CoreFn][];
  imports: [string, string, number][];
}

/** componentize-js's splicer (a jco-transpiled component), as far as we call it. */
export interface Splicer {
  spliceBindings(
    engine: Uint8Array,
    features: Feature[],
    witWorld: string | undefined,
    witPath: string | undefined,
    worldName: string | undefined,
    debug: boolean,
  ): SpliceResult;
  stubWasi(
    wasm: Uint8Array,
    features: Feature[],
    witWorld: string | undefined,
    witPath: string | undefined,
    worldName: string | undefined,
  ): Uint8Array;
}

/**
 * The parts of componentize-js its own `componentize()` is made of, which our build runs itself
 * (build-own.ts): the engine, the splicer, and the preview1 adapter of the jco it depends on.
 * Paths are those of componentize-js 0.23; test/unit/componentize-parts.test.ts checks that they
 * are still there, so an upgrade that moves them fails there rather than in a user's build.
 */
export interface ComponentizeParts {
  version: string;
  enginePath: string;
  splicerPath: string;
  adapterPath: string;
  /** Loaded on first use (its Wasm compiles on import, ~0.1 s): a build whose splice is memoized never needs it. */
  splicer: () => Promise<Splicer>;
}

const root = () => join(dirname(fileURLToPath(import.meta.resolve(PACKAGE))), '..');

/** Where each part lies, without loading any (for keys and the pin test). */
export function partPaths(): { packageJson: string; enginePath: string; splicerPath: string; adapterPath: string } {
  const dir = root();
  // jco as componentize-js resolves it: the adapter that belongs with its splicer.
  const jcoMain = createRequire(join(dir, 'package.json')).resolve('@bytecodealliance/jco');
  return {
    packageJson: join(dir, 'package.json'),
    enginePath: join(dir, 'lib', 'starlingmonkey_embedding.wasm'),
    splicerPath: join(dir, 'lib', 'spidermonkey-embedding-splicer.js'),
    adapterPath: join(dirname(jcoMain), '..', 'lib', 'wasi_snapshot_preview1.reactor.wasm'),
  };
}

let splicer: Promise<Splicer> | undefined;

/** The parts, from package.json's version and the paths; the splicer loads when first called. */
export async function componentizeParts(): Promise<ComponentizeParts> {
  const paths = partPaths();
  const { version } = JSON.parse(await readFile(paths.packageJson, 'utf8')) as { version: string };
  const load = async () => {
    const mod = (await import(pathToFileURL(paths.splicerPath).href)) as { splicer?: Splicer };
    if (typeof mod.splicer?.spliceBindings !== 'function' || typeof mod.splicer.stubWasi !== 'function')
      throw new Error(`${PACKAGE} ${version}: its splicer no longer exports spliceBindings and stubWasi`);
    return mod.splicer;
  };
  return {
    version,
    ...paths,
    splicer: () => {
      splicer ??= load();
      return splicer;
    },
  };
}
