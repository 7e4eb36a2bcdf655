import { expect, test } from 'vitest';
import { topLevelImports } from '../../src/component/imports.js';
import { componentImports } from '../../src/emit/imports.js';
import { wasmTools } from '../../src/wit/wasm-tools.js';

/** Imports of every shape a world can give a component: interfaces, a function, a world-level type. */
const WAT = `(component
  (import "wasi:cli/stdout@0.2.12" (instance (export "get-stdout" (func (result u32)))))
  (type $point (record (field "x" s32) (field "y" s32)))
  (import "point" (type $p (eq $point)))
  (import "log" (func (param "p" $p)))
  (import "local:app/host" (instance (export "now" (func (result u64)))))
)`;

test('the import names come from the binary in order, with their sorts', async () => {
  const bytes = await (await wasmTools()).parse(WAT);
  expect(topLevelImports(bytes)).toEqual([
    { name: 'wasi:cli/stdout@0.2.12', sort: 'instance' },
    { name: 'point', sort: 'type' },
    { name: 'log', sort: 'func' },
    { name: 'local:app/host', sort: 'instance' },
  ]);
});

test("the report lists what wasm-tools prints as the world's import lines", async () => {
  const tools = await wasmTools();
  const bytes = await tools.parse(WAT);
  const wit = await tools.componentWit(bytes);
  const printed = [...wit.slice(wit.indexOf('world root {')).matchAll(/^ {2}import (\S+?)(?:;|: )/gm)].map((m) => m[1]);
  expect(printed.length).toBeGreaterThan(0);
  expect(componentImports(bytes)).toEqual(printed);
});
