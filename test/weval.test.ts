import { chmod, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { resolveWeval } from '../dist/snapshot/weval.js';
import { FIXTURES, runCli, scratchDir } from './helpers/build-fixture.js';

const hello = join(FIXTURES, 'hello');

/**
 * A stand-in for weval: records how it was invoked, then fails like a broken weval would. It
 * only shows which binary runs with which arguments and how its failure surfaces; the real AOT
 * build is `npm run test:weval`.
 */
async function standIn(dir: string, name = 'weval'): Promise<{ path: string; log: string }> {
  const path = join(dir, name);
  const log = join(dir, `${name}.log`);
  await writeFile(
    path,
    `#!/bin/sh\necho "$0 $*" >> '${log}'\necho "stand-in weval: cannot partially evaluate" >&2\nexit 3\n`,
  );
  await chmod(path, 0o755);
  return { path, log };
}

const noPackage = () => Promise.reject(new Error('download refused'));

describe('weval binary resolution, in order', () => {
  test('--weval-bin wins over the environment and PATH', async () => {
    const dir = await scratchDir();
    const flag = await standIn(dir, 'flag-weval');
    const env = await standIn(dir, 'env-weval');
    const onPath = await standIn(dir);
    const found = await resolveWeval(flag.path, { COMPONENTIZE_WEVAL_BIN: env.path, PATH: dir }, noPackage);
    expect(found).toEqual({ path: flag.path, description: `${flag.path} (--weval-bin)` });
    expect(onPath.path).toBe(join(dir, 'weval'));
  });

  test('then COMPONENTIZE_WEVAL_BIN, then PATH, then the package', async () => {
    const dir = await scratchDir();
    const env = await standIn(dir, 'env-weval');
    const onPath = await standIn(dir);
    expect((await resolveWeval(undefined, { COMPONENTIZE_WEVAL_BIN: env.path, PATH: dir }, noPackage)).path).toBe(
      env.path,
    );
    expect((await resolveWeval(undefined, { PATH: `/nonexistent:${dir}` }, noPackage)).path).toBe(onPath.path);
    expect(await resolveWeval(undefined, { PATH: '/nonexistent' }, () => Promise.resolve('/pkg/weval'))).toEqual({
      path: '/pkg/weval',
      description: '/pkg/weval (@bytecodealliance/weval)',
    });
  });

  test('nothing found: the error lists every place tried and how to fix it', async () => {
    const error = await resolveWeval(undefined, { PATH: '/nonexistent' }, noPackage).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'TOOL_NOT_FOUND', kind: 'user' });
    const { message, hint } = error as { message: string; hint: string };
    expect(message.split('\n')).toEqual([
      '--weval needs the weval binary, and none was found. Tried, in order:',
      '  1. --weval-bin: not given',
      '  2. COMPONENTIZE_WEVAL_BIN: not set',
      '  3. PATH: no executable weval in 1 directory',
      '  4. @bytecodealliance/weval: could not get its binary (download refused)',
    ]);
    expect(hint).toContain('pass --weval-bin <path>');
  });

  test('an explicit path that is not an executable is an error, not a fallback', async () => {
    const dir = await scratchDir();
    const onPath = await standIn(dir);
    const notExecutable = join(dir, 'weval.txt');
    await writeFile(notExecutable, 'not a program');
    await expect(resolveWeval(notExecutable, { PATH: dir }, noPackage)).rejects.toMatchObject({
      code: 'TOOL_NOT_FOUND',
      message: `--weval-bin points to "${notExecutable}", which is not an executable file`,
    });
    await expect(
      resolveWeval(undefined, { COMPONENTIZE_WEVAL_BIN: '/no/such/weval', PATH: onPath.path }, noPackage),
    ).rejects.toMatchObject({
      message: 'COMPONENTIZE_WEVAL_BIN points to "/no/such/weval", which is not an executable file',
    });
  });
});

describe('--weval on the command line', () => {
  test('with quickjs: refused before building', async () => {
    const r = await runCli([join(hello, 'app.ts'), '--wit', join(hello, 'world.wit'), '--weval']);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('error[ENGINE_UNSUPPORTED]: --weval: quickjs has no ahead-of-time compilation');
    expect(r.stderr).toContain('hint: weval works with --engine starlingmonkey.');
  });

  test('with starlingmonkey: the chosen binary runs with the AOT arguments, and its failure is reported', async () => {
    const dir = await scratchDir();
    const weval = await standIn(dir);
    const out = join(dir, 'hello.wasm');
    const r = await runCli([
      join(hello, 'app.ts'),
      '--wit',
      join(hello, 'world.wit'),
      '--engine',
      'starlingmonkey',
      '--weval',
      '--weval-bin',
      weval.path,
      '-o',
      out,
    ]);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('error[ENGINE_FAILED]: starlingmonkey could not build the component');
    expect(r.stderr).toContain('stand-in weval: cannot partially evaluate');
    const invocation = await readFile(weval.log, 'utf8');
    expect(invocation).toContain(`${weval.path} weval --cache-ro=`);
    expect(invocation).toContain('starlingmonkey_ics.wevalcache');
    expect(invocation).toContain('--init-func componentize.wizer');
    await expect(readFile(out)).rejects.toThrow();
  });
});
