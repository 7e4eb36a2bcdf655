import type { SourceMapPayload } from 'node:module';
import { join } from 'node:path';
import type { Metafile } from 'esbuild';
import { bundleFailed, ComponentizeError } from '../errors.js';
import { firstLineFrom, originalPositions } from '../js/source-map.js';
import type { ResolvedOptions } from '../options/types.js';
import { type EsbuildOutput, esbuild, sumBytes } from './esbuild-run.js';
import { POLYFILL_RESOLVE_DIR } from './globals/npm.js';
import type { Polyfill, PolyfillModule } from './globals/polyfill.js';
import { promiseJobsModule } from './globals/promise-jobs.js';
import { minifiedBytes } from './polyfill-bytes.js';
import { bytesFrom, installImports, polyfillInput, polyfillPlugin } from './polyfills.js';
import { witExternalsPlugin } from './wit-externals.js';

const USER_BUNDLE = 'componentize-user-bundle';
const PROMISE_JOBS = 'componentize-promise-jobs';
/** What esbuild lowers to generators when the promise jobs are ours (globals/promise-jobs.ts): `await` then uses the global Promise. */
const NATIVE_ASYNC = { 'async-await': false, 'async-generator': false, 'for-await': false } as const;

/** `String.prototype.normalize` from unorm (Unicode normalization, the classic spec-following shim; installs itself only where missing). */
const NORMALIZE_POLYFILL = 'unorm/lib/unorm.js';

/** What goes in front of the user's module: the polyfills, `String.prototype.normalize`, the Promise whose jobs componentize runs. */
export interface SecondPassPlan {
  needed: Polyfill[];
  normalize: boolean;
  ownJobs: boolean;
}

export interface SecondPass {
  output: EsbuildOutput;
  /** Each polyfill's module as it was loaded, by global. */
  loaded: Map<string, PolyfillModule>;
  /** Where the user's module begins in the output (see parseBundleFrom). */
  userStart: number | undefined;
  /** Each polyfill's bytes in a minified bundle (measured beside the rest of the build). */
  bytes: Promise<Map<string, number>>;
}

/**
 * The second esbuild pass: only the polyfills the first pass's output reads, put in front of it
 * (esbuild's own `inject` cannot do that: a CommonJS module anywhere in the bundle makes it
 * initialize every injected module), then minified if asked. It reads the first pass's output at
 * the path its source map was written for, with that map inline, so positions still map to the
 * user's files.
 */
export async function secondPass(
  options: ResolvedOptions,
  fileName: string,
  code: string,
  first: EsbuildOutput,
  plan: SecondPassPlan,
): Promise<SecondPass> {
  const { needed, normalize, ownJobs } = plan;
  const inline = `\n//# sourceMappingURL=data:application/json;base64,${Buffer.from(first.map).toString('base64')}\n`;
  const userPath = join(options.cwd, fileName);
  const user = JSON.stringify(USER_BUNDLE);
  const reexports = first.hasDefault
    ? `export * from ${user};\nexport { default } from ${user};`
    : `export * from ${user};`;
  const entry = [
    ...(ownJobs ? [`import ${JSON.stringify(PROMISE_JOBS)};`] : []),
    ...installImports(needed),
    ...(normalize ? [`import ${JSON.stringify(NORMALIZE_POLYFILL)};`] : []),
    reexports,
  ].join('\n');
  const run = (minify: boolean, into: Map<string, PolyfillModule>) =>
    esbuild({
      stdin: {
        contents: entry,
        resolveDir: POLYFILL_RESOLVE_DIR,
        sourcefile: 'componentize-polyfill:entry',
        loader: 'js',
      },
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
            b.onResolve({ filter: new RegExp(`^${PROMISE_JOBS}$`) }, () => ({
              path: PROMISE_JOBS,
              namespace: PROMISE_JOBS,
            }));
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
            b.onLoad({ filter: /.*/ }, (args) =>
              args.path === userPath ? { contents: code + inline, loader: 'js', resolveDir: options.cwd } : undefined,
            );
          },
        },
      ],
    }).catch((error: unknown) => {
      throw ownJobs ? withoutTopLevelAwait(error, first.map) : error;
    });
  const loaded = new Map<string, PolyfillModule>();
  const output = await run(options.minify, loaded);
  const bytesIn = (metafile: Metafile) => {
    const bytes = bytesFrom(metafile, new Map(needed.map((p) => [polyfillInput(p), p.wraps?.label ?? p.global])));
    if (ownJobs)
      bytes.set(
        'Promise (jobs run by componentize)',
        sumBytes(
          metafile,
          (input) => input.startsWith(`${PROMISE_JOBS}:`) || input.includes('node_modules/core-js-pure/'),
        ),
      );
    if (normalize)
      bytes.set(
        'String.prototype.normalize',
        sumBytes(metafile, (input) => input.includes('node_modules/unorm/')),
      );
    return bytes;
  };
  const sources = [...loaded.values()].map((m) => m.source);
  const bytes = options.minify
    ? Promise.resolve(bytesIn(output.metafile))
    : minifiedBytes(['second', code, entry, ...sources], async () => bytesIn((await run(true, new Map())).metafile));
  return { output, loaded, userStart: userModuleStart(output, first.map), bytes };
}

/**
 * esbuild's "Top-level await is not available in the configured target environment" when it
 * lowers async functions for the promise jobs: said in the user's terms, at the user's line.
 */
function withoutTopLevelAwait(error: unknown, firstMap: string): unknown {
  if (!(error instanceof ComponentizeError) || !error.message.startsWith('Top-level await is not available'))
    return error;
  const at = error.location;
  const location = at && originalPositions(JSON.parse(firstMap) as SourceMapPayload)(at.line - 1, at.column - 1);
  return bundleFailed(
    'top-level await cannot be used in this HTTP handler: its async functions are compiled to generators, whose promise jobs componentize runs during each request',
    {
      location: location ?? at,
      hint: 'Move the await into the handler (await a promise made at the top level there), or build with an engine whose HTTP layer runs promise jobs itself (--engine).',
    },
  );
}

/** The offset of the first line of `final` that comes from the first pass's sources: the user's module, after the polyfills. */
function userModuleStart(final: { code: string; map: string }, firstMap: string): number | undefined {
  const line = firstLineFrom(
    JSON.parse(final.map) as SourceMapPayload,
    new Set((JSON.parse(firstMap) as SourceMapPayload).sources),
  );
  if (line === undefined) return undefined;
  let at = 0;
  for (let n = 0; n < line; n++) {
    const end = final.code.indexOf('\n', at);
    if (end === -1) return undefined;
    at = end + 1;
  }
  return at;
}
