import { grantShimAccess } from '../shared/wasi-shim-access.js';

/**
 * TypeScript declarations of a world for the guest side, from jco's type generator: a module
 * per interface (`interfaces/local-pkg-host.d.ts`, what the code may import) and `world.d.ts`,
 * whose module (`local:pkg/world`) declares what the entry must export.
 */
export async function generateGuestTypeFiles(witPath: string, world: string | undefined): Promise<Map<string, Uint8Array>> {
  await grantShimAccess('@bytecodealliance/jco-transpile');
  const { generateGuestTypes } = await import('@bytecodealliance/jco-transpile');
  const files = new Map(Object.entries((await generateGuestTypes(witPath, world ? { worldName: world } : {})) as Record<string, Uint8Array>));
  // jco names the world's file after the WIT path (`--wit wit/` gives `wit.d.ts`, `world.wit` gives
  // `world.d.ts`); it is the one file outside `interfaces/`, and always `world.d.ts` here.
  const top = [...files.keys()].filter((name) => !name.includes('/'));
  if (!files.has('world.d.ts') && top.length === 1) {
    files.set('world.d.ts', files.get(top[0]!)!);
    files.delete(top[0]!);
  }
  return files;
}

/** The module name `world.d.ts` declares: `local:records/records`. */
export function worldModuleName(files: ReadonlyMap<string, Uint8Array>): string | undefined {
  const world = files.get('world.d.ts');
  if (!world) return undefined;
  return /declare module '([^']+)'/.exec(new TextDecoder().decode(world))?.[1];
}
