import { defineEngine, variantBuilds } from '../../wit-dylib/adapter.js';

/** The namespace QuickJS builds the user's WASI under: as long as `wasi`, so the bundle's columns stay put. */
const WASI_STAND_IN = { namespace: 'wxsi' };

const NO_ASYNC = { asyncFunctions: false, asyncImports: false, streams: false, futures: false };

/**
 * QuickJS-NG through componentize-qjs: wit-dylib generates the bindings, rquickjs runs the
 * JavaScript, and Wizer runs inside the native addon. Small (~1–1.6 MB) and fast to build (~2 s),
 * with component-model async (WASI P3) support.
 */
export const engine = defineEngine({
  name: 'quickjs',
  aliases: ['qjs'],
  description: 'QuickJS-NG via componentize-qjs: ~1–1.6 MB, ~2 s builds, async/stream/future (P3)',
  packageName: 'componentize-qjs',
  capabilities: {
    asyncFunctions: true,
    asyncImports: true,
    asyncConcurrency: true,
    streams: true,
    futures: true,
    resources: true,
    // componentize-qjs can only stub every WASI import at once (`stubWasi`).
    disableableFeatures: [],
    canDisableAllWasi: true,
    // No Web fetch layer in the runtime: only the raw incomingHandler export.
    fetchEvent: false,
    aot: false,
  },
  conventions: {
    int64: 'number',
    s64Params: 'exact',
    optionNone: 'null',
    thrownError: 'message',
    u32: 'signed',
    numericLists: 'array',
  },
  variants: [
    { name: 'default', description: 'component-model async runtime (needed for async func, stream, future)' },
    { name: 'opt-size', description: 'async runtime optimized for size' },
    { name: 'sync', description: 'non-async runtime', restricts: NO_ASYNC },
    {
      name: 'sync-opt-size',
      description: 'non-async runtime optimized for size: the smallest output',
      restricts: NO_ASYNC,
    },
  ],
  defaultVariant(world) {
    // The async runtime costs ~0.5 MB; only worlds that use async need it.
    return variantBuilds(world, this, 'sync-opt-size') ? 'sync-opt-size' : 'default';
  },
  wizer: 'in-process',
  defaultVariantRule: '`sync-opt-size` unless the world uses async, stream or future',
  snapshotRandom: 'frozen',
  reproducible: {
    value: false,
    // Measured (two builds of one input, section by section): only ~180 bytes of the memory
    // snapshot differ, and pinning getrandom and clock_gettime under the engine makes the
    // output identical. componentize-qjs has no option to pin them.
    reason:
      "componentize-qjs runs Wizer with the host's real random source and clocks, and offers no option to fix them: the snapshot keeps the Math.random state, hash-map keys and clock readings of build time (a few hundred bytes differ between builds)",
  },
  // The runtime itself imports WASI 0.2.12; the user's WASI must be another version, because a
  // component cannot import one name twice (and the HTTP build renames it, see ENGINE-NOTES).
  builtinWasiVersion: '0.2.10',
  // Its snapshot linker fails "mismatched resource types" on a world using wasi:http/types: such a
  // world builds under a stand-in namespace (world-transforms/wasi-stand-in.ts). And it stubs
  // imports with sync functions: any world importing an `async func` fails "instance export `send`
  // has the wrong type: type mismatch with async", so the async imports the bundle does not use are
  // left out (world-transforms/async-imports.ts; one it uses is an error before the build).
  async prepareWorld(world, workDir) {
    const [{ standInEngineWorld, usesWasi }, { withoutUnusedAsyncImports }] = await Promise.all([
      import('../../world-transforms/wasi-stand-in.js'),
      import('../../world-transforms/async-imports.js'),
    ]);
    const renamed = usesWasi(world.model) ? await standInEngineWorld(world, workDir, WASI_STAND_IN) : world;
    return withoutUnusedAsyncImports(renamed, workDir, 'quickjs');
  },
  async finishComponent(component, world) {
    const { restoreWasiNames, usesWasi } = await import('../../world-transforms/wasi-stand-in.js');
    return usesWasi(world.model) ? restoreWasiNames(component, WASI_STAND_IN) : component;
  },
  missingGlobals: [
    'console',
    'TextEncoder',
    'TextDecoder',
    'URL',
    'URLSearchParams',
    'structuredClone',
    'setTimeout',
    'setInterval',
    'clearTimeout',
    'clearInterval',
    'crypto',
    'CryptoKey',
    'fetch',
    'ReadableStream',
    'WritableStream',
    'TransformStream',
    'TextEncoderStream',
    'TextDecoderStream',
    'CompressionStream',
    'DecompressionStream',
    'AbortController',
    'AbortSignal',
    'EventTarget',
    'Event',
    'CustomEvent',
    'Blob',
    'File',
    'FormData',
    'URLPattern',
    'reportError',
    'self',
    'navigator',
    'Intl',
  ],
  flawedGlobals: ['performance'],
  lacks: [],
  // componentize() runs on a libuv thread and could build in this process, but it cannot be
  // stopped there: a top-level `for(;;){}` in the entry spins inside the native addon until the
  // process exits, past Ctrl-C and any time limit. A process of its own can be killed; on a hello
  // world the build took 3.1-3.8 s either way (measured, 2 shared cores), within the noise.
  runsIn: 'child-process',
  async loadBuilder() {
    return (await import('./build.js')).buildWithQuickJs;
  },
});
