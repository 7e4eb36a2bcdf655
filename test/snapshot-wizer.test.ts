// Our V8-hosted snapshotter against the Wizer 11 binary, byte for byte, on small hand-written
// modules: every global type (f32/f64 signalling NaNs with payloads, v128), active and passive
// data, a start function, `_initialize`, two memories (one 64-bit), `keepInitFunc`, renames, the
// segment cap, WASI through the command line, and each of Wizer's refusals and failures.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from '@bytecodealliance/jco-transpile/wasm-tools';
import { execa } from 'execa';
import { afterAll, describe, expect, test } from 'vitest';
import { ComponentizeError } from '../src/errors.js';
import { snapshot, type SnapshotOptions } from '../src/snapshot/v8/index.js';
import { runWizerCli } from '../src/snapshot/v8/wizer-cli.js';

// The platform binary itself (the package's default export), not the npm wrapper script around it.
const WIZER = ((await import('@bytecodealliance/wizer')) as { default: string }).default;
const scratch = await mkdtemp(join(tmpdir(), 'componentize-snapshot-wizer-'));
afterAll(() => rm(scratch, { recursive: true, force: true }));
let counter = 0;

async function wat(text: string): Promise<Uint8Array> {
  return parse(text);
}

/** Runs the Wizer 11 binary; `out` is its output module when it succeeded. */
async function wizer(wasm: Uint8Array, args: string[], opts: { input?: Uint8Array; env?: Record<string, string> } = {}) {
  const dir = join(scratch, String(counter++));
  await rm(dir, { recursive: true, force: true });
  await import('node:fs/promises').then((fs) => fs.mkdir(dir));
  await writeFile(join(dir, 'in.wasm'), wasm);
  const result = await execa(WIZER, [...args, `-o=${join(dir, 'out.wasm')}`, join(dir, 'in.wasm')], {
    reject: false,
    input: opts.input ?? new Uint8Array(),
    env: opts.env ?? {},
    extendEnv: false,
    encoding: 'utf8',
  });
  const out = result.exitCode === 0 ? new Uint8Array(await readFile(join(dir, 'out.wasm'))) : undefined;
  return { ...result, out, dir };
}

function firstDifference(a: Uint8Array, b: Uint8Array): string {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return `first difference at byte ${i} (ours ${a[i]}, wizer ${b[i]}), sizes ${a.length} / ${b.length}`;
  return a.length === b.length ? 'identical' : `sizes ${a.length} / ${b.length}`;
}

async function expectSameAsWizer(source: string, options: SnapshotOptions, wizerArgs: string[]): Promise<Uint8Array> {
  const wasm = await wat(source);
  const theirs = await wizer(wasm, ['--init-func', options.initFunc, ...wizerArgs]);
  expect(theirs.stderr).toBe('');
  const ours = await snapshot(wasm, options);
  expect(firstDifference(ours, theirs.out!)).toBe('identical');
  // The output must also be a valid module that V8 accepts.
  expect(WebAssembly.validate(ours as Uint8Array<ArrayBuffer>)).toBe(true);
  return ours;
}

const GLOBALS = `(module
  (memory 1)
  (global $a (mut i32) (i32.const 0))
  (global $b (mut i64) (i64.const 0))
  (global $c (mut f32) (f32.const 0))
  (global $d (mut f64) (f64.const 0))
  (global $e (mut v128) (v128.const i64x2 0 0))
  (global $f i32 (i32.const 7))
  (global $g (mut f32) (f32.const 0))
  (global $h (mut f64) (f64.const 0))
  (global $i (mut i32) (i32.const 3))
  (func (export "init")
    (global.set $a (i32.const -5))
    (global.set $b (i64.const -1234567890123))
    (global.set $c (f32.const 1.5))
    (global.set $d (f64.const -2.25))
    (global.set $e (v128.const i32x4 1 2 3 0xffffffff))
    ;; signalling NaNs with payloads: a JS number would quiet them
    (global.set $g (f32.reinterpret_i32 (i32.const 0x7fa00001)))
    (global.set $h (f64.reinterpret_i64 (i64.const 0xfff4000000000001))))
  (func (export "run") (result i32) (global.get $a)))`;

const DATA = `(module
  (memory 2)
  (global $n (mut i32) (i32.const 0))
  (data (i32.const 16) "hello")
  (data $p "passive!")
  (data (i32.const 70000) "\\01\\00\\00\\00\\00\\02\\00\\00\\00\\00\\00\\03")
  (func $start (global.set $n (i32.add (global.get $n) (i32.const 1))))
  (start $start)
  (func (export "_initialize") (i32.store (i32.const 100) (i32.const 0xdeadbeef)))
  (func (export "init")
    (memory.init $p (i32.const 200) (i32.const 0) (i32.const 8))
    (drop (memory.grow (i32.const 1)))
    (i32.store8 (i32.const 196607) (i32.const 9))
    (global.set $n (i32.add (global.get $n) (i32.const 10))))
  (func (export "read") (result i32) (global.get $n)))`;

const TWO_MEMORIES = `(module
  (memory $m0 1)
  (memory $m1 i64 1 5)
  (global $g (mut i64) (i64.const 0))
  (func (export "init")
    (i32.store $m0 (i32.const 8) (i32.const 42))
    (i64.store $m1 (i64.const 65000) (i64.const 0x0102030405060708))
    (drop (memory.grow $m1 (i64.const 2)))
    (i64.store $m1 (i64.const 190000) (i64.const -1))
    (global.set $g (memory.size $m1))))`;

/** 10,005 single non-zero bytes 6 apart: over the cap of 10,000 segments by 5. */
const MANY_SEGMENTS = `(module (memory 1)
  (func (export "init") (local $i i32)
    (loop $l
      (i32.store8 (i32.mul (local.get $i) (i32.const 6)) (i32.const 1))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (i32.const 10005))))))`;

describe('byte for byte equal to Wizer 11', () => {
  test('every global type, sNaN payloads and v128 included', async () => {
    const out = await expectSameAsWizer(GLOBALS, { initFunc: 'init' }, []);
    // A test that can fail on our own: the NaN payload is in the output.
    expect(Buffer.from(out).includes(Buffer.from([0x43, 0x01, 0x00, 0xa0, 0x7f]))).toBe(true);
  });
  test('keepInitFunc', () => expectSameAsWizer(GLOBALS, { initFunc: 'init', keepInitFunc: true }, ['--keep-init-func=true']));
  test('renames', () => expectSameAsWizer(GLOBALS, { initFunc: 'init', renames: [['main', 'run']] }, ['-r', 'main=run']));
  test('active and passive data, start, _initialize, memory.grow, name section', () => expectSameAsWizer(DATA, { initFunc: 'init' }, []));
  test('_initialize as the init function', () => expectSameAsWizer(DATA, { initFunc: '_initialize' }, []));
  test('two memories, one 64-bit', () => expectSameAsWizer(TWO_MEMORIES, { initFunc: 'init' }, []));
  test('more than 10,000 segments', async () => {
    const out = await expectSameAsWizer(MANY_SEGMENTS, { initFunc: 'init' }, []);
    expect(out.length).toBeGreaterThan(50_000);
  });
  test('an import init does not call stays', () =>
    expectSameAsWizer(`(module (import "foo" "bar" (func)) (memory 1) (func (export "init") (i32.store (i32.const 4) (i32.const 1))))`, { initFunc: 'init' }, []));
});
