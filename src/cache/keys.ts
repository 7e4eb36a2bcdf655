import { stat } from 'node:fs/promises';
import { verifierCapability } from '../host/component-node.js';
import type { ParsedBuildOptions } from '../options/schema.js';
import type { ResolvedOptions } from '../options/types.js';
import { hashKey, sha256, toolFingerprint } from '../store/fingerprint.js';
import { outputEnv } from '../toolchain/build-env.js';
import { packageVersion } from '../toolchain/package-version.js';

/**
 * This componentize build, the tools every engine shares, and whether components can be run to
 * verify them here: a build made where verification could not run (Node 20 with no newer Node
 * around) is a different entry from one that was verified, so a verifying build never reuses it.
 */
export async function sharedToolchain(): Promise<{
  tool: string;
  esbuild: string;
  wizer: string;
  verifier: 'jspi' | 'none';
}> {
  const [tool, esbuild, wizer, verifier] = await Promise.all([
    toolFingerprint(),
    packageVersion('esbuild'),
    packageVersion('@bytecodealliance/wizer'),
    verifierCapability(),
  ]);
  return { tool, esbuild, wizer: process.env.COMPONENTIZE_WIZER_BIN ?? wizer, verifier };
}

/**
 * How each build option enters the cache's two keys, one row per option of the schema
 * (`satisfies` fails to compile when an option has no row, so a new option cannot be left out):
 *
 * - `both`: changes the component in a way the built content does not show (the engine, what
 *   WASI is left out, whether verification ran): part of the options key and the content key.
 * - `options`: changes what is read or how it is bundled; the content key already sees its effect
 *   (the bundle's code and map, the resolved world, the variant chosen), so only the options key,
 *   which must tell a repeated build apart before any of that exists, holds it.
 * - `neither`, with the reason: where the output goes and what it is checked against (recorded
 *   beside the inputs as the emit target), or the cache's own settings.
 */
const OPTION_KEY_ROWS = {
  entry: { in: 'options', value: (o) => o.entry },
  wit: { in: 'options', value: (o) => o.wit },
  world: { in: 'options', value: (o) => o.world },
  engine: { in: 'both', value: (o) => o.engine.name },
  out: { in: 'neither', why: 'emit target' },
  minify: { in: 'options', value: (o) => o.minify },
  // Every build keeps the bundle's map (in its entry); the flag only decides whether emit writes it.
  sourcemap: { in: 'neither', why: 'emit target' },
  conditions: { in: 'options', value: (o) => o.conditions },
  nodeEnv: { in: 'options', value: (o) => o.nodeEnv },
  locales: { in: 'options', value: (o) => o.locales },
  // A hit must not claim a check that never ran: the options key, as the content does not change.
  typecheck: { in: 'options', value: (o) => o.typecheck },
  disable: { in: 'both', value: (o) => o.disable },
  allow: { in: 'neither', why: 'emit target' },
  deny: { in: 'neither', why: 'emit target' },
  variant: { in: 'options', value: (o) => o.variant },
  // Verification does not change the bytes, but a hit must not claim a check that never ran.
  verify: { in: 'both', value: (o) => o.verify },
  verifyCall: { in: 'both', value: (o) => o.verifyCall },
  weval: { in: 'both', value: (o) => Boolean(o.weval) },
  // Another snapshotter takes another snapshot (the same program, other bytes).
  snapshotter: { in: 'both', value: (o) => o.wizer?.kind },
  // The binary it names is keyed by its identity (`toolchain`), wherever it was found.
  wevalBin: { in: 'neither', why: 'keyed as the weval binary' },
  budget: { in: 'neither', why: 'emit target' },
  // A build that ran out of time fails and is not stored; one that finished is the same under any limit.
  snapshotTimeoutMs: { in: 'neither', why: 'time limit' },
  cache: { in: 'neither', why: 'cache setting' },
  cacheDir: { in: 'neither', why: 'cache setting' },
  cacheMaxBytes: { in: 'neither', why: 'cache setting' },
  cwd: { in: 'options', value: (o) => o.cwd },
} as const satisfies Record<keyof ParsedBuildOptions, KeyRow>;

type KeyRow =
  | { in: 'both' | 'options'; value: (options: ResolvedOptions) => unknown }
  | { in: 'neither'; why: 'emit target' | 'cache setting' | 'keyed as the weval binary' | 'time limit' };

/** The options' part of a key: the rows that go `into` it, by name. */
export function optionValues(options: ResolvedOptions, into: 'options' | 'content'): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const [name, row] of Object.entries(OPTION_KEY_ROWS) as [string, KeyRow][]) {
    if (row.in === 'both' || (row.in === 'options' && into === 'options')) values[name] = row.value(options);
  }
  return values;
}

/** Everything outside the input files and the options that can change the output: our build, the tools' versions. */
async function toolchain(options: ResolvedOptions): Promise<Record<string, unknown>> {
  // A weval binary is identified by its bytes' size and mtime: hashing 40 MB on every run would
  // cost more than the check saves.
  const weval = options.weval
    ? await stat(options.weval.path).then(
        (s) => `${options.weval!.path}:${s.size}:${s.mtimeMs}`,
        () => options.weval!.path,
      )
    : undefined;
  return {
    ...(await sharedToolchain()),
    engineVersion: await packageVersion(options.engine.packageName),
    enginePackage: await options.engine.packageFingerprint?.(),
    wevalBinary: weval,
    // SOURCE_DATE_EPOCH and the tool overrides: another value is another component.
    env: outputEnv(),
  };
}

/**
 * The key of a build's options: with the hashes of the input files it recorded, it recognises a
 * repeated build before anything is bundled or parsed (the fast path to a hit).
 */
export async function optionsKey(options: ResolvedOptions): Promise<string> {
  return hashKey({ ...(await toolchain(options)), options: optionValues(options, 'options') });
}

export interface BuildContent {
  /** The JavaScript the engine receives (after the parity layer), and its file name (it appears in stack traces); its map is not keyed. */
  code: string;
  fileName: string;
  map: string | undefined;
  /** The resolved world, encoded by wasm-tools: covers every WIT file and dependency it used. */
  resolvedWit: Uint8Array;
  world: string | undefined;
  variant: string;
}

/**
 * The content key: the same bundle, resolved WIT and toolchain give the same key, however the
 * sources were written (a changed comment that esbuild drops still hits).
 */
export async function contentKey(options: ResolvedOptions, content: BuildContent): Promise<string> {
  return hashKey({
    ...(await toolchain(options)),
    options: optionValues(options, 'content'),
    code: sha256(content.code),
    fileName: content.fileName,
    // Not the map: it is not in the component. A change esbuild drops (a comment) changes the map
    // but not the component; the session hands out the map of the bundle at hand (cache/session.ts).
    resolvedWit: sha256(content.resolvedWit),
    world: content.world,
    variant: content.variant,
  });
}
