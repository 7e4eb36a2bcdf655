import { stat } from 'node:fs/promises';
import { basename, extname, join, resolve } from 'node:path';
import { describeEngineChoices, findEngine, listEngines } from '../engines/registry.js';
import {
  type ComponentizeError,
  ERROR_FACTORIES,
  engineUnsupported,
  invalidOption,
  type SourceLocation,
} from '../errors.js';
import { componentNode, verifyCallUnsupported } from '../host/component-node.js';
import { parseCall } from '../host/parse-call.js';
import { resolveWeval } from '../snapshot/weval.js';
import { resolveWizer, V8_SNAPSHOTTER } from '../snapshot/wizer.js';
import { cacheConfig, memoDirOf } from '../store/layout.js';
import type * as z from '../vendor/zod.js';
import { resolveBuiltinWorld } from '../wit/builtin.js';
import type { WasiFeature } from '../wit-dylib/adapter.js';
import { FLAG_OF_KEY } from './flags.js';
import { buildOptionsSchema, type ParsedBuildOptions } from './schema.js';
import type { OptionsSource, ResolvedOptions } from './types.js';

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
  const builtin = resolveBuiltinWorld(options.wit, options.world, engine.builtinWasiVersion, {
    wit: name('wit'),
    world: name('world'),
  });
  const wit = builtin?.wit ?? resolve(cwd, options.wit);
  if (!builtin) await expectPath(wit, 'any', 'WIT_NOT_FOUND', name('wit'), at('wit'));
  if (!ENTRY_EXTENSIONS.includes(extname(entry))) {
    throw invalidOption(
      `Invalid value for ${name('entry')}: "${options.entry}" is not a JavaScript or TypeScript file`,
      {
        hint: `Use a file ending in ${ENTRY_EXTENSIONS.join(', ')}.`,
      },
    );
  }
  const out = await outputPath(cwd, options.out, entry);
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
    const others = engines
      .filter((e) => notAlone.every((f) => e.capabilities.disableableFeatures.includes(f)))
      .map((e) => e.name);
    throw engineUnsupported(
      `${engine.name} cannot disable ${notAlone.map((f) => `"${f}"`).join(', ')} alone: it can only leave out every WASI import at once`,
      {
        hint: `Use ${name('disable')} all${others.length ? `, or --engine ${others[0]}, which can disable ${notAlone.join(', ')} alone` : ''}.`,
      },
    );
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
  // An asked-for call that no Node here can make fails now, not after the whole build.
  if (options.verify && options.verifyCall !== undefined && !(await componentNode(cwd))) throw verifyCallUnsupported();
  const verifyCall = options.verifyCall === undefined ? undefined : parseCall(options.verifyCall, name('verifyCall'));
  // weval takes the snapshot itself; componentize-js still wants a Wizer binary beside it.
  const snapshotter = options.snapshotter === 'v8' && !options.weval ? V8_SNAPSHOTTER : undefined;
  const wizer = engine.wizer === 'binary' ? (snapshotter ?? (await resolveWizer())) : undefined;
  const weval = options.weval
    ? await resolveWeval(
        options.wevalBin === undefined ? undefined : resolve(cwd, options.wevalBin),
        process.env,
        engine.packagedWeval,
      )
    : undefined;
  // The memos live in the cache's directory even when the cache itself is off.
  const cacheLocation = cacheConfig(cwd, options.cacheDir, options.cacheMaxBytes);

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
    conditions: Object.freeze(options.conditions),
    locales: Object.freeze(options.locales),
    nodeEnv: options.nodeEnv,
    typecheck: options.typecheck,
    disable: Object.freeze({ all: disableAll, features: Object.freeze(features) }),
    allow: Object.freeze(options.allow),
    deny: Object.freeze(options.deny),
    budget: options.budget === undefined ? undefined : Object.freeze({ ...options.budget }),
    weval,
    wizer,
    verify: options.verify,
    verifyCall,
    snapshotTimeout: Object.freeze({ ms: options.snapshotTimeoutMs, option: name('snapshotTimeoutMs') }),
    cache: options.cache ? cacheLocation : undefined,
    memoDir: memoDirOf(cacheLocation.dir),
  });
}

/**
 * `-o` as given, or `<entry name>.wasm` in the working directory. An `-o` naming a directory — one
 * that exists, or any path ending in a slash (created when the component is written) — gets
 * `<entry name>.wasm` inside it, as `cp file dir/` does.
 */
async function outputPath(cwd: string, out: string | undefined, entry: string): Promise<string> {
  const fileName = `${basename(entry, extname(entry))}.wasm`;
  if (out === undefined) return resolve(cwd, fileName);
  const path = resolve(cwd, out);
  const namesDirectory =
    /[\\/]$/.test(out) ||
    (await stat(path).then(
      (s) => s.isDirectory(),
      () => false,
    ));
  return namesDirectory ? join(path, fileName) : path;
}

async function expectPath(
  path: string,
  kind: 'file' | 'any',
  code: 'ENTRY_NOT_FOUND' | 'WIT_NOT_FOUND',
  label: string,
  location: SourceLocation | undefined,
): Promise<void> {
  const info = await stat(path).catch(() => undefined);
  if (!info) {
    throw ERROR_FACTORIES[code](`${label}: ${path} does not exist`, {
      location,
      hint:
        code === 'WIT_NOT_FOUND'
          ? 'Pass the WIT file or the directory holding it with --wit.'
          : 'Check the path of the entry module.',
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

function optionsError(error: z.core.$ZodError, raw: unknown, source: OptionsSource): ComponentizeError {
  const given = (key: unknown) =>
    typeof key === 'string' && raw && typeof raw === 'object' ? (raw as Record<string, unknown>)[key] : undefined;
  const problems = error.issues.map((issue) => {
    const key = issue.path[0];
    // A flag has no inner keys: `--max-size` sets `budget.size`, and is named alone.
    const inner = source === 'cli' && key === 'budget' ? [] : issue.path.slice(1);
    const label =
      typeof key === 'string'
        ? [labelOf(key, source), ...inner.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))].join('')
        : issue.path.join('.');
    if (issue.code === 'unrecognized_keys') {
      return {
        text: `Unknown option${issue.keys.length > 1 ? 's' : ''}: ${issue.keys.map((k) => `"${labelOf(k, source)}"`).join(', ')}`,
        location: locateOf(source, issue.keys[0]!, undefined),
      };
    }
    if (issue.code === 'invalid_type' && given(key) === undefined)
      return { text: `Missing required option ${label}`, location: undefined };
    return {
      text: `Invalid value for ${label}: ${issue.message}`,
      location: typeof key === 'string' ? locateOf(source, key, given(key)) : undefined,
    };
  });
  const [first, ...rest] = problems;
  return invalidOption(first?.text ?? 'Invalid options', {
    location: first?.location,
    related: rest.map((p) => invalidOption(p.text, { location: p.location })),
    hint:
      source === 'cli'
        ? 'Run `componentize --help` for the list of flags.'
        : typeof source === 'object'
          ? source.hint
          : undefined,
  });
}
