import type { EngineAdapter } from '../wit-dylib/adapter.js';
import { engine as quickjs } from './quickjs/index.js';
import { engine as starlingmonkey } from './starlingmonkey/index.js';

/**
 * Every engine, the default first (it is the one `--help` and errors mention first). Adding an
 * engine means a folder under `engines/` and one entry here. A static list rather than a scan of
 * the folder: the order is chosen, not an accident of folder names, and a typo fails to compile.
 * Engine modules import their heavy npm package lazily inside `loadBuilder`, so importing all of
 * them here costs a few milliseconds.
 */
export const ENGINES: readonly EngineAdapter[] = Object.freeze([quickjs, starlingmonkey]);

/** The engine used when none is named: small output and fast builds. */
export const DEFAULT_ENGINE: string = ENGINES[0]!.name;

/** The engines, for callers that predate the static list (public API). */
export function listEngines(): Promise<readonly EngineAdapter[]> {
  return Promise.resolve(ENGINES);
}

/** Finds an engine by name or alias, case-insensitively. */
export function findEngine(engines: readonly EngineAdapter[], name: string): EngineAdapter | undefined {
  const wanted = name.toLowerCase();
  return engines.find((e) => e.name === wanted || e.aliases.includes(wanted));
}

/** `name (alias, ...), ...`: how errors and help list the choices. */
export function describeEngineChoices(engines: readonly EngineAdapter[]): string {
  return engines.map((e) => (e.aliases.length ? `${e.name} (${e.aliases.join(', ')})` : e.name)).join(', ');
}

/** The names of the engines for which `has` holds, for hints such as "use --engine X". */
export function enginesWhere(has: (engine: EngineAdapter) => boolean): string[] {
  return ENGINES.filter(has).map((e) => e.name);
}
