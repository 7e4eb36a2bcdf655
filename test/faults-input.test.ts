import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { FIXTURES, runCli, scratchDir } from './helpers/build-fixture.js';

/*
 * Bad input of every kind found in issue 32 is the user's mistake: exit 1, the user's file, line
 * or option, and what to change; never INTERNAL (exit 2) with a stack trace.
 */

const hello = join(FIXTURES, 'hello');
const world = join(hello, 'world.wit');

/** What every user error must look like: exit 1, no trace, no "this is a bug" text. */
function expectUserError(r: { exitCode?: number | undefined; stderr: string }, code: string) {
  expect(r.exitCode, r.stderr).toBe(1);
  expect(r.stderr).toContain(`error[${code}]`);
  expect(r.stderr).not.toContain('This is a bug');
  expect(r.stderr).not.toMatch(/^\s+at .*:\d+:\d+\)?$/m);
  expect(r.stderr).not.toMatch(/<wasm function \d+>|panicked at/);
}

async function entry(dir: string, code: string, name = 'app.ts'): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, code);
  return path;
}

const greet = 'export function greet(name: string): string { return name + x.length; }\n';

describe('bad input is the user error it is', () => {
  test('an array nested 1,000 deep: BUNDLE_FAILED at the line, with what to do', async () => {
    const dir = await scratchDir();
    const app = await entry(dir, `const x = ${'['.repeat(1000)}${']'.repeat(1000)};\n${greet}`);
    const r = await runCli([app, '--wit', world, '-o', join(dir, 'out.wasm'), '--no-cache']);
    expectUserError(r, 'BUNDLE_FAILED');
    expect(r.stderr).toContain('nests too deeply to be parsed');
    expect(r.stderr).toMatch(/--> .*app\.ts:1:\d+/);
    // The 2,000-character line is shown cut around the column, not whole.
    expect(r.stderr).toMatch(/^1 \| …\[+…$/m);
  });

  test('an array nested 400 deep: the engine runs out of stack, said without a wasm backtrace', async () => {
    const dir = await scratchDir();
    const app = await entry(dir, `const x = ${'['.repeat(400)}${']'.repeat(400)};\n${greet}`);
    const r = await runCli([app, '--wit', world, '-o', join(dir, 'out.wasm'), '--no-cache']);
    expectUserError(r, 'ENGINE_FAILED');
    expect(r.stderr).toContain('wasm trap: call stack exhausted');
    expect(r.stderr).toContain('nested a few hundred levels deep');
  });

  test('-o under a regular file names the file', async () => {
    const dir = await scratchDir();
    await writeFile(join(dir, 'afile'), 'x');
    const r = await runCli([join(hello, 'app.ts'), '--wit', world, '-o', join(dir, 'afile', 'out.wasm'), '--no-cache']);
    expectUserError(r, 'WRITE_FAILED');
    expect(r.stderr).toContain(`hint: ${join(dir, 'afile')} is a file, not a directory`);
  });

  test('--cache-dir naming a regular file: a warning, and the build is written', async () => {
    const dir = await scratchDir();
    await writeFile(join(dir, 'afile'), 'x');
    const out = join(dir, 'out.wasm');
    const r = await runCli([join(hello, 'app.ts'), '--wit', world, '-o', out, '--cache-dir', join(dir, 'afile')]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stderr).toContain('warning[CACHE_UNAVAILABLE]');
    expect((await runCli(['run', out, '--invoke', 'greet("x")'])).stdout).toBe('"Hello, x!"');
  });

  test('serve --host that is no address of this machine, and serve of a file that is not Wasm', async () => {
    const dir = await scratchDir();
    const garbage = join(dir, 'garbage.wasm');
    await writeFile(garbage, 'garbage\n');
    const notWasm = await runCli(['serve', garbage]);
    expectUserError(notWasm, 'INVALID_OPTION');
    expect(notWasm.stderr).toContain('garbage.wasm is not a WebAssembly file');

    const out = join(dir, 'http.wasm');
    const built = await runCli([
      join(FIXTURES, 'http', 'module-worker', 'app.ts'),
      '--wit',
      'wasi:http/proxy',
      '-o',
      out,
    ]);
    expect(built.exitCode, built.stderr).toBe(0);
    const badHost = await runCli(['serve', out, '--host', '999.1.1.1', '--port', '0']);
    expectUserError(badHost, 'INVALID_OPTION');
    expect(badHost.stderr).toContain('Invalid value for --host: cannot listen on "999.1.1.1"');
  });

  test('run with a --host module missing a function names the module and the function', async () => {
    const dir = await scratchDir();
    const imports = join(FIXTURES, 'imports');
    const out = join(dir, 'imports.wasm');
    const built = await runCli([join(imports, 'app.ts'), '--wit', join(imports, 'world.wit'), '-o', out]);
    expect(built.exitCode, built.stderr).toBe(0);
    const host = join(dir, 'host.js');
    await writeFile(host, 'export function add(a, b) {\n  return a + b;\n}\n');
    const r = await runCli(['run', out, '--host', `local:imports/host=${host}`, '--invoke', 'label("x")']);
    expectUserError(r, 'INVALID_OPTION');
    expect(r.stderr).toContain(`the host module ${host} (for local:imports/host) does not export \`prefix\``);
    expect(r.stderr).not.toContain('ERROR:');
  });

  test('escape sequences from a source file are shown escaped in the code frame', async () => {
    const dir = await scratchDir();
    const app = await entry(dir, 'const s = "\x1b[31mRED\x1b]0;title\x07"; const t = ;\n');
    const r = await runCli([app, '--wit', world, '-o', join(dir, 'out.wasm')]);
    expectUserError(r, 'BUNDLE_FAILED');
    expect(r.stderr).not.toContain('\x1b');
    expect(r.stderr).not.toContain('\x07');
    expect(r.stderr).toContain('1 | const s = "\\x1b[31mRED\\x1b]0;title\\x07"; const t = ;');
    // The caret stays under the `;` it points at.
    const lines = r.stderr.split('\n');
    const frame = lines.findIndex((l) => l.startsWith('1 | '));
    expect(lines[frame + 1]!.indexOf('^')).toBe(lines[frame]!.lastIndexOf(';'));
  });
});
