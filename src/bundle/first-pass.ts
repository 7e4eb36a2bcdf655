import { bundleFailed } from '../errors.js';
import { globalReads } from '../js/free-globals.js';
import { nestingTooDeep, parseBundle } from '../js/parse-bundle.js';
import { originalPositions } from '../js/source-map.js';
import type { ResolvedOptions } from '../options/types.js';
import { type EsbuildOutput, esbuild } from './esbuild-run.js';
import { BUFFER_INJECT, nodeBuiltinsPlugin } from './node-builtins.js';
import { importedNodeEnvPlugin } from './node-env-imports.js';
import { minifiedBytes } from './polyfill-bytes.js';
import { bytesFrom } from './polyfills.js';
import { witExternalsPlugin } from './wit-externals.js';

export interface FirstPass {
  output: EsbuildOutput;
  /** The Node built-ins it mapped to polyfills, by input path (for their sizes in the report). */
  builtins: Map<string, string>;
  /** The bytes each built-in polyfill takes in a minified bundle, when there are any (measured beside the build). */
  builtinBytes: Promise<Map<string, number>> | undefined;
}

/**
 * The first esbuild pass: the entry and everything it imports, resolved like a web-worker runtime
 * (`worker`, `browser`, then `import`/`default`), Node built-ins mapped to polyfills,
 * `process.env.NODE_ENV` replaced, WIT interfaces left as imports. Code that reads the global
 * `Buffer` gets the module `node:buffer` is (one copy of the package), injected in a second run.
 */
export async function firstPass(options: ResolvedOptions, fileName: string): Promise<FirstPass> {
  const builtins = new Map<string, string>();
  const run = (inject: string[], minify = false, used = builtins) =>
    esbuild({
      entryPoints: [options.entry],
      absWorkingDir: options.cwd,
      platform: 'browser',
      mainFields: ['browser', 'module', 'main'],
      conditions: [...options.conditions, 'worker', 'module'],
      define: { 'process.env.NODE_ENV': JSON.stringify(options.nodeEnv) },
      outfile: fileName,
      inject,
      minify,
      plugins: [nodeBuiltinsPlugin(used), witExternalsPlugin(), importedNodeEnvPlugin(options.nodeEnv)],
    });
  let inject: string[] = [];
  let output = await run(inject);
  if (globalReads(parsedBundle(output)).some((r) => r.name === 'Buffer' && !r.typeofGuard))
    output = await run((inject = [BUFFER_INJECT]));
  // Polyfill bytes as a minified bundle has them, whether this one is minified or not (polyfill-bytes.ts).
  const builtinBytes = builtins.size
    ? minifiedBytes(['first', output.code, ...inject], async () =>
        bytesFrom((await run(inject, true, new Map())).metafile, builtins),
      )
    : undefined;
  return { output, builtins, builtinBytes };
}

/** The first parse of the bundle, where code nested too deeply to parse is reported at the user's line. */
function parsedBundle(output: EsbuildOutput) {
  try {
    return parseBundle(output.code);
  } catch (error) {
    const at = nestingTooDeep(error);
    if (!at) throw error;
    const location = originalPositions(JSON.parse(output.map))(at.line, at.column);
    throw bundleFailed(
      'this code nests too deeply to be parsed (brackets, calls or blocks inside each other ~1,000 levels deep)',
      {
        location,
        hint: 'Build the structure at run time (a loop, or JSON.parse of a string) instead of writing it out nested, or split it up.',
        cause: error,
      },
    );
  }
}
