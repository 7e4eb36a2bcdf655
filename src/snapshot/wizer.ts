import { internalError, toolNotFound } from '../errors.js';
import { isExecutable } from '../toolchain/executable.js';
import { packageVersion } from '../toolchain/package-version.js';

/** Environment variable that points to another Wizer binary, as esbuild's ESBUILD_BINARY_PATH does. */
export const WIZER_ENV = 'COMPONENTIZE_WIZER_BIN';

/** What takes the snapshot for an engine that runs Wizer as a program: a Wizer binary, or our V8 snapshotter (src/snapshot/v8/). */
export type WizerBinary =
  | {
      kind: 'binary';
      path: string;
      /** For the report: which Wizer, and why that one. */
      description: string;
    }
  | { kind: 'v8'; description: string };

/** Our snapshotter, which the engine runs with Wizer's command line (snapshot/v8/wizer-cli.ts). */
export const V8_SNAPSHOTTER: WizerBinary = {
  kind: 'v8',
  description:
    "componentize's V8 snapshotter (Wizer 11 compatible; init run in Node with the clock pinned and randomness seeded)",
};

/**
 * The Wizer that engines running Wizer as a program get: `$COMPONENTIZE_WIZER_BIN`, or the binary
 * of the `@bytecodealliance/wizer` version we depend on. We never let an engine fall back to a
 * copy nested inside its own dependencies, whose version nobody chose.
 */
export async function resolveWizer(env: NodeJS.ProcessEnv = process.env): Promise<WizerBinary> {
  const override = env[WIZER_ENV];
  if (override) {
    if (!(await isExecutable(override))) {
      throw toolNotFound(`${WIZER_ENV} points to "${override}", which is not an executable file`, {
        hint: `Unset ${WIZER_ENV} to use the bundled Wizer, or point it to a Wizer binary.`,
      });
    }
    return { kind: 'binary', path: override, description: `wizer at ${override} (from ${WIZER_ENV})` };
  }
  let path: string;
  try {
    // The package's default export is the absolute path of the binary for this platform.
    path = ((await import('@bytecodealliance/wizer')) as { default: string }).default;
  } catch (cause) {
    throw internalError(
      'no Wizer binary for this platform: @bytecodealliance/wizer could not load its platform package',
      {
        hint: `Reinstall without --no-optional, or set ${WIZER_ENV} to a Wizer binary.`,
        cause,
      },
    );
  }
  return {
    kind: 'binary',
    path,
    description: `@bytecodealliance/wizer ${await packageVersion('@bytecodealliance/wizer')} (${path})`,
  };
}
