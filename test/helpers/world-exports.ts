import { join } from 'node:path';
import { topLevelExports } from '../../dist/component/exports.js';
import { wasmTools } from '../../dist/wit/wasm-tools.js';
import type { Fixture } from './build-fixture.js';

/**
 * The top-level exports a component of the fixture's world must have, by the reference tools:
 * wasm-tools makes a stand-in component of the world (a dummy core module, `component new`),
 * whose exports are the world's exports as the component model names them.
 */
export async function worldExports(fixture: Fixture): Promise<{ name: string; sort: string }[]> {
  const tools = await wasmTools();
  const core = await tools.componentEmbed({
    dummy: true,
    witPath: join(fixture.dir, fixture.spec.wit ?? 'world.wit'),
    ...(fixture.spec.world ? { world: fixture.spec.world } : {}),
  });
  return topLevelExports(await tools.componentNew(core));
}
