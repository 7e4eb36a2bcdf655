import { lstat, mkdir, readdir, readFile, symlink, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, test } from 'vitest';
import { CLI, FIXTURES, runCli, scratchDir } from './helpers/build-fixture.js';
import { waitFor, withDeadline } from './helpers/wait-for.js';

const hello = join(FIXTURES, 'hello');

/** A project whose WIT folder has `deps/foo/x -> ..` and `deps/foo/y -> ..`, the loop of issue 32. */
async function loopingWit(): Promise<{ dir: string; wit: string }> {
  const dir = await scratchDir();
  const wit = join(dir, 'wit');
  await mkdir(join(wit, 'deps', 'foo'), { recursive: true });
  await writeFile(join(wit, 'world.wit'), await readFile(join(hello, 'world.wit')));
  await writeFile(join(wit, 'deps', 'foo', 'foo.wit'), 'package local:foo;\ninterface x { f: func(); }\n');
  await symlink('..', join(wit, 'deps', 'foo', 'x'));
  await symlink('..', join(wit, 'deps', 'foo', 'y'));
  return { dir, wit };
}

describe('nothing hangs', () => {
  test.each([['cached'], ['--no-cache']])(
    'a symlink loop in WIT deps/ is exit 1 naming the link (%s)',
    async (mode) => {
      const { dir, wit } = await loopingWit();
      const r = await runCli([
        join(hello, 'app.ts'),
        '--wit',
        wit,
        '-o',
        join(dir, 'out.wasm'),
        ...(mode === 'cached' ? [] : [mode]),
      ]);
      expect(r.exitCode).toBe(1);
      expect(r.stderr).toContain(`error[WIT_INVALID]: ${join(wit, 'deps', 'foo', 'x')} is a symlink loop`);
      expect(r.stderr).toContain('hint: Remove the link');
    },
  );

  test('a relatively symlinked deps/ folder (no loop) is followed', async () => {
    const dir = await scratchDir();
    const wit = join(dir, 'wit');
    await mkdir(join(wit, 'deps'), { recursive: true });
    await writeFile(
      join(wit, 'world.wit'),
      'package local:app;\nworld app {\n  import local:dep/host;\n  export greet: func(name: string) -> string;\n}\n',
    );
    await mkdir(join(dir, 'elsewhere', 'dep'), { recursive: true });
    await writeFile(
      join(dir, 'elsewhere', 'dep', 'dep.wit'),
      'package local:dep;\ninterface host { log: func(msg: string); }\n',
    );
    await symlink('../../elsewhere/dep', join(wit, 'deps', 'dep'));
    const app = join(dir, 'app.ts');
    await writeFile(app, 'export function greet(name: string): string { return `Hello, ${name}!`; }\n');
    const r = await runCli([app, '--wit', wit, '-o', join(dir, 'out.wasm'), '--no-verify']);
    expect(r.exitCode, r.stderr).toBe(0);
  });

  test("a copy of the WIT (the stand-in rewrites one) holds real files, never links into the user's folders", async () => {
    const dir = await scratchDir();
    const wit = join(dir, 'wit');
    await mkdir(join(wit, 'deps'), { recursive: true });
    await mkdir(join(dir, 'elsewhere'));
    await writeFile(join(wit, 'world.wit'), 'package local:app;\n');
    await writeFile(join(dir, 'elsewhere', 'dep.wit'), 'package local:dep;\n');
    await symlink(join(dir, 'elsewhere'), join(wit, 'deps', 'dep'));
    const { copyWitTree } = await import('../dist/wit/wit-tree.js');
    await copyWitTree(wit, join(dir, 'copy'));
    expect((await lstat(join(dir, 'copy', 'deps', 'dep'))).isSymbolicLink()).toBe(false);
    expect(await readFile(join(dir, 'copy', 'deps', 'dep', 'dep.wit'), 'utf8')).toBe('package local:dep;\n');
  });

  test('an entry whose top-level code never ends fails at --snapshot-timeout-ms, naming the option', async () => {
    const dir = await scratchDir();
    const app = join(dir, 'app.ts');
    await writeFile(app, 'for (;;) {}\nexport function greet(name: string): string { return name; }\n');
    const r = await runCli([
      app,
      '--wit',
      join(hello, 'world.wit'),
      '-o',
      join(dir, 'out.wasm'),
      '--snapshot-timeout-ms',
      '3000',
    ]);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain(
      'error[ENGINE_FAILED]: the quickjs engine did not finish within 3 s (--snapshot-timeout-ms)',
    );
    expect(r.stderr).not.toContain('    at ');
  });

  test.each(['SIGINT', 'SIGTERM'] as const)(
    '%s stops a build whose top-level code never ends: exit 130, no engine left',
    async (signal) => {
      const dir = await scratchDir();
      const tmp = join(dir, 'tmp');
      await mkdir(tmp);
      const app = join(dir, 'app.ts');
      await writeFile(app, 'for (;;) {}\nexport function greet(name: string): string { return name; }\n');
      const child = execa(
        process.execPath,
        [CLI, app, '--wit', join(hello, 'world.wit'), '-o', join(dir, 'out.wasm')],
        {
          reject: false,
          env: { CI: 'true', TMPDIR: tmp },
          stdin: 'ignore',
        },
      );
      // The engine runs the entry once the bundle is in the build's work directory.
      await waitFor(
        async () =>
          (await readdirOrNone(tmp)).some((n) => n.startsWith('componentize-')) &&
          (await engineWorkers(tmp)).length > 0,
        {
          what: 'the engine process of the build',
        },
      );
      child.kill(signal);
      const r = await withDeadline(child, { what: `the build to exit after ${signal}`, timeoutMs: 10_000 });
      expect(r.exitCode).toBe(130);
      expect(r.stderr).toContain('error[CANCELLED]');
      expect(await engineWorkers(tmp)).toEqual([]);
    },
  );

  test('a config exporting a promise that never settles is exit 1 saying so', async () => {
    const dir = await scratchDir();
    await writeFile(join(dir, 'componentize.config.mjs'), 'export default new Promise(() => {});\n');
    const r = await runCli([], { cwd: dir });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain(
      `error[INVALID_OPTION]: ${join(dir, 'componentize.config.mjs')} exports a promise that never settles`,
    );
    expect(r.stderr).not.toContain('unsettled top-level await');
  });

  test('a config that never ends fails at its time limit, and Ctrl-C stops it at once', async () => {
    const dir = await scratchDir();
    await writeFile(
      join(dir, 'componentize.config.mjs'),
      "for (;;) {}\nexport default { entry: 'app.ts', wit: 'world.wit' };\n",
    );
    const r = await runCli([], { cwd: dir, env: { COMPONENTIZE_CONFIG_TIMEOUT_MS: '2000' } });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('componentize.config.mjs did not finish loading within 2 s');
    expect(r.stderr).toContain('COMPONENTIZE_CONFIG_TIMEOUT_MS');

    const child = execa(process.execPath, [CLI], { cwd: dir, reject: false, env: { CI: 'true' }, stdin: 'ignore' });
    // Long enough for the config to be running (bundled by esbuild, in its worker).
    await new Promise((resolve) => setTimeout(resolve, 1500));
    child.kill('SIGINT');
    const stopped = await withDeadline(child, { what: 'the CLI to exit after SIGINT', timeoutMs: 10_000 });
    expect(stopped.exitCode).toBe(130);
    expect(stopped.stderr).toContain('error[CANCELLED]');
  });

  test("SIGKILL of the CLI: its engine process notices and ends; the next build removes the dead build's temp dir", async () => {
    const dir = await scratchDir();
    const tmp = join(dir, 'tmp');
    await mkdir(tmp);
    const app = join(dir, 'app.ts');
    await writeFile(app, 'for (;;) {}\nexport function greet(name: string): string { return name; }\n');
    const env = { CI: 'true', TMPDIR: tmp };
    const child = execa(process.execPath, [CLI, app, '--wit', join(hello, 'world.wit'), '-o', join(dir, 'out.wasm')], {
      reject: false,
      env,
      stdin: 'ignore',
    });
    const engines = await waitFor(
      async () => {
        const pids = await engineWorkers(tmp);
        return pids.length ? pids : undefined;
      },
      { what: 'the engine process of the build' },
    );
    child.kill('SIGKILL');
    await child;
    await waitFor(async () => (await engineWorkers(tmp)).length === 0, {
      what: `the orphaned engine process (${engines.join(', ')}) to end`,
      // The watchdog polls every 250 ms; a loaded 2-core machine once took over 10 s to start its thread.
      timeoutMs: 30_000,
    });
    const left = (await readdir(tmp)).filter((n) => n.startsWith('componentize-'));
    expect(left).toHaveLength(1);
    // A dead build's directory is removed once it is an hour old; a live build's never.
    const hourAgo = new Date(Date.now() - 2 * 60 * 60 * 1000);
    await utimes(join(tmp, left[0]!), hourAgo, hourAgo);
    const live = join(tmp, 'componentize-Live01');
    await mkdir(live);
    await writeFile(join(live, '.componentize-owner'), String(process.pid));
    await utimes(live, hourAgo, hourAgo);
    const r = await execa(
      process.execPath,
      [CLI, join(hello, 'app.ts'), '--wit', join(hello, 'world.wit'), '-o', join(dir, 'hello.wasm'), '--no-cache'],
      { reject: false, env, stdin: 'ignore' },
    );
    expect(r.exitCode, r.stderr).toBe(0);
    expect((await readdir(tmp)).filter((n) => n.startsWith('componentize-'))).toEqual(['componentize-Live01']);
  });
});

const readdirOrNone = (dir: string) => readdir(dir).catch(() => [] as string[]);

/** Engine processes whose temp dir is under `dir` (run-child.ts sets TMPDIR to the build's work directory). */
async function engineWorkers(dir: string): Promise<number[]> {
  const pids: number[] = [];
  for (const pid of (await readdir('/proc')).filter((n) => /^\d+$/.test(n))) {
    const environ = await readFile(`/proc/${pid}/environ`, 'utf8').catch(() => '');
    const state = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
    if (environ.split('\0').some((v) => v.startsWith(`TMPDIR=${dir}/componentize-`)) && !/^\d+ \(.*\) Z/.test(state))
      pids.push(Number(pid));
  }
  return pids;
}
