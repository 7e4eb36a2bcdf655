import type { SourceLocation } from '../errors.js';
import type { ExportCall } from '../host/parse-call.js';
import type { WevalBinary } from '../snapshot/weval.js';
import type { WizerBinary } from '../snapshot/wizer.js';
import type { CacheConfig } from '../store/layout.js';
import type { EngineAdapter, WasiFeature } from '../wit-dylib/adapter.js';
import type { Budget } from './schema.js';

/** Options after validation: absolute paths, defaults filled, engine looked up. Read-only. */
export interface ResolvedOptions {
  readonly cwd: string;
  readonly entry: string;
  readonly wit: string;
  readonly world: string | undefined;
  readonly engine: EngineAdapter;
  /** Asked for with `--variant`; otherwise chosen by the engine once the world is known. */
  readonly variant: string | undefined;
  readonly out: string;
  readonly minify: boolean;
  readonly sourcemap: boolean;
  /** package.json `exports` conditions tried before the built-in ones. */
  readonly conditions: readonly string[];
  /** Locales whose data `Intl` gets where the engine lacks it, besides English (canonical tags). */
  readonly locales: readonly string[];
  /** What `process.env.NODE_ENV` becomes in the bundle. */
  readonly nodeEnv: string;
  readonly typecheck: boolean;
  /** WASI to leave out: everything, or these features. */
  readonly disable: { readonly all: boolean; readonly features: readonly WasiFeature[] };
  readonly allow: readonly string[];
  readonly deny: readonly string[];
  /** Limits the component must stay within (sizes in bytes); checked before anything is written. */
  readonly budget: Readonly<Budget> | undefined;
  /** Instantiate (and with `verifyCall`, call) the component before writing it. */
  readonly verify: boolean;
  readonly verifyCall: ExportCall | undefined;
  /** The weval binary, when `--weval` was asked for (resolved before any build work). */
  readonly weval: WevalBinary | undefined;
  /** The Wizer binary, for engines that run Wizer as a program (resolved before any build work). */
  readonly wizer: WizerBinary | undefined;
  /** The engine's time limit, and the option's name as the user gave it, for the message when it runs out. */
  readonly snapshotTimeout: { readonly ms: number; readonly option: string };
  /** The build cache, unless disabled. */
  readonly cache: CacheConfig | undefined;
  /**
   * Where the tools' pure results are memoized (the world wasm-tools resolves from a WIT text,
   * jco's bindings for a component's shape): `<cache dir>/v1/memo`. Used even with the cache off,
   * because an entry is a function of its key alone and cannot change what is built.
   */
  readonly memoDir: string;
}

/**
 * Where the options came from decides how an error names them: `cli` says `--engine`, `api` says
 * `engine`, and a config file says `targets[1].engine` and points at the line (see config/).
 */
export type OptionsSource = 'cli' | 'api' | OptionNaming;

export interface OptionNaming {
  /** How to name an option key in a message. */
  label(key: string): string;
  /** Where the option is written, when it can be found. */
  locate?(key: string, value: unknown): SourceLocation | undefined;
  hint?: string;
}

/** Where and under which import policy a build writes its output (recorded with a cache entry's inputs). */
export interface EmitTarget {
  readonly out: string;
  readonly allow: readonly string[];
  readonly deny: readonly string[];
  /**
   * Whether the bundle's source map is written beside the component as `<out>.map`. Every build
   * keeps its map (a cache entry holds it, whatever was asked), so this only decides the writing;
   * unset (entries recorded before it existed): written when the entry has one.
   */
  readonly sourcemap?: boolean | undefined;
  /** Limits checked before writing (optional: cache entries recorded before budgets existed lack it). */
  readonly budget?: Readonly<Budget> | undefined;
}
