import { readFile, rm } from 'node:fs/promises';
import { relative, sep } from 'node:path';
import { buildInputFiles, hashInputFiles } from '../cache/inputs.js';
import { optionValues, sharedToolchain } from '../cache/keys.js';
import type { BuildOptions } from '../options/schema.js';
import type { OptionsSource, ResolvedOptions } from '../options/types.js';
import { stageRunner } from '../stage-runner.js';
import { hashKey, sha256 } from '../store/fingerprint.js';
import { makeWorkDir } from '../store/temp-dirs.js';
import { BUILD_ENV, outputEnv } from '../toolchain/build-env.js';
import { packageVersion } from '../toolchain/package-version.js';
import { type LockEntry, lockfileEntries } from './lockfile.js';

export type { LockEntry } from './lockfile.js';

import { bundleBesideWorld, referenceWorld } from './steps.js';

/** What `componentizeInputs` reports: everything a build reads, and one hash of it. */
export interface BuildInputs {
  /**
   * sha256 of the files' paths (relative to `cwd`) and bytes, the lockfile entries, the output
   * variables, the tools' versions and the options: the same project in another directory or on
   * another machine has the same hash.
   */
  hash: string;
  /** The directory the paths below are relative to (not part of the hash). */
  cwd: string;
  /** Every file the build reads: sources, the package.json/tsconfig.json files that steered resolution, WIT, the config file. */
  files: { path: string; sha256: string }[];
  /** The lockfile (npm's) and its entries for the packages the bundle took files from. */
  lockfile: { path: string; sha256: string; entries: Record<string, LockEntry> } | undefined;
  /** Every environment variable a build reads, with its value here and what it changes; only `output` ones are hashed. */
  env: { name: string; value: string | null; changes: string; why: string }[];
  tools: {
    componentize: string;
    /** This componentize build: a hash of its CLI bundle (the library's modules stamps when compiled since). */
    componentizeBuild: string;
    esbuild: string;
    wizer: string;
    engine: { name: string; package: string; version: string };
  };
  /** The options that change what is built, paths relative to `cwd`. */
  options: Record<string, unknown>;
}

/**
 * The inputs of the build `options` describe, without building it: the options are resolved, the
 * entry bundled and the world loaded (the stages before the engine, ~0.5 s), and what they read is
 * hashed. Another build system keys its cache on `hash`; the lists say what to watch.
 */
export async function componentizeInputs(
  options: BuildOptions,
  context: { source?: OptionsSource; configFile?: string } = {},
): Promise<BuildInputs> {
  const { resolveOptions } = await import('../options/resolve.js');
  const resolved = await resolveOptions(options, context.source ?? 'api');
  const { stage } = stageRunner({});
  const workDir = await makeWorkDir();
  try {
    const { bundle } = await bundleBesideWorld(resolved, stage, referenceWorld(resolved, workDir));
    const paths = await buildInputFiles(bundle.inputs, resolved.wit);
    if (context.configFile) paths.push(context.configFile);
    return await describeInputs(resolved, paths);
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

async function describeInputs(resolved: ResolvedOptions, paths: readonly string[]): Promise<BuildInputs> {
  const { cwd } = resolved;
  const portable = (path: string) => relative(cwd, path).split(sep).join('/');
  const hashed = await hashInputFiles([...new Set(paths)].sort());
  const files = hashed.map((f) => ({ path: portable(f.path), sha256: f.sha256 })).sort(byPath);
  const lock = await lockfileEntries(cwd, paths);
  const lockfile = lock && {
    path: portable(lock.path),
    sha256: sha256(await readFile(lock.path)),
    entries: lock.entries,
  };
  const shared = await sharedToolchain();
  const tools = {
    componentize: await packageVersion('componentize').catch(() => 'unknown'),
    componentizeBuild: shared.tool,
    esbuild: shared.esbuild,
    wizer: shared.wizer,
    engine: {
      name: resolved.engine.name,
      package: resolved.engine.packageName,
      version: await packageVersion(resolved.engine.packageName),
      // A patched engine package builds other bytes under the same version (as in cache/keys.ts).
      fingerprint: (await resolved.engine.packageFingerprint?.()) ?? null,
    },
  };
  const values = optionValues(resolved, 'options');
  const { cwd: _cwd, ...rest } = values;
  // `sourcemap` is no build option (the map is always made) but decides whether `<out>.map` is an output.
  const chosen = {
    ...rest,
    entry: portable(resolved.entry),
    wit: portable(resolved.wit),
    sourcemap: resolved.sourcemap,
  };
  const env = BUILD_ENV.map((v) => ({
    name: v.name,
    value: process.env[v.name] ?? null,
    changes: v.changes,
    why: v.why,
  }));
  const hash = hashKey({
    files: files.map((f) => [f.path, f.sha256]),
    // The lockfile's entries, not its bytes: an unrelated package's bump does not change this build.
    lock: lockfile?.entries,
    env: outputEnv(),
    tools,
    options: chosen,
  });
  return { hash, cwd, files, lockfile, env, tools, options: chosen };
}

const byPath = (a: { path: string }, b: { path: string }) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
