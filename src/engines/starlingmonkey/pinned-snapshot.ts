import { createHash } from 'node:crypto';
import { constants } from 'node:fs';
import { access, mkdir, open, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { isAlive } from '../../store/temp-dirs.js';

/**
 * What makes a StarlingMonkey build byte-reproducible with our snapshotter: SpiderMonkey's heap
 * follows the clock and the random seed it reads during the init (hash seeds, timestamps), and
 * componentize-js names its work directory, which the runtime keeps in the snapshot, with
 * `Math.random`. Pinning all three from the build's inputs gives the same bytes on every run.
 */
export interface SnapshotPins {
  /** WASI clocks during the init, in ns since the epoch. */
  clockEpochNs: bigint;
  /** Seeds WASI `random_get` during the init. */
  randomSeed: Uint8Array;
  /** For the report: where the time came from. */
  clockSource: string;
}

/** 2000-01-01T00:00:00Z: the init's clock when `SOURCE_DATE_EPOCH` is unset (a fixed, plausible date). */
const FIXED_EPOCH_SECONDS = 946_684_800n;

/**
 * The clock from `SOURCE_DATE_EPOCH` (reproducible-builds.org: seconds since the epoch) or the
 * fixed date; the seed from the bundle and the world, so another program gets other seeds.
 */
export async function snapshotPins(
  bundlePath: string,
  world: string | undefined,
  env = process.env,
): Promise<SnapshotPins> {
  const given = env.SOURCE_DATE_EPOCH?.trim();
  const seconds = given && /^\d+$/.test(given) ? BigInt(given) : FIXED_EPOCH_SECONDS;
  const seed = createHash('sha256')
    .update(await readFile(bundlePath))
    .update(`\0${world ?? ''}`)
    .digest();
  return {
    clockEpochNs: seconds * 1_000_000_000n,
    randomSeed: new Uint8Array(seed),
    clockSource:
      given && /^\d+$/.test(given)
        ? `SOURCE_DATE_EPOCH=${given}`
        : 'fixed at 2000-01-01T00:00:00Z (SOURCE_DATE_EPOCH unset)',
  };
}

/**
 * Runs `fn` with `Math.random` replaced by a generator seeded from `seed` (sfc32: small, fast,
 * enough for naming a directory), then puts the real one back. Only for the engine's own process,
 * which runs one build: componentize-js calls `Math.random` to name its work directory.
 */
export async function withSeededMathRandom<T>(seed: Uint8Array, fn: () => Promise<T>): Promise<T> {
  const view = new DataView(seed.buffer, seed.byteOffset, seed.byteLength);
  let [a, b, c, d] = [0, 4, 8, 12].map((at) => view.getUint32(at, true)) as [number, number, number, number];
  const next = () => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  const real = Math.random;
  Math.random = next;
  try {
    return await fn();
  } finally {
    Math.random = real;
  }
}

/**
 * Runs `fn` in a work directory whose path depends only on the seed: componentize-js keeps the
 * paths of the source and of its own work directory (under `os.tmpdir()`) in the snapshot, so a
 * random directory name would change the bytes. `fn` gets the directory for the source; while it
 * runs, `TMPDIR` points into the same place. Two builds of the same program share the path, so a
 * lock file (holding the builder's pid) makes the second wait; a lock whose process is gone is
 * taken over and its directory emptied.
 */
export async function inPinnedWorkDir<T>(seed: Uint8Array, fn: (sourceDir: string) => Promise<T>): Promise<T> {
  // The user's id in the name: /tmp is shared, and another user's directory there cannot be removed.
  const user = process.getuid?.() ?? 0;
  const base = join(await pinnedRoot(), `componentize-sm-${user}-${Buffer.from(seed.subarray(0, 6)).toString('hex')}`);
  const lock = `${base}.lock`;
  await acquire(lock);
  const savedTmp = process.env.TMPDIR;
  try {
    await rm(base, { recursive: true, force: true });
    const sourceDir = join(base, 'src');
    await mkdir(join(base, 'tmp'), { recursive: true });
    await mkdir(sourceDir, { recursive: true });
    process.env.TMPDIR = join(base, 'tmp');
    return await fn(sourceDir);
  } finally {
    if (savedTmp === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = savedTmp;
    await rm(base, { recursive: true, force: true });
    await rm(lock, { force: true });
  }
}

/**
 * Where the pinned work directory goes. Its path is in the snapshot, so it must not depend on the
 * machine: `$TMPDIR` is `/var/folders/<random>/T` on macOS, a per-user directory under many CI
 * runners and test harnesses, so `/tmp` is used wherever it can be written, the same on every
 * POSIX machine. Elsewhere (Windows) the system temp directory: reproducible on one machine only.
 */
async function pinnedRoot(): Promise<string> {
  if (
    process.platform !== 'win32' &&
    (await access('/tmp', constants.W_OK).then(
      () => true,
      () => false,
    ))
  )
    return '/tmp';
  // In an engine child process TMPDIR is the build's own, randomly named, directory (run-child.ts).
  return process.env.COMPONENTIZE_SYSTEM_TMPDIR || tmpdir();
}

async function acquire(lock: string): Promise<void> {
  for (;;) {
    try {
      const handle = await open(lock, 'wx');
      await handle.writeFile(String(process.pid));
      await handle.close();
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = Number(await readFile(lock, 'utf8').catch(() => ''));
    if (!holder || !isAlive(holder)) await rm(lock, { force: true });
    else await sleep(250);
  }
}
