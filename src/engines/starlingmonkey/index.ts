import { defineEngine } from '../../wit-dylib/adapter.js';

/**
 * StarlingMonkey (SpiderMonkey) through componentize-js: a full Web-API runtime with weval AOT
 * support, at ~12 MB and ~20 s / ~800 MB per build. Its splicer panics on `async func`, `stream`
 * and `future`: async exports are built as sync functions and re-typed to `async` afterwards (a
 * sync lift; the runtime's event loop settles the returned promise inside the call, so calls are
 * serialized); async imports, streams and futures are refused before the build.
 */
export const engine = defineEngine({
  name: 'starlingmonkey',
  aliases: ['sm', 'spidermonkey'],
  description:
    'StarlingMonkey (SpiderMonkey) via componentize-js: ~12 MB, ~20 s builds, Web APIs, async exports as serialized calls',
  packageName: '@bytecodealliance/componentize-js',
  async packageFingerprint() {
    return (await import('./package-fingerprint.js')).enginePackageFingerprint();
  },
  capabilities: {
    asyncFunctions: true,
    // A sync-lowered call to an async-typed import was not checked to validate and run: refused.
    asyncImports: false,
    asyncConcurrency: false,
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
    // Measured: -5 arrives as 18446744073709551611 (converted at the boundary). Negative s64
    // results trapped in the generated bindings, which the build fixes (bindings-fix.ts).
    s64Params: 'unsigned',
    optionNone: 'undefined',
    thrownError: 'trap',
    // Results >= 2^31 came out wrong (the low word of a double); the build fixes the generated
    // bindings (bindings-fix.ts), so u32 is exact both ways.
    u32: 'exact',
    // Measured: a list<s32> parameter arrives as an Int32Array.
    numericLists: 'typed-array',
  },
  variants: [{ name: 'default', description: 'StarlingMonkey release build (with --weval: ahead-of-time compiled)' }],
  defaultVariant: () => 'default',
  wizer: 'binary',
  snapshotRandom: 'after-snapshot',
  reproducible: {
    value: false,
    // Measured: ~1 kB of the 9.5 MB memory snapshot differs. Fixing the work directory paths
    // and componentize-js's Math.random-named temp dir still leaves ~1.1 kB; pinning random and
    // clocks under Wizer as well makes the output identical. Wizer 11 has no flag for either.
    reason:
      "with --snapshotter wizer, Wizer runs SpiderMonkey with the host's real random source and clocks (wizer 11 has no flag to fix them): the snapshot keeps hash seeds and timestamps of build time, plus the build's temporary paths (about 1 kB differs between builds)",
  },
  // StarlingMonkey's fetch-event and fetch() layer speak wasi:http 0.2.10.
  builtinWasiVersion: '0.2.10',
  missingGlobals: ['TextEncoderStream', 'TextDecoderStream', 'URLPattern', 'reportError', 'navigator', 'Intl'],
  // CryptoKey: its crypto.subtle has digest and HMAC only (fixtures/web-crypto-probe), ours goes over it.
  flawedGlobals: ['AbortController', 'AbortSignal', 'CustomEvent', 'performance', 'CryptoKey'],
  lacks: ['unicode-property-escapes', 'string-normalize'],
  async packagedWeval() {
    return (await import('./weval-package.js')).packagedWeval();
  },
  // componentize-js runs Wizer with spawnSync (the event loop stops) and peaks ~800 MB.
  runsIn: 'child-process',
  async loadBuilder() {
    return (await import('./build.js')).buildWithStarlingMonkey;
  },
});
