import { grantShimAccess } from '../toolchain/wasi-shim-access.js';

/**
 * TypeScript declarations of a world for the guest side, from jco's type generator: a module
 * per interface (`interfaces/local-pkg-host.d.ts`, what the code may import) and `world.d.ts`,
 * whose module (`local:pkg/world`) declares what the entry must export.
 */
export async function generateGuestTypeFiles(
  witPath: string,
  world: string | undefined,
): Promise<Map<string, Uint8Array>> {
  await grantShimAccess('@bytecodealliance/jco-transpile');
  const { generateGuestTypes } = await import('@bytecodealliance/jco-transpile');
  const files = await generateGuestTypes(witPath, world ? { worldName: world } : {});
  // jco names the world's file after a package-qualified world (`proxy@0.2.10.d.ts` for
  // wasi:http/proxy@0.2.10); it is `world.d.ts` for every world here, so callers find it.
  const entries = Object.entries(files as Record<string, Uint8Array>);
  const top = entries.filter(([name]) => !name.includes('/'));
  return new Map(
    top.length === 1 ? entries.map(([name, bytes]) => [name.includes('/') ? name : 'world.d.ts', bytes]) : entries,
  );
}

/** The module name `world.d.ts` declares: `local:records/records`. */
export function worldModuleName(files: ReadonlyMap<string, Uint8Array>): string | undefined {
  const world = files.get('world.d.ts');
  if (!world) return undefined;
  return /declare module '([^']+)'/.exec(new TextDecoder().decode(world))?.[1];
}
