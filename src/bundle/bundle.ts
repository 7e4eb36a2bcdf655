import { basename, extname, join, resolve } from 'node:path';
import { build, type BuildOptions as EsbuildOptions, type Message, type Metafile } from 'esbuild';
import { withEsbuildService } from './esbuild-service.js';
import { bundleFailed, ComponentizeError, internalError, type BuildWarning } from '../errors.js';
import type { ResolvedOptions } from '../options/types.js';
import type { EngineAdapter } from '../wit-dylib/adapter.js';
import { parseBundle } from '../js/parse-bundle.js';
import { firstLineFrom, originalPositions } from '../js/source-map.js';
import type { SourceMapPayload } from 'node:module';
import { globalReads } from '../js/free-globals.js';
import type { Polyfill, PolyfillModule } from './globals/polyfill.js';
import { impliedGlobals } from './globals/fetch.js';
import { POLYFILL_RESOLVE_DIR } from './globals/npm.js';
import { promiseJobsModule } from './globals/promise-jobs.js';
import { BUFFER_INJECT, nodeBuiltinsPlugin } from './node-builtins.js';
import { bytesFrom, installImports, neededPolyfills, polyfillInput, polyfillPlugin } from './polyfills.js';
import { importedNodeEnvPlugin } from './node-env-imports.js';
import { minifiedBytes } from './polyfill-bytes.js';
import { rewriteUnicodePropertyEscapes } from './unicode-regex.js';
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
  /** Globals the engine has that the bundle uses, installed wrapped (the timers' sync-export guard). */
  wrapped: string[];
  /** Every polyfill that went in (globals, Node built-ins, language features) with its bytes in the bundle. */
  polyfills: Promise<{ name: string; bytes: number }[]>;
  /** WASI interfaces those polyfills import (the engine's world must import them). */
  polyfillRequires: string[];
  /** Where the user's module begins in `code` when polyfills precede it (undefined: it is all the user's): see parseBundleFrom. */
  userStart: number | undefined;
  warnings: BuildWarning[];
}

const USER_BUNDLE = 'componentize-user-bundle';
const PROMISE_JOBS = 'componentize-promise-jobs';
/** What esbuild lowers to generators when the promise jobs are ours (globals/promise-jobs.ts): `await` then uses the global Promise. */
const NATIVE_ASYNC = { 'async-await': false, 'async-generator': false, 'for-await': false } as const;

/** `String.prototype.normalize` from unorm (Unicode normalization, the classic spec-following shim; installs itself only where missing). */
const NORMALIZE_POLYFILL = 'unorm/lib/unorm.js';


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
export async function bundleEntry(options: ResolvedOptions, polyfills: readonly Polyfill[], engine: EngineAdapter, promiseJobs: (exports: readonly string[]) => Promise<boolean> = async () => false): Promise<Bundle> {
  const fileName = `${basename(options.entry, extname(options.entry))}.js`;
  const builtins = new Map<string, string>();
  const firstPass = (inject: string[], minify = false, used = builtins) =>
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
  // Code that reads the global `Buffer` gets the module `node:buffer` is (one copy of the package).
  let inject: string[] = [];
  let first = await firstPass(inject);
  if (globalReads(parseBundle(first.code)).some((r) => r.name === 'Buffer' && !r.typeofGuard)) first = await firstPass((inject = [BUFFER_INJECT]));
  let code = first.code;
  const warnings: BuildWarning[] = [];
  if (engine.lacks.includes('unicode-property-escapes')) code = rewriteUnicodePropertyEscapes(code).code;

  const parsed = parseBundle(code);
  const reads = globalReads(parsed);
  const read = new Set(reads.map((r) => r.name));
  for (const g of impliedGlobals(parsed, read)) read.add(g);
  const needed = neededPolyfills(polyfills, read);
  const normalize = engine.lacks.includes('string-normalize') && /\.normalize\(/.test(code);
  // Polyfill bytes as a minified bundle has them, whether this one is minified or not (polyfill-bytes.ts).
  const builtinBytes = builtins.size ? minifiedBytes(['first', first.code, ...inject], async () => bytesFrom((await firstPass(inject, true, new Map())).metafile, builtins)) : undefined;
  // The report's polyfill sizes take extra minified esbuild runs: measured beside the rest of
  // the build, not before the bundle is handed on.
  let secondBytes: Promise<Map<string, number>> | undefined;

  let final = { code, map: first.map, metafile: first.metafile };
  let userStart: number | undefined;
  const loaded = new Map<string, PolyfillModule>();
  const ownJobs = await promiseJobs(jsOutput(first.metafile)?.exports ?? []);
  if (needed.length || normalize || ownJobs || options.minify) {
    const inline = `\n//# sourceMappingURL=data:application/json;base64,${Buffer.from(first.map).toString('base64')}\n`;
    const userPath = join(options.cwd, fileName);
    const user = JSON.stringify(USER_BUNDLE);
    const reexports = first.hasDefault ? `export * from ${user};\nexport { default } from ${user};` : `export * from ${user};`;
    const entry = [...(ownJobs ? [`import ${JSON.stringify(PROMISE_JOBS)};`] : []), ...installImports(needed), ...(normalize ? [`import ${JSON.stringify(NORMALIZE_POLYFILL)};`] : []), reexports].join('\n');
    const secondPass = (minify: boolean, into: Map<string, PolyfillModule>) => esbuild({
      stdin: { contents: entry, resolveDir: POLYFILL_RESOLVE_DIR, sourcefile: 'componentize-polyfill:entry', loader: 'js' },
      absWorkingDir: options.cwd,
      platform: 'neutral',
      outfile: fileName,
      minify,
      ...(ownJobs ? { supported: NATIVE_ASYNC } : {}),
      plugins: [
        polyfillPlugin(needed, into),
        {
          name: 'componentize:promise-jobs',
          setup(b) {
            b.onResolve({ filter: new RegExp(`^${PROMISE_JOBS}$`) }, () => ({ path: PROMISE_JOBS, namespace: PROMISE_JOBS }));
            b.onLoad({ filter: /.*/, namespace: PROMISE_JOBS }, async () => {
              const { source, resolveDir } = await promiseJobsModule();
              return { contents: source, loader: 'js', ...(resolveDir ? { resolveDir } : {}) };
            });
          },
        },
        witExternalsPlugin(),
        {
          // The first pass's output, at the path its source map was written for.
          name: 'componentize:user-bundle',
          setup(b) {
            b.onResolve({ filter: /^componentize-user-bundle$/ }, () => ({ path: userPath }));
            b.onLoad({ filter: /.*/ }, (args) => (args.path === userPath ? { contents: code + inline, loader: 'js', resolveDir: options.cwd } : undefined));
          },
        },
      ],
    }).catch((error: unknown) => {
      throw ownJobs ? withoutTopLevelAwait(error, first.map) : error;
    });
    final = await secondPass(options.minify, loaded);
    userStart = userModuleStart(final, first.map);
    const bytesIn = (metafile: Metafile) => {
      const bytes = bytesFrom(metafile, new Map(needed.map((p) => [polyfillInput(p), p.wraps?.label ?? p.global])));
      if (ownJobs) bytes.set('Promise (jobs run by componentize)', sumBytes(metafile, (input) => input.startsWith(`${PROMISE_JOBS}:`) || input.includes('node_modules/core-js-pure/')));
      if (normalize) bytes.set('String.prototype.normalize', sumBytes(metafile, (input) => input.includes('node_modules/unorm/')));
      return bytes;
    };
    const sources = [...loaded.values()].map((m) => m.source);
    const finalMetafile = final.metafile;
    secondBytes = options.minify ? Promise.resolve(bytesIn(finalMetafile)) : minifiedBytes(['second', code, entry, ...sources], async () => bytesIn((await secondPass(true, new Map())).metafile));
  }
  const polyfillSizes = Promise.all([secondBytes, builtinBytes]).then((measured) => {
    const bytes = new Map<string, number>();
    for (const part of measured) for (const [name, n] of part ?? []) bytes.set(name, n);
    return [...bytes].filter(([, n]) => n > 0).map(([name, n]) => ({ name, bytes: n }));
  });
  polyfillSizes.catch(() => {}); // awaited by the caller; a failure shows there

  const output = jsOutput(final.metafile);
  const witImports = (output?.imports ?? []).filter((i) => i.external).map((i) => i.path);
  const inputs = bundleInputs(options.cwd, first.metafile, final.metafile === first.metafile ? undefined : final.metafile, join(options.cwd, fileName));
  for (const p of needed) {
    const degraded = loaded.get(p.global)?.degradedWarning;
    if (degraded) warnings.push({ code: 'POLYFILL_DEGRADED', message: degraded });
  }
  const providedBy = (some: Polyfill[]) => some.flatMap((p) => p.provides ?? [p.global]).filter((g) => read.has(g) || needed.some((n) => n.uses?.includes(g)));
  return {
    fileName,
    code: final.code,
    // `file` names the bundle, whose positions engines print; see run/stack-map.ts.
    map: options.sourcemap ? JSON.stringify({ ...JSON.parse(final.map), file: fileName }) : undefined,
    locator: final.map,
    witImports: [...new Set(witImports)],
    inputs,
    polyfilled: providedBy(needed.filter((p) => !p.wraps)),
    wrapped: providedBy(needed.filter((p) => p.wraps)),
    polyfills: polyfillSizes,
    polyfillRequires: needed.flatMap((p) => loaded.get(p.global)?.requires ?? []),
    userStart,
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
export function bundleInputs(cwd: string, first: Metafile, second: Metafile | undefined, userBundlePath: string): string[] {
  const isVirtual = (p: string) => p.split(/[\\/]/).some((segment) => /^[a-z-]+:/.test(segment));
  const real = (names: string[]) => names.filter((p) => !isVirtual(p)).map((p) => resolve(cwd, p));
  const fromSecond = second ? real(Object.keys(second.inputs)).filter((p) => p !== userBundlePath) : [];
  return [...new Set([...real(Object.keys(first.inputs)), ...fromSecond])];
}

/**
 * esbuild's "Top-level await is not available in the configured target environment" when it
 * lowers async functions for the promise jobs: said in the user's terms, at the user's line.
 */
function withoutTopLevelAwait(error: unknown, firstMap: string): unknown {
  if (!(error instanceof ComponentizeError) || !error.message.startsWith('Top-level await is not available')) return error;
  const at = error.location;
  const location = at && originalPositions(JSON.parse(firstMap) as SourceMapPayload)(at.line - 1, at.column - 1);
  return bundleFailed('top-level await cannot be used in this HTTP handler: its async functions are compiled to generators, whose promise jobs componentize runs during each request', {
    location: location ?? at,
    hint: 'Move the await into the handler (await a promise made at the top level there), or build with an engine whose HTTP layer runs promise jobs itself (--engine).',
  });
}

/** The offset of the first line of `final` that comes from the first pass's sources: the user's module, after the polyfills. */
function userModuleStart(final: { code: string; map: string }, firstMap: string): number | undefined {
  const line = firstLineFrom(JSON.parse(final.map) as SourceMapPayload, new Set((JSON.parse(firstMap) as SourceMapPayload).sources));
  if (line === undefined) return undefined;
  let at = 0;
  for (let n = 0; n < line; n++) {
    const end = final.code.indexOf('\n', at);
    if (end === -1) return undefined;
    at = end + 1;
  }
  return at;
}

/** The JavaScript output (the source map is an output too). */
export function jsOutput(metafile: Metafile): Metafile['outputs'][string] | undefined {
  return Object.entries(metafile.outputs).find(([path]) => path.endsWith('.js'))?.[1];
}

function sumBytes(metafile: Metafile, match: (input: string) => boolean): number {
  const output = jsOutput(metafile);
  return Object.entries(output?.inputs ?? {}).reduce((sum, [name, i]) => sum + (match(name) ? i.bytesInOutput : 0), 0);
}

/** One esbuild run with what both passes share; its errors become ours. */
async function esbuild(options: EsbuildOptions): Promise<{ code: string; map: string; metafile: Metafile; hasDefault: boolean }> {
  const result = await withEsbuildService(() => build({
    ...options,
    bundle: true,
    write: false,
    format: 'esm',
    target: 'es2022',
    sourcemap: 'external',
    sourcesContent: true,
    metafile: true,
    logLevel: 'silent',
  })).catch((failure: { errors?: Message[] }) => {
    if (!failure.errors?.length) throw failure;
    throw bundleError(failure.errors);
  });
  const js = result.outputFiles.find((f) => f.path.endsWith('.js'));
  const map = result.outputFiles.find((f) => f.path.endsWith('.js.map'));
  if (!js || !map) throw internalError('esbuild produced no JavaScript output');
  const output = Object.entries(result.metafile.outputs).find(([path]) => path.endsWith('.js'))?.[1];
  return { code: js.text, map: map.text, metafile: result.metafile, hasDefault: output?.exports.includes('default') ?? false };
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
  if (/^Node built-in /.test(message.text) || (unresolved !== undefined && (unresolved.startsWith('node:') || builtIn))) {
    return 'Built-ins such as buffer, events, path, util, url, crypto and process are polyfilled; those that need a file system, sockets or processes do not exist inside a component: import the WASI interface in the world instead (e.g. wasi:filesystem).';
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
