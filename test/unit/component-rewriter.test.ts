import { transpileBytes } from '@bytecodealliance/jco-transpile';
import { describe, expect, test } from 'vitest';
import { removeExports, topLevelExports } from '../../src/component/exports.js';
import { encodeSigned, encodeUnsigned, readSigned, readUnsigned } from '../../src/component/leb128.js';
import { renameExterns } from '../../src/component/rename.js';
import { retypeAsync } from '../../src/component/retype-async.js';
import { readComponent, writeComponent } from '../../src/component/sections.js';
import { wasmTools } from '../../src/wit/wasm-tools.js';

/**
 * A small component shaped like wit-component's output: two world-level functions sharing one
 * function type, a type defined after them, an interface exported through a nested shim
 * component, an extra root export (like componentize-qjs's `init`), and a stand-in `wxsi:` import.
 */
const WAT = `(component
  (import "wxsi:demo/clock@0.2.10" (instance $clock (export "now" (func (result u64)))))
  (core module $m
    (func (export "a") (result i32) i32.const 1)
    (func (export "b") (result i32) i32.const 2)
    (func (export "c") (param i32) (result i32) local.get 0))
  (core instance $i (instantiate $m))
  (type $shared (func (result u32)))
  (alias core export $i "a" (core func $a))
  (func $fa (type $shared) (canon lift (core func $a)))
  (export "first" (func $fa))
  (alias core export $i "b" (core func $b))
  (func $fb (type $shared) (canon lift (core func $b)))
  (export "second" (func $fb))
  (type $later (func (param "x" u32) (result u32)))
  (alias core export $i "c" (core func $c))
  (func $fc (type $later) (canon lift (core func $c)))
  (export "third" (func $fc))
  (component $shim
    (type $t (func (param "x" u32) (result u32)))
    (import "import-func-twice" (func $f (type $t)))
    (type $e (func (param "x" u32) (result u32)))
    (export "twice" (func $f) (func (type $e))))
  (func $fd (type $later) (canon lift (core func $c)))
  (instance $api (instantiate $shim (with "import-func-twice" (func $fd))))
  (export "init" (func $fa))
  (export "local:demo/api" (instance $api))
)`;

async function component(): Promise<Uint8Array> {
  return (await wasmTools()).parse(WAT);
}

/** jco's TypeScript declaration of the component: transpiling validates it, too. */
async function declaration(bytes: Uint8Array): Promise<string> {
  const { files } = await transpileBytes(bytes, { name: 'c', map: { 'wxsi:*': './stub.js', 'wasi:*': './stub.js' } });
  return new TextDecoder().decode(files['c.d.ts']);
}

describe('LEB128', () => {
  test.each([0, 1, 127, 128, 300, 2 ** 31, 2 ** 32 - 1])('unsigned %d round-trips', (n) => {
    expect(readUnsigned(encodeUnsigned(n), 0)).toEqual({ value: n, length: encodeUnsigned(n).length });
  });
  test.each([0, -1, 63, -64, 64, -65, -28, 1000])('signed %d round-trips', (n) => {
    expect(readSigned(encodeSigned(n), 0).value).toBe(n);
  });
  test('a primitive value type byte reads as negative', () => {
    expect(readSigned(Uint8Array.of(0x79), 0).value).toBe(-7); // u32
  });
});

describe('the component rewriter', () => {
  test('sections read and write back to the same bytes', async () => {
    const bytes = await component();
    expect(Buffer.compare(writeComponent(readComponent(bytes)), bytes)).toBe(0);
  });

  test('refuses a core module', () => {
    expect(() => readComponent(Uint8Array.of(0, 0x61, 0x73, 0x6d, 1, 0, 0, 0))).toThrow('core WebAssembly module');
  });

  test('re-types a function whose type another (sync) function shares: a new type entry, later types renumbered', async () => {
    const retyped = retypeAsync(await component(), ['first']);
    const dts = await declaration(retyped);
    expect(dts).toMatch(/export function first\(\): Promise<number>;/);
    expect(dts).toMatch(/export function second\(\): number;/);
    expect(dts).toMatch(/export function third\(x: number\): number;/);
    const wat = await (await wasmTools()).print(retyped);
    expect(wat.match(/func async/g)).toHaveLength(1);
  });

  test('re-types a function of an exported interface in the shim too', async () => {
    const retyped = retypeAsync(await component(), ['local:demo/api#twice']);
    const wat = await (await wasmTools()).print(retyped);
    // The top-level type of the lift (shared with `third`: a new entry) and the shim's import and export types.
    expect(wat.match(/func async/g)).toHaveLength(3);
    expect(await declaration(retyped)).toMatch(/export function third\(x: number\): number;/);
  });

  test('re-types every function of a type in place when none stays sync', async () => {
    const bytes = await component();
    const retyped = retypeAsync(bytes, ['first', 'second', 'init']);
    expect(retyped.length).toBe(bytes.length);
    expect(await declaration(retyped)).toMatch(/export function second\(\): Promise<number>;/);
  });

  test('names a function the component does not export', async () => {
    expect(() => retypeAsync(new Uint8Array(0), ['x'])).toThrow();
    await expect(component().then((b) => retypeAsync(b, ['missing']))).rejects.toThrow('exports no `missing`');
  });

  test('removes a top-level export: a host no longer sees it', async () => {
    const removed = removeExports(await component(), ['init']);
    expect(topLevelExports(removed).map((e) => e.name)).toEqual(['first', 'second', 'third', 'local:demo/api']);
    expect(await declaration(removed)).not.toContain('init');
    expect(() => removeExports(removed, ['init'])).toThrow('does not export `init`');
  });

  test('removing an export renumbers the exports after it that refer to later indices of its sort', async () => {
    // As in componentize-qjs output: `init` first, then the world's functions (aliases of the
    // runtime instance's exports, re-exported).
    const wat = `(component
      (core module $m (func (export "a") (result i32) i32.const 1) (func (export "b") (result i32) i32.const 2))
      (core instance $i (instantiate $m))
      (type $t (func (result u32)))
      (alias core export $i "a" (core func $a))
      (func $fa (type $t) (canon lift (core func $a)))
      (alias core export $i "b" (core func $b))
      (func $fb (type $t) (canon lift (core func $b)))
      (export $init "init" (func $fa))
      (export $e "echo" (func $fb))
      (export "echo-again" (func $e)))`;
    const removed = removeExports(await (await wasmTools()).parse(wat), ['init']);
    expect(topLevelExports(removed).map((e) => e.name)).toEqual(['echo', 'echo-again']);
    expect(await declaration(removed)).toMatch(/export function echoAgain\(\): number;/);
  });

  test('refuses to remove an export that a later section refers to', async () => {
    // `first` defines func index 3, which the shim instantiation does not use, but the canon
    // section after it could: the rewriter does not guess.
    await expect(component().then((b) => removeExports(b, ['first']))).rejects.toThrow('cannot remove export `first`');
  });

  test('renames imports by a mapping: a stand-in namespace back to the real one', async () => {
    const renamed = renameExterns(await component(), (name, kind) =>
      kind === 'import' ? name.replace(/^wxsi:/, 'wasi:') : name,
    );
    const wat = await (await wasmTools()).print(renamed);
    expect(wat).toContain('(import "wasi:demo/clock@0.2.10"');
    expect(wat).not.toContain('wxsi:');
    expect(topLevelExports(renamed).map((e) => e.name)).toContain('local:demo/api');
  });

  test('renames exports, and refuses a mapping that makes two names equal', async () => {
    const bytes = await component();
    const renamed = renameExterns(bytes, (name, kind) => (kind === 'export' && name === 'third' ? 'fourth' : name));
    expect(await declaration(renamed)).toMatch(/export function fourth\(x: number\): number;/);
    expect(() =>
      renameExterns(bytes, (name, kind) => (kind === 'export' && name === 'second' ? 'first' : name)),
    ).toThrow('two exports named `first`');
  });
});
