import { existsSync } from 'node:fs';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { bindMemory } from '../../dist/snapshot/v8/wasi-host.js';

// The snapshotter binds node:wasi to the engine's memory itself. Node 24 has finalizeBindings;
// Node 20 (on which builds must work) has not, and an unbound WASI traps every call.
describe('bindMemory', () => {
  const memory = new WebAssembly.Memory({ initial: 1 });
  const instance = { exports: { memory } };

  it('uses finalizeBindings where node:wasi has it, and never runs _initialize', () => {
    const calls: unknown[] = [];
    bindMemory(
      {
        finalizeBindings: (i: object, o: object) => calls.push(['finalize', i, o]),
        initialize: () => calls.push('initialize'),
      },
      instance,
      memory,
    );
    expect(calls).toEqual([['finalize', instance, { memory }]]);
  });

  it('falls back to initialize of a stand-in holding only the memory (Node 20)', () => {
    const calls: unknown[] = [];
    bindMemory({ initialize: (i: object) => calls.push(i) }, instance, memory);
    expect(calls).toEqual([{ exports: { memory } }]);
  });

  // The real thing on every Node this machine has (the system's Node 20 besides the repository's
  // 24): a bound WASI's call writes into the memory (unbound it throws "wasi.start() has not been called").
  const nodes = [...new Set([process.execPath, ...['/usr/bin/node', '/usr/local/bin/node'].filter(existsSync)])];
  it.each(nodes)('binds a real node:wasi on %s', async (node) => {
    const module = new URL('../../dist/snapshot/v8/wasi-host.js', import.meta.url).href;
    const script = `
      import { WASI } from 'node:wasi';
      import { bindMemory } from ${JSON.stringify(module)};
      const memory = new WebAssembly.Memory({ initial: 1 });
      const wasi = new WASI({ version: 'preview1', args: [], env: {} });
      bindMemory(wasi, { exports: { memory } }, memory);
      const status = wasi.wasiImport.random_get(0, 16);
      console.log(JSON.stringify({ status, written: new Uint8Array(memory.buffer, 0, 16).some((b) => b !== 0) }));`;
    const { stdout } = await execa(node, ['--input-type=module', '-e', script]);
    expect(JSON.parse(stdout)).toEqual({ status: 0, written: true });
  });
});
