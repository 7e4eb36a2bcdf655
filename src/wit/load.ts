import { readdir, stat } from 'node:fs/promises';
import { type ComponentizeError, type SourceLocation, witInvalid, witNotFound } from '../errors.js';
import { locateWitError } from './locate-error.js';
import { wasmTools } from './wasm-tools.js';
import type { WorldModel } from './world.js';
import { embedWorld, worldModelFromEmbedded } from './world-model.js';

export interface ResolvedWorld {
  /** The WIT file or directory given. */
  witPath: string;
  /** The world asked for, or undefined for the package's only world. */
  world: string | undefined;
  /** Interfaces the world imports, qualified: `wasi:cli/stdout@0.2.12`, `local:hello/host`. */
  importedInterfaces: string[];
  /** The world as data: functions, interfaces, types. */
  model: WorldModel;
  /** The resolved world as wasm-tools encodes it (WIT metadata in a core module): a cache key part. */
  encoded: Uint8Array;
}

/**
 * Parses and resolves the WIT package with the reference parser and selects the world. A syntax
 * error, an unknown type, a missing `deps/` package or an ambiguous world all surface here, in
 * well under a second, before any engine runs; we add the file:line:column the parser omits.
 */
export async function loadWorld(witPath: string, world: string | undefined, cwd: string): Promise<ResolvedWorld> {
  const isDir = (await stat(witPath)).isDirectory();
  // wasm-tools says only "failed to parse package: <dir>" for a directory without WIT files.
  if (isDir && !(await readdir(witPath)).some((name) => name.endsWith('.wit'))) {
    throw witNotFound(`no .wit files in ${witPath}`, {
      hint: "Pass the WIT file with --wit, or the directory holding the package's .wit files (its dependencies go in deps/).",
    });
  }
  const tools = await wasmTools();
  let core: Uint8Array;
  try {
    core = await embedWorld(witPath, world);
  } catch (error) {
    const message = toolMessage(error);
    const parse = (source: string) =>
      tools.componentEmbed({ dummy: true, witSource: source }).then(
        () => undefined,
        (e: unknown) => toolMessage(e),
      );
    const located = await locateWitError(message, witPath, isDir, parse, cwd).catch(() => ({
      message,
      location: undefined,
    }));
    throw witError(located.message, error, witPath, world, located.location);
  }
  const model = await worldModelFromEmbedded(core, world);
  return {
    witPath,
    world,
    importedInterfaces: model.imports.filter((i) => i.kind === 'interface').map((i) => i.name),
    model,
    encoded: core,
  };
}

/** jco's ComponentError carries the tool's message in `payload`. */
function toolMessage(error: unknown): string {
  const payload = (error as { payload?: unknown }).payload;
  return String(payload ?? (error instanceof Error ? error.message : error)).trim();
}

function witError(
  text: string,
  error: unknown,
  witPath: string,
  world: string | undefined,
  location: SourceLocation | undefined,
): ComponentizeError {
  const multipleWorlds = /multiple worlds|specify a world|no world/i.test(text);
  const worldMissing = world !== undefined && /world .* not found|failed to find world/i.test(text);
  return witInvalid(location ? text : `${witPath}: ${text}`, {
    location,
    hint: multipleWorlds
      ? 'Choose the world with --world <name>.'
      : worldMissing
        ? `Check the name given to --world ("${world}").`
        : undefined,
    cause: error,
  });
}
