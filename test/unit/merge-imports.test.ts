import { describe, expect, test } from 'vitest';
import { topLevelExports } from '../../src/component/exports.js';
import { topLevelImports } from '../../src/component/imports.js';
import { mergeImportVersions } from '../../src/component/merge-imports.js';
import { wasmTools } from '../../src/wit/wasm-tools.js';

/**
 * The shape an engine's output has: a runtime's imports at 0.2.12 listing only what it calls,
 * then the world's at 0.2.10 listing whole interfaces, each `streams` using its own `poll`'s
 * resource through an outer alias, and an export using the 0.2.10 imports.
 */
const twoVersions = (extra12 = '') => `(component
  (type $poll12 (instance (export "pollable" (type (sub resource)))))
  (import "test:io/poll@0.2.12" (instance $p12 (type $poll12)))
  (alias export $p12 "pollable" (type $pollable12))
  (type $streams12 (instance
    (alias outer 1 $pollable12 (type))
    (export "pollable" (type (eq 0)))
    (type (own 1))
    (type (func (result 2)))
    (export "subscribe" (func (type 3)))
    ${extra12}
  ))
  (import "test:io/streams@0.2.12" (instance $s12 (type $streams12)))
  (type $poll10 (instance
    (export "pollable" (type (sub resource)))
    (type (borrow 0))
    (type (func (param "self" 1) (result bool)))
    (export "[method]pollable.ready" (func (type 2)))
  ))
  (import "test:io/poll@0.2.10" (instance $p10 (type $poll10)))
  (alias export $p10 "pollable" (type $pollable10))
  (type $streams10 (instance
    (alias outer 1 $pollable10 (type))
    (export "pollable" (type (eq 0)))
    (type (own 1))
    (type (func (result 2)))
    (export "subscribe" (func (type 3)))
    (export "subscribe-again" (func (type 3)))
  ))
  (import "test:io/streams@0.2.10" (instance $s10 (type $streams10)))
  (type $host (instance (type (func)) (export "ping" (func (type 0)))))
  (import "test:app/host" (instance $h (type $host)))
  (alias export $s10 "subscribe-again" (func $again))
  (alias export $h "ping" (func $ping))
  (export "again" (func $again))
  (export "ping" (func $ping))
)`;

describe('imports of one interface at two versions', () => {
  test('become one import of the newest version, with the fuller type, and a valid component', async () => {
    const tools = await wasmTools();
    const { component, merged } = mergeImportVersions(await tools.parse(twoVersions()));
    expect(merged).toEqual([
      { from: 'test:io/poll@0.2.10', into: 'test:io/poll@0.2.12' },
      { from: 'test:io/streams@0.2.10', into: 'test:io/streams@0.2.12' },
    ]);
    expect(topLevelImports(component).map((i) => i.name)).toEqual([
      'test:io/poll@0.2.12',
      'test:io/streams@0.2.12',
      'test:app/host',
    ]);
    expect(topLevelExports(component).map((e) => e.name)).toEqual(['again', 'ping']);
    // The reference decoder validates (an export of a pollable from the merged streams included).
    expect(await tools.componentWit(component)).toContain('export again: func() -> pollable;');
    // The imports carry what the older ones asked for, and nothing names 0.2.10 any more.
    const wat = await tools.print(component);
    expect(wat).toContain('"[method]pollable.ready"');
    expect(wat).toContain('"subscribe-again"');
    expect(wat).not.toContain('0.2.10');
  });

  test('stay apart when each version has something the other lacks', async () => {
    const tools = await wasmTools();
    const bytes = await tools.parse(twoVersions('(export "only-new" (func (type 3)))'));
    const { component, merged } = mergeImportVersions(bytes);
    expect(merged).toEqual([]);
    expect(component).toBe(bytes);
  });

  test('a component without such imports comes back as it was', async () => {
    const bytes = await (await wasmTools()).parse(
      '(component (import "test:io/poll@0.2.12" (instance (export "f" (func)))) (import "test:io/poll@0.3.0" (instance)))',
    );
    expect(mergeImportVersions(bytes).component).toBe(bytes);
  });
});
