import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { beforeAll, describe, expect, test } from 'vitest';
import { CLI, FIXTURES, ROOT, runCli, runCliWithoutJspi, scratchDir } from './helpers/build-fixture.js';

const trust = [join(FIXTURES, 'trust/app.ts'), '--wit', join(FIXTURES, 'trust/world.wit')];

describe('verification on a Node that cannot run components', () => {
  // An empty directory as PATH and a cwd outside any project: no Node >= 24.20 to be found.
  let nowhere: string;
  beforeAll(async () => {
    nowhere = await scratchDir();
  });

  test('an unverified cache entry is not reused by a build that can verify', async () => {
    const cwd = await scratchDir();
    const args = [...trust, '-o', join(cwd, 'a.wasm'), '--json'];
    const first = await runCliWithoutJspi(args, { cwd, path: nowhere });
    expect(first.exitCode).toBe(0);
    const unverified = JSON.parse(first.stdout);
    expect(unverified.verification).toBeUndefined();
    expect(unverified.warnings.map((w: { code: string }) => w.code)).toContain('NOT_VERIFIED');

    const second = await runCli(args, { cwd });
    expect(second.exitCode).toBe(0);
    const verified = JSON.parse(second.stdout);
    expect(verified.cache.status).toBe('miss');
    expect(verified.verification.instantiateMs).toBeGreaterThan(0);
  });

  test('--verify with no Node that can run it is exit 1 before the build', async () => {
    const cwd = await scratchDir();
    const r = await runCliWithoutJspi([...trust, '-o', join(cwd, 'a.wasm'), '--verify', 'greet("")', '--json'], {
      cwd,
      path: nowhere,
    });
    expect(r.exitCode).toBe(1);
    const { error } = JSON.parse(r.stdout);
    expect(error).toMatchObject({ code: 'RUNTIME_UNSUPPORTED', stage: 'options' });
    expect(error.message).toContain('Node >= 24.20');
    expect(await stat(join(cwd, 'a.wasm')).catch(() => undefined)).toBeUndefined();
  });

  test("--verify runs in the project's node package when this Node cannot", async () => {
    const out = join(await scratchDir(), 'a.wasm');
    // The repository pins Node 24 as its `node` devDependency: node_modules/node/bin/node.
    const failing = await runCliWithoutJspi([...trust, '-o', out, '--verify', 'greet("")', '--json'], {
      cwd: ROOT,
      path: nowhere,
    });
    expect(failing.exitCode).toBe(1);
    const { error } = JSON.parse(failing.stdout);
    expect(error.code).toBe('TRAP');
    expect(error.causes.join('\n')).toContain('greet needs a name');
    const working = await runCliWithoutJspi([...trust, '-o', out, '--verify', 'greet("x")', '--json'], {
      cwd: ROOT,
      path: nowhere,
    });
    expect(working.exitCode).toBe(0);
    expect(JSON.parse(working.stdout).verification.call.result).toBe('"Hello, x!"');
  });
});

describe('values that JSON alone cannot carry', () => {
  test.each([
    ['values.nextU64(41n)', '"42n"'],
    ['values.sumBytes([1, 2, 250])', '253'],
  ])('--verify %s', async (call, result) => {
    const r = await runCli([...trust, '-o', join(await scratchDir(), 'a.wasm'), '--verify', call, '--json']);
    expect(r.stderr).not.toContain('INTERNAL');
    expect(r.exitCode).toBe(0);
    expect(JSON.parse(r.stdout).verification.call.result).toBe(result);
  });
});

describe('-o naming a directory', () => {
  test('a path ending in / is created and gets <entry>.wasm', async () => {
    const dir = join(await scratchDir(), 'newdir');
    const r = await runCli([...trust, '-o', `${dir}/`, '--quiet']);
    expect(r.exitCode).toBe(0);
    expect((await stat(join(dir, 'app.wasm'))).isFile()).toBe(true);
  });

  test('an existing directory gets <entry>.wasm', async () => {
    const dir = await scratchDir();
    const r = await runCli([...trust, '-o', dir, '--json']);
    expect(r.exitCode).toBe(0);
    expect(JSON.parse(r.stdout).out).toBe(join(dir, 'app.wasm'));
    expect((await stat(join(dir, 'app.wasm'))).isFile()).toBe(true);
  });
});

test('a malformed --verify call names --verify', async () => {
  const r = await runCli([...trust, '-o', join(await scratchDir(), 'a.wasm'), '--verify', 'greet(']);
  expect(r.exitCode).toBe(1);
  expect(r.stderr).toContain('error[INVALID_OPTION]: Invalid value for --verify: "greet("');
});

describe('run', () => {
  let dir: string;
  let component: string;
  beforeAll(async () => {
    dir = await scratchDir();
    component = join(dir, 'trust.wasm');
    expect((await runCli([...trust, '-o', component, '--quiet'])).exitCode).toBe(0);
    const imports = join(FIXTURES, 'imports');
    expect(
      (
        await runCli([
          join(imports, 'app.ts'),
          '--wit',
          join(imports, 'world.wit'),
          '-o',
          join(dir, 'imports.wasm'),
          '--quiet',
        ])
      ).exitCode,
    ).toBe(0);
  });

  test('a 10 MB result arrives whole through a pipe, as valid --json', async () => {
    const r = await runCli(['run', component, '--invoke', 'values.repeat("0123456789", 1000000)', '--json']);
    expect(r.exitCode).toBe(0);
    expect(JSON.parse(r.stdout).result).toBe('0123456789'.repeat(1_000_000));
  });

  test('--invoke-file and - (stdin) take a call beyond the OS argument limit', async () => {
    const text = 'y'.repeat(300_000);
    const file = join(dir, 'call.txt');
    await writeFile(file, `values.echo("${text}")`);
    const fromFile = await runCli(['run', component, '--invoke-file', file, '--json']);
    expect(fromFile.exitCode).toBe(0);
    expect(JSON.parse(fromFile.stdout).result).toBe(text);
    const fromStdin = await execa(process.execPath, [CLI, 'run', component, '--invoke-file', '-'], {
      reject: false,
      input: `values.echo("${text}")`,
    });
    expect(fromStdin.exitCode).toBe(0);
    expect(fromStdin.stdout).toBe(JSON.stringify(text));
  });

  test.each([
    ['greet()', 'greet takes 1 argument, and the call passes 0'],
    ['greet("a", "b")', 'greet takes 1 argument, and the call passes 2'],
  ])('%s: the argument count is checked before the call', async (call, message) => {
    const r = await runCli(['run', component, '--invoke', call, '--json']);
    expect(r.exitCode).toBe(1);
    expect(JSON.parse(r.stdout).error).toMatchObject({ code: 'INVALID_OPTION', message });
  });

  test('imports without --host: exit 1 naming them', async () => {
    const r = await runCli(['run', join(dir, 'imports.wasm'), '--invoke', 'label("x")', '--json']);
    expect(r.exitCode).toBe(1);
    const { error } = JSON.parse(r.stdout);
    expect(error.code).toBe('INVALID_OPTION');
    expect(error.message).toContain('`local:imports/host`');
    expect(error.hint).toContain('--host local:imports/host=');
  });

  test.each([
    ['text.wasm', Buffer.from('not wasm at all'), 'is not a WebAssembly file'],
    ['core.wasm', Buffer.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]), 'is a core WebAssembly module, not a component'],
  ])('%s: exit 1, not an internal error', async (name, bytes, message) => {
    const file = join(dir, name);
    await writeFile(file, bytes);
    const r = await runCli(['run', file, '--invoke', 'greet("x")', '--json']);
    expect(r.exitCode).toBe(1);
    expect(JSON.parse(r.stdout).error.message).toContain(message);
  });
});

describe('compare', () => {
  test('builds with the cache off, and says why numbers are missing', async () => {
    const cwd = await scratchDir();
    const cacheDir = join(cwd, 'cache');
    const nowhere = await scratchDir();
    const r = await execa(
      process.execPath,
      [
        '--import',
        'data:text/javascript,delete WebAssembly.Suspending',
        CLI,
        'compare',
        ...trust,
        '--engines',
        'quickjs',
        '--invoke',
        'greet("x")',
        '--iterations',
        '1',
        '--json',
      ],
      {
        reject: false,
        cwd,
        env: { CI: 'true', PATH: nowhere, COMPONENTIZE_CACHE_DIR: cacheDir },
        stdin: 'ignore',
      },
    );
    expect(r.exitCode).toBe(0);
    const { variants } = JSON.parse(r.stdout);
    expect(variants.length).toBeGreaterThan(0);
    for (const v of variants) {
      expect(v.status).toBe('built');
      expect(v.coldStartMs).toBeUndefined();
      expect(v.notMeasured.coldStart).toContain('needs Node >= 24.20');
      expect(v.notMeasured.throughput).toContain('needs Node >= 24.20');
    }
    // Nothing was stored (nor could anything be reused) in the build cache.
    expect(await stat(join(cacheDir, 'v1', 'entries')).catch(() => undefined)).toBeUndefined();
  });
});

describe('messages that say what is wrong', () => {
  test('an empty WIT directory: no .wit files in it', async () => {
    const dir = await scratchDir();
    await mkdir(join(dir, 'wit'));
    const r = await runCli([
      join(FIXTURES, 'trust/app.ts'),
      '--wit',
      join(dir, 'wit'),
      '-o',
      join(dir, 'a.wasm'),
      '--json',
    ]);
    expect(r.exitCode).toBe(1);
    expect(JSON.parse(r.stdout).error).toMatchObject({
      code: 'WIT_NOT_FOUND',
      message: `no .wit files in ${join(dir, 'wit')}`,
    });
  });

  test('bundler hints name only what componentize has', async () => {
    const dir = await scratchDir();
    const entry = join(dir, 'app.ts');
    await writeFile(
      entry,
      "import fs from 'fs';\nimport pkg from 'no-such-package';\nexport function greet(n: string) { return `${fs}${pkg}${n}`; }\n",
    );
    const r = await runCli([entry, '--wit', join(FIXTURES, 'hello/world.wit'), '-o', join(dir, 'a.wasm'), '--json']);
    expect(r.exitCode).toBe(1);
    const { error } = JSON.parse(r.stdout);
    const hints = [error.hint, ...error.related.map((e: { hint: string }) => e.hint)];
    expect(hints).toHaveLength(2);
    for (const hint of hints) expect(hint).not.toMatch(/external|platform/);
    expect(hints[0]).toContain('do not exist inside a component: import the WASI interface in the world instead');
    expect(hints[1]).toContain('npm install no-such-package');
  });

  test('types writes world.d.ts for a WIT directory too, as the README says', async () => {
    const dir = await scratchDir();
    const wit = join(dir, 'wit');
    await mkdir(wit);
    await writeFile(join(wit, 'hello.wit'), await readFile(join(FIXTURES, 'hello/world.wit'), 'utf8'));
    const r = await runCli(['types', '--wit', wit, '-o', join(dir, 'types'), '--json']);
    expect(r.exitCode).toBe(0);
    expect(JSON.parse(r.stdout).files).toEqual([join(dir, 'types', 'world.d.ts')]);
    expect(await readFile(join(ROOT, 'README.md'), 'utf8')).toContain('writes `world.d.ts`');
  });
});

describe.each(['quickjs', 'starlingmonkey'])('export arity and result types (%s)', (engine) => {
  const fixture = join(FIXTURES, 'errors/wrong-types');
  let component: string;
  let report: { warnings: { code: string; message: string; location?: { file: string; line: number } }[] };
  beforeAll(async () => {
    component = join(await scratchDir(), 'wrong-types.wasm');
    // With the map beside the component, `run` names the user's file (the glue holds bundle positions).
    const r = await runCli([
      join(fixture, 'app.js'),
      '--wit',
      join(fixture, 'world.wit'),
      '--engine',
      engine,
      '-o',
      component,
      '--sourcemap',
      '--json',
    ]);
    expect(r.exitCode).toBe(0);
    report = JSON.parse(r.stdout);
  });

  test('a function declaring more parameters than WIT passes is a warning at the function', () => {
    const warning = report.warnings.find((w) => w.code === 'EXTRA_PARAMS');
    expect(warning?.message).toBe(
      '`greet` takes 3 parameters, but WIT `greet` passes 1 (name): the last 2 will always be undefined',
    );
    expect(warning?.location).toMatchObject({ file: 'fixtures/errors/wrong-types/app.js', line: 3 });
  });

  test.each([
    [
      'count()',
      'count returned a string (three), but its WIT result type is u32 (count is at fixtures/errors/wrong-types/app.js:7:8)',
    ],
    [
      'tools.label(2)',
      'tools.label returned a number (4), but its WIT result type is string (tools.label is at fixtures/errors/wrong-types/app.js:12:3)',
    ],
  ])(
    '%s: a result of the wrong type is a JavaScript error naming the function, the type and the line',
    async (call, message) => {
      const r = await runCli(['run', component, '--invoke', call]);
      expect(r.exitCode).toBe(1);
      expect(r.stderr).toContain(message);
      expect(r.stderr).not.toContain('FromJs');
    },
  );
});
