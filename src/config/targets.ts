import { basename, dirname, relative, resolve } from 'node:path';
import { refuseOutputOverInput } from '../emit/output-guard.js';
import { invalidOption, type SourceLocation } from '../errors.js';
import { escapeRegExp } from '../js/escape-regexp.js';
import { FLAG_OF_KEY } from '../options/flags.js';
import type { BuildOptions } from '../options/schema.js';
import type { OptionNaming, OptionsSource } from '../options/types.js';
import { toLocation } from '../wit/locate-error.js';
import type { ServeConfig } from './define-config.js';
import type { LoadedConfig } from './load-config.js';

/** One build of a run: its options and how errors about them name where each value came from. */
export interface BuildTarget {
  name: string;
  options: BuildOptions;
  naming: OptionsSource;
}

type Options = Record<string, unknown>;

/**
 * Turns a config (and the flags typed on the command line, which win) into the builds to run.
 * Values are checked later by the same schema as flags; this only decides, for each key, whether
 * an error must say `--engine`, `engine` or `targets[1].engine`, in which file and on which line.
 */
export function configTargets(config: LoadedConfig, flags: Options, cwd: string): BuildTarget[] {
  const shown = relative(cwd, config.file) || basename(config.file);
  const value = config.value;
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    throw invalidOption(
      `${shown} must export an object, e.g. \`export default defineConfig({ entry: 'app.ts', wit: 'world.wit' })\``,
      {
        location: { file: config.file, line: 1, column: 1 },
      },
    );
  }
  // `serve` is read by `serve <entry>` (serveConfig), not by the build.
  const {
    targets,
    name,
    serve: _serve,
    ...shared
  } = value as Options & {
    targets?: unknown;
    name?: unknown;
    serve?: unknown;
  };
  if (
    targets !== undefined &&
    (!Array.isArray(targets) ||
      targets.length === 0 ||
      targets.some((t) => !t || typeof t !== 'object' || Array.isArray(t)))
  ) {
    throw invalidOption(`Invalid value for targets in ${shown}: expected a non-empty list of objects`, {
      location: findKey(config, shown, 'targets'),
    });
  }
  const list = (targets as Options[] | undefined) ?? [{ ...(name === undefined ? {} : { name }) }];
  const base = dirname(config.file);
  return list.map((target, index) => {
    const { name: targetName, ...own } = target;
    const prefix = targets === undefined ? '' : `targets[${index}].`;
    const merged: Options = { ...shared, ...own, ...flags };
    // A budget merges key by key: `--max-size` or a target's `budget: { size }` keeps the shared gzip and cold-start limits.
    const budgets = [shared.budget, own.budget, flags.budget].filter((b) => b !== undefined);
    if (budgets.length > 1 && budgets.every((b) => b && typeof b === 'object' && !Array.isArray(b)))
      merged.budget = Object.assign({}, ...budgets);
    // Paths in a config are relative to the config file, as in Vite and tsdown.
    merged.cwd = resolve(base, typeof merged.cwd === 'string' ? merged.cwd : '.');
    const naming: OptionNaming = {
      label: (key) =>
        key in flags
          ? (FLAG_OF_KEY[key as keyof typeof FLAG_OF_KEY] ?? key)
          : `${key in own || !(key in shared) ? prefix : ''}${key} in ${shown}`,
      locate: (key, given) => (key in flags ? undefined : findKey(config, shown, key, given)),
      hint: `Fix ${shown}, or override the value with its flag.`,
    };
    // The config is read by every build, but no bundle or WIT records it: checked here.
    if (typeof merged.out === 'string')
      refuseOutputOverInput([resolve(merged.cwd as string, merged.out)], [config.file], naming.label('out'));
    const label =
      typeof targetName === 'string' ? targetName : String(merged.out ?? merged.entry ?? `target ${index + 1}`);
    return { name: label, options: merged as BuildOptions, naming };
  });
}

/**
 * Where a key is written in the config text: at its (unique) bad string value when there is one,
 * else at the key when it appears once. Good enough to put the cursor on the line; when the text
 * is ambiguous no line is claimed.
 */
function findKey(config: LoadedConfig, shown: string, key: string, given?: unknown): SourceLocation | undefined {
  const unique = (re: RegExp) => {
    const hits = [...config.text.matchAll(re)];
    return hits.length === 1 ? toLocation(shown, config.text, hits[0]!.index!) : undefined;
  };
  if (typeof given === 'string') {
    const at = unique(new RegExp(`(["'\`])${escapeRegExp(given)}\\1`, 'g'));
    if (at) return at;
  }
  return unique(new RegExp(`(?<![\\w$])["']?${escapeRegExp(key)}["']?\\s*:`, 'g'));
}

/** The config's `serve` key (see ServeConfig), checked to be an object. */
export function serveConfig(config: LoadedConfig, cwd: string): ServeConfig {
  const serve = (config.value as Options | undefined)?.serve;
  if (serve === undefined) return {};
  if (!serve || typeof serve !== 'object' || Array.isArray(serve)) {
    const shown = relative(cwd, config.file) || basename(config.file);
    throw invalidOption(`Invalid value for serve in ${shown}: expected an object`, {
      location: findKey(config, shown, 'serve'),
      hint: "e.g. serve: { grants: { net: ['api.example.com'] }, timeoutMs: 10000 }",
    });
  }
  const given = serve as ServeConfig;
  // Paths in a config are relative to the config file, as the build's are.
  const base = dirname(config.file);
  const dirs = given.grants?.dirs?.map((dir) => ({
    ...dir,
    host: resolve(base, dir.host),
    guest: dir.guest ?? dir.host,
  }));
  return dirs ? { ...given, grants: { ...given.grants, dirs } } : given;
}
