import { grantShimAccess } from '../shared/wasi-shim-access.js';

/**
 * TypeScript declarations of a world for the guest side, from jco's type generator: a module
 * per interface (`interfaces/local-pkg-host.d.ts`, what the code may import) and `world.d.ts`,
 * whose module (`local:pkg/world`) declares what the entry must export.
 */
export async function generateGuestTypeFiles(witPath: string, world: string | undefined): Promise<Map<string, Uint8Array>> {
  await grantShimAccess('@bytecodealliance/jco-transpile');
  const { generateGuestTypes } = await import('@bytecodealliance/jco-transpile');
  const files = await generateGuestTypes(witPath, world ? { worldName: world } : {});
  // jco names the world's file after the WIT path's base name: `world.d.ts` for world.wit, but
  // `wit.d.ts` for a directory `wit/`. One name, whatever the layout: `world.d.ts`.
  return new Map(Object.entries(files as Record<string, Uint8Array>).map(([name, bytes]) => [name.includes('/') ? name : 'world.d.ts', bytes]));
}

/** The module name `world.d.ts` declares: `local:records/records`. */
export function worldModuleName(files: ReadonlyMap<string, Uint8Array>): string | undefined {
  const world = files.get('world.d.ts');
  if (!world) return undefined;
  return /declare module '([^']+)'/.exec(new TextDecoder().decode(world))?.[1];
}
