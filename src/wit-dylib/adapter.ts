/**
 * The contract between the pipeline and a JavaScript engine, modelled on wit-dylib: the adapter
 * side knows the WIT world, the engine side knows JavaScript. An engine describes what it can
 * build and how WIT values look to JavaScript in it; the pipeline uses that description for its
 * checks and reports, and calls `build` to get a component.
 *
 * An engine is one folder under `src/engines/<name>/` whose `index.ts` exports `engine`
 * (listed in `engines/registry.ts`). Nothing outside `src/engines/<name>/` names a particular
 * engine (test/unit/engine-names.test.ts checks it).
 */
import type { WizerBinary } from '../snapshot/wizer.js';
import { type FunctionSite, functionSites, signatureContains, type WorldModel } from '../wit/world.js';

/** What the engine stage hands on: the world and the bundle as the engine should see them. */
export interface EngineWorld {
  witPath: string;
  world: string | undefined;
  model: WorldModel;
  code: string;
  /** WASI interfaces the glue and polyfills import (see wit/augment.ts). */
  requires: string[];
}

/** WASI features an engine may be able to leave out of a component. */
export type WasiFeature = 'stdio' | 'clocks' | 'random' | 'http' | 'fetch-event';

/** What an engine can build. Checked against the world before the (slow) build starts. */
export interface EngineCapabilities {
  /** `async func` exports (component-model async, WASI P3). */
  asyncFunctions: boolean;
  /** `async func` imports. */
  asyncImports: boolean;
  /** Whether calls of async exports can overlap (`false`: each runs until its promise settles). */
  asyncConcurrency: boolean;
  /** `stream<T>` values. */
  streams: boolean;
  /** `future<T>` values. */
  futures: boolean;
  /** Exported and imported `resource`s. */
  resources: boolean;
  /** WASI features that can be switched off one at a time. */
  disableableFeatures: readonly WasiFeature[];
  /** Whether all WASI imports can be removed at once. */
  canDisableAllWasi: boolean;
  /** Ahead-of-time compilation with weval. */
  aot: boolean;
  /**
   * Whether the engine turns `wasi:http/incoming-handler` requests into `fetch` events with
   * Web `Request`/`Response` objects (service-worker style; the glue adds the module-worker
   * style on top). Without it, only the raw `incomingHandler` export can answer.
   */
  fetchEvent: boolean;
}

/**
 * How WIT values appear in the engine's JavaScript. Where engines differ, the same program
 * computes different results; the pipeline warns about these (and later smooths them over).
 */
export interface ValueConventions {
  /** How the engine itself lifts `u64`/`s64`. `number` loses precision above 2^53 (the parity layer then converts to BigInt). */
  int64: 'number' | 'bigint';
  /** `unsigned`: the engine reads an s64 parameter as unsigned (-5 arrives as 2^64-5; the parity layer fixes it). */
  s64Params: 'exact' | 'unsigned';
  /** What a top-level `option<T>` none looks like. */
  optionNone: 'null' | 'undefined';
  /**
   * What the engine itself does with an `Error` thrown by a function returning `result<T, string>`:
   * `message` hands back `err(error.message)`, `trap` traps (the parity layer throws the message
   * itself instead, which works on every engine).
   */
  thrownError: 'message' | 'trap';
  /**
   * `signed`: u32 values >= 2^31 cross the boundary as negative numbers (the parity layer fixes
   * it). (StarlingMonkey's wrong u32 and trapping negative s64 results are fixed below the JS
   * boundary, in the bindings it generates: engines/starlingmonkey/bindings-fix.ts.)
   */
  u32: 'exact' | 'signed';
  /** How the engine hands a `list` of numbers (other than `list<u8>`) to JavaScript; the parity layer makes it the typed array. */
  numericLists: 'array' | 'typed-array';
}

/** What the pipeline hands an engine: everything is already validated and on disk. */
export interface EngineBuildInput {
  /** Absolute path of the bundled ES module (one file, WIT imports left external). */
  bundlePath: string;
  /** Absolute path of the WIT file or directory. */
  witPath: string;
  /** World to build; `undefined` means the package's only world. */
  world: string | undefined;
  /** A scratch directory the engine may use; removed by the caller. */
  workDir: string;
  /** The Wizer binary, for engines whose `wizer` is `binary` (resolved with the options); otherwise undefined. */
  wizer: WizerBinary | undefined;
  /** weval for ahead-of-time compilation, when asked for (only engines with `capabilities.aot`). */
  weval: { path: string; description: string } | undefined;
  /** One of the engine's `variants`. */
  variant: string;
  /** WASI to leave out; only what `capabilities` allows reaches the engine. */
  disable: { all: boolean; features: readonly WasiFeature[] };
  /** The world's exported `async func`s: `interface` as the world model names it (undefined for a world-level function). */
  asyncExports: readonly { interface: string | undefined; name: string }[];
  /**
   * Called as the engine enters each sub-step (`splice`, `snapshot`, ...), which runs until the
   * next call or the end. For progress only; an engine that never calls it shows as one `build`
   * step between the pipeline's `world` and `finish` (an engine naming `finish` adds up with it).
   */
  onStep?: (step: string) => void;
  /** The memo store (store/memo.ts) for engine work that depends on the world only; absent: none kept. */
  memoDir?: string;
}

/** What an engine returns. */
export interface EngineBuildOutput {
  component: Uint8Array;
  /** Which Wizer pre-initialized the snapshot, for the report. */
  wizer: string;
  /** The weval binary and inline-cache file used, for AOT builds. */
  aot?: { weval: string; icCache: string };
  /** Whether this build's bytes are reproducible, when it differs from the engine's `reproducible` (e.g. by snapshotter). */
  reproducible?: { value: boolean; reason: string | undefined };
}

/** Web-platform globals user code commonly expects; engines lack some of them. */
export type GlobalName =
  | 'console'
  | 'TextEncoder'
  | 'TextDecoder'
  | 'URL'
  | 'URLSearchParams'
  | 'structuredClone'
  | 'setTimeout'
  | 'setInterval'
  | 'clearTimeout'
  | 'clearInterval'
  | 'queueMicrotask'
  | 'fetch'
  | 'ReadableStream'
  | 'Buffer'
  | 'process'
  | 'global'
  | 'crypto'
  | 'CryptoKey'
  | 'Intl'
  // The rest of WinterTC's Minimum Common Web Platform API (bundle/globals/web-platform.ts).
  | 'AbortController'
  | 'AbortSignal'
  | 'EventTarget'
  | 'Event'
  | 'CustomEvent'
  | 'DOMException'
  | 'Blob'
  | 'File'
  | 'FormData'
  | 'WritableStream'
  | 'TransformStream'
  | 'TextEncoderStream'
  | 'TextDecoderStream'
  | 'CompressionStream'
  | 'DecompressionStream'
  | 'URLPattern'
  | 'reportError'
  | 'self'
  | 'navigator'
  | 'performance'
  | 'atob'
  | 'btoa'
  // Every engine has it; read here so top-level Math.random() can be given a generator (above).
  | 'Math';

export type EngineBuilder = (input: EngineBuildInput) => Promise<EngineBuildOutput>;

/** A build flavour of an engine (a different runtime, an optimization), selectable with `--variant`. */
export interface EngineVariant {
  name: string;
  description: string;
  /** What this variant cannot do that the engine otherwise can. */
  restricts?: Partial<Pick<EngineCapabilities, 'asyncFunctions' | 'asyncImports' | 'streams' | 'futures'>>;
}

export interface EngineAdapter {
  /** Canonical name used in reports and `--engine`. */
  name: string;
  /** Other names accepted by `--engine`. */
  aliases: readonly string[];
  /** One line for `--help` and the README. */
  description: string;
  /** The npm package that implements the engine; its version goes into reports. */
  packageName: string;
  /**
   * What of the engine package its version does not pin (a local patch), as a short hash: part
   * of the build cache's keys, so a changed package never serves another's builds.
   */
  packageFingerprint?: () => Promise<string>;
  capabilities: EngineCapabilities;
  conventions: ValueConventions;
  /** The engine's variants; the first is what `default` means. */
  variants: readonly EngineVariant[];
  /** The variant to build when none is asked for, given the world (e.g. the smallest that can build it). */
  defaultVariant(world: WorldModel): string;
  /** `defaultVariant`'s rule in words, for the docs, when the engine has more than one variant. */
  defaultVariantRule?: string;
  /**
   * How the engine takes its snapshot: `in-process` (Wizer linked into the engine package) or
   * `binary` (the engine runs a Wizer program: the options resolve which one, see snapshot/wizer.ts).
   */
  wizer: 'in-process' | 'binary';
  /**
   * The WASI version a built-in world (`--wit wasi:http/proxy`) is taken at when none is given:
   * the version of the WASI interfaces the engine's own HTTP layer speaks.
   */
  builtinWasiVersion: string;
  /**
   * The world and bundle as this engine must see them, when that differs from what the user wrote
   * (an engine that cannot link some WASI imports builds a rewritten copy, see world-transforms/).
   * Runs in the engine stage, before the engine; `workDir` is the build's temporary directory.
   */
  prepareWorld?(world: EngineWorld, workDir: string): Promise<EngineWorld>;
  /**
   * The engine's output made into the component of the world the user wrote (names rewritten by
   * `prepareWorld` turned back); returns `component` itself when nothing changes. `world` is the
   * one given to `prepareWorld`.
   */
  finishComponent?(component: Uint8Array, world: EngineWorld): Promise<Uint8Array>;
  /** Globals this engine does not define; the pipeline adds those it has a polyfill for. */
  missingGlobals: readonly GlobalName[];
  /** Globals this engine defines other than as the standard says; the pipeline mends those it can (bundle/globals/web-platform.ts). */
  flawedGlobals?: readonly GlobalName[];
  /** Language features the engine lacks and no polyfill can add; uses are reported with their file:line (check/engine-limits.ts). */
  lacks: readonly ('unicode-property-escapes' | 'string-normalize')[];
  /**
   * `frozen`: the `Math.random` state is taken into the snapshot, so every instance replays one
   * sequence (the parity layer reseeds it per instance from wasi:random). `per-instance`: fine.
   * `after-snapshot`: per instance, but the engine's generator cannot run while the snapshot is
   * taken (StarlingMonkey seeds it from wasi:random, which Wizer does not define: a top-level
   * `Math.random()` trapped the build), so top-level code gets a fixed-seed one
   * (bundle/globals/build-time-random.ts) and the engine's is put back after the module ran.
   */
  snapshotRandom: 'frozen' | 'per-instance' | 'after-snapshot';
  /** Whether two builds of the same input give the same bytes, measured; if not, why (for the report). */
  reproducible: { value: boolean; reason: string | undefined };
  /**
   * For engines with `capabilities.aot`: the binary of the weval package the engine itself depends
   * on, so both agree on the version (the last place `--weval` looks; see snapshot/weval.ts).
   */
  packagedWeval?: () => Promise<string>;
  /**
   * Where the builder runs (engines/run-engine.ts). `child-process`: a Node of its own, where it
   * may block the event loop, print, or use a lot of memory without harming the caller.
   * `this-process`: the build's own process, for a builder that is native work off the event loop
   * and prints nothing; it saves a Node start and that Node's memory.
   */
  runsIn: 'child-process' | 'this-process';
  /**
   * Loads the engine's builder, where `runsIn` says, as soon as the engine is known, so loading
   * the engine package overlaps with bundling.
   */
  loadBuilder(): Promise<EngineBuilder>;
}

/** Identity helper that gives engine definitions full type checking. */
export function defineEngine(adapter: EngineAdapter): EngineAdapter {
  return adapter;
}

/** The engine's capabilities as narrowed by one of its variants. */
export function variantCapabilities(engine: EngineAdapter, variant: string): EngineCapabilities {
  return { ...engine.capabilities, ...engine.variants.find((v) => v.name === variant)?.restricts };
}

export type WorldFeature = 'async func' | 'async func import' | 'stream<T>' | 'future<T>';

/** What of a function's signature an engine with these capabilities cannot build. */
export function unsupportedFeatures(site: FunctionSite, capabilities: EngineCapabilities): WorldFeature[] {
  const features: WorldFeature[] = [];
  if (site.function.async && !(site.direction === 'import' ? capabilities.asyncImports : capabilities.asyncFunctions))
    features.push(site.direction === 'import' ? 'async func import' : 'async func');
  if (!capabilities.streams && signatureContains(site, (t) => t.kind === 'stream')) features.push('stream<T>');
  if (!capabilities.futures && signatureContains(site, (t) => t.kind === 'future')) features.push('future<T>');
  return features;
}

/** Whether a variant of the engine can build every function of the world. */
export function variantBuilds(world: WorldModel, engine: EngineAdapter, variant: string): boolean {
  const capabilities = variantCapabilities(engine, variant);
  return functionSites(world).every((site) => unsupportedFeatures(site, capabilities).length === 0);
}

/** The world's exported `async func`s, for `EngineBuildInput.asyncExports`. */
export function asyncExportsOf(world: WorldModel): EngineBuildInput['asyncExports'] {
  return world.exports.flatMap((item): EngineBuildInput['asyncExports'] =>
    item.kind === 'function'
      ? item.function.async
        ? [{ interface: undefined, name: item.name }]
        : []
      : item.interface.functions.filter((f) => f.async).map((f) => ({ interface: item.name, name: f.name })),
  );
}
