import { stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { ComponentizeError, type SourceLocation } from '../errors.js';
import type { WorldModel } from '../wit-dylib/world.js';
import { locateWitError } from './locate-error.js';
import { loadWorldModel } from './world-model.js';
import { wasmTools } from './wasm-tools.js';

/** A WIT interface as `ns:pkg/iface@1.2.3`. */
export type InterfaceName = string;

export interface ResolvedWorld {
  /** The WIT file or directory given. */
  witPath: string;
  /** Directory the WIT package lives in (the engines and tools read it). */
  witDir: string;
  /** The world asked for, or undefined for the package's only world. */
  world: string | undefined;
  /** Interfaces the world imports (functions imported directly are not listed). */
  importedInterfaces: InterfaceName[];
  /** Interfaces the world exports (functions exported directly are not listed). */
  exportedInterfaces: InterfaceName[];
  /** The world as data: functions, interfaces, types. */
  model: WorldModel;
}

interface InterfaceMetadata {
  namespace: string;
  package: string;
  interface: string;
  version?: { major: bigint | number; minor: bigint | number; patch: bigint | number; pre?: string } | undefined;
}

/**
 * Parses and resolves the WIT package with the reference parser and selects the world. A syntax
 * error, an unknown type, a missing `deps/` package or an ambiguous world all surface here, in
 * well under a second, before any engine runs.
 */
export async function loadWorld(witPath: string, world: string | undefined, cwd: string): Promise<ResolvedWorld> {
  const isDir = (await stat(witPath)).isDirectory();
  const witDir = isDir ? witPath : dirname(witPath);
  const tools = await wasmTools();
  let metadata: { imports: InterfaceMetadata[]; exports: InterfaceMetadata[] };
  try {
    metadata = await tools.componentWitMetadataForWorld({ tag: 'path', val: witPath }, world);
  } catch (error) {
    const message = toolMessage(error);
    const parse = (source: string) =>
      tools.componentWitMetadataForWorld({ tag: 'source', val: source }, undefined).then(
        () => undefined,
        (e: unknown) => toolMessage(e),
      );
    const located = await locateWitError(message, witPath, isDir, parse, cwd).catch(() => ({ message, location: undefined }));
    throw witError(located.message, error, witPath, world, located.location);
  }
  return {
    witPath,
    witDir,
    world,
    importedInterfaces: metadata.imports.map(formatInterface),
    exportedInterfaces: metadata.exports.map(formatInterface),
    // Only read once the reference parser has accepted the package.
    model: await loadWorldModel(witPath, world),
  };
}

export function formatInterface(i: InterfaceMetadata): InterfaceName {
  const v = i.version;
  const version = v ? `@${v.major}.${v.minor}.${v.patch}${v.pre ? `-${v.pre}` : ''}` : '';
  return `${i.namespace}:${i.package}/${i.interface}${version}`;
}

/** jco's ComponentError carries the tool's message in `payload`. */
function toolMessage(error: unknown): string {
  const payload = (error as { payload?: unknown }).payload;
  return String(payload ?? (error instanceof Error ? error.message : error)).trim();
}

function witError(text: string, error: unknown, witPath: string, world: string | undefined, location: SourceLocation | undefined): ComponentizeError {
  const multipleWorlds = /multiple worlds|specify a world|no world/i.test(text);
  const worldMissing = world !== undefined && /world .* not found|failed to find world/i.test(text);
  return new ComponentizeError('WIT_INVALID', location ? text : `${witPath}: ${text}`, {
    stage: 'wit',
    location,
    hint: multipleWorlds
      ? 'Choose the world with --world <name>.'
      : worldMissing
        ? `Check the name given to --world ("${world}").`
        : undefined,
    cause: error,
  });
}
