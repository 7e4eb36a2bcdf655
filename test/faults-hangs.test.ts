import { lstat, mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { FIXTURES, runCli, scratchDir } from './helpers/build-fixture.js';

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
});
