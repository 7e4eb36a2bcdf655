import { stat } from 'node:fs/promises';
import { basename, extname, resolve } from 'node:path';
import type { z } from 'zod';
import { engineUnsupported, ERROR_FACTORIES, invalidOption, type ComponentizeError, type SourceLocation } from '../errors.js';
import { parseCall, type ExportCall } from '../run/parse-call.js';
import { cacheConfig, type CacheConfig } from './cache-location.js';
import { resolveWeval, type WevalBinary } from '../snapshot/weval.js';
import { resolveWizer, type WizerBinary } from '../snapshot/wizer.js';
import type { EngineAdapter, WasiFeature } from '../wit-dylib/adapter.js';
import { describeEngineChoices, findEngine, listEngines } from '../engines/registry.js';
import { FLAG_OF_KEY } from './flags.js';
import { resolveBuiltinWorld } from '../wit/builtin.js';
import { buildOptionsSchema, type ParsedBuildOptions } from './schema.js';

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
  readonly typecheck: boolean;
  /** WASI to leave out: everything, or these features. */
  readonly disable: { readonly all: boolean; readonly features: readonly WasiFeature[] };
  readonly allow: readonly string[];
  readonly deny: readonly string[];
  /** Instantiate (and with `verifyCall`, call) the component before writing it. */
  readonly verify: boolean;
  readonly verifyCall: ExportCall | undefined;
  /** The weval binary, when `--weval` was asked for (resolved before any build work). */
  readonly weval: WevalBinary | undefined;
  /** The Wizer binary, for engines that run Wizer as a program (resolved before any build work). */
  readonly wizer: WizerBinary | undefined;
  /** The build cache, unless disabled. */
  readonly cache: CacheConfig | undefined;
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

const ENTRY_EXTENSIONS = ['.js', '.mjs', '.cjs', '.ts', '.mts', '.cts', '.jsx', '.tsx'];

export async function resolveOptions(raw: unknown, source: OptionsSource = 'api'): Promise<ResolvedOptions> {
  const parsed = buildOptionsSchema.safeParse(raw);
  if (!parsed.success) throw optionsError(parsed.error, raw, source);
  const options: ParsedBuildOptions = parsed.data;
  const name = (key: keyof ParsedBuildOptions) => labelOf(key, source);
  const at = (key: keyof ParsedBuildOptions) => locateOf(source, key, options[key]);

  const engines = await listEngines();
  const engine = findEngine(engines, options.engine);
  if (!engine) {
    throw invalidOption(`Invalid value for ${name('engine')}: "${options.engine}"`, {
      location: at('engine'),
      hint: `Allowed: ${describeEngineChoices(engines)}.`,
    });
  }

  const cwd = resolve(options.cwd ?? process.cwd());
  const entry = resolve(cwd, options.entry);
  await expectPath(entry, 'file', 'ENTRY_NOT_FOUND', name('entry'), at('entry'));
  const builtin = resolveBuiltinWorld(options.wit, options.world, engine.builtinWasiVersion, { wit: name('wit'), world: name('world') });
  const wit = builtin?.wit ?? resolve(cwd, options.wit);
  if (!builtin) await expectPath(wit, 'any', 'WIT_NOT_FOUND', name('wit'), at('wit'));
  if (!ENTRY_EXTENSIONS.includes(extname(entry))) {
    throw invalidOption(`Invalid value for ${name('entry')}: "${options.entry}" is not a JavaScript or TypeScript file`, {
      hint: `Use a file ending in ${ENTRY_EXTENSIONS.join(', ')}.`,
    });
  }
  const out = resolve(cwd, options.out ?? `${basename(entry, extname(entry))}.wasm`);
  if (options.typecheck && !/\.[cm]?tsx?$/.test(entry)) {
    throw invalidOption(`${name('typecheck')} needs a TypeScript entry, and ${options.entry} is JavaScript`, {
      hint: 'Rename the entry to .ts, or drop the flag.',
    });
  }

  const disableAll = options.disable.includes('all');
  const features = options.disable.filter((f): f is WasiFeature => f !== 'all');
  if (disableAll && !engine.capabilities.canDisableAllWasi) {
    throw engineUnsupported(`${engine.name} cannot leave out all WASI imports (${name('disable')} all)`);
  }
  const notAlone = disableAll ? [] : features.filter((f) => !engine.capabilities.disableableFeatures.includes(f));
  if (notAlone.length) {
    const others = engines.filter((e) => notAlone.every((f) => e.capabilities.disableableFeatures.includes(f))).map((e) => e.name);
    throw engineUnsupported(`${engine.name} cannot disable ${notAlone.map((f) => `"${f}"`).join(', ')} alone: it can only leave out every WASI import at once`, {
      hint: `Use ${name('disable')} all${others.length ? `, or --engine ${others[0]}, which can disable ${notAlone.join(', ')} alone` : ''}.`,
    });
  }

  if (options.variant !== undefined && !engine.variants.some((v) => v.name === options.variant)) {
    throw invalidOption(`Invalid value for ${name('variant')}: "${options.variant}" is not a ${engine.name} variant`, {
      location: at('variant'),
      hint: `Allowed for ${engine.name}: ${engine.variants.map((v) => v.name).join(', ')}.`,
    });
  }
  if (options.weval && !engine.capabilities.aot) {
    const capable = engines.filter((e) => e.capabilities.aot).map((e) => e.name);
    throw engineUnsupported(`${name('weval')}: ${engine.name} has no ahead-of-time compilation`, {
      hint: capable.length ? `weval works with --engine ${capable.join(', ')}.` : undefined,
    });
  }
  const wizer = engine.wizer === 'binary' ? await resolveWizer() : undefined;
  const weval = options.weval ? await resolveWeval(options.wevalBin === undefined ? undefined : resolve(cwd, options.wevalBin), process.env, engine.packagedWeval) : undefined;

  return Object.freeze({
    cwd,
    entry,
    wit,
    world: builtin?.world ?? options.world,
    engine,
    variant: options.variant,
    out,
    minify: options.minify,
    sourcemap: options.sourcemap,
    typecheck: options.typecheck,
    disable: Object.freeze({ all: disableAll, features: Object.freeze(features) }),
    allow: Object.freeze(options.allow),
    deny: Object.freeze(options.deny),
    weval,
    wizer,
    verify: options.verify,
    verifyCall: options.verifyCall === undefined ? undefined : parseCall(options.verifyCall),
    cache: options.cache ? cacheConfig(cwd, options.cacheDir, options.cacheMaxBytes) : undefined,
  });
}

async function expectPath(path: string, kind: 'file' | 'any', code: 'ENTRY_NOT_FOUND' | 'WIT_NOT_FOUND', label: string, location: SourceLocation | undefined): Promise<void> {
  const info = await stat(path).catch(() => undefined);
  if (!info) {
    throw ERROR_FACTORIES[code](`${label}: ${path} does not exist`, {
      location,
      hint: code === 'WIT_NOT_FOUND' ? 'Pass the WIT file or the directory holding it with --wit.' : 'Check the path of the entry module.',
    });
  }
  if (kind === 'file' && !info.isFile()) {
    throw ERROR_FACTORIES[code](`${label}: ${path} is not a file`, { location });
  }
}

function labelOf(key: string, source: OptionsSource): string {
  if (typeof source === 'object') return source.label(key);
  return source === 'cli' && key in FLAG_OF_KEY ? FLAG_OF_KEY[key as keyof typeof FLAG_OF_KEY] : key;
}

/** Where an option is written (in a config file), when the source can tell. */
function locateOf(source: OptionsSource, key: string, value: unknown): SourceLocation | undefined {
  return typeof source === 'object' ? source.locate?.(key, value) : undefined;
}

function optionsError(error: z.ZodError, raw: unknown, source: OptionsSource): ComponentizeError {
  const given = (key: unknown) => (typeof key === 'string' && raw && typeof raw === 'object' ? (raw as Record<string, unknown>)[key] : undefined);
  const problems = error.issues.map((issue) => {
    const key = issue.path[0];
    const label = typeof key === 'string' ? [labelOf(key, source), ...issue.path.slice(1).map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))].join('') : issue.path.join('.');
    if (issue.code === 'unrecognized_keys') {
      return { text: `Unknown option${issue.keys.length > 1 ? 's' : ''}: ${issue.keys.map((k) => `"${labelOf(k, source)}"`).join(', ')}`, location: locateOf(source, issue.keys[0]!, undefined) };
    }
    if (issue.code === 'invalid_type' && given(key) === undefined) return { text: `Missing required option ${label}`, location: undefined };
    return { text: `Invalid value for ${label}: ${issue.message}`, location: typeof key === 'string' ? locateOf(source, key, given(key)) : undefined };
  });
  const [first, ...rest] = problems;
  return invalidOption(first?.text ?? 'Invalid options', {
    location: first?.location,
    related: rest.map((p) => invalidOption(p.text, { location: p.location })),
    hint: source === 'cli' ? 'Run `componentize --help` for the list of flags.' : typeof source === 'object' ? source.hint : undefined,
  });
}
