import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { FIXTURES, runCli, scratchDir } from './helpers/build-fixture.js';

const fixture = (name: string) => [join(FIXTURES, name, 'app.ts'), '--wit', join(FIXTURES, name, 'world.wit')];

describe('componentize run', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await scratchDir();
    for (const name of ['hello', 'records', 'interfaces', 'imports']) {
      const r = await runCli([...fixture(name), '-o', join(dir, `${name}.wasm`), '--quiet']);
      expect(r.exitCode).toBe(0);
    }
    const r = await runCli([
      join(FIXTURES, 'errors/throws/app.ts'),
      '--wit',
      join(FIXTURES, 'errors/throws/world.wit'),
      '-o',
      join(dir, 'throws.wasm'),
      '--quiet',
    ]);
    expect(r.exitCode).toBe(0);
  });

  test.each([
    ['hello', 'greet("World")', '"Hello, World!"'],
    ['records', 'translate({x: 1, y: -2}, 10, 20)', '{"x":11,"y":18}'],
    ['records', 'area({tag: "rect", val: {x: 3, y: 4}})', '12'],
    ['records', "next-color('blue')", '"red"'],
    ['interfaces', 'calc.add(40, 2)', '42'],
    ['interfaces', "text-tools.shout('hi')", '"HI!"'],
  ])('%s: %s', async (name, call, printed) => {
    const r = await runCli(['run', join(dir, `${name}.wasm`), '--invoke', call]);
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe(printed);
  });

  test("jco's bindings come from the memo the build left (the same shape: no transpile); a shape never seen is transpiled", async () => {
    const seen = await runCli(['run', join(dir, 'hello.wasm'), '--invoke', 'greet("x")', '--json']);
    expect(seen.exitCode, seen.stderr).toBe(0);
    expect(JSON.parse(seen.stdout)).toMatchObject({ ok: true, result: 'Hello, x!', bindings: 'memo' });
    // A memo of its own, empty: the same component is transpiled.
    const fresh = await runCli(['run', join(dir, 'hello.wasm'), '--invoke', 'greet("x")', '--json'], {
      env: { COMPONENTIZE_CACHE_DIR: await scratchDir() },
    });
    expect(JSON.parse(fresh.stdout)).toMatchObject({ ok: true, result: 'Hello, x!', bindings: 'transpiled' });
  });

  test("the component's imports come from --host modules", async () => {
    const r = await runCli([
      'run',
      join(dir, 'imports.wasm'),
      '--invoke',
      'label("x")',
      '--host',
      `local:imports/host=${join(FIXTURES, 'imports/host.js')}`,
    ]);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe('"host says: x"');
  });

  test('a trap exits 1 with the JavaScript error the engine printed', async () => {
    const r = await runCli(['run', join(dir, 'throws.wasm'), '--invoke', 'parse-port("http")']);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('not a port: http');
    expect(r.stderr).toContain('error[TRAP]: parsePort failed:');
  });

  test('a malformed call names the flag', async () => {
    const r = await runCli(['run', join(dir, 'hello.wasm'), '--invoke', 'greet("World"']);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('error[INVALID_OPTION]: Invalid value for --invoke');
  });

  test('an export that does not exist lists those that do', async () => {
    const r = await runCli(['run', join(dir, 'hello.wasm'), '--invoke', 'greeet("World")']);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('error[EXPORT_NOT_FOUND]: the component has no export greeet');
    expect(r.stderr).toMatch(/It exports:\n\s+greet\(name: string\) -> string$/m);
  });

  test('without a call, a component that is no command lists every export with its WIT signature', async () => {
    const r = await runCli(['run', join(dir, 'interfaces.wasm')]);
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toBe('');
    const listed = r.stderr.split('\n').map((l) => l.trim());
    expect(listed).toEqual(
      expect.arrayContaining([
        'text-tools.word-count(text: string) -> u32',
        'text-tools.shout(text: string) -> string',
        'calc.add(a: s32, b: s32) -> s32',
        'calc.mean(values: list<f64>) -> f64',
      ]),
    );
    expect(r.stderr).toContain('--invoke \'text-tools.word-count("...")\'');
  });

  test('a call with the wrong number of arguments shows the WIT signature', async () => {
    const r = await runCli(['run', join(dir, 'interfaces.wasm'), '--invoke', 'calc.add(1)']);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('calc.add takes 2 arguments, and the call passes 1');
    expect(r.stderr).toContain('hint: Its signature: calc.add(a: s32, b: s32) -> s32');
    expect(r.stderr).not.toContain('wasm-tools');
  });
});

describe('componentize run of a command (wasi:cli/run, the command template)', () => {
  let wasm: string;
  beforeAll(async () => {
    const project = await scratchDir();
    const created = await runCli(['init', project, '--template', 'command', '--engine', 'quickjs', '--quiet']);
    expect(created.exitCode, created.stderr).toBe(0);
    wasm = join(project, 'command.wasm');
    const built = await runCli([join(project, 'src/app.ts'), '--wit', join(project, 'wit'), '-o', wasm, '--quiet']);
    expect(built.exitCode, built.stderr).toBe(0);
  });

  test('without --invoke, runs wasi:cli/run as wasmtime run does', async () => {
    const r = await runCli(['run', wasm]);
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe('Hello from a WebAssembly component!');
  });

  test("--invoke 'run()' calls the one function of the interface run", async () => {
    const r = await runCli(['run', wasm, '--invoke', 'run()']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toContain('Hello from a WebAssembly component!\n');
  });
});

describe('--verify', () => {
  const throws = [join(FIXTURES, 'errors/throws/app.ts'), '--wit', join(FIXTURES, 'errors/throws/world.wit')];

  test('a call that traps fails the build and leaves the previous output untouched', async () => {
    const out = join(await scratchDir(), 'app.wasm');
    await writeFile(out, 'previous build');
    const r = await runCli([...throws, '-o', out, '--verify', 'parse-port("http")', '--json']);
    expect(r.exitCode).toBe(1);
    const { error } = JSON.parse(r.stdout);
    expect(error).toMatchObject({ code: 'TRAP', stage: 'verify' });
    expect(error.message).toContain('the --verify call parsePort(...) failed');
    expect(error.causes.join('\n')).toContain('not a port: http');
    expect(await readFile(out, 'utf8')).toBe('previous build');
  });

  test('a call that works is reported with the cold start', async () => {
    const out = join(await scratchDir(), 'app.wasm');
    const r = await runCli([...throws, '-o', out, '--verify', 'parse-port("443")', '--json']);
    expect(r.exitCode).toBe(0);
    const { verification } = JSON.parse(r.stdout);
    expect(verification.call.result).toBe('443');
    expect(verification.instantiateMs).toBeGreaterThan(0);
    expect(verification.call.ms).toBeGreaterThan(0);
  });

  test('--no-verify skips it', async () => {
    const r = await runCli([...fixture('hello'), '-o', join(await scratchDir(), 'a.wasm'), '--no-verify', '--json']);
    const report = JSON.parse(r.stdout);
    expect(report.verification).toBeUndefined();
    expect(report.stages.map((s: { name: string }) => s.name)).not.toContain('verify');
  });
});

describe('--sourcemap: engine stack positions name the original source', () => {
  const throws = [join(FIXTURES, 'errors/throws/app.ts'), '--wit', join(FIXTURES, 'errors/throws/world.wit')];

  test('run rewrites the QuickJS stack to app.ts', async () => {
    const out = join(await scratchDir(), 'app.wasm');
    expect((await runCli([...throws, '-o', out, '--sourcemap', '--quiet'])).exitCode).toBe(0);
    const r = await runCli(['run', out, '--invoke', 'parse-port("http")']);
    expect(r.exitCode).toBe(1);
    // `check` throws on line 3 and is called from `parsePort` on line 8 of app.ts (line 7 of the bundle).
    expect(r.stderr).toContain('at check (fixtures/errors/throws/app.ts:3:');
    expect(r.stderr).toContain('at parsePort (fixtures/errors/throws/app.ts:8:');
    expect(r.stderr).not.toContain('app.js:');
  });

  test('run rewrites the StarlingMonkey stack (name@file:line:column) too', async () => {
    const out = join(await scratchDir(), 'app.wasm');
    expect(
      (await runCli([...throws, '--engine', 'starlingmonkey', '-o', out, '--sourcemap', '--no-verify', '--quiet']))
        .exitCode,
    ).toBe(0);
    const r = await runCli(['run', out, '--invoke', 'parse-port("http")']);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('not a port: http');
    // Its frames are printed in one style with QuickJS's, the engine's own report (`Stack:`) gone.
    expect(r.stderr).toContain('at check (fixtures/errors/throws/app.ts:3:');
    expect(r.stderr).toContain('at parsePort (fixtures/errors/throws/app.ts:8:');
    expect(r.stderr).not.toMatch(/Stack:|mozalloc_abort/);
  });

  test('--verify reports the mapped stack', async () => {
    const out = join(await scratchDir(), 'app.wasm');
    const r = await runCli([...throws, '-o', out, '--sourcemap', '--verify', 'parse-port("http")', '--json']);
    expect(r.exitCode).toBe(1);
    expect(JSON.parse(r.stdout).error.causes.join('\n')).toContain('at parsePort (fixtures/errors/throws/app.ts:8:');
  });
});
