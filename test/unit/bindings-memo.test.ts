import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { transpileBytes } from '@bytecodealliance/jco-transpile';
import { afterAll, beforeEach, describe, expect, test, vi } from 'vitest';
import { componentBindings, jcoOptions, shapeKey } from '../../src/host/bindings.js';
import { readWorldHint } from '../../src/host/bindings-memo.js';
import { componentShape } from '../../src/host/component-shape.js';
import { importMap, instantiateComponent } from '../../src/host/instantiate.js';
import { wasmTools } from '../../src/wit/wasm-tools.js';

// Counts jco's runs: a memo hit must not transpile.
vi.mock('@bytecodealliance/jco-transpile', async (importOriginal) => {
  const actual = await importOriginal<typeof import('@bytecodealliance/jco-transpile')>();
  return { ...actual, transpileBytes: vi.fn(actual.transpileBytes) };
});

/**
 * A component like an engine's after Wizer: one core module with memory, a global and data,
 * whose export adds the host's number, the number stored at byte 16 and the global. `data`,
 * `dataAt`, `global` and `pages` vary what a snapshot varies; `code`, `coreImport` and `result`
 * vary the shape.
 */
function wat(
  v: {
    data?: number;
    dataAt?: number;
    global?: number;
    pages?: number;
    code?: string;
    coreImport?: string;
    result?: string;
  } = {},
): string {
  return `(component
  (import "local:demo/host" (instance $host (export "base" (func (result u32)))))
  (core func $base (canon lower (func $host "base")))
  (core module $m
    (import "host" "${v.coreImport ?? 'base'}" (func $base (result i32)))
    (memory (export "memory") ${v.pages ?? 2})
    (global $g (mut i32) (i32.const ${v.global ?? 0}))
    (data (i32.const ${v.dataAt ?? 16}) "\\${(v.data ?? 1).toString(16).padStart(2, '0')}\\00\\00\\00")
    (func (export "answer") (result i32) ${v.code ?? ''} (i32.add (i32.add (call $base) (i32.load (i32.const 16))) (global.get $g))))
  (core instance $hi (export "${v.coreImport ?? 'base'}" (func $base)))
  (core instance $i (instantiate $m (with "host" (instance $hi))))
  (func (export "answer") (result ${v.result ?? 'u32'}) (canon lift (core func $i "answer")))
)`;
}

/** What a different snapshot of the same code changes. */
const SNAPSHOT = { data: 5, global: 100, pages: 3 };

const parse = async (text: string) => (await wasmTools()).parse(text);
const scratch = await mkdtemp(join(tmpdir(), 'componentize-memo-test-'));
afterAll(() => rm(scratch, { recursive: true, force: true }));

async function hostModule(name: string, base: number): Promise<string> {
  const path = join(scratch, `${name}.mjs`);
  await writeFile(path, `export function base() { return ${base}; }\n`);
  return path;
}

const keyOf = async (component: Uint8Array) =>
  (await shapeKey(component, jcoOptions(importMap({ 'local:demo/host': '/x.mjs' })).options))!.key;

describe('the shape key', () => {
  test('ignores what a snapshot changes: data, global values, the memory size', async () => {
    const base = await keyOf(await parse(wat()));
    expect(await keyOf(await parse(wat({ ...SNAPSHOT, dataAt: 70000 })))).toBe(base);
  });

  test('changes with the code, a core import, or a component type', async () => {
    const base = await keyOf(await parse(wat()));
    expect(await keyOf(await parse(wat({ code: 'nop' })))).not.toBe(base);
    expect(await keyOf(await parse(wat({ coreImport: 'base2' })))).not.toBe(base);
    expect(await keyOf(await parse(wat({ result: 's32' })))).not.toBe(base);
  });

  test("changes with jco's options", async () => {
    const component = await parse(wat());
    const other = jcoOptions(importMap({ 'local:demo/other': '/x.mjs' })).options;
    expect((await shapeKey(component, other))!.key).not.toBe(await keyOf(component));
  });

  test('is the same for components whose jco output is byte-identical, and that output does not embed a module', async () => {
    const { options } = jcoOptions(importMap({ 'local:demo/host': '/x.mjs' }));
    const a = await transpileBytes(await parse(wat()), { ...options });
    const b = await transpileBytes(await parse(wat(SNAPSHOT)), { ...options });
    expect(Buffer.from(b.files['component.js']!).equals(Buffer.from(a.files['component.js']!))).toBe(true);
    expect(Buffer.from(b.files['component.core.wasm']!).equals(Buffer.from(a.files['component.core.wasm']!))).toBe(
      false,
    );
  });

  test("a nested component's core modules are reduced too", async () => {
    const nested = (n: number) =>
      `(component (component $inner (core module $m (memory 1) (data (i32.const 0) "${n}") (func (export "f") (result i32) i32.const 0 i32.load8_u)) (core instance $i (instantiate $m)) (func (export "f") (result u32) (canon lift (core func $i "f")))) (instance $x (instantiate $inner)) (export "f" (func $x "f")))`;
    expect(
      Buffer.from(componentShape(await parse(nested(1)))).equals(Buffer.from(componentShape(await parse(nested(2))))),
    ).toBe(true);
  });
});

describe('componentBindings with a memo', () => {
  let memoDir: string;
  const transpiles = vi.mocked(transpileBytes);
  beforeEach(async () => {
    memoDir = await mkdtemp(join(scratch, 'memo-'));
    transpiles.mockClear();
  });

  test("a component of a seen shape is not transpiled, runs its own code, and imports this call's host modules", async () => {
    const first = await instantiateComponent(await parse(wat()), {
      hostModules: { 'local:demo/host': await hostModule('a', 41) },
      memo: { dir: memoDir, world: 'w' },
    });
    expect(first.bindings).toBe('transpiled');
    expect((first.exports as { answer(): number }).answer()).toBe(42);
    expect(await readWorldHint(memoDir, 'w')).toBe('hit');
    const second = await instantiateComponent(await parse(wat(SNAPSHOT)), {
      hostModules: { 'local:demo/host': await hostModule('b', 1000) },
      memo: { dir: memoDir },
    });
    expect(second.bindings).toBe('memo');
    expect((second.exports as { answer(): number }).answer()).toBe(1105);
    expect(transpiles).toHaveBeenCalledTimes(1);
  });

  test('a hit whose core module cannot be instantiated (its data beyond its memory) still fails', async () => {
    const host = { 'local:demo/host': await hostModule('c', 1) };
    await instantiateComponent(await parse(wat({ dataAt: 70000 })), { hostModules: host, memo: { dir: memoDir } });
    await expect(
      instantiateComponent(await parse(wat({ dataAt: 70000, pages: 1 })), {
        hostModules: host,
        memo: { dir: memoDir },
      }),
    ).rejects.toThrow(/out of bounds/);
    expect(transpiles).toHaveBeenCalledTimes(1);
  });

  test("a component of another shape is transpiled, not given the memo's bindings", async () => {
    const host = { 'local:demo/host': await hostModule('d', 1) };
    await instantiateComponent(await parse(wat()), { hostModules: host, memo: { dir: memoDir } });
    const other = await instantiateComponent(await parse(wat({ result: 's32', global: -5 })), {
      hostModules: host,
      memo: { dir: memoDir },
    });
    expect(other.bindings).toBe('transpiled');
    expect((other.exports as { answer(): number }).answer()).toBe(-3);
    expect(await readdir(join(memoDir, 'jco'))).toHaveLength(2);
  });

  test('a damaged entry is not used: it is transpiled and stored again', async () => {
    const component = await parse(wat());
    const map = importMap({ 'local:demo/host': await hostModule('e', 1) });
    await componentBindings(component, map, { dir: memoDir });
    const [name] = await readdir(join(memoDir, 'jco'));
    const path = join(memoDir, 'jco', name!);
    await writeFile(path, (await readFile(path, 'utf8')).replace('"modules":1', '"modules":2'));
    expect((await componentBindings(component, map, { dir: memoDir })).from).toBe('transpiled');
    expect((await componentBindings(component, map, { dir: memoDir })).from).toBe('memo');
  });

  test('an entry whose JavaScript file was changed or removed is not used: it is transpiled and stored again', async () => {
    const component = await parse(wat());
    const map = importMap({ 'local:demo/host': await hostModule('g', 1) });
    const first = await componentBindings(component, map, { dir: memoDir });
    expect(first.jsPath).toBe(
      join(memoDir, 'jco-js', `${(await readdir(join(memoDir, 'jco')))[0]!.replace(/\.json$/, '')}.mjs`),
    );
    expect(await readFile(first.jsPath!, 'utf8')).toBe(first.js);
    await writeFile(first.jsPath!, first.js.replace('answer', 'answor'));
    const again = await componentBindings(component, map, { dir: memoDir });
    expect(again.from).toBe('transpiled');
    expect(await readFile(first.jsPath!, 'utf8')).toBe(first.js);
    await rm(first.jsPath!);
    expect((await componentBindings(component, map, { dir: memoDir })).from).toBe('transpiled');
    expect((await componentBindings(component, map, { dir: memoDir })).from).toBe('memo');
  });

  test("the JavaScript names no import target: the same for any host module, and instantiated from the memo's file", async () => {
    const component = await parse(wat());
    const map = importMap({ 'local:demo/host': await hostModule('h', 1) });
    const a = await componentBindings(component, map, { dir: memoDir });
    const b = await componentBindings(component, importMap({ 'local:demo/host': await hostModule('i', 1) }), {
      dir: memoDir,
    });
    expect(b.from).toBe('memo');
    expect(b.js).toBe(a.js);
    expect(a.js).not.toContain('h.mjs');
    expect(a.js).not.toContain('preview2-shim');
    expect(a.imports).toEqual([`componentize-import:${Object.keys(map).indexOf('local:demo/host')}`]);
  });

  test('a memo directory that cannot be written only means no memo', async () => {
    const blocker = join(memoDir, 'a-file');
    await writeFile(blocker, '');
    const map = importMap({ 'local:demo/host': await hostModule('f', 1) });
    const bindings = await componentBindings(await parse(wat()), map, { dir: join(blocker, 'memo'), world: 'w' });
    expect(bindings.from).toBe('transpiled');
    expect(bindings.jsPath).toBeUndefined();
    expect(bindings.js).toContain('export function instantiate(');
    const instance = await instantiateComponent(await parse(wat({ global: 2 })), {
      hostModules: { 'local:demo/host': await hostModule('f2', 40) },
      memo: { dir: join(blocker, 'memo') },
    });
    expect((instance.exports as { answer(): number }).answer()).toBe(43);
  });
});
