import { stat } from 'node:fs/promises';
import type { ResolvedOptions } from '../options/types.js';
import { packageVersion } from '../toolchain/package-version.js';
import { verifierCapability } from '../host/component-node.js';
import { hashKey, sha256, toolFingerprint } from '../store/fingerprint.js';

/**
 * This componentize build, the tools every engine shares, and whether components can be run to
 * verify them here: a build made where verification could not run (Node 20 with no newer Node
 * around) is a different entry from one that was verified, so a verifying build never reuses it.
 */
export async function sharedToolchain(): Promise<{ tool: string; esbuild: string; wizer: string; verifier: 'jspi' | 'none' }> {
  const [tool, esbuild, wizer, verifier] = await Promise.all([toolFingerprint(), packageVersion('esbuild'), packageVersion('@bytecodealliance/wizer'), verifierCapability()]);
  return { tool, esbuild, wizer: process.env.COMPONENTIZE_WIZER_BIN ?? wizer, verifier };
}

/** Everything outside the input files that can change the output: our build, the tools' versions, the options. */
async function toolchain(options: ResolvedOptions): Promise<Record<string, unknown>> {
  // A weval binary is identified by its bytes' size and mtime: hashing 40 MB on every run would
  // cost more than the check saves.
  const weval = options.weval ? await stat(options.weval.path).then((s) => `${options.weval!.path}:${s.size}:${s.mtimeMs}`, () => options.weval!.path) : undefined;
  return {
    ...(await sharedToolchain()),
    engine: options.engine.name,
    engineVersion: await packageVersion(options.engine.packageName),
    enginePackage: await options.engine.packageFingerprint?.(),
    disable: options.disable,
    weval,
    // Verification does not change the bytes, but a hit must not claim a check that never ran.
    verify: options.verify,
    verifyCall: options.verifyCall,
  };
}

/**
 * The key of a build's options: with the hashes of the input files it recorded, it recognises a
 * repeated build before anything is bundled or parsed (the fast path to a hit).
 */
export async function optionsKey(options: ResolvedOptions): Promise<string> {
  return hashKey({
    ...(await toolchain(options)),
    cwd: options.cwd,
    entry: options.entry,
    wit: options.wit,
    world: options.world,
    variant: options.variant,
    minify: options.minify,
    sourcemap: options.sourcemap,
    typecheck: options.typecheck,
  });
}

export interface BuildContent {
  /** The JavaScript the engine receives (after the parity layer), and its file name (it appears in stack traces). */
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
    code: sha256(content.code),
    fileName: content.fileName,
    map: content.map === undefined ? undefined : sha256(content.map),
    resolvedWit: sha256(content.resolvedWit),
    world: content.world,
    variant: content.variant,
  });
}
