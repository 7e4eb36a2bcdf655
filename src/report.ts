import type { BuildWarning } from './errors.js';
import type { OptionsSource } from './options/types.js';

/** The pipeline's stages, in the order reports list them. */
export const STAGE_ORDER = ['options', 'cache', 'wit', 'bundle', 'check', 'engine', 'verify', 'emit'] as const;

export type StageName = (typeof STAGE_ORDER)[number];

/**
 * A stage starting, ending, or entering one of its sub-steps (`step`: so far only the `engine`
 * stage, when its engine names them). A listener should ignore phases it does not know.
 */
export interface StageEvent {
  stage: StageName;
  phase: 'start' | 'step' | 'end';
  /** Milliseconds the stage took, on `end`. */
  ms?: number;
  /** The sub-step the stage enters, on `step`; it runs until the next `step` or the `end`. */
  step?: string;
  /** On `end` of a stage that named sub-steps: each one's time, as the report's `stages[].steps`. */
  steps?: StepTime[];
}

/** One sub-step of a stage and its milliseconds (a step entered twice is added up). */
export interface StepTime {
  name: string;
  ms: number;
}

export interface BuildControl {
  /** Aborting stops the engine process, removes temporary files and writes nothing. */
  signal?: AbortSignal;
  /** Called as stages start, enter sub-steps and end, for progress displays. The library itself prints nothing. */
  onStage?: (event: StageEvent) => void;
  /** How option errors name options: `cli` says `--engine`, `api` says `engine`, a config file names its key path. */
  optionsSource?: OptionsSource;
  /**
   * `this-process`: a process that builds and exits (the CLI) may verify in itself, saving a
   * second Node (verify/verify.ts, `VerifyPlace`). The default, `child-process`, keeps every
   * verification out of a process that builds many times, where loaded components would pile up.
   */
  verifyIn?: VerifyPlace;
}

export interface CacheStatus {
  /** `hit`: restored without running the engine; `miss`: built and stored; `off`: cache disabled. */
  status: 'hit' | 'miss' | 'off';
  /** The entry's content key (a hash of everything that can change the output). */
  key: string | undefined;
  dir: string | undefined;
}

export interface BuildReport {
  /** Absolute path of the written component. */
  out: string;
  /** Absolute path of the written source map, when asked for. */
  sourcemap: string | undefined;
  engine: { name: string; package: string; version: string; variant: string };
  /** Which Wizer took the snapshot. */
  wizer: string;
  /** Cold start measured by verification (instantiate, and the `--verify` call); absent with --no-verify. */
  verification: Verification | undefined;
  /** For `--weval` builds: the weval binary and inline-cache file used. */
  aot: { weval: string; icCache: string } | undefined;
  sizes: Sizes;
  /** Each budget limit that was set, what was measured against it, and the previous build's sizes; absent without a budget. */
  budget: BudgetReport | undefined;
  bundleBytes: number;
  /** WIT interfaces the world imports. */
  worldImports: string[];
  /** What the component binary really imports (the engine's own WASI use included): its capabilities. */
  imports: string[];
  /** Globals the engine lacks that the bundle uses and a polyfill provides. */
  polyfilled: string[];
  /** Every polyfill that went into the bundle (globals, Node built-ins, `String.prototype.normalize`) and its bytes in a minified bundle (also when this one is not minified). */
  polyfills: { name: string; bytes: number }[];
  /** Peak memory of the engine process, in bytes (of the build that made a cached component). */
  enginePeakRssBytes: number;
  /** Files whose content went into the build (sources, package.json/tsconfig.json, WIT): what `--watch` watches. */
  inputs: string[];
  /** Whether the engine's output is byte-for-byte the same for the same input, and if not, why. */
  reproducible: { value: boolean; reason: string | undefined };
  cache: CacheStatus;
  /**
   * Milliseconds per stage, and when it (first) started: `startMs` after the process started
   * (`performance.now()`), which shows what runs before the engine. `wit` and `bundle` run side
   * by side, so stages can add up to more than `totalMs`. `steps`: the sub-steps a stage named
   * (the engine's: `snapshot`, ...), in the order they first ran; absent when it named none.
   */
  stages: { name: StageName; ms: number; startMs: number; steps?: StepTime[] }[];
  totalMs: number;
}

/** What a cache entry keeps of a report: everything but where and how fast this run wrote it. */
export type StoredReport = Omit<BuildReport, 'out' | 'sourcemap' | 'budget' | 'cache' | 'stages' | 'totalMs'>;

/** A built component with everything needed to write and report it: what the cache stores and returns. */
export interface Built {
  component: Uint8Array;
  map: string | undefined;
  report: StoredReport;
  /** The build's own warnings (not the cache's), kept with the entry so a hit reports them too. */
  warnings: BuildWarning[];
  /** Where the bytes already lie on disk when they outlive the build (a cache entry), to copy them out. */
  componentPath?: string;
}

/** A build either made a component, or found one of the same content in the cache halfway. */
export type BuildOutcome = { from: 'build'; built: Built } | { from: 'cache'; built: Built; key: string };

export interface BuildResult {
  component: Uint8Array;
  report: BuildReport;
  warnings: BuildWarning[];
}

/**
 * Runs one stage; `run` gets the stage's step marker, which names the sub-step the stage enters
 * now (the one before it ends there).
 */
export type StageRunner = <T>(name: StageName, run: (step: (name: string) => void) => Promise<T>) => Promise<T>;

export interface Sizes {
  /** Bytes of the component as written. */
  raw: number;
  /** Bytes after gzip at its default level (6), as bundlers report it: about what a server sends. */
  gzip: number;
}

/** One figure of a budget: the limit, what this build measured, and whether it fits. */
export interface BudgetLine {
  limit: number;
  /** Undefined when it could not be measured (a cold start on a Node that cannot run components). */
  value: number | undefined;
  ok: boolean | undefined;
}

/** The report's `budget`: each limit that was set, and the sizes of the last build written to the same file. */
export interface BudgetReport {
  size?: BudgetLine;
  gzip?: BudgetLine;
  coldStartMs?: BudgetLine;
  /** What the previous build written to this output measured, when the cache remembers it. */
  previous: Sizes | undefined;
}

export interface Verification {
  /** Where jco's bindings came from: `memo` when a component of the same shape was verified before (jco did not run; run/bindings.ts). */
  bindings: 'memo' | 'transpiled';
  /** Where it ran: in the build's own process (WASI stood in for), or a Node of its own (see `VerifyPlace`). */
  ranIn: VerifyPlace;
  /** Compiling and instantiating the core modules, in milliseconds (jco's transpile step excluded). */
  instantiateMs: number;
  /** The `--verify` call, if one was given. */
  call: { ms: number; result: string | undefined } | undefined;
  /** Calls per second in each timed round, when throughput was asked for. */
  callsPerSecond?: number[];
}

/**
 * Where a verification may run: `child-process` (always its own Node: the library's default, for
 * processes that build many times) or `this-process` (a process that builds once and exits, the
 * CLI's build: the component's modules stay loaded until then). `this-process` is used only
 * where it is safe and cheap: this Node runs components, no `--verify` call, and the memo is
 * likely to have jco's bindings (otherwise jco's warm-up runs ahead in a child, see below).
 */
export type VerifyPlace = 'child-process' | 'this-process';
