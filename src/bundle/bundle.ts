import { basename, extname, resolve } from 'node:path';
import { build, type Message } from 'esbuild';
import { bundleFailed, ComponentizeError, internalError, type BuildWarning } from '../errors.js';
import type { ResolvedOptions } from '../options/resolve.js';
import type { Polyfill, PolyfillModule } from './globals/polyfills.js';
import { polyfillInjects, polyfillPlugin, usedPolyfills } from './polyfills.js';
import { witExternalsPlugin } from './wit-externals.js';

export interface Bundle {
  /** File name of the bundle inside the engine's work directory; shows up in JS stack traces. */
  fileName: string;
  code: string;
  /** Source map of `code`, when `sourcemap` was asked for. */
  map: string | undefined;
  /** Source map of `code`, always: to put the user's file:line on problems found in the bundle. */
  locator: string;
  /** WIT interfaces the code imports, as written. */
  witImports: string[];
  /** Absolute paths of every file that went into the bundle (for watch and cache keys). */
  inputs: string[];
  /** Globals the bundle uses that the engine lacks and a polyfill now provides. */
  polyfilled: string[];
  /** WASI interfaces those polyfills import (the engine's world must import them). */
  polyfillRequires: string[];
  warnings: BuildWarning[];
}

/**
 * One ES module from the entry and everything it imports, WIT interfaces left as imports, and
 * polyfills for the engine's missing globals injected where the code uses them.
 */
export async function bundleEntry(options: ResolvedOptions, polyfills: readonly Polyfill[]): Promise<Bundle> {
  const fileName = `${basename(options.entry, extname(options.entry))}.js`;
  const loaded = new Map<string, PolyfillModule>();
  const result = await build({
    entryPoints: [options.entry],
    absWorkingDir: options.cwd,
    bundle: true,
    write: false,
    format: 'esm',
    // Neither node nor browser: a component has neither's built-ins.
    platform: 'neutral',
    mainFields: ['module', 'main'],
    conditions: ['import', 'module', 'default'],
    target: 'es2022',
    outfile: fileName,
    minify: options.minify,
    sourcemap: 'external',
    sourcesContent: true,
    metafile: true,
    logLevel: 'silent',
    inject: polyfillInjects(polyfills),
    plugins: [polyfillPlugin(polyfills, loaded), witExternalsPlugin()],
  }).catch((failure: { errors?: Message[] }) => {
    if (!failure.errors?.length) throw failure;
    throw bundleError(failure.errors);
  });

  const js = result.outputFiles.find((f) => f.path.endsWith('.js'));
  const mapFile = result.outputFiles.find((f) => f.path.endsWith('.js.map'));
  const map = options.sourcemap ? mapFile : undefined;
  if (!js) throw internalError('esbuild produced no JavaScript output');
  // The JavaScript output (the source map is an output too).
  const output = Object.entries(result.metafile.outputs).find(([path]) => path.endsWith('.js'))?.[1];
  const witImports = (output?.imports ?? []).filter((i) => i.external).map((i) => i.path);
  const inputNames = Object.keys(result.metafile.inputs);
  // `metafile.inputs` lists every module loaded; only those with bytes in the output survived
  // tree-shaking.
  const kept = Object.entries(output?.inputs ?? {}).filter(([, i]) => i.bytesInOutput > 0).map(([name]) => name);
  const used = usedPolyfills(polyfills, kept);
  // esbuild names inputs relative to absWorkingDir; virtual modules carry a `namespace:` prefix.
  const inputs = inputNames.filter((p) => !/^[a-z-]+:/.test(p)).map((p) => resolve(options.cwd, p));
  return {
    fileName,
    code: js.text,
    // `file` names the bundle, whose positions engines print; see run/stack-map.ts.
    map: map ? JSON.stringify({ ...JSON.parse(map.text), file: fileName }) : undefined,
    locator: mapFile?.text ?? '{"version":3,"sources":[],"mappings":""}',
    witImports: [...new Set(witImports)],
    inputs,
    polyfilled: used.map((p) => p.global),
    polyfillRequires: used.flatMap((p) => loaded.get(p.global)?.requires ?? []),
    warnings: used.flatMap((p) => {
      const degraded = loaded.get(p.global)?.degradedWarning;
      return degraded ? [{ code: 'POLYFILL_DEGRADED' as const, message: degraded }] : [];
    }),
  };
}

function bundleError(errors: Message[]): ComponentizeError {
  const [first, ...rest] = errors.map(toError);
  return bundleFailed(first!.message, {
    location: first!.location,
    hint: first!.hint,
    related: rest,
  });
}

/**
 * esbuild's own hints name esbuild options ("mark the path as external", "platform: 'node'") that
 * componentize has no flag for; those are replaced by what a componentize user can do.
 */
function bundleHint(message: Message): string | undefined {
  const unresolved = /^Could not resolve "([^"]+)"/.exec(message.text)?.[1];
  const builtIn = message.notes.some((n) => /built into node/.test(n.text));
  if (unresolved !== undefined && (unresolved.startsWith('node:') || builtIn)) {
    return 'Node.js built-in modules do not exist inside a component; use a WIT import (e.g. wasi:filesystem) instead.';
  }
  if (unresolved !== undefined && !/^[./]/.test(unresolved)) {
    return `Install the package (npm install ${unresolved.replace(/^((?:@[^/]+\/)?[^/]+).*$/, '$1')}) in the project of the entry, or import it from a path that exists.`;
  }
  return message.notes.map((n) => n.text).find((text) => !/\bexternal\b|platform:/.test(text));
}

function toError(message: Message): ComponentizeError {
  const loc = message.location;
  return bundleFailed(message.text, {
    location: loc
      ? // esbuild's file is relative to the working directory, its column 0-based.
        { file: loc.file, line: loc.line, column: loc.column + 1, lineText: loc.lineText }
      : undefined,
    hint: bundleHint(message),
  });
}
