import { cp, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { FIXTURES, runCli, scratchDir } from './helpers/build-fixture.js';

/** A project directory with hello's sources, and `config` as its config file. */
async function project(configName: string, config: string): Promise<string> {
  const dir = await scratchDir();
  await cp(join(FIXTURES, 'hello'), join(dir, 'src'), { recursive: true });
  await cp(join(FIXTURES, 'records'), join(dir, 'records'), { recursive: true });
  await writeFile(join(dir, configName), config);
  return dir;
}

const call = (dir: string, out: string, invoke: string) => runCli(['run', join(dir, out), '--invoke', invoke]);

describe('config file', () => {
  test('found in the working directory; a TS config with defineConfig builds its target', async () => {
    const dir = await project(
      'componentize.config.ts',
      `import { defineConfig } from 'componentize';\nconst engine: string = 'quickjs';\nexport default defineConfig({ entry: 'src/app.ts', wit: 'src/world.wit', engine, out: 'dist/hello.wasm' });\n`,
    );
    const r = await runCli(['--json'], { cwd: dir });
    expect(r.exitCode, r.stderr).toBe(0);
    const result = JSON.parse(r.stdout);
    expect(result.ok).toBe(true);
    expect(result.targets).toHaveLength(1);
    expect(result.targets[0].out).toBe(join(dir, 'dist/hello.wasm'));
    expect((await call(dir, 'dist/hello.wasm', 'greet("config")')).stdout).toBe('"Hello, config!"');
  });

  test('flags override file values, and an error about a flag names the flag', async () => {
    const dir = await project(
      'componentize.config.json',
      JSON.stringify({ entry: 'src/app.ts', wit: 'src/world.wit', out: 'a.wasm' }, null, 2),
    );
    const overridden = await runCli(['--out', 'b.wasm', '--json', '--no-cache'], { cwd: dir });
    expect(overridden.exitCode, overridden.stderr).toBe(0);
    expect(JSON.parse(overridden.stdout).targets[0].out).toBe(join(dir, 'b.wasm'));
    const bad = await runCli(['--engine', 'nope'], { cwd: dir });
    expect(bad.exitCode).toBe(1);
    expect(bad.stderr).toContain('Invalid value for --engine: "nope"');
  });

  test('--config names another file; a bad value names the file, the key path and its line', async () => {
    const dir = await project(
      'build.config.mjs',
      [
        'export default {',
        "  wit: 'src/world.wit',",
        '  targets: [',
        "    { entry: 'src/app.ts', out: 'a.wasm' },",
        "    { entry: 'src/app.ts', out: 'b.wasm', engine: 'quickjz' },",
        '  ],',
        '};',
        '',
      ].join('\n'),
    );
    const r = await runCli(['--config', 'build.config.mjs', '--no-cache'], { cwd: dir });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain(
      'error[INVALID_OPTION]: Invalid value for targets[1].engine in build.config.mjs: "quickjz"',
    );
    expect(r.stderr).toMatch(/--> .*build\.config\.mjs:5:/);
    // The other target is not stopped by this one.
    expect((await call(dir, 'a.wasm', 'greet("a")')).stdout).toBe('"Hello, a!"');
  });

  test('an unknown key and a wrongly typed value are reported with their key path', async () => {
    const dir = await project(
      'componentize.config.json',
      JSON.stringify({ wit: 'src/world.wit', targets: [{ entry: 'src/app.ts', minfy: true }] }, null, 2),
    );
    const r = await runCli([], { cwd: dir });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('Unknown option: "targets[0].minfy in componentize.config.json"');
    expect(r.stderr).toContain('--> componentize.config.json:6:7');
    const typed = await project(
      'componentize.config.json',
      JSON.stringify({ entry: 'src/app.ts', wit: 'src/world.wit', minify: 'yes' }),
    );
    const r2 = await runCli([], { cwd: typed });
    expect(r2.exitCode).toBe(1);
    expect(r2.stderr).toContain('Invalid value for minify in componentize.config.json');
  });

  test('a config that is not valid JSON points at the position', async () => {
    const dir = await project(
      'componentize.config.json',
      '{\n  "entry": "src/app.ts",\n  "wit": "src/world.wit",,\n}\n',
    );
    const r = await runCli([], { cwd: dir });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('componentize.config.json is not valid JSON');
    expect(r.stderr).toMatch(/--> .*componentize\.config\.json:3:/);
  });
});

describe('several targets', () => {
  test('all build, in parallel, each reported separately', async () => {
    const dir = await project(
      'componentize.config.json',
      JSON.stringify({
        targets: [
          { name: 'hello', entry: 'src/app.ts', wit: 'src/world.wit', out: 'out/hello.wasm' },
          { name: 'records', entry: 'records/app.ts', wit: 'records/world.wit', out: 'out/records.wasm' },
        ],
      }),
    );
    const r = await runCli([], { cwd: dir });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/^\[hello\] out\/hello\.wasm {2}.* quickjs/m);
    expect(r.stderr).toMatch(/^\[records\] out\/records\.wasm {2}.* quickjs/m);
    expect((await call(dir, 'out/hello.wasm', 'greet("x")')).stdout).toBe('"Hello, x!"');
    expect((await readFile(join(dir, 'out/records.wasm'))).byteLength).toBeGreaterThan(0);
  });

  test('one failing target fails the run (exit 1) but not the others; --target selects', async () => {
    const dir = await project(
      'componentize.config.json',
      JSON.stringify({
        wit: 'src/world.wit',
        targets: [
          { name: 'good', entry: 'src/app.ts', out: 'good.wasm' },
          { name: 'broken', entry: 'src/missing.ts', out: 'broken.wasm' },
        ],
      }),
    );
    const r = await runCli(['--json'], { cwd: dir });
    expect(r.exitCode).toBe(1);
    const result = JSON.parse(r.stdout);
    expect(result.ok).toBe(false);
    expect(result.targets.map((t: { name: string; ok: boolean }) => [t.name, t.ok])).toEqual([
      ['good', true],
      ['broken', false],
    ]);
    expect(result.targets[1].error.code).toBe('ENTRY_NOT_FOUND');
    expect((await call(dir, 'good.wasm', 'greet("x")')).stdout).toBe('"Hello, x!"');

    const selected = await runCli(['--target', 'good', '--json'], { cwd: dir });
    expect(selected.exitCode, selected.stderr).toBe(0);
    expect(JSON.parse(selected.stdout).targets.map((t: { name: string }) => t.name)).toEqual(['good']);
    const unknown = await runCli(['--target', 'nope'], { cwd: dir });
    expect(unknown.exitCode).toBe(1);
    expect(unknown.stderr).toContain('Targets: good, broken.');
  });
});

describe('GitHub Actions', () => {
  test('a located user error is also a workflow annotation', async () => {
    const r = await runCli([join(FIXTURES, 'errors/syntax/app.ts'), '--wit', join(FIXTURES, 'hello/world.wit')], {
      env: { GITHUB_ACTIONS: 'true' },
    });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain(
      '::error file=fixtures/errors/syntax/app.ts,line=3,col=20,title=componentize BUNDLE_FAILED::Unexpected ";"',
    );
    const plain = await runCli([join(FIXTURES, 'errors/syntax/app.ts'), '--wit', join(FIXTURES, 'hello/world.wit')]);
    expect(plain.stderr).not.toContain('::error');
  });
});
