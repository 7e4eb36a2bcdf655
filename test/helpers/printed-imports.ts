import { wasmTools } from '../../dist/wit/wasm-tools.js';

/**
 * What a host must provide to a component, by the reference tools: the `import` lines wasm-tools
 * prints for the component's world (interfaces as `wasi:io/poll@0.2.12`, functions by name).
 * Independent of the binary reader the report uses (component/imports.ts).
 */
export async function printedImports(component: Uint8Array): Promise<string[]> {
  const wit = await (await wasmTools()).componentWit(component);
  const world = wit.slice(wit.indexOf('world root {'));
  return [...world.matchAll(/^ {2}import (\S+?)(?:;|: )/gm)].map((m) => m[1]!);
}
