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
import { type SnapshotOptions, snapshot } from '../src/snapshot/v8/index.js';
import { parseModule } from '../src/snapshot/v8/module.js';
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
async function wizer(
  wasm: Uint8Array,
  args: string[],
  opts: { input?: Uint8Array; env?: Record<string, string> } = {},
) {
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
  for (let i = 0; i < n; i++)
    if (a[i] !== b[i])
      return `first difference at byte ${i} (ours ${a[i]}, wizer ${b[i]}), sizes ${a.length} / ${b.length}`;
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

/**
 * `count` single non-zero bytes with gaps of 5 + (i*i mod m) mod 4: far more segments than the cap,
 * with many equal gaps in no order, so which ones Wizer merges depends on Rust's unstable sort.
 */
const tiedSegments = (m: number, count: number) => `(module (memory 4)
  (func (export "init") (local $i i32) (local $p i32)
    (loop $l
      (i32.store8 (local.get $p) (i32.const 1))
      (local.set $p (i32.add (local.get $p) (i32.add (i32.const 6) (i32.rem_u (i32.rem_u (i32.mul (local.get $i) (local.get $i)) (i32.const ${m})) (i32.const 4)))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (i32.const ${count}))))))`;

describe('byte for byte equal to Wizer 11', () => {
  test('every global type, sNaN payloads and v128 included', async () => {
    const out = await expectSameAsWizer(GLOBALS, { initFunc: 'init' }, []);
    // A test that can fail on our own: the NaN payload is in the output.
    expect(Buffer.from(out).includes(Buffer.from([0x43, 0x01, 0x00, 0xa0, 0x7f]))).toBe(true);
  });
  test('keepInitFunc', () =>
    expectSameAsWizer(GLOBALS, { initFunc: 'init', keepInitFunc: true }, ['--keep-init-func=true']));
  test('renames', () =>
    expectSameAsWizer(GLOBALS, { initFunc: 'init', renames: [['main', 'run']] }, ['-r', 'main=run']));
  test('active and passive data, start, _initialize, memory.grow, name section', async () => {
    const out = await expectSameAsWizer(DATA, { initFunc: 'init' }, []);
    // The rule this case is about: the new data section sits right before `name`.
    const ids = parseModule(out).sections.map((s) => s.name ?? String(s.id));
    expect(ids.slice(-2)).toEqual(['11', 'name']);
  });
  test('_initialize as the init function', () => expectSameAsWizer(DATA, { initFunc: '_initialize' }, []));
  test('two memories, one 64-bit', () => expectSameAsWizer(TWO_MEMORIES, { initFunc: 'init' }, []));
  test('more than 10,000 segments', async () => {
    const out = await expectSameAsWizer(MANY_SEGMENTS, { initFunc: 'init' }, []);
    expect(out.length).toBeGreaterThan(50_000);
  });
  test.each([
    [7, 20_000],
    [5, 10_040],
    [997, 30_000],
  ])('the segment cap with equal gaps in no order (m = %i, %i bytes)', (m, count) =>
    expectSameAsWizer(tiedSegments(m, count), { initFunc: 'init' }, []),
  );
  test('an import init does not call stays', () =>
    expectSameAsWizer(
      `(module (import "foo" "bar" (func)) (memory 1) (func (export "init") (i32.store (i32.const 4) (i32.const 1))))`,
      { initFunc: 'init' },
      [],
    ));
});

/** Wizer's message: the first line of its stderr after `Error: `. */
function wizerMessage(stderr: string): string {
  return stderr.split('\n')[0]!.replace(/^Error: /, '');
}

async function ourError(wasm: Uint8Array, options: SnapshotOptions): Promise<ComponentizeError> {
  const error = await snapshot(wasm, options).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ComponentizeError);
  return error as ComponentizeError;
}

const REFUSED: [string, string][] = [
  ['table.set', `(module (table 1 funcref) (func (export "init") (table.set (i32.const 0) (ref.null func))))`],
  ['table.grow', `(module (table 1 funcref) (func (export "init") (drop (table.grow (ref.null func) (i32.const 1)))))`],
  [
    'table.fill',
    `(module (table 1 funcref) (func (export "init") (table.fill (i32.const 0) (ref.null func) (i32.const 0))))`,
  ],
  [
    'table.copy',
    `(module (table 1 funcref) (func (export "init") (table.copy (i32.const 0) (i32.const 0) (i32.const 0))))`,
  ],
  [
    'table.init',
    `(module (table 1 funcref) (elem $e func $f) (func $f) (func (export "init") (table.init $e (i32.const 0) (i32.const 0) (i32.const 0))))`,
  ],
  ['elem.drop', `(module (elem $e func $f) (func $f) (func (export "init") (elem.drop $e)))`],
  ['data.drop', `(module (memory 1) (data $d "x") (func (export "init") (data.drop $d)))`],
  ['mutable reference global', `(module (global (mut funcref) (ref.null func)) (func (export "init")))`],
  ['imported global', `(module (import "a" "g" (global i32)) (func (export "init")))`],
  ['imported table', `(module (import "a" "t" (table 1 funcref)) (func (export "init")))`],
  ['imported memory', `(module (import "a" "m" (memory 1)) (func (export "init")))`],
  ['a `__wizer_` export', `(module (func (export "init")) (func (export "__wizer_x")))`],
  ['no init export', `(module (func (export "other")))`],
  ['init of the wrong type', `(module (func (export "init") (param i32)))`],
  ['init that is not a function', `(module (memory (export "init") 1))`],
];

describe('invalid modules', () => {
  test('a module V8 rejects is reported as Wizer reports it', async () => {
    // A function whose body returns an i64 where an i32 is declared.
    const wasm = await wat(`(module (func (export "init") (result i32) (i64.const 1)))`);
    const theirs = await wizer(wasm, ['--init-func', 'init']);
    const ours = await ourError(wasm, { initFunc: 'init' });
    expect(ours.message).toBe(wizerMessage(theirs.stderr));
    expect(ours.message).toBe('wasm validation failed');
  });
});

describe("Wizer's refusals, in Wizer's words", () => {
  test.each(REFUSED)('%s', async (_, source) => {
    const wasm = await wat(source);
    const theirs = await wizer(wasm, ['--init-func', 'init']);
    expect(theirs.exitCode).toBe(1);
    const ours = await ourError(wasm, { initFunc: 'init' });
    expect(ours.message).toBe(wizerMessage(theirs.stderr));
  });
});

describe('failures during init', () => {
  test('a trap', async () => {
    const wasm = await wat(`(module (memory 1) (func (export "init") unreachable))`);
    const theirs = await wizer(wasm, ['--init-func', 'init']);
    const ours = await ourError(wasm, { initFunc: 'init' });
    expect(ours.code).toBe('ENGINE_FAILED');
    expect(ours.message).toBe(wizerMessage(theirs.stderr));
    expect(theirs.stderr).toContain('wasm trap: wasm `unreachable` instruction executed');
    expect(((ours.cause as Error).cause as Error).message).toBe('wasm trap: wasm `unreachable` instruction executed');
  });

  test('a trap in the start function', async () => {
    const wasm = await wat(`(module (func $s unreachable) (start $s) (func (export "init")))`);
    const theirs = await wizer(wasm, ['--init-func', 'init']);
    const ours = await ourError(wasm, { initFunc: 'init' });
    expect(ours.message.split('\n')[0]).toBe(wizerMessage(theirs.stderr));
    expect((ours.cause as Error).message).toBe('wasm trap: wasm `unreachable` instruction executed');
  });

  test('calling an import that is not there', async () => {
    const wasm = await wat(`(module (import "foo" "bar" (func $f)) (memory 1) (func (export "init") (call $f)))`);
    const theirs = await wizer(wasm, ['--init-func', 'init']);
    const ours = await ourError(wasm, { initFunc: 'init' });
    expect(ours.message).toBe(wizerMessage(theirs.stderr));
    expect(theirs.stderr).toContain('unknown import: `foo::bar` has not been defined');
    expect(((ours.cause as Error).cause as Error).message).toBe('unknown import: `foo::bar` has not been defined');
  });

  test('WASI is not there without allowWasi', async () => {
    const wasm = await wat(
      `(module (import "wasi_snapshot_preview1" "proc_exit" (func $e (param i32))) (memory (export "memory") 1) (func (export "init") (call $e (i32.const 3))))`,
    );
    const ours = await ourError(wasm, { initFunc: 'init' });
    expect(((ours.cause as Error).cause as Error).message).toBe(
      'unknown import: `wasi_snapshot_preview1::proc_exit` has not been defined',
    );
  });

  test('proc_exit, through the command line: the stderr componentize-js parses', async () => {
    const wasm = await wat(
      `(module (import "wasi_snapshot_preview1" "proc_exit" (func $e (param i32))) (memory (export "memory") 1) (func (export "componentize.wizer") (call $e (i32.const 3))))`,
    );
    const theirs = await wizer(wasm, ['--allow-wasi', '--init-func', 'componentize.wizer']);
    let stderr = '';
    const io = { env: {}, stdout: () => {}, stderr: (text: string) => void (stderr += text) };
    const status = await runWizerCli(
      ['--allow-wasi', '--init-func', 'componentize.wizer', join(theirs.dir, 'in.wasm')],
      new Uint8Array(),
      io,
    );
    expect([status, theirs.exitCode]).toEqual([1, 1]);
    const prefix = 'Error: the `componentize.wizer` function trapped\n\nCaused by:\n';
    for (const text of [stderr, theirs.stderr]) {
      expect(text.startsWith(prefix)).toBe(true);
      // (execa strips the final newline of Wizer's stderr)
      expect(text.trimEnd().split('\n').at(-1)!.trim()).toBe('1: Exited with i32 exit status 3');
    }
  });
});

/** Reads stdin, the environment and both preopens' names into memory. */
const WASI_PROBE = `(module
  (import "wasi_snapshot_preview1" "fd_read" (func $fd_read (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "environ_sizes_get" (func $env_sizes (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "environ_get" (func $env_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_prestat_get" (func $prestat (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_prestat_dir_name" (func $prestat_name (param i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "args_sizes_get" (func $args_sizes (param i32 i32) (result i32)))
  (memory (export "memory") 1)
  (global $errors (mut i32) (i32.const 0))
  (func $check (param i32) (global.set $errors (i32.add (global.get $errors) (local.get 0))))
  (func (export "componentize.wizer")
    (i32.store (i32.const 0) (i32.const 1024))
    (i32.store (i32.const 4) (i32.const 256))
    (call $check (call $fd_read (i32.const 0) (i32.const 0) (i32.const 1) (i32.const 8)))
    (call $check (call $env_sizes (i32.const 16) (i32.const 20)))
    (call $check (call $env_get (i32.const 2048) (i32.const 4096)))
    (call $check (call $prestat (i32.const 3) (i32.const 32)))
    (call $check (call $prestat_name (i32.const 3) (i32.const 8192) (i32.load (i32.const 36))))
    (call $check (call $prestat (i32.const 4) (i32.const 40)))
    (call $check (call $prestat_name (i32.const 4) (i32.const 8448) (i32.load (i32.const 44))))
    (call $check (call $args_sizes (i32.const 48) (i32.const 52)))))`;

test('WASI in the start function (the memory is bound before start runs)', async () => {
  const source = `(module
    (import "wasi_snapshot_preview1" "environ_sizes_get" (func $sizes (param i32 i32) (result i32)))
    (memory (export "memory") 1)
    (func $start (i32.store (i32.const 64) (call $sizes (i32.const 16) (i32.const 20))))
    (start $start)
    (func (export "init")))`;
  const wasm = await wat(source);
  const env = { ONE: '1', TWO: 'two' };
  const theirs = await wizer(wasm, ['--allow-wasi', '--inherit-env=true', '--init-func', 'init'], { env });
  expect(theirs.stderr).toBe('');
  const ours = await snapshot(wasm, { initFunc: 'init', allowWasi: true, env });
  expect(firstDifference(ours, theirs.out!)).toBe('identical');
});

test('--inherit-stdio=false: the guest writes to nowhere, and the writes succeed', async () => {
  const source = `(module
    (import "wasi_snapshot_preview1" "fd_write" (func $write (param i32 i32 i32 i32) (result i32)))
    (memory (export "memory") 1)
    (data (i32.const 100) "to stdout\\n")
    (func (export "init")
      (i32.store (i32.const 0) (i32.const 100))
      (i32.store (i32.const 4) (i32.const 10))
      (i32.store (i32.const 16) (call $write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))))`;
  const wasm = await wat(source);
  const theirs = await wizer(wasm, ['--allow-wasi', '--inherit-stdio=false', '--init-func', 'init']);
  expect(theirs.stdout).toBe('');
  const io = { env: {}, stdout: () => {}, stderr: (text: string) => expect.fail(text) };
  const out = join(theirs.dir, 'ours.wasm');
  expect(
    await runWizerCli(
      ['--allow-wasi', '--inherit-stdio=false', '--init-func', 'init', `-o=${out}`, join(theirs.dir, 'in.wasm')],
      new Uint8Array(),
      io,
    ),
  ).toBe(0);
  // Same bytes: the write reported success and 10 bytes written, as in Wizer.
  expect(firstDifference(new Uint8Array(await readFile(out)), theirs.out!)).toBe('identical');
});

test('WASI through the command line as componentize-js calls it: stdin, environment, --dir, --mapdir', async () => {
  const wasm = await wat(WASI_PROBE);
  const env = { EXPORT0_NAME: 'greet', IMPORT_CNT: '0' };
  const input = new TextEncoder().encode('--initializer-script-path /x.js app.js');
  const args = (dir: string) => [
    '--allow-wasi',
    '--init-func',
    'componentize.wizer',
    `--dir=${dir}`,
    `--mapdir=/::${dir}`,
    '--wasm-bulk-memory=true',
    '--inherit-env=true',
  ];
  const theirs = await wizer(wasm, args(scratch), { input, env });
  expect(theirs.stderr).toBe('');
  const out = join(theirs.dir, 'ours.wasm');
  const io = { env, stdout: () => {}, stderr: (text: string) => expect.fail(text) };
  expect(await runWizerCli([...args(scratch), `-o=${out}`, join(theirs.dir, 'in.wasm')], input, io)).toBe(0);
  const ours = new Uint8Array(await readFile(out));
  expect(firstDifference(ours, theirs.out!)).toBe('identical');
  // The probe saw what it was given: no WASI errors, and the stdin bytes in memory.
  expect(Buffer.from(ours).includes(Buffer.from(input))).toBe(true);
  expect(Buffer.from(ours).includes(Buffer.from('EXPORT0_NAME=greet'))).toBe(true);
});
