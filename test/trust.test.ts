import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { beforeAll, describe, expect, test } from 'vitest';
import { CLI, FIXTURES, OUT_DIR, ROOT, runCli, scratchDir } from './helpers/build-fixture.js';

const trust = [join(FIXTURES, 'trust/app.ts'), '--wit', join(FIXTURES, 'trust/world.wit')];

/**
 * The CLI in a Node that cannot run components, as Node 20 (builds work there, components do not
 * run): this Node with `WebAssembly.Suspending` removed before anything loads, which is what
 * componentize tests for. `cwd` and `PATH` decide which other Node it can find.
 */
function runCliWithoutJspi(args: string[], options: { cwd: string; path: string }) {
  return execa(process.execPath, ['--import', 'data:text/javascript,delete WebAssembly.Suspending', CLI, ...args], {
    reject: false,
    cwd: options.cwd,
    env: { CI: 'true', GITHUB_ACTIONS: '', PATH: options.path },
    extendEnv: true,
    stdin: 'ignore',
  });
}

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
    const r = await runCliWithoutJspi([...trust, '-o', join(cwd, 'a.wasm'), '--verify', 'greet("")', '--json'], { cwd, path: nowhere });
    expect(r.exitCode).toBe(1);
    const { error } = JSON.parse(r.stdout);
    expect(error).toMatchObject({ code: 'RUNTIME_UNSUPPORTED', stage: 'options' });
    expect(error.message).toContain('Node >= 24.20');
    expect(await stat(join(cwd, 'a.wasm')).catch(() => undefined)).toBeUndefined();
  });

  test("--verify runs in the project's node package when this Node cannot", async () => {
    const out = join(await scratchDir(), 'a.wasm');
    // The repository pins Node 24 as its `node` devDependency: node_modules/node/bin/node.
    const failing = await runCliWithoutJspi([...trust, '-o', out, '--verify', 'greet("")', '--json'], { cwd: ROOT, path: nowhere });
    expect(failing.exitCode).toBe(1);
    const { error } = JSON.parse(failing.stdout);
    expect(error.code).toBe('TRAP');
    expect(error.causes.join('\n')).toContain('greet needs a name');
    const working = await runCliWithoutJspi([...trust, '-o', out, '--verify', 'greet("x")', '--json'], { cwd: ROOT, path: nowhere });
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





