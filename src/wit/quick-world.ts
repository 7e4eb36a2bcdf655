import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { ResolvedWorld } from './load.js';
import { parseNormalizedWit } from './parse-normalized.js';
import type { WorldModel } from './world.js';

/** The world as our parser read it, and the WIT text it was read from. */
export interface QuickWorld {
  model: WorldModel;
  source: string;
}

/**
 * The world read from the user's WIT by our own parser in about a millisecond, so the build can
 * go on to the engine without waiting ~0.3 s for the reference parser (loading wasm-tools,
 * embedding the world, printing it back). Only for the shape where our reading cannot differ
 * from the reference's: one package in one file, naming no other package (nothing for `deps/` or
 * the shipped WASI WIT to resolve), no `use` or `include` (whose implied imports the reference
 * spells out), no feature gates or block comments. Anything else gives undefined, and the build
 * waits for the reference. A speculation: the build still compares it with the reference world
 * before it writes anything, and builds again from the reference's when they differ (build/build.ts).
 */
export async function quickWorldModel(witPath: string, world: string | undefined): Promise<QuickWorld | undefined> {
  try {
    const text = await singleWitFile(witPath);
    if (text === undefined || !isPlain(text)) return undefined;
    return { model: parseNormalizedWit(new Map([['package.wit', text]]), world), source: text };
  } catch {
    return undefined; // not a shape our parser reads: the reference parser decides
  }
}

async function singleWitFile(witPath: string): Promise<string | undefined> {
  if (!(await stat(witPath)).isDirectory()) return readFile(witPath, 'utf8');
  const entries = await readdir(witPath);
  const wits = entries.filter((name) => name.endsWith('.wit'));
  if (wits.length !== 1 || entries.includes('deps')) return undefined;
  return readFile(join(witPath, wits[0]!), 'utf8');
}

/** A reference to another package (`wasi:cli/stdout`, `local:x/y`) after the package line. */
const OTHER_PACKAGE = /[a-z][a-z0-9-]*:[a-z][a-z0-9-]*\//;

function isPlain(text: string): boolean {
  const body = text.replace(/\/\/[^\n]*/g, '');
  const afterPackage = body.slice(body.indexOf(';') + 1);
  return (
    !OTHER_PACKAGE.test(afterPackage) &&
    !/\b(use|include)\b/.test(afterPackage) &&
    !body.includes('@since') &&
    !body.includes('@unstable') &&
    !body.includes('@deprecated') &&
    !body.includes('/*')
  );
}

/** `quickWorldModel`'s world in the shape the reference loader gives (without its encoding: only the cache needs that). */
export function quickWorld(witPath: string, world: string | undefined, model: WorldModel): ResolvedWorld {
  return {
    witPath,
    world,
    model,
    importedInterfaces: model.imports.filter((i) => i.kind === 'interface').map((i) => i.name),
    encoded: new Uint8Array(0),
  };
}
