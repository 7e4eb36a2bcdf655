import { delimiter, join } from 'node:path';
import { toolNotFound } from '../errors.js';
import { isExecutable } from '../toolchain/executable.js';

export const WEVAL_ENV = 'COMPONENTIZE_WEVAL_BIN';

export interface WevalBinary {
  path: string;
  /** For the report: which weval, found how. */
  description: string;
}

/** Gets the binary of the `@bytecodealliance/weval` package (it downloads it on first use). */
export type PackageWeval = () => Promise<string>;

const NO_PACKAGE: PackageWeval = () => Promise.reject(new Error('the engine ships no weval package'));

const PACKAGE_TIMEOUT_MS = 120_000;

/**
 * The weval binary for `--weval`, looked for in this order: `--weval-bin`, `$COMPONENTIZE_WEVAL_BIN`,
 * `weval` on PATH, then the `@bytecodealliance/weval` package the engine depends on (the engine
 * adapter's `packagedWeval`), which downloads a release on first use (impossible where the
 * download host is unreachable). A path given explicitly that does not
 * work is an error at once: silently using another weval would be worse.
 */
export async function resolveWeval(
  flag: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
  fromPackage: PackageWeval = NO_PACKAGE,
): Promise<WevalBinary> {
  if (flag) return { path: await executable(flag, '--weval-bin'), description: `${flag} (--weval-bin)` };
  const fromEnv = env[WEVAL_ENV];
  if (fromEnv) return { path: await executable(fromEnv, WEVAL_ENV), description: `${fromEnv} (${WEVAL_ENV})` };

  const tried = ['--weval-bin: not given', `${WEVAL_ENV}: not set`];
  const dirs = (env.PATH ?? '').split(delimiter).filter(Boolean);
  for (const dir of dirs) {
    const candidate = join(dir, 'weval');
    if (await isExecutable(candidate)) return { path: candidate, description: `${candidate} (PATH)` };
  }
  tried.push(`PATH: no executable weval in ${dirs.length} director${dirs.length === 1 ? 'y' : 'ies'}`);

  try {
    const path = await withTimeout(fromPackage(), PACKAGE_TIMEOUT_MS);
    return { path, description: `${path} (@bytecodealliance/weval)` };
  } catch (error) {
    const cause =
      error instanceof Error
        ? `${error.message}${error.cause instanceof Error ? `: ${error.cause.message}` : ''}`
        : String(error);
    tried.push(`@bytecodealliance/weval: could not get its binary (${cause})`);
  }
  throw toolNotFound(
    `--weval needs the weval binary, and none was found. Tried, in order:\n${tried.map((t, i) => `  ${i + 1}. ${t}`).join('\n')}`,
    {
      hint: `Install weval and pass --weval-bin <path> (or set ${WEVAL_ENV}); the package downloads a release binary on first use, which needs network access to the release host.`,
    },
  );
}

async function executable(path: string, source: string): Promise<string> {
  if (await isExecutable(path)) return path;
  throw toolNotFound(`${source} points to "${path}", which is not an executable file`, {
    hint: `Point ${source} to the weval binary.`,
  });
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms / 1000} s`)), ms);
    timer.unref();
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
