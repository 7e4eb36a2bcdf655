import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';

/**
 * What makes a StarlingMonkey build byte-reproducible with our snapshotter: SpiderMonkey's heap
 * follows the clock and the random seed it reads during the init (hash seeds, timestamps).
 * Pinning both from the build's inputs, and showing the init no host path (build-own.ts), gives
 * the same bytes on every run.
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
