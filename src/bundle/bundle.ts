import { basename, extname, join, resolve } from 'node:path';
import type { Metafile } from 'esbuild';
import type { BuildWarning } from '../errors.js';
import { globalReads } from '../js/free-globals.js';
import { parseBundle } from '../js/parse-bundle.js';
import type { ResolvedOptions } from '../options/types.js';
import type { EngineAdapter } from '../wit-dylib/adapter.js';
import { jsOutput } from './esbuild-run.js';
import { firstPass } from './first-pass.js';
import { impliedGlobals } from './globals/fetch.js';
import type { Polyfill } from './globals/polyfill.js';
import { neededPolyfills } from './polyfills.js';
import { secondPass } from './second-pass.js';
import { rewriteUnicodePropertyEscapes } from './unicode-regex.js';

export interface Bundle {
  /** File name of the bundle inside the engine's work directory; shows up in JS stack traces. */
  fileName: string;
  code: string;
  /** Source map of `code`, `file` naming the bundle (always made; `sourcemap` decides only whether emit writes it). */
  map: string | undefined;
  /** Source map of `code`, always: to put the user's file:line on problems found in the bundle. */
  locator: string;
  /** WIT interfaces the code imports, as written. */
  witImports: string[];
  /** Absolute paths of every file that went into the bundle (for watch and cache keys). */
  inputs: string[];
  /** Globals the bundle uses that the engine lacks and a polyfill now provides. */
  polyfilled: string[];
  /** Globals the engine has that the bundle uses, installed wrapped (the timers' sync-export guard). */
  wrapped: string[];
  /** Every polyfill that went in (globals, Node built-ins, language features) with its bytes in the bundle. */
  polyfills: Promise<{ name: string; bytes: number }[]>;
  /** WASI interfaces those polyfills import (the engine's world must import them). */
  polyfillRequires: string[];
  /** Every global the code reads (`typeof` checks included), before polyfills: which WASI features it can reach. */
  globals: string[];
  /** Where the user's module begins in `code` when polyfills precede it (undefined: it is all the user's): see parseBundleFrom. */
  userStart: number | undefined;
  warnings: BuildWarning[];
}

/**
 * One ES module from the entry and everything it imports, WIT interfaces left as imports, in two
 * esbuild passes. The first resolves like a web-worker runtime (`worker`, `browser`, then
 * `import`/`default`), maps Node built-ins to polyfills and replaces `process.env.NODE_ENV`. Its
 * output is then read for the globals it uses; the second pass puts in front of it only the
 * polyfills for those (esbuild's own `inject` cannot do that: a CommonJS module anywhere in the
 * bundle makes it initialize every injected module), and minifies. The second pass reads the
 * first's source map, so positions still map to the user's files.
 *
 * `promiseJobs`, asked with the first pass's export names (and answered once the world is
 * loaded), asks for a Promise whose jobs componentize runs itself (globals/promise-jobs.ts),
 * first in the bundle, and for async functions lowered so that they use it.
 */
export async function bundleEntry(
  options: ResolvedOptions,
  polyfills: readonly Polyfill[],
  engine: EngineAdapter,
  promiseJobs: (exports: readonly string[]) => Promise<boolean> = async () => false,
): Promise<Bundle> {
  // No whitespace: StarlingMonkey takes the bundle's path in a space-separated argument list
  // (componentize-js), so `app one.js` was read as `app`. The name is only the bundle's.
  const fileName = `${basename(options.entry, extname(options.entry)).replace(/\s/g, '-')}.js`;
  const first = await firstPass(options, fileName);
  const code = engine.lacks.includes('unicode-property-escapes')
    ? rewriteUnicodePropertyEscapes(first.output.code).code
    : first.output.code;

  // What the code reads decides what goes in front of it.
  const parsed = parseBundle(code);
  const read = new Set(globalReads(parsed).map((r) => r.name));
  for (const g of impliedGlobals(parsed, read)) read.add(g);
  const needed = neededPolyfills(polyfills, read);
  const normalize = engine.lacks.includes('string-normalize') && /\.normalize\(/.test(code);
  const ownJobs = await promiseJobs(jsOutput(first.output.metafile)?.exports ?? []);
  const second =
    needed.length || normalize || ownJobs || options.minify
      ? await secondPass(options, fileName, code, first.output, { needed, normalize, ownJobs })
      : undefined;
  const final = second?.output ?? { ...first.output, code };

  // The report's polyfill sizes take extra minified esbuild runs: measured beside the rest of
  // the build, not before the bundle is handed on.
  const polyfillSizes = Promise.all([second?.bytes, first.builtinBytes]).then((measured) => {
    const bytes = new Map<string, number>();
    for (const part of measured) for (const [name, n] of part ?? []) bytes.set(name, n);
    return [...bytes].filter(([, n]) => n > 0).map(([name, n]) => ({ name, bytes: n }));
  });
  polyfillSizes.catch(() => {}); // awaited by the caller; a failure shows there

  const loaded = second?.loaded ?? new Map();
  const warnings: BuildWarning[] = [];
  for (const p of needed) {
    const degraded = loaded.get(p.global)?.degradedWarning;
    if (degraded) warnings.push({ code: 'POLYFILL_DEGRADED', message: degraded });
  }
  const witImports = (jsOutput(final.metafile)?.imports ?? []).filter((i) => i.external).map((i) => i.path);
  const providedBy = (some: Polyfill[]) =>
    some.flatMap((p) => p.provides ?? [p.global]).filter((g) => read.has(g) || needed.some((n) => n.uses?.includes(g)));
  return {
    fileName,
    code: final.code,
    // `file` names the bundle, whose positions engines print; see js/stack-map.ts. Always made:
    // `--sourcemap` only decides whether emit writes it, so a build with it and one without are
    // the same cache entry (the map is kept in the entry, but is no part of its key).
    map: JSON.stringify({ ...JSON.parse(final.map), file: fileName }),
    locator: final.map,
    witImports: [...new Set(witImports)],
    inputs: bundleInputs(options.cwd, first.output.metafile, second?.output.metafile, join(options.cwd, fileName)),
    polyfilled: providedBy(needed.filter((p) => !p.wraps)),
    wrapped: providedBy(needed.filter((p) => p.wraps)),
    polyfills: polyfillSizes,
    polyfillRequires: needed.flatMap((p) => loaded.get(p.global)?.requires ?? []),
    globals: [...read].sort(),
    userStart: second?.userStart,
    warnings,
  };
}

/**
 * Absolute paths of the files the bundle was read from. esbuild names inputs relative to
 * absWorkingDir; virtual modules carry a `namespace:` prefix, and the stdin entry of the second
 * pass is named `<its resolveDir>/componentize-polyfill:entry`. The second pass also reads the
 * first pass's output at `userBundlePath` (`<cwd>/<entry name>.js`), which is not a file: it is
 * left out of that pass only. The first pass's inputs are all real, and include the entry even
 * when the entry itself is `<cwd>/<entry name>.js` (an edited `app.js` must change the inputs).
 */
export function bundleInputs(
  cwd: string,
  first: Metafile,
  second: Metafile | undefined,
  userBundlePath: string,
): string[] {
  // `(disabled):node_modules/x/util.js` is esbuild's name for a file a package's browser field maps to false.
  const isVirtual = (p: string) => p.split(/[\\/]/).some((segment) => /^([a-z-]+|\(disabled\)):/.test(segment));
  const real = (names: string[]) => names.filter((p) => !isVirtual(p)).map((p) => resolve(cwd, p));
  const fromSecond = second ? real(Object.keys(second.inputs)).filter((p) => p !== userBundlePath) : [];
  return [...new Set([...real(Object.keys(first.inputs)), ...fromSecond])];
}
