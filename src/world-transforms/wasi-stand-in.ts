import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { renameExterns } from '../component/rename.js';
import { moduleImports } from '../js/module-imports.js';
import { copyWitTree, witFilesUnder } from '../wit/wit-tree.js';
import type { WorldModel } from '../wit/world.js';
import type { EngineWorld } from '../wit-dylib/adapter.js';

/**
 * Some engines cannot build a world whose own WASI imports share resources with the runtime's
 * (componentize-qjs: "mismatched resource types" as soon as the world uses wasi:http/types,
 * whose resources come from wasi:io). The checked way around it (ENGINE-NOTES, "HTTP on QuickJS"):
 * build against a copy of the WIT whose WASI packages carry a stand-in namespace of the same
 * length, so the engine treats them as the user's own interfaces, then rename the component's
 * imports and exports back. The runtime's WASI keeps its own version, so no name appears twice.
 */
export interface WasiStandIn {
  /** The namespace the engine builds against, as long as `wasi` so the bundle's columns stay put. */
  namespace: string;
}

const WASI_NAME = /\bwasi:/g;

/**
 * Whether the world needs the stand-in: it uses wasi:http 0.2, whose resources (from wasi:io) the
 * engine cannot link (measured). Worlds with only wasi:cli and the like at the runtime's version
 * build as they are, and must: renamed back, their imports would collide with the runtime's own.
 * WASI 0.3's wasi:http has no wasi:io resources and builds as it is (measured).
 */
export function usesWasi(model: WorldModel): boolean {
  return [...model.imports, ...model.exports].some(
    (item) => item.name.startsWith('wasi:http/') && !item.name.includes('@0.3.'),
  );
}

/** A copy of the WIT under `workDir` with every `wasi:` name spelled with the stand-in namespace. */
export async function standInWit(witPath: string, workDir: string, standIn: WasiStandIn): Promise<string> {
  const dir = join(workDir, 'wit-stand-in');
  // A real copy: linked deps/ folders copied as links would have this rewrite write into the user's WIT.
  await copyWitTree(witPath, dir);
  for (const name of await witFilesUnder(dir)) {
    const file = join(dir, name);
    await writeFile(file, (await readFile(file, 'utf8')).replace(WASI_NAME, `${standIn.namespace}:`));
  }
  return dir;
}

/** The world name (`wasi:http/proxy@0.2.10` for a built-in world) in the stand-in copy. */
export function standInWorldName(world: string | undefined, standIn: WasiStandIn): string | undefined {
  return world?.replace(WASI_NAME, `${standIn.namespace}:`);
}

/**
 * The bundle with its imports of the world's own WASI interfaces (`from "wasi:http/types@0.2.10"`)
 * pointed at the stand-in names. Same length, so the source map still fits. Only the world's
 * own: an interface the world lacks (the `wasi:cli/environment@0.2.12` that `process.env`'s
 * polyfill reads in an HTTP handler) is the runtime's real WASI, added to the engine's copy of
 * the world under its `wasi:` name (wit/augment.ts), and renamed it resolved to nothing
 * ("Error resolving module 'wxsi:cli/environment@0.2.12'").
 */
export function standInImports(code: string, standIn: WasiStandIn, own: ReadonlySet<string>): string {
  const unversioned = new Set([...own].map((name) => name.replace(/@[^@/]*$/, '')));
  let out = code;
  for (const { specifier, start } of moduleImports(code)) {
    if (!specifier.startsWith('wasi:') || !(own.has(specifier) || unversioned.has(specifier))) continue;
    out = `${out.slice(0, start)}${standIn.namespace}:${out.slice(start + 'wasi:'.length)}`;
  }
  return out;
}

/** The engine's output with the stand-in names of its imports and exports renamed back to `wasi:`. */
export function restoreWasiNames(component: Uint8Array, standIn: WasiStandIn): Uint8Array {
  const prefix = `${standIn.namespace}:`;
  return renameExterns(component, (name) => (name.startsWith(prefix) ? `wasi:${name.slice(prefix.length)}` : name));
}

/**
 * The engine's view of a world with WASI of its own, under the stand-in namespace: WIT, world
 * name, model names, the bundle's imports and the glue's requirements that the world itself
 * imports (the others are the runtime's real WASI and stay `wasi:`).
 */
export async function standInEngineWorld(
  input: EngineWorld,
  workDir: string,
  standIn: WasiStandIn,
): Promise<EngineWorld> {
  const rename = (name: string) => name.replace(WASI_NAME, `${standIn.namespace}:`);
  const own = new Set(input.model.imports.map((item) => item.name));
  return {
    witPath: await standInWit(input.witPath, workDir, standIn),
    world: standInWorldName(input.world, standIn),
    model: {
      ...input.model,
      package: rename(input.model.package),
      imports: input.model.imports.map((item) => ({ ...item, name: rename(item.name) })),
      exports: input.model.exports.map((item) => ({ ...item, name: rename(item.name) })),
    },
    code: standInImports(input.code, standIn, own),
    requires: input.requires.map((name) => (own.has(name) ? rename(name) : name)),
  };
}
