import { defineEngine } from '../../wit-dylib/adapter.js';

/**
 * StarlingMonkey (SpiderMonkey) through componentize-js: a full Web-API runtime with weval AOT
 * support, at ~12 MB and ~20 s / ~800 MB per build. WASI P2 only: its splicer panics on
 * `async func`, `stream` and `future`.
 */
export const engine = defineEngine({
  name: 'starlingmonkey',
  aliases: ['sm', 'spidermonkey'],
  description: 'StarlingMonkey (SpiderMonkey) via componentize-js: ~12 MB, ~20 s builds, Web APIs, P2 only',
  packageName: '@bytecodealliance/componentize-js',
  capabilities: {
    asyncFunctions: false,
    streams: false,
    futures: false,
    resources: true,
    disableableFeatures: ['stdio', 'clocks', 'random', 'http', 'fetch-event'],
    canDisableAllWasi: true,
    fetchEvent: true,
    aot: true,
  },
  conventions: {
    int64: 'bigint',
    // Measured: -5 arrives as 18446744073709551611; any negative s64 result traps.
    s64Params: 'unsigned',
    s64Results: 'non-negative',
    optionNone: 'undefined',
    thrownError: 'trap',
    // Measured: 4294967295 comes out as 4292870144, 2^31 as 0; no JS-side representation helps.
    u32: 'lossy-results',
  },
  variants: [{ name: 'default', description: 'StarlingMonkey release build (with --weval: ahead-of-time compiled)' }],
  defaultVariant: () => 'default',
  wizer: 'binary',
  snapshotRandom: 'per-instance',
  reproducible: {
    value: false,
    // Measured: ~1 kB of the 9.5 MB memory snapshot differs. Fixing the work directory paths
    // and componentize-js's Math.random-named temp dir still leaves ~1.1 kB; pinning random and
    // clocks under Wizer as well makes the output identical. Wizer 11 has no flag for either.
    reason:
      'Wizer runs SpiderMonkey with the host\'s real random source and clocks (wizer 11 has no flag to fix them): the snapshot keeps hash seeds and timestamps of build time, plus the build\'s temporary paths (about 1 kB differs between builds)',
  },
  // StarlingMonkey's fetch-event and fetch() layer speak wasi:http 0.2.10.
  builtinWasiVersion: '0.2.10',
  missingGlobals: ['Intl'],
  lacks: ['unicode-property-escapes', 'string-normalize'],
  async packagedWeval() {
    return (await import('./weval-package.js')).packagedWeval();
  },
  async loadBuilder() {
    return (await import('./build.js')).buildWithStarlingMonkey;
  },
});
