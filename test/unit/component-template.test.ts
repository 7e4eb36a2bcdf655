// The component of a snapshot is made by swapping its core module into a component made once
// per spliced engine (src/engines/starlingmonkey/component-new.ts): it must be, byte for byte,
// what wit-component's componentNew makes of the same module.
import { componentEmbed, metadataAdd, parse } from '@bytecodealliance/jco-transpile/wasm-tools';
import { describe, expect, test } from 'vitest';
import {
  componentFromCore,
  componentFromTemplate,
  componentTemplate,
} from '../../src/engines/starlingmonkey/component-new.js';
import { partPaths } from '../../src/engines/starlingmonkey/componentize-parts.js';

const WIT = 'package local:t;\nworld w {\n  export greet: func(n: u32) -> u32;\n}\n';

/** A core module of the world: `greet` adds `add`; memory, data and a global as a snapshot changes them. */
async function core(add: number, pages: number, extraExport = ''): Promise<Uint8Array> {
  const wat = `(module
    (memory (export "memory") ${pages})
    (global $g (mut i32) (i32.const ${add}))
    (data (i32.const 16) "state ${add}")
    (func (export "greet") (param i32) (result i32) local.get 0 i32.const ${add} i32.add)
    (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32) i32.const 0)
    ${extraExport})`;
  const embedded = await componentEmbed({ binary: await parse(wat), witSource: WIT, world: 'w' });
  return metadataAdd(embedded, [['language', [['JavaScript', '']]]]);
}

describe('a core module swapped into the component template', () => {
  const adapter = partPaths().adapterPath;

  test('gives the bytes componentNew gives, for a module with other code, data and memory size', async () => {
    const engine = await core(1, 1, '(func (export "componentize.wizer"))');
    const template = await componentTemplate(engine, ['componentize.wizer'], adapter);
    expect(template).toBeDefined();
    const snapshot = await core(42, 3);
    const swapped = componentFromTemplate(snapshot, template!);
    expect(swapped).toBeDefined();
    expect(Buffer.from(swapped!).equals(Buffer.from(await componentFromCore(snapshot, adapter)))).toBe(true);
  });

  test('refuses a module whose exports differ from the template', async () => {
    const template = await componentTemplate(await core(1, 1), [], adapter);
    const other = await core(2, 1, '(func (export "check_init") (result i32) i32.const 0)');
    expect(componentFromTemplate(other, template!)).toBeUndefined();
  });
});
